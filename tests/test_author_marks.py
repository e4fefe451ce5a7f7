"""Author marks (equal contribution, corresponding author) and long author lists
shortened to the first authors, the owner and "et al."."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse

from portfolio.cvdata.fixtures import export_fixture
from portfolio.importing.sources.bibtex import import_bibtex
from portfolio.profile.models import Profile
from portfolio.publications.bibtex import to_bibtex
from portfolio.publications.models import Author, Authorship, Publication

from .factories import make_author, make_profile, make_publication
from .test_admin import admin_url, errors_of, profile_form, publication_form
from .test_fixture_workflow import wipe

pytestmark = pytest.mark.django_db

EQUAL = '<sup><span aria-hidden="true">*</span><span class="visually-hidden"> (equal contribution)'
CORRESPONDING = (
    '<sup><span aria-hidden="true">†</span><span class="visually-hidden"> (corresponding author)'
)
BOTH = (
    '<sup><span aria-hidden="true">*†</span>'
    '<span class="visually-hidden"> (equal contribution, corresponding author)'
)


def mark(publication, author, **flags):
    Authorship.objects.filter(publication=publication, author=author).update(**flags)


@pytest.fixture
def marked():
    """A featured, tagged paper: two co-first authors (one the owner) and a
    corresponding author."""
    make_profile()
    owner = make_author(given_name="Ada", family_name="Owner", is_owner=True)
    first = make_author(given_name="Basil", family_name="First")
    last = make_author(given_name="Cleo", family_name="Last")
    paper = make_publication(
        authors=[first, owner, last], featured=True, tags=["sparsity"], title="Marked paper"
    )
    mark(paper, first, equal_contribution=True)
    mark(paper, owner, equal_contribution=True)
    mark(paper, last, corresponding=True)
    return paper


def pages(publication) -> dict[str, str]:
    first = publication.authorships.order_by("position").first().author
    return {
        "list": reverse("publications:list"),
        "home": reverse("website:home"),
        "paper": publication.get_absolute_url(),
        "topic": reverse("website:topic", args=["sparsity"]),
        "author": first.get_absolute_url(),
        "cv": reverse("website:cv"),
    }


def body(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- Marks ---------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["list", "home", "paper", "topic", "author", "cv"])
def test_marks_show_as_symbols_with_their_meaning_and_a_legend(client, marked, page):
    html = body(client, pages(marked)[page])
    assert "Basil First</a>" + EQUAL in html
    assert '<strong class="owner">Ada Owner</strong>' + EQUAL in html
    assert "Cleo Last</a>" + CORRESPONDING in html
    assert '<small class="marks-legend">* Equal contribution · † Corresponding author</small>' in (
        html
    )


def test_an_author_may_carry_both_marks(client, marked):
    mark(marked, marked.authors.get(family_name="Owner"), corresponding=True)
    html = body(client, marked.get_absolute_url())
    assert '<strong class="owner">Ada Owner</strong>' + BOTH in html


@pytest.mark.parametrize("page", ["list", "home", "paper", "topic", "author", "cv"])
def test_no_marks_no_symbols_and_no_legend(client, db, page):
    make_profile()
    paper = make_publication(featured=True, tags=["sparsity"])
    html = body(client, pages(paper)[page])
    assert "marks-legend" not in html
    assert "<sup>" not in html


def test_the_legend_names_only_the_marks_that_occur(client, db):
    make_profile()
    author = make_author()
    paper = make_publication(authors=[author, make_author()])
    mark(paper, author, corresponding=True)
    html = body(client, paper.get_absolute_url())
    assert '<small class="marks-legend">† Corresponding author</small>' in html
    assert "Equal contribution" not in html


def test_names_are_escaped_next_to_their_marks(client, db):
    make_profile()
    author = make_author(given_name="<script>x</script>", family_name="O'Brien & Co")
    paper = make_publication(authors=[author])
    mark(paper, author, equal_contribution=True)
    html = body(client, paper.get_absolute_url())
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt; O&#x27;Brien &amp; Co</a>" + EQUAL in html


def test_the_admin_author_rows_save_the_marks(admin_client, db):
    first, second = make_author(), make_author()
    data = publication_form(
        **{
            "authorships-TOTAL_FORMS": "2",
            "authorships-0-position": "1",
            "authorships-0-author": str(first.pk),
            "authorships-0-equal_contribution": "on",
            "authorships-1-position": "2",
            "authorships-1-author": str(second.pk),
            "authorships-1-equal_contribution": "on",
            "authorships-1-corresponding": "on",
        }
    )
    response = admin_client.post(admin_url(Publication, "add"), data)
    assert response.status_code == 302, errors_of(response)
    rows = Publication.objects.get().authorships.order_by("position")
    assert [(r.author, r.equal_contribution, r.corresponding) for r in rows] == [
        (first, True, False),
        (second, True, True),
    ]
    form = admin_client.get(admin_url(Publication, "change", rows[0].publication_id))
    assert 'name="authorships-0-equal_contribution"' in form.content.decode()


def test_a_mark_cleared_in_the_admin_is_cleared(admin_client, db):
    author = make_author()
    paper = make_publication(authors=[author])
    mark(paper, author, equal_contribution=True, corresponding=True)
    row = paper.authorships.get()
    data = publication_form(
        title=paper.title, slug=paper.slug, venue_short="", month="", year=str(paper.year),
        tags="",
        **{
            "authorships-TOTAL_FORMS": "1",
            "authorships-INITIAL_FORMS": "1",
            "authorships-0-id": str(row.pk),
            "authorships-0-publication": str(paper.pk),
            "authorships-0-position": "1",
            "authorships-0-author": str(author.pk),
            "authorships-0-corresponding": "on",
        },
    )  # fmt: skip
    response = admin_client.post(admin_url(Publication, "change", paper.pk), data)
    assert response.status_code == 302, errors_of(response)
    row.refresh_from_db()
    assert (row.equal_contribution, row.corresponding) == (False, True)


def test_the_marks_and_the_limit_survive_an_export_and_a_load(db, tmp_path):
    author = make_author()
    paper = make_publication(authors=[make_author(), author])
    mark(paper, author, equal_contribution=True, corresponding=True)
    make_profile(author_list_limit=4)
    text = export_fixture()
    assert '"equal_contribution": true' in text and '"corresponding": true' in text
    assert '"author_list_limit": 4' in text
    wipe()
    path = tmp_path / "cv.json"
    path.write_text(text, encoding="utf-8")
    call_command("load_cv", str(path), verbosity=0)
    rows = Authorship.objects.order_by("position")
    assert [(r.equal_contribution, r.corresponding) for r in rows] == [
        (False, False),
        (True, True),
    ]
    assert export_fixture() == text


def test_a_fixture_from_before_the_marks_loads_unmarked(db, tmp_path):
    make_profile()
    make_publication()
    objects = json.loads(export_fixture())
    for item in objects:
        for name in ("equal_contribution", "corresponding", "author_list_limit"):
            item["fields"].pop(name, None)
    wipe()
    path = tmp_path / "cv.json"
    path.write_text(json.dumps(objects), encoding="utf-8")
    call_command("load_cv", str(path), verbosity=0)
    row = Authorship.objects.get()
    assert (row.equal_contribution, row.corresponding) == (False, False)
    assert Profile.objects.get().author_list_limit == 10


def test_json_resume_names_the_marked_authors(client, marked):
    resume = json.loads(client.get(reverse("cvdata:json")).getvalue())
    extension = resume["publications"][0]["x-portfolio"]
    assert extension["authors"] == ["Basil First", "Ada Owner", "Cleo Last"]
    assert extension["equalContribution"] == ["Basil First", "Ada Owner"]
    assert extension["correspondingAuthors"] == ["Cleo Last"]


def test_json_resume_leaves_out_marks_no_one_has(client, db):
    make_publication()
    extension = json.loads(client.get(reverse("cvdata:json")).getvalue())["publications"][0][
        "x-portfolio"
    ]
    assert "equalContribution" not in extension and "correspondingAuthors" not in extension


# --- BibTeX --------------------------------------------------------------------------


def bib(authors: str) -> str:
    return f"@article{{key1, title = {{A paper}}, author = {{{authors}}}, year = 2020}}"


def imported_marks() -> list[tuple[str, bool, bool]]:
    publication = Publication.objects.get(citation_key="key1")
    return [
        (row.author.name, row.equal_contribution, row.corresponding)
        for row in publication.authorships.select_related("author").order_by("position")
    ]


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ("Smith*, Jane and Doe*, John", [(True, False), (True, False)]),
        ("Jane Smith* and John Doe", [(True, False), (False, False)]),
        (r"Jane Smith$^*$ and John Doe$^{*}$", [(True, False), (True, False)]),
        (r"Smith, Jane\textsuperscript{*} and Doe, John", [(True, False), (False, False)]),
        (r"Jane Smith and John Doe$^\dagger$", [(False, False), (False, True)]),
        (r"Jane Smith and John Doe\textsuperscript{\dag}", [(False, False), (False, True)]),
        ("Jane Smith and John Doe†", [(False, False), (False, True)]),
        (r"Jane Smith$^{*,\dagger}$ and John Doe*", [(True, True), (True, False)]),
        ("Jane Smith*† and John Doe", [(True, True), (False, False)]),
    ],
)
def test_bibtex_marks_after_a_name_are_read_and_stripped(db, authors, expected):
    outcomes = import_bibtex(bib(authors))
    assert [o.action for o in outcomes] == ["created"], outcomes[0].message
    assert imported_marks() == [
        ("Jane Smith", *expected[0]),
        ("John Doe", *expected[1]),
    ]


def test_a_marked_name_is_the_author_already_here(db):
    here = make_author(given_name="Jane", family_name="Smith")
    import_bibtex(bib(r"Smith$^*$, Jane and Doe, John\textsuperscript{\dag}"))
    assert Author.objects.filter(family_name="Smith").get() == here
    assert not Author.objects.filter(family_name__contains="*").exists()
    assert imported_marks() == [("Jane Smith", True, False), ("John Doe", False, True)]


def test_a_star_inside_a_name_is_no_mark(db):
    import_bibtex(bib("Jane O*Neil and John Doe"))
    assert imported_marks() == [("Jane O*Neil", False, False), ("John Doe", False, False)]


def test_an_update_without_marks_keeps_those_set_here(db):
    import_bibtex(bib("Jane Smith* and John Doe*"))
    import_bibtex(bib("Jane Smith and John Doe and Ann Lee"), update=True)
    assert imported_marks() == [
        ("Jane Smith", True, False), ("John Doe", True, False), ("Ann Lee", False, False)
    ]  # fmt: skip
    import_bibtex(bib("Jane Smith and John Doe†"), update=True)
    assert imported_marks() == [("Jane Smith", False, False), ("John Doe", False, True)]


def test_bibtex_export_leaves_the_marks_out_of_the_author_field(client, marked):
    text = to_bibtex(Publication.objects.with_related().get(pk=marked.pk))
    assert "author = {First, Basil and Owner, Ada and Last, Cleo}" in text
    listed = client.get(reverse("publications:list_bibtex")).getvalue().decode()
    assert "author = {First, Basil and Owner, Ada and Last, Cleo}" in listed


# --- Long author lists -----------------------------------------------------------------


def authors_block(html: str, title: str = "") -> str:
    """The author list (with its legend) of the entry titled ``title``, or the first."""
    start = html.index(title) if title else 0
    match = re.compile(r'<div class="authors">(.*?)</div>', re.S).search(html, start)
    assert match, "no author list"
    return match.group(1)


@pytest.fixture
def crowd():
    """A paper of eight authors, the owner sixth, on a site that shortens lists of more
    than three."""
    make_profile(author_list_limit=3)
    people = [make_author(given_name=f"P{i}", family_name=f"Person{i}") for i in range(1, 9)]
    Author.objects.filter(pk=people[5].pk).update(is_owner=True)
    paper = make_publication(
        authors=people, featured=True, tags=["sparsity"], title="Crowded paper"
    )
    mark(paper, people[6], corresponding=True)
    return paper


def names_in(fragment: str) -> list[str]:
    return re.findall(r"P\d Person\d", fragment)


@pytest.mark.parametrize("page", ["list", "home", "topic", "author"])
def test_a_long_list_shows_the_first_authors_the_owner_and_et_al(client, crowd, page):
    block = authors_block(body(client, pages(crowd)[page]), "Crowded paper")
    head, details = block.split('<details class="et-al">')
    # Three names: the first two, then, after an ellipsis, the owner.
    assert names_in(head) == ["P1 Person1", "P2 Person2", "P6 Person6"]
    assert ', …, <strong class="owner">P6 Person6</strong>' in head
    assert details.startswith(
        '<summary>et al.<span class="visually-hidden"> (all 8 authors)</span></summary>'
    )
    assert names_in(details) == [f"P{i} Person{i}" for i in range(1, 9)]
    # The list still shows every mark it holds, and its legend.
    assert "P7 Person7</a>" + CORRESPONDING in details
    assert "† Corresponding author" in block


def test_an_owner_among_the_first_authors_is_shown_once(client, db):
    make_profile(author_list_limit=3)
    people = [make_author() for _ in range(5)]
    Author.objects.filter(pk=people[1].pk).update(is_owner=True)
    paper = make_publication(authors=people, title="Owner second")
    head = authors_block(body(client, reverse("publications:list")), "Owner second")
    head = head.split("<details")[0]
    assert "…" not in head
    assert names_in(head) == [] and head.count("<strong") == 1
    assert head.count("<a ") == 2
    assert [a.name for a in paper.ordered_authors()][:3] == [
        re.sub(r"<[^>]+>", "", name) for name in head.strip().split(", ")
    ]


def test_a_list_no_longer_than_the_limit_is_whole(client, db):
    make_profile(author_list_limit=3)
    make_publication(authors=[make_author() for _ in range(3)])
    assert "<details" not in authors_block(body(client, reverse("publications:list")))


def test_a_limit_of_zero_never_shortens(client, crowd):
    Profile.objects.update(author_list_limit=0)
    for page in ("list", "home", "topic", "author"):
        block = authors_block(body(client, pages(crowd)[page]), "Crowded paper")
        assert "et-al" not in block
        assert names_in(block) == [f"P{i} Person{i}" for i in range(1, 9)]


def test_the_limit_is_the_profiles(client, crowd):
    Profile.objects.update(author_list_limit=6)
    head = authors_block(body(client, reverse("publications:list"))).split("<details")[0]
    assert names_in(head) == [f"P{i} Person{i}" for i in range(1, 7)]


def test_a_site_without_a_profile_shortens_beyond_ten(client, db):
    owner = make_author(is_owner=True)
    make_publication(authors=[*(make_author() for _ in range(11)), owner])
    head = authors_block(body(client, reverse("publications:list"))).split("<details")[0]
    assert head.count("<a ") == 9 and head.count("<strong") == 1 and "…" in head


@pytest.mark.parametrize("page", ["paper", "cv"])
def test_the_paper_page_and_the_cv_show_every_author(client, crowd, page):
    html = body(client, pages(crowd)[page])
    assert "et-al" not in html
    start = html.index("P1 Person1")
    assert names_in(html[start:])[:8] == [f"P{i} Person{i}" for i in range(1, 9)]


@pytest.mark.parametrize(
    ("count", "owner", "limit", "shown", "gap"),
    [
        (8, 5, 3, [0, 1, 5], True),  # the first two, "…", the owner
        (8, 2, 3, [0, 1, 2], False),  # the owner among the first three
        (8, 3, 3, [0, 1, 3], True),  # one left out before the owner
        (8, None, 3, [0, 1, 2], False),  # no owner on the paper
        (3, 2, 3, [], False),  # not longer than the limit
        (8, 5, 0, [], False),  # 0: never shortened
        (8, 5, 1, [0, 5], True),  # the first author, at least
        (2, 1, 1, [], False),  # nobody would be left for "et al."
        (3, 1, 1, [0, 1], False),
    ],
)
def test_which_authors_a_shortened_list_shows(count, owner, limit, shown, gap):
    from portfolio.publications.templatetags.author_lists import shortened

    owners = [i == owner for i in range(count)]
    assert shortened(owners, limit) == (shown, gap)


def test_a_new_limit_renders_the_list_again(client, crowd):
    assert "<details" in authors_block(body(client, reverse("publications:list")))
    Profile.objects.update(author_list_limit=8)
    assert "<details" not in authors_block(body(client, reverse("publications:list")))


def test_the_admin_refuses_a_negative_limit(admin_client, db):
    response = admin_client.post(admin_url(Profile, "add"), profile_form(author_list_limit="-1"))
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0." in response.content.decode()
    assert not Profile.objects.exists()
    response = admin_client.post(admin_url(Profile, "add"), profile_form(author_list_limit="2"))
    assert response.status_code == 302
    assert Profile.objects.get().author_list_limit == 2


class BlockInParagraph(HTMLParser):
    """Elements that HTML does not allow inside a paragraph, found inside one."""

    BLOCKS = {"details", "div", "p", "ul", "ol", "section", "article", "summary"}

    def __init__(self):
        super().__init__()
        self.open_paragraphs = 0
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS and self.open_paragraphs:
            self.found.append(tag)
        if tag == "p":
            self.open_paragraphs += 1

    def handle_endtag(self, tag):
        if tag == "p":
            self.open_paragraphs -= 1


@pytest.mark.parametrize("page", ["list", "home", "paper", "topic", "author", "cv"])
def test_no_author_list_puts_a_block_inside_a_paragraph(client, crowd, page):
    parser = BlockInParagraph()
    parser.feed(body(client, pages(crowd)[page]))
    assert parser.found == []
    assert parser.open_paragraphs == 0


def test_the_list_pages_read_no_more_for_marks_or_the_limit(
    client, crowd, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    urls = [pages(crowd)[page] for page in ("list", "home", "topic", "author", "cv")]
    for url in urls:
        client.get(url)  # as on a running site, the content types are known by now
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))
    # More papers, more marks: the same number of queries on every page.
    people = list(Author.objects.all())
    for i in range(5):
        paper = make_publication(authors=people, featured=True, tags=["sparsity"])
        mark(paper, people[i], equal_contribution=True)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_num_queries(count):
            client.get(url)
    # The profile is read once a page, as it was before it held the limit.
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        profile_reads = [q for q in queries if 'FROM "profile_profile"' in q["sql"]]
        assert len(profile_reads) == 1, url
