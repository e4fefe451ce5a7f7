"""The search index behind /search/: folding case and accents, the profile, math,
hostile queries, and always fresh after every kind of write, cached or not."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from portfolio.pagecache import middleware, version
from portfolio.profile.models import Profile
from portfolio.publications.models import Author, Publication
from portfolio.search import engine
from portfolio.search.models import Entry

from .factories import make_author, make_news, make_publication, make_talk
from .test_search import results


def test_accents_and_case_are_folded_both_ways(client, db):
    make_publication(title="Graphs", authors=[make_author(family_name="Müller")])
    make_news(title="MULLER RETIRES")
    html, groups = results(client, "Muller")
    assert groups == {"Publications": ["Graphs"], "News": ["MULLER RETIRES"]}
    assert "<mark>Müller</mark>" in html and "<mark>MULLER</mark>" in html
    _, groups = results(client, "müller")
    assert groups == {"Publications": ["Graphs"], "News": ["MULLER RETIRES"]}
    _, groups = results(client, "MÜLLER")
    assert groups == {"Publications": ["Graphs"], "News": ["MULLER RETIRES"]}


def test_a_decomposed_accent_in_the_query_is_one_letter(client, db):
    make_news(title="Zürich workshop")
    response = client.get(reverse("search:search"), {"q": "Zu\u0308rich"}, follow=True)
    assert response.redirect_chain == [("/search/?q=Z%C3%BCrich", 301)]
    assert "<mark>Zürich</mark> workshop" in response.content.decode()


def test_the_profile_is_found_by_its_name_headline_and_bio(client, db):
    Profile.objects.create(
        name="Ada Lovelace", headline="Group leader at EMBL", bio="Works on *analytical* engines."
    )
    make_publication(title="Engines")
    for q, quote in [
        ("EMBL", "Group leader at <mark>EMBL</mark>"),
        ("Lovelace", "Group leader at EMBL"),
        ("analytical", "Works on <mark>analytical</mark> engines."),
    ]:
        html, groups = results(client, q)
        assert groups == {"Profile": ["Ada Lovelace"]}, q
        assert f'<a href="{reverse("website:home")}">' in html and quote in html


def test_a_math_title_is_found_by_the_symbol_and_its_name(client, db):
    make_publication(
        title=r"On $\alpha$-divergences",
        authors=[make_author(family_name="Quoted")],
        abstract="Bounds for every order.",
    )
    for q in ("alpha", "α", "divergences"):
        html, groups = results(client, q)
        assert groups == {"Publications": ["On α-divergences"]}, q
    html, _ = results(client, "alpha")
    assert "On <mark>α</mark>-divergences" in html and "\\alpha" not in html


def test_the_excerpt_quotes_the_passage_that_matched(client, db):
    make_publication(
        title="Paper",
        authors=[make_author(family_name="Quoted")],
        abstract="First sentence. Then the okapi part, with <b>markup</b> & an ampersand.",
    )
    html, _ = results(client, "okapi")
    excerpt = re.search(r"</h3>\s*<p>(.*?)</p>", html, re.S).group(1)
    # Markup typed in the text is shown as text.
    assert "the <mark>okapi</mark> part, with &lt;b&gt;markup&lt;/b&gt; &amp; an" in excerpt
    assert "Quoted" not in excerpt


def test_a_match_in_a_title_ranks_above_many_in_an_abstract(client, db):
    make_publication(title="Plain", abstract="Lemur. " * 40)
    make_publication(title="A lemur survey of a long title with many other words in it")
    _, groups = results(client, "lemur")
    assert groups["Publications"][0].startswith("A lemur survey")


@pytest.mark.parametrize(
    "q",
    [
        '"unbalanced',
        'a"b',
        "lemur*",
        "*",
        "NEAR(lemur okapi)",
        "lemur AND okapi",
        "lemur OR",
        "NOT lemur",
        "-lemur",
        "^lemur",
        "title:lemur",
        "a:b:c",
        "{lemur}",
        "(lemur",
        "lemur' & !okapi | x:*",
        "\\alpha",
        "x" * 5000,
        "🦄 lemur",
        "l\u0301emur",
    ],
)
def test_query_syntax_is_never_read_as_syntax(client, db, q):
    make_publication(title="Lemur okapi")
    response = client.get(reverse("search:search"), {"q": q}, follow=True)
    assert response.status_code == 200
    assert "<h1>Search</h1>" in response.content.decode()


def test_a_nul_in_the_query_is_refused_cleanly(client, db):
    response = client.get(reverse("search:search"), {"q": "lemur\x00okapi"})
    assert response.status_code in (200, 400)


def test_hidden_entries_are_not_in_the_index(db):
    make_publication(title="Public tapir")
    make_publication(title="Hidden tapir", is_published=False)
    make_talk(title="Hidden talk", is_published=False)
    engine.search(engine.read_query("tapir"))
    assert sorted(Entry.objects.values_list("title", flat=True)) == ["Public tapir"]


# --- Always fresh, and cached -------------------------------------------------------------
@pytest.fixture
def cached(settings, tmp_path):
    settings.PAGE_CACHE = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    version._State.pending.clear()
    middleware.recent.clear()
    yield
    middleware.recent.clear()


def search_page(client, q: str) -> tuple[str, str]:
    response = client.get(reverse("search:search"), {"q": q})
    assert response.status_code == 200
    return response["X-Cache"], response.content.decode()


def assert_fresh(q: str, change, expected: str) -> None:
    """The search page is cached, then a change is found by the next search."""
    client = Client()
    search_page(client, q)
    assert search_page(client, q)[0] == "HIT"
    change()
    state, html = search_page(client, q)
    assert state == "MISS" and expected in html, html


@pytest.mark.django_db(transaction=True)
def test_the_search_page_is_cached_and_fresh_after_every_kind_of_write(cached, tmp_path):
    import reversion

    from .conftest import SAMPLE_CV

    paper = make_publication(title="Steady wombat", slug="steady")

    def save():
        paper.title = "Saved wombat"
        paper.save()

    assert_fresh("wombat", save, "Saved <mark>wombat</mark>")
    assert_fresh(
        "wombat",
        lambda: Publication.objects.filter(pk=paper.pk).update(title="Updated wombat"),
        "Updated <mark>wombat</mark>",
    )
    assert_fresh(
        "wombat",
        lambda: Publication.objects.bulk_create(
            [Publication(title="Bulk wombat", slug="bulk", citation_key="bulk", year=2020)]
        ),
        "Bulk <mark>wombat</mark>",
    )

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE publications_publication SET title = %s WHERE slug = %s",
                ["Raw wombat", "steady"],
            )

    assert_fresh("wombat", raw, "Raw <mark>wombat</mark>")
    assert_fresh(
        "Coauthor",
        lambda: Author.objects.update(family_name="Coauthor"),
        "<mark>Coauthor</mark>",
    )
    assert_fresh(
        "EMBL",
        lambda: Profile.objects.create(name="Ada", headline="Fellow at EMBL"),
        "Fellow at <mark>EMBL</mark>",
    )

    Author.objects.update(is_owner=False)  # the sample CV names its own owner
    assert_fresh(
        "Sparse Routing",
        lambda: call_command("load_cv", str(SAMPLE_CV), verbosity=0),
        "<mark>Sparse</mark> <mark>Routing</mark>",
    )

    with reversion.create_revision():
        Publication.objects.get(pk=paper.pk).save()
    Publication.objects.filter(pk=paper.pk).update(title="Edited wombat")
    revision = reversion.models.Version.objects.get_for_object(paper).first().revision
    assert_fresh("wombat", revision.revert, "Raw <mark>wombat</mark>")

    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert_fresh(
        "wombat",
        lambda: call_command("restore", str(archive), verbosity=0),
        "Raw <mark>wombat</mark>",
    )


@pytest.mark.django_db(transaction=True)
def test_building_the_index_is_no_change_of_the_content(cached):
    make_publication(title="Quiet quoll")
    engine.search(engine.read_query("quoll"))
    before = version.current_version()
    call_command("rebuild_search_index", verbosity=0)
    engine.search(engine.read_query("quoll"))
    assert version.current_version() == before


def test_a_write_in_the_transaction_under_way_is_found(db):
    """Before it commits, the content version cannot show it; the index does."""
    make_publication(title="First marmot")
    assert len(engine.search(engine.read_query("marmot"))[0].results) == 1
    make_publication(title="Second marmot")
    assert len(engine.search(engine.read_query("marmot"))[0].results) == 2


def test_the_command_rebuilds_the_index(db, capsys):
    make_publication(title="Indexed ibex")
    make_talk(title="Indexed talk")
    call_command("rebuild_search_index")
    assert "Indexed 2 public entries in" in capsys.readouterr().out
    assert Entry.objects.count() == 2
