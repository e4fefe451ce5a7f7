"""The public site: every page answers, shows only public data, escapes everything."""

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portfolio.profile.models import Profile
from portfolio.publications.models import Publication

from .factories import (
    make_author,
    make_course,
    make_news,
    make_page,
    make_position,
    make_project,
    make_publication,
    make_talk,
)  # fmt: skip

PUBLIC_PAGES = [
    ("website:home", []),
    ("publications:list", []),
    ("publications:detail", ["sparse-routing"]),
    ("publications:author", ["jonas-weber"]),
    ("talks:list", []),
    ("talks:detail", ["sparse-models-at-scale"]),
    ("website:cv", []),
    ("website:topics", []),
    ("website:topic", ["efficiency"]),
    ("news:list", []),
    ("news:detail", ["sparse-routing-oral"]),
    ("projects:list", []),
    ("projects:detail", ["efficient-learning"]),
    ("teaching:list", []),
    ("teaching:detail", ["machine-learning"]),
    ("freepages:detail", ["students"]),
]
MACHINE_PAGES = [
    ("publications:bibtex", ["sparse-routing"]),
    ("publications:list_bibtex", []),
    ("feeds:publications_rss", []),
    ("feeds:publications_atom", []),
    ("feeds:talks_rss", []),
    ("feeds:talks_atom", []),
    ("feeds:news_rss", []),
    ("feeds:news_atom", []),
    ("sitemap", []),
    ("website:robots", []),
    ("cvdata:json", []),
]
ALL_PAGES = PUBLIC_PAGES + MACHINE_PAGES


def flat(html: str) -> str:
    """The page with white space runs as one space: a tag's attributes may be
    written across lines."""
    return " ".join(html.split())


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


class MetaParser(HTMLParser):
    """Collects <meta> tags and JSON-LD script bodies of a page."""

    def __init__(self):
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("name" in attrs or "property" in attrs):
            self.meta.append((attrs.get("name") or attrs["property"], attrs.get("content", "")))
        self._in_jsonld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld.append(data)

    def handle_endtag(self, tag):
        self._in_jsonld = False


def parse(html: str) -> MetaParser:
    parser = MetaParser()
    parser.feed(html)
    return parser


@pytest.mark.parametrize(("name", "args"), PUBLIC_PAGES, ids=[n for n, _ in PUBLIC_PAGES])
def test_every_public_page_answers_with_one_h1(client, cv, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert h1_count(response.getvalue().decode()) == 1


@pytest.mark.parametrize(("name", "args"), MACHINE_PAGES, ids=[n for n, _ in MACHINE_PAGES])
def test_every_export_answers(client, cv, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert response.getvalue()


@pytest.mark.parametrize(("name", "args"), PUBLIC_PAGES, ids=[n for n, _ in PUBLIC_PAGES])
def test_pages_work_on_an_empty_site(client, db, name, args):
    expected = 404 if args else 200
    assert client.get(reverse(name, args=args)).status_code == expected


def test_an_unknown_page_is_the_custom_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.getvalue().decode()
    assert "Page not found" in html and h1_count(html) == 1


def test_the_500_page_renders_without_a_request_context(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.getvalue().decode()


def test_feeds_and_bibtex_are_advertised_on_every_page(client, cv):
    html = client.get(reverse("website:home")).getvalue().decode()
    for feed in ("publications_rss", "publications_atom", "talks_rss", "talks_atom"):
        assert f'href="{reverse(f"feeds:{feed}")}"' in html
    assert 'rel="alternate" type="application/rss+xml"' in flat(html)


# --- Visibility ------------------------------------------------------------------


@pytest.fixture
def hidden(cv):
    """Hidden entries whose marker must appear on no page."""
    secret_author = make_author(given_name="Hidden", family_name="Coauthorxyz", slug="hidden-x")
    paper = make_publication(
        title="Secretmarker paper",
        slug="secretmarker-paper",
        is_published=False,
        featured=True,
        authors=[secret_author],
        tags=["secretmarker topic", "efficiency"],
    )
    talk = make_talk(title="Secretmarker talk", slug="secretmarker-talk", is_published=False,
                     tags=["secretmarker topic"])  # fmt: skip
    make_position(role="Secretmarker role", is_published=False, is_current=True, start_year=2020)
    return paper, talk


def test_hidden_entries_appear_on_no_page_feed_sitemap_or_bibtex(client, hidden):
    for name, args in ALL_PAGES:
        body = client.get(reverse(name, args=args)).getvalue().decode()
        assert "secretmarker" not in body.lower(), name
        assert "Coauthorxyz" not in body, name


def test_hidden_entries_have_no_page(client, hidden):
    paper, talk = hidden
    for url in (
        reverse("publications:detail", args=[paper.slug]),
        reverse("publications:bibtex", args=[paper.slug]),
        reverse("talks:detail", args=[talk.slug]),
        reverse("publications:author", args=["hidden-x"]),
        reverse("website:topic", args=["secretmarker-topic"]),
    ):
        assert client.get(url).status_code == 404, url


def test_hidden_entries_do_not_count_in_topics(client, hidden):
    html = client.get(reverse("website:topics")).getvalue().decode()
    assert (
        'Efficiency</a> <span class="count">3 publications, 1 position, 1 talk, 1 project, '
        "1 course, 1 news item</span>"
    ) in html


def test_phone_and_birth_date_stay_private_until_switched_on(client, cv):
    pages = [reverse(name, args=args) for name, args in [*PUBLIC_PAGES, ("sitemap", [])]]
    for url in pages:
        body = client.get(url).getvalue().decode()
        assert "555 0100" not in body and "1985" not in body, url

    Profile.objects.update(phone_public=True, birth_date_public=True)
    html = client.get(reverse("website:home")).getvalue().decode()
    assert "+1 555 0100" in html and "14 March 1985" in html


# --- Escaping ----------------------------------------------------------------------

NASTY = '<script>alert("x")</script> "quoted" \'single\' & more'
ATTRIBUTE_BREAK = '"><img src=x onerror=alert(1)>'


@pytest.fixture
def nasty(db):
    Profile.objects.create(name=f"Owner {ATTRIBUTE_BREAK}", headline=NASTY)
    author = make_author(given_name=ATTRIBUTE_BREAK, family_name=NASTY, slug="nasty")
    return make_publication(
        title=NASTY,
        slug="nasty",
        venue_short=ATTRIBUTE_BREAK,
        abstract=NASTY,
        authors=[author],
        tags=[f"tag {ATTRIBUTE_BREAK}"],
        featured=True,
    )


def assert_no_markup_injected(body: str):
    assert "<script>alert" not in body
    assert "<img src=x" not in body


def test_user_text_is_escaped_in_html_meta_and_jsonld(client, nasty):
    url = reverse("publications:detail", args=[nasty.slug])
    pages = ["website:home", "publications:list", "website:cv", "website:topics"]
    urls = [url, reverse("publications:author", args=["nasty"])] + [reverse(n) for n in pages]
    for page in urls:
        body = client.get(page).getvalue().decode()
        assert_no_markup_injected(body)

    parsed = parse(client.get(url).getvalue().decode())
    meta = dict(parsed.meta)
    assert meta["citation_title"] == NASTY  # escaped in HTML, intact once parsed
    assert meta["citation_conference_title"] == ATTRIBUTE_BREAK
    import json

    (article,) = [json.loads(block) for block in parsed.jsonld]
    assert article["name"] == NASTY
    assert "</script>" not in parsed.jsonld[0] and "\\u003C" in parsed.jsonld[0]


def test_user_text_is_escaped_in_feeds_and_sitemap(client, nasty):
    for name in ("feeds:publications_rss", "feeds:publications_atom", "sitemap"):
        body = client.get(reverse(name)).getvalue().decode()
        assert_no_markup_injected(body)
        ET.fromstring(body)  # still well-formed XML


def test_feed_descriptions_stay_text_in_readers_that_render_html(client, nasty):
    root = ET.fromstring(client.get(reverse("feeds:publications_rss")).getvalue())
    description = root.find("./channel/item/description").text
    # A reader renders this as HTML: it must show the characters, not run them.
    assert "<script>" not in description
    assert "&lt;script&gt;" in description


@pytest.mark.parametrize(("feed", "make"), [("publications_rss", make_publication),
                                            ("talks_atom", make_talk)])  # fmt: skip
def test_feeds_show_the_words_of_markdown_not_its_marks(client, db, feed, make):
    make(abstract="We train **sparse adapters**; see [the code](https://example.org/c).")
    body = client.get(reverse(f"feeds:{feed}")).getvalue().decode()
    assert "We train sparse adapters; see the code." in body
    assert "**" not in body and "](https" not in body


# --- Google Scholar, feeds, sitemap ---------------------------------------------


def test_highwire_tags_match_the_publication(client, cv):
    publication = Publication.objects.with_related().get(slug="sparse-routing")
    html = client.get(publication.get_absolute_url()).getvalue().decode()
    meta = parse(html).meta
    values = lambda key: [content for name, content in meta if name == key]  # noqa: E731
    assert values("citation_title") == [publication.title]
    assert values("citation_author") == [
        "Castellanos, Mira", "Weber, Jonas", "Raman, Priya", "Lind, Tomás"
    ]  # fmt: skip
    assert values("citation_publication_date") == ["2021/07"]
    assert values("citation_conference_title") == ["International Conference on Machine Learning"]
    assert values("citation_arxiv_id") == ["2101.00001"]
    assert values("citation_pdf_url") == ["https://mira.example.org/papers/sparse-routing.pdf"]
    assert values("og:title") == [publication.title]
    canonical = f'<link rel="canonical" href="http://testserver{publication.get_absolute_url()}">'
    assert canonical in flat(html)


def test_pdf_doi_and_journal_tags(client, db):
    publication = make_publication(
        kind="journal", venue="Journal of Things", links=[
            ("pdf", "https://example.org/paper.pdf"),
            ("doi", "https://doi.org/10.1000/xyz123"),
        ],
    )  # fmt: skip
    meta = dict(parse(client.get(publication.get_absolute_url()).getvalue().decode()).meta)
    assert meta["citation_pdf_url"] == "https://example.org/paper.pdf"
    assert meta["citation_journal_title"] == "Journal of Things"
    assert meta["citation_doi"] == "10.1000/xyz123"
    assert "citation_conference_title" not in meta


def test_a_books_page_names_its_publisher_and_calls_it_a_book(client, db):
    book = make_publication(title="A whole book", kind="book", venue="Northfield Press")
    html = client.get(book.get_absolute_url()).getvalue().decode()
    meta = dict(parse(html).meta)
    assert meta["citation_publisher"] == "Northfield Press"
    assert not {"citation_conference_title", "citation_inbook_title"} & set(meta)
    assert re.search(r'class="meta">.*Northfield Press.*&nbsp;· Book</p>', flat(html))


def test_a_publication_page_links_its_other_versions(client, cv):
    html = client.get(reverse("publications:detail", args=["sparse-routing"])).getvalue().decode()
    workshop = reverse("publications:detail", args=["sparse-routing-workshop"])
    assert "Other versions" in html and f'href="{workshop}"' in html
    assert "@inproceedings{castellanos2021sparse," in html


def test_feeds_parse_and_list_the_public_entries(client, cv):
    rss = ET.fromstring(client.get(reverse("feeds:publications_rss")).getvalue())
    titles = [item.findtext("title") for item in rss.iter("item")]
    assert len(titles) == 6 and titles[0] == "Learning to Compress Neural Networks"
    atom = ET.fromstring(client.get(reverse("feeds:talks_atom")).getvalue())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = atom.findall("a:entry", ns)
    assert [e.findtext("a:title", namespaces=ns) for e in entries] == [
        "Workshop on Efficient Systems 2023",
        "Sparse models at scale (Northfield AI Seminar)",
    ]


def test_sitemap_lists_every_public_page_with_lastmod(client, cv):
    root = ET.fromstring(client.get(reverse("sitemap")).getvalue())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = root.findall("s:url", ns)
    locs = {u.findtext("s:loc", namespaces=ns) for u in urls}
    assert all(u.findtext("s:lastmod", namespaces=ns) for u in urls)
    expected = {f"http://testserver{p.get_absolute_url()}" for p in Publication.objects.all()}
    for path in ("/", "/cv/", "/topics/", "/talks/", "/publications/", "/authors/jonas-weber/",
                 "/topics/efficiency/"):  # fmt: skip
        expected.add(f"http://testserver{path}")
    assert expected <= locs
    # 6 publications, 2 talks, 5 authors, 8 sections, 5 topics, 2 news items, 2 projects,
    # 2 courses and 1 page.
    assert len(locs) == 6 + 2 + 5 + 8 + 5 + 2 + 2 + 2 + 1


def test_robots_txt_names_the_sitemap(client, db):
    body = client.get(reverse("website:robots")).getvalue().decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert reverse("admin:index") not in body  # the admin's address may be a secret


# --- Publications page -------------------------------------------------------------


def titles_on(client, url=None, **params) -> list[str]:
    response = client.get(url or reverse("publications:list"), params, follow=True)
    assert response.status_code == 200
    html = response.getvalue().decode()
    return re.findall(r'class="entry-title"><a href="[^"]+">([^<]+)</a>', html)


def test_publications_are_grouped_by_kind_or_year(client, cv):
    html = client.get(reverse("publications:list")).getvalue().decode()
    headings = re.findall(r"<h2 id=\"group-\d+\">([^<]+)</h2>", html)
    assert headings == [
        "Conference proceedings", "Journal articles", "Book chapters", "Workshop papers",
        "Preprints", "Theses",
    ]  # fmt: skip
    html = client.get("/publications/by-year/").getvalue().decode()
    headings = re.findall(r"<h2 id=\"group-\d+\">([^<]+)</h2>", html)
    assert headings == ["2022", "2021", "2020", "2019", "2018", "2014"]


def test_books_are_grouped_under_their_own_heading_and_have_their_own_path(client, db):
    make_publication(title="A journal paper", kind="journal", venue="Journal", year=2020)
    make_publication(title="A chapter", kind="chapter", venue="A Handbook", year=2021)
    make_publication(title="A whole book", kind="book", venue="Northfield Press", year=2019)
    html = client.get(reverse("publications:list")).getvalue().decode()
    headings = re.findall(r"<h2 id=\"group-\d+\">([^<]+)</h2>", html)
    assert headings == ["Journal articles", "Books", "Book chapters"]
    book_list = reverse("publications:kind", args=["book"])
    assert f'href="{book_list}">Books</a>' in flat(html)
    assert titles_on(client, book_list) == ["A whole book"]
    cv = client.get(reverse("website:cv")).getvalue().decode()
    assert re.findall(r'<h3 id="cv-pubs-\d+">([^<]+)</h3>', cv) == [
        "Journal articles", "Books", "Book chapters"
    ]  # fmt: skip


def test_each_filter_has_its_own_path(client, cv):
    assert titles_on(client, "/publications/kind/preprint/") == [
        "Learning to Compress Neural Networks"
    ]
    assert len(titles_on(client, "/publications/topic/efficiency/")) == 3
    assert len(titles_on(client, "/publications/year/2021/")) == (
        Publication.objects.published().filter(year=2021).count()
    )
    html = client.get("/publications/kind/workshop/").getvalue().decode()
    # Every filter link names one filter, so a static copy has them all.
    assert 'href="/publications/topic/transformers/"' in html
    assert 'href="/publications/kind/workshop/" aria-current="page">Workshop papers' in html
    assert "?" not in "".join(re.findall(r'<nav class="filters".*?</nav>', html, re.S))


@pytest.mark.parametrize(
    ("query", "path"),
    [
        ("?kind=preprint", "/publications/kind/preprint/"),
        ("?topic=efficiency&group=kind", "/publications/topic/efficiency/"),
        ("?year=2021&utm_source=x", "/publications/year/2021/"),
        ("?group=year", "/publications/by-year/"),
        ("?group=kind", "/publications/"),
    ],
)
def test_query_string_filters_redirect_to_their_path(client, cv, query, path):
    response = client.get("/publications/" + query, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain and response.redirect_chain[-1] == (path, 301)


def test_a_combination_of_filters_stays_a_query_on_the_live_site(client, cv):
    response = client.get("/publications/", {"kind": "conference", "topic": "transformers"})
    assert response.status_code == 200
    assert titles_on(client, topic="transformers", kind="conference") == [
        "Sparse Routing for Efficient Transformers"
    ]
    assert titles_on(client, kind="preprint", group="year") == [
        "Learning to Compress Neural Networks"
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/publications/topic/no-such-topic/",
        "/publications/kind/nope/",
        "/publications/kind/other/",  # a kind with no publication
        "/publications/year/1901/",
        "/publications/year/99999999999999999999/",
        "/publications/topic/no-such-topic.bib",
        "/publications/kind/nope.bib",
        "/publications/year/1901.bib",
        "/publications/year/0002021/",  # another spelling of a year
        "/publications/year/0002021.bib",
        "/publications/topic/%20/",  # a topic of spaces is no topic
        "/publications/topic/%20efficiency%20/",
    ],
)
def test_a_filter_path_that_shows_nothing_is_a_404(client, cv, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("topic", ["a/b", "../..", "no-such-topic"])
def test_a_topic_no_path_can_hold_or_that_matches_nothing_stays_a_query(client, cv, topic):
    for url in (reverse("publications:list"), reverse("publications:list_bibtex")):
        response = client.get(url, {"topic": topic})
        assert response.status_code == 200, url
    html = client.get(reverse("publications:list"), {"topic": topic}).getvalue().decode()
    assert "No publications match these filters" in html


def test_filters_that_are_not_understood_are_dropped_not_a_500(client, cv):
    response = client.get(reverse("publications:list"), {"year": "abc", "kind": "nope"})
    assert response.status_code == 301 and response["Location"] == reverse("publications:list")
    assert len(titles_on(client, year="abc")) == 6


def test_the_owner_is_highlighted_and_coauthors_linked(client, cv):
    html = client.get(reverse("publications:list")).getvalue().decode()
    assert '<strong class="owner">Mira Castellanos</strong>' in html
    jonas = reverse("publications:author", args=["jonas-weber"])
    assert f'<a href="{jonas}">Jonas Weber</a>' in html
    assert "<details><summary>Abstract</summary>" in html


def test_a_coauthor_page_lists_the_joint_publications(client, cv):
    html = client.get(reverse("publications:author", args=["jonas-weber"])).getvalue().decode()
    assert "Joint publications (2)" in html


def test_bibtex_export_follows_the_filters(client, cv):
    redirect = client.get(reverse("publications:list_bibtex"), {"kind": "preprint"})
    assert redirect.status_code == 301
    assert redirect["Location"] == "/publications/kind/preprint.bib"
    response = client.get(redirect["Location"])
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    body = response.getvalue().decode()
    assert body.count("@misc{") == 1 and "@inproceedings" not in body
    assert client.get(reverse("publications:list_bibtex")).getvalue().decode().count("\n@") == 5


@pytest.mark.parametrize(
    ("query", "entries"),
    [
        ("", 6),
        ("by-year/", 6),
        ("?group=year&kind=preprint", 1),
        ("?kind=conference&topic=transformers", 1),
        ("year/2021/", None),
    ],
)
def test_the_export_links_of_the_list_export_that_list(client, cv, query, entries):
    html = client.get(reverse("publications:list") + query).getvalue().decode()
    exports = re.search(r"This list as (.*?)</p>", html, re.S).group(1)
    links = dict(
        (label, url.replace("&amp;", "&"))
        for url, label in re.findall(r'<a href="([^"]*)">([^<]+)</a>', exports)
    )
    assert list(links) == ["BibTeX", "RIS", "CSL-JSON"]
    if entries is None:
        entries = Publication.objects.published().filter(year=2021).count()
    counted = {
        "BibTeX": lambda text: len(re.findall(r"^@\w+\{", text, re.M)),
        "RIS": lambda text: len(re.findall(r"^TY  - ", text, re.M)),
        "CSL-JSON": lambda text: len(json.loads(text)),
    }
    extensions = {"BibTeX": ".bib", "RIS": ".ris", "CSL-JSON": ".json"}
    for label, link in links.items():
        assert link.endswith(extensions[label]) or "?kind=" in link
        assert "group" not in link
        response = client.get(link)
        assert response.status_code == 200
        assert counted[label](response.getvalue().decode()) == entries > 0


# --- Home ----------------------------------------------------------------------------


def test_home_shows_profile_featured_work_talks_and_current_position(client, cv):
    html = client.get(reverse("website:home")).getvalue().decode()
    # The CV selects one paper: the home page shows it.
    assert "Selected publications" in html and "Recent publications" not in html
    assert "Sparse Routing for Efficient Transformers" in html
    assert "Robust Estimation under Heavy Tails" not in html
    assert "Sparse models at scale" in html and "Workshop on Efficient Systems 2023" in html
    assert "Associate Professor, Northfield University (2019–Present)" in html
    assert 'href="mailto:mira@example.org"' in html
    assert 'href="https://github.com/mcastellanos"' in html
    assert "orcid.org" not in html  # a hidden profile link
    assert "Efficient machine learning, Sparsity, Robust statistics" in html
    import json

    (person,) = [json.loads(block) for block in parse(html).jsonld]
    assert person["@type"] == "ProfilePage"
    assert person["mainEntity"]["name"] == "Mira Castellanos"
    assert "telephone" not in person["mainEntity"] and "birthDate" not in person["mainEntity"]

    # With no paper selected, the five newest are shown.
    Publication.objects.update(featured=False)
    html = client.get(reverse("website:home")).getvalue().decode()
    assert "Recent publications" in html and "Selected publications" not in html
    newest = Publication.objects.published()[:5]
    assert all(publication.title in html for publication in newest)
    assert "Structured Sparsity in Neural Networks" not in html  # the sixth


def test_the_photo_is_served_in_responsive_sizes(client, db, settings, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (800, 1000), "teal").save(buffer, "PNG")
    Profile.objects.create(name="Ada", photo=SimpleUploadedFile("ada.png", buffer.getvalue()))
    html = client.get(reverse("website:home")).getvalue().decode()
    srcset = re.search(r'srcset="([^"]+)"', html).group(1)
    assert [c.rsplit(" ", 1)[1] for c in srcset.split(", ")] == ["160w", "320w", "640w", "800w"]
    for width in (160, 320, 640):
        with Image.open(tmp_path / "profile" / "sizes" / f"ada-{width}w.jpg") as image:
            assert image.width == width
    assert 'width="800" height="1000"' in flat(html)


# --- Performance -------------------------------------------------------------------


def grow_site(n: int):
    authors = [make_author() for _ in range(10)]
    for i in range(n):
        make_publication(
            authors=[*authors[i % 7 : i % 7 + 3], authors[0]] if i % 7 else authors[:3],
            tags=[f"grown topic {i % 11}", "metric learning"],
            links=[
                ("arxiv", f"https://arxiv.org/abs/1901.{i:05d}"),
                ("pdf", "https://e.org/a.pdf"),
            ],
            kind=["conference", "journal", "workshop", "preprint"][i % 4],
            year=2000 + i % 20,
            featured=i % 5 == 0,
        )
        talk = make_talk(tags=[f"grown topic {i % 13}", "metric learning"], year=2000 + i % 20)
        make_position(tags=["metric learning"], start_year=2000 + i % 20)
        make_news(tags=["metric learning"], pinned=i % 9 == 0)
        make_project(
            tags=["metric learning"], links=[("code", "https://e.org/code")],
            publications=Publication.objects.order_by("-pk")[:2], talks=[talk],
            people=authors[:2], is_current=i % 2 == 0, start_year=2000 + i % 20,
        )  # fmt: skip
        make_course(tags=["metric learning"], links=[("website", "https://e.org/c")])
        make_page(menu_order=i)


@pytest.mark.parametrize(("name", "args"), ALL_PAGES, ids=[n for n, _ in ALL_PAGES])
def test_query_count_does_not_grow_with_the_content(
    client, cv, name, args, django_assert_num_queries
):
    from django.contrib.contenttypes.models import ContentType

    from portfolio.core import registry

    url = reverse(name, args=args)
    grow_site(1)  # so that every section of every page has something to show
    # A type with no entry here (one added since) has its content type looked up
    # once per process, by the first request: that is no growth.
    ContentType.objects.get_for_models(*[ct.model_class for ct in registry.content_types()])
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow_site(40)
    with django_assert_num_queries(len(small)):
        assert client.get(url).status_code == 200


def test_home_and_publications_weigh_under_20_kb_compressed_with_what_they_load(client, cv):
    """The two pages, the stylesheet and the icons a first visit fetches (images
    aside: they are loaded lazily, in the size the screen needs)."""
    import gzip

    from django.contrib.staticfiles import finders

    total = 0
    for name in ("core/site.css", "profile/icons.svg"):
        with open(finders.find(name), "rb") as static_file:
            total += len(gzip.compress(static_file.read()))
    for name in ("website:home", "publications:list"):
        html = client.get(reverse(name)).getvalue()
        assert b"/static/profile/icons.svg" in html or name != "website:home"
        total += len(gzip.compress(html))
    assert total < 20 * 1024, total


def test_the_cv_lists_every_section_in_order(client, cv):
    html = client.get(reverse("website:cv")).getvalue().decode()
    headings = re.findall(r"<h2 id=\"cv-[a-z]+\">([^<]+)</h2>", html)
    assert headings == [
        "Experience", "Education", "Publications", "Talks", "Teaching", "Awards", "Skills",
        "Languages",
    ]  # fmt: skip
    assert "Tomás Lind</a>. <a" in html  # no stray space before the period
    assert "Acme Research Lab · Boston · 2015–2019" in html and "· Acme" not in html


# --- Markdown --------------------------------------------------------------------


def test_markdown_is_rendered_and_sanitised(client, db):
    make_publication(
        slug="md",
        abstract=(
            "We *propose* a **method**; see [the code](https://example.org/code).\n\n"
            "- one\n- two\n\n"
            '<script>alert(1)</script> <img src=x onerror="alert(2)">\n\n'
            "[click](javascript:alert(3)) [data](data:text/html,hi)\n\n# Not a heading\n\n"
            "![a figure](https://example.org/fig.png)"
        ),
    )
    html = client.get(reverse("publications:detail", args=["md"])).getvalue().decode()
    assert "<em>propose</em>" in html and "<strong>method</strong>" in html
    assert (
        '<a href="https://example.org/code" rel="nofollow noopener noreferrer">the code</a>'
        in html
    )
    assert "<li>one</li>" in html
    assert "<script>alert" not in html and "<img" not in html
    assert 'href="javascript' not in html and 'href="data:' not in html
    assert h1_count(html) == 1  # "# Not a heading" stays text
    fig = '<a href="https://example.org/fig.png" rel="nofollow noopener noreferrer">a figure</a>'
    assert fig in html


@pytest.mark.parametrize("topic", ["Méthodes numériques", "写真", "C++"])
def test_topics_in_any_script_have_working_pages(client, db, topic):
    publication = make_publication(slug="p", tags=[topic])
    tag = publication.tags.get()
    assert tag.slug
    for url in (reverse("website:topics"), publication.get_absolute_url(), reverse("sitemap"),
                reverse("website:topic", args=[tag.slug])):  # fmt: skip
        assert client.get(url).status_code == 200, url
    listed = client.get(reverse("publications:list"), {"topic": tag.slug}, follow=True)
    assert listed.redirect_chain[0][0] == reverse("publications:topic", args=[tag.slug])
    assert "1 publication " in listed.getvalue().decode()
    bibtex = client.get(reverse("publications:topic_bibtex", args=[tag.slug]))
    assert bibtex.status_code == 200 and bibtex.getvalue().count(b"\n@") + 1 == 1


def test_a_topic_without_letters_or_digits_is_not_created(admin_client, db):
    from portfolio.core.tags import parse_topics

    assert parse_topics("!!!, --, deep learning, " + "x" * 150) == ["deep learning", "x" * 100]


def test_the_registry_drives_feeds_sitemap_topics_and_the_fixture(client, db):
    """Every registered feed is served, every sitemap section is in /sitemap.xml,
    every tagged type appears on its topic page, and the fixture holds every
    registered model."""
    from portfolio.core import registry
    from portfolio.core.registry import cv_models
    from portfolio.website.sitemaps import all_sitemaps

    make_publication(tags=["shared"])
    make_talk(tags=["shared"])
    make_position(tags=["shared"])
    for make in (make_news, make_project, make_course, make_page):
        make(tags=["shared"])
    for file_name in registry.feeds():
        assert client.get(f"/feeds/{file_name}").status_code == 200
    head = flat(client.get(reverse("website:home")).getvalue().decode())
    for link in registry.feed_links():
        assert (
            f'<link rel="alternate" type="{link["type"]}" title="{link["title"]}" '
            f'href="{reverse(link["url_name"])}">'
        ) in head
    assert set(registry.sitemaps()) <= set(all_sitemaps())
    page = client.get(reverse("website:topic", args=["shared"])).getvalue().decode()
    made = {"publications.publication", "talks.talk", "positions.position", "news.newsitem",
            "projects.project", "teaching.course", "freepages.page"}  # fmt: skip
    tagged = {content_type.model for content_type in registry.tagged_types()}
    # Every type of the project is made above (a type added later has tests of its own).
    assert made <= tagged
    for content_type in registry.tagged_types():
        if content_type.model in made:
            assert f'<h2 id="topic-{content_type.name}">{content_type.heading}</h2>' in page
    for content_type in registry.content_types():
        assert set(content_type.fixture_models) <= set(cv_models())


def test_topics_sort_without_regard_to_case_or_accents(client, admin_client, db):
    from taggit.models import Tag

    make_publication(tags=["Sparsity", "optimization", "écologie", "Adapters", "ecology"])
    html = client.get(reverse("publications:list")).getvalue().decode()
    topics = re.search(r'id="filter-topic">Topic</span>(.*?)</div>', html, re.S).group(1)
    names = re.findall(r">([^<>]+)</a>", topics)
    # (and each shown with a capital, as a reader expects)
    assert names == ["All", "Adapters", "Écologie", "Ecology", "Optimization", "Sparsity"]
    listed = admin_client.get(reverse("admin:taggit_tag_changelist")).content.decode()
    order = [listed.index(f">{name}</a>") for name in ("Adapters", "optimization", "Sparsity")]
    assert order == sorted(order) and Tag.objects.count() == 5


@pytest.mark.parametrize(
    ("fields", "description"),
    [
        ({"abstract": "We route tokens sparsely."}, "We route tokens sparsely."),
        ({"venue": "Journal of Things"}, "Untitled Thoughts (Journal of Things, 2018)"),
        ({"kind": "preprint"}, "Untitled Thoughts (2018)"),
    ],
)
def test_a_paper_page_describes_itself_with_or_without_an_abstract(
    client, db, fields, description
):
    """Search engines show the description under the title; an empty one is left out."""
    publication = make_publication(title="Untitled Thoughts", year=2018, **fields)
    meta = dict(parse(client.get(publication.get_absolute_url()).getvalue().decode()).meta)
    assert meta["description"] == description
