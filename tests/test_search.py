"""/search/: every searchable type, grouped and ranked, on SQLite and PostgreSQL."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portfolio.search import engine

from .factories import (
    make_author,
    make_course,
    make_news,
    make_page,
    make_project,
    make_publication,
    make_talk,
)


def results(client, q) -> tuple[str, dict[str, list[str]]]:
    """The page, and each group's heading -> its result titles (marks removed)."""
    response = client.get(reverse("search:search"), {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    groups = {}
    for heading, body in re.findall(
        r'<h2 id="results-[a-z]+">([^<]+)</h2>(.*?)</section>', html, re.S
    ):
        titles = re.findall(r'<h3 class="entry-title"><a href="[^"]+">(.*?)</a></h3>', body)
        groups[heading] = [re.sub(r"</?mark>", "", title) for title in titles]
    return html, groups


def test_a_match_in_a_title_ranks_above_one_in_the_authors_above_one_in_the_abstract(client, db):
    make_publication(title="Plain paper", abstract="We study the wildebeest migration.")
    make_publication(title="Another paper", authors=[make_author(family_name="Wildebeest")])
    make_publication(title="Wildebeest counting")
    make_publication(title="Unrelated", abstract="Nothing here.")
    _, groups = results(client, "wildebeest")
    assert groups == {"Publications": ["Wildebeest counting", "Another paper", "Plain paper"]}


def test_results_are_grouped_by_type_in_the_registry_order(client, db):
    make_publication(title="Okapi genomes")
    make_talk(title="Okapi talk")
    make_project(title="Okapi project")
    make_course(title="Okapi course")
    make_news(title="Okapi news")
    make_page(title="Okapi page")
    html, groups = results(client, "okapi")
    assert list(groups) == ["Publications", "Talks", "Projects", "Teaching", "News", "Pages"]
    assert "6 results for “okapi”." in html


def test_every_word_must_match_and_each_is_marked(client, db):
    make_publication(title="Sparse tapir models", abstract="On tapirs and sparse networks.")
    make_publication(title="Dense tapir models")
    html, groups = results(client, "tapir SPARSE")
    assert groups == {"Publications": ["Sparse tapir models"]}
    assert "<mark>Sparse</mark> <mark>tapir</mark> models" in html
    # The excerpt quotes the abstract, marked too.
    assert "On <mark>tapirs</mark> and <mark>sparse</mark> networks." in html


def test_the_excerpt_quotes_the_matching_part_of_a_long_text(client, db):
    text = "Filler words go here. " * 30 + "The narwhal appears at last. " + "More filler. " * 30
    make_news(title="A long item", text=text)
    html, _ = results(client, "narwhal")
    excerpt = re.search(r"</h3>\s*<p>(.*?)</p>", html, re.S).group(1)
    assert excerpt.startswith("…") and excerpt.endswith("…")
    assert "The <mark>narwhal</mark> appears at last." in excerpt
    assert len(re.sub(r"<[^>]+>", "", excerpt)) <= engine.EXCERPT_LENGTH + 2


def test_hidden_entries_are_never_found(client, db):
    make_publication(title="Quokka hidden", is_published=False)
    make_talk(title="Quokka talk hidden", is_published=False)
    make_page(title="Quokka page hidden", is_published=False)
    html, groups = results(client, "quokka")
    assert groups == {} and "Nothing matches “quokka”." in html


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("x" * 201, "That search is too long: use at most 200 characters."),
        ("?!… -- ***", "That search has no words in it: type letters or digits."),
        (" ".join(f"w{n}" for n in range(11)), "That search has too many words: use at most 10."),
    ],
    ids=["too-long", "punctuation", "too-many-words"],
)
def test_a_query_that_cannot_be_searched_gets_a_clear_page(client, db, q, message):
    make_publication(title="Something")
    response = client.get(reverse("search:search"), {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<p class="notice" role="status">{message}</p>' in html
    assert 'name="q"' in html and "<h1>Search</h1>" in html


@pytest.mark.parametrize("q", ["", "   ", "\t"])
def test_an_empty_query_is_sent_to_the_form(client, db, q):
    response = client.get(reverse("search:search"), {"q": q})
    assert response.status_code == 301 and response["Location"] == reverse("search:search")


def test_the_search_page_without_a_query_is_a_form(client, db):
    html = client.get(reverse("search:search")).content.decode()
    assert '<form action="/search/" method="get" role="search">' in html
    assert 'role="status"' not in html and '<meta name="robots" content="noindex">' in html


def test_markup_in_a_query_or_a_title_is_shown_as_text(client, db):
    make_publication(title="<b>Bold</b> ibex & co")
    html, _ = results(client, "<script>alert(1)</script>")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    html, _ = results(client, "ibex")
    assert "&lt;b&gt;Bold&lt;/b&gt; <mark>ibex</mark> &amp; co" in html


def test_the_header_has_a_search_box_that_needs_no_javascript(client, db):
    html = client.get(reverse("website:home")).content.decode()
    form = re.search(r'<form class="site-search".*?</form>', html, re.S).group(0)
    assert 'action="/search/"' in form and 'method="get"' in form and 'name="q"' in form
    assert '<label for="site-search-q"' in form


def test_the_search_only_answers_get_and_head(client, db):
    assert client.post(reverse("search:search"), {"q": "x"}).status_code == 405


@pytest.mark.django_db(transaction=True)
def test_the_query_count_does_not_grow_with_the_results(client, django_assert_num_queries):
    """Committed writes, as on a running site: each size's first search rebuilds the
    index, the next ones read it."""

    def grow(n):
        for i in range(n):
            make_publication(title=f"Capybara {i}", tags=["t"])
            make_talk(title=f"Capybara talk {i}")
            make_project(title=f"Capybara project {i}", links=[("code", "https://e.org/")])
            make_course(title=f"Capybara course {i}")
            make_news(title=f"Capybara news {i}")
            make_page(title=f"Capybara page {i}")

    grow(1)
    # As on a running site, the content types (and the search configuration) are known.
    client.get(reverse("search:search"), {"q": "capybara"})
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("search:search"), {"q": "capybara"})
    searched = [q["sql"] for q in few.captured_queries if "search_" in q["sql"]]
    assert len(searched) == 2  # what the index was built from; the matches
    assert not any(q["sql"].startswith(("INSERT", "UPDATE", "DELETE")) for q in few)
    count = len(few)  # read now: the next request empties the connection's log
    grow(30)
    client.get(reverse("search:search"), {"q": "capybara"})
    with django_assert_num_queries(count):
        html = client.get(reverse("search:search"), {"q": "capybara"}).content.decode()
    assert f"Only the first {engine.RESULTS_PER_TYPE} are shown" in html


def test_stemmed_forms_are_marked():
    marked = engine.mark("Learning networks, a network learned", ["networks", "learning"])
    assert marked == (
        "<mark>Learning</mark> <mark>networks</mark>, a <mark>network</mark> <mark>learned</mark>"
    )


def test_another_form_of_a_word_is_found(client, db):
    """By stemming on PostgreSQL, by the word inside the longer one elsewhere."""
    make_publication(title="Networks of dolphins")
    _, groups = results(client, "network")
    assert groups == {"Publications": ["Networks of dolphins"]}


def test_a_word_whose_other_form_matched_is_marked():
    assert engine.mark("A study", ["studies"]) == "A <mark>study</mark>"


def test_a_search_language_the_database_lacks_still_searches(client, db, settings, caplog):
    """On PostgreSQL, a DJANGO_SEARCH_CONFIG it does not have is logged and the
    portable search answers, instead of every search failing."""
    settings.SEARCH_CONFIG = "nosuchlanguage"
    make_publication(title="Pangolin scales")
    _, groups = results(client, "pangolin")
    assert groups == {"Publications": ["Pangolin scales"]}
    if connection.vendor == "postgresql":
        assert "DJANGO_SEARCH_CONFIG='nosuchlanguage' is not a text search" in caplog.text
