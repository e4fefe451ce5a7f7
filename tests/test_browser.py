"""The pages in a real browser: no sideways scrolling, and no WCAG 2.1 A/AA or
best-practice violation found by axe-core (contrast, landmarks, heading order), at
320 and 1280 px wide, in the light and the dark theme.

Needs Debian's Chromium, the playwright package and axe-core (``make test`` installs
the last two). Outside CI a missing piece skips these tests; in CI it fails them.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.urls import reverse

from .conftest import SAMPLE_CV
from .samples import add_citations, add_look_content
from .test_public_pages import PUBLIC_PAGES

# Starts servers, a browser or other processes: run once in CI, not on each database.
pytestmark = pytest.mark.process

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(os.environ.get("AXE_CORE_JS", ROOT / ".venv/npm/node_modules/axe-core/axe.min.js"))
# Flags for a closed network and a root user (see docs/contributing.md, "Browser tests").
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# WCAG 2.1 A and AA, plus best practices: landmarks, one h1, headings in order.
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def missing_tools() -> list[str]:
    missing = []
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package")
    if not Path(CHROMIUM).exists():
        missing.append(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    if not AXE.exists():
        missing.append(f"axe-core at {AXE} (make install)")
    return missing


@pytest.fixture(scope="module")
def browser():
    missing = missing_tools()
    if missing:
        message = "browser tests need " + ", ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API keeps an event loop in this thread; the test
    # database set-up around it is still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def site(browser, live_server, transactional_db):
    from django.core.management import call_command

    call_command("loaddata", str(SAMPLE_CV), verbosity=0)
    add_citations()  # the citation panel and counts, in both themes and at both widths
    return live_server.url


def assert_fits(page, what: str) -> None:
    """The page scrolls no sideways: it is no wider than the window."""
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{what} is {widths[0]} px wide in a {widths[1]} px window"


def watch_console(page) -> list[str]:
    """Console errors, Content-Security-Policy violations included."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def axe_violations(page, where: str) -> list[str]:
    """What axe-core finds against WCAG 2.1 A/AA and best practices on the open page."""
    # Injected through DevTools, which the page's policy does not govern.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [
        f"{where}: {v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]})"
        for v in result["violations"]
    ]


# Every public page, and the search page with results and with a refused query.
BROWSED = [(name, args, "") for name, args in PUBLIC_PAGES] + [
    ("search:search", [], "?q=sparse+routing"),
    ("search:search", [], "?q=%3F%21"),
]


# A phone's narrowest width and a laptop's, each in both themes: one browser
# context per combination, every page opened in it.
WINDOWS = [(320, "light"), (320, "dark"), (1280, "light"), (1280, "dark")]


@pytest.mark.parametrize("full", [False, True], ids=["sample", "full"])
@pytest.mark.parametrize(("width", "scheme"), WINDOWS, ids=[f"{w}px-{s}" for w, s in WINDOWS])
def test_pages_fit_the_window_and_pass_axe(browser, site, width, scheme, full):
    """On the sample CV, and with content that fills every part of the layout
    (24 topics, a full navigation, long names and venues, math in a title)."""
    if full:
        add_look_content()
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    problems = []
    try:
        page = context.new_page()
        errors = watch_console(page)
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") is (
            scheme == "dark"
        )
        for name, args, query in BROWSED:
            url = site + reverse(name, args=args) + query
            response = page.goto(url)
            assert response.status == 200, url
            # Open every abstract, so that what it hides is checked too.
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            assert_fits(page, url)
            problems += axe_violations(page, url)
        assert errors == []  # the Content-Security-Policy blocks nothing the pages need
        assert problems == []
    finally:
        context.close()


def test_the_admin_works_under_the_content_security_policy(browser, site, django_user_model):
    from django.conf import settings

    django_user_model.objects.create_superuser("owner", "o@example.org", "a long passphrase 42")
    context = browser.new_context()
    try:
        page = context.new_page()
        errors = watch_console(page)
        page.goto(site + reverse("admin:login"))
        page.fill("#id_username", "owner")
        page.fill("#id_password", "a long passphrase 42")
        page.click("input[type=submit]")
        page.wait_for_url(site + "/" + settings.ADMIN_URL)
        # The admin's own scripts run: the slug fills in from the title as one types.
        page.goto(site + reverse("admin:publications_publication_add"))
        page.locator("#id_title").press_sequentially("A Title Typed Here")
        assert page.input_value("#id_slug") == "a-title-typed-here"
        for name in ("publications_publication_changelist", "positions_position_add"):
            page.goto(site + reverse(f"admin:{name}"))
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_citation_chart_is_drawn_readable_in_either_theme(browser, site, scheme):
    """Its bars stand out from the page (WCAG's 3:1 for graphics), its figures
    are as legible as the page's muted text, and the chart fits a phone."""
    from portfolio.profile.theme import contrast

    context = browser.new_context(viewport={"width": 320, "height": 800}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(site + reverse("website:home"))
        colours = page.evaluate(
            """() => {
                const hex = c => '#' + c.match(/\\d+/g).slice(0, 3)
                    .map(n => (+n).toString(16).padStart(2, '0')).join('');
                const style = s => getComputedStyle(document.querySelector(s));
                return {
                    page: hex(getComputedStyle(document.body).backgroundColor),
                    bar: hex(style('.citation-chart .bar').fill),
                    text: hex(style('.citation-chart text').fill),
                };
            }"""
        )
        assert contrast(colours["bar"], colours["page"]) >= 3, colours
        assert contrast(colours["text"], colours["page"]) >= 4.5, colours
        bars = page.locator(".citation-chart .bar")
        assert bars.count() > 1
        tallest = max(bars.nth(i).bounding_box()["height"] for i in range(bars.count()))
        assert tallest > 60  # drawn, not collapsed
        assert_fits(page, "the home page with the citation panel")
    finally:
        context.close()


def test_the_printed_cv_keeps_a_paper_margin(browser, site):
    """With the browser's print margins set to none, the page's own @page margin
    keeps the text off the paper's edge."""
    page = browser.new_page()
    try:
        page.goto(site + reverse("website:cv"))
        margins = page.evaluate(
            """() => [...document.styleSheets].flatMap(sheet => [...sheet.cssRules])
                .filter(rule => rule instanceof CSSPageRule)
                .map(rule => [rule.style.marginTop, rule.style.marginLeft])"""
        )
        assert margins, "no @page rule"
        for top, left in margins:
            assert float(top.removesuffix("mm")) >= 12 and float(left.removesuffix("mm")) >= 12
        assert page.pdf(margin={"top": "0", "right": "0", "bottom": "0", "left": "0"})
    finally:
        page.close()


PASSPHRASE = "a long passphrase 42"
ADMIN_FORMS = [
    ("profile.profile", "change"), ("publications.publication", "add"),
    ("publications.publication", "change"), ("publications.author", "change"),
    ("talks.talk", "add"), ("positions.position", "add"), ("profile.award", "add"),
    ("taggit.tag", "changelist"), ("publications.publication", "changelist"),
    ("projects.project", "change"), ("teaching.course", "change"), ("news.newsitem", "change"),
    ("freepages.page", "change"), ("freepages.page", "changelist"),
]  # fmt: skip


def signed_in(browser, site, django_user_model, width):
    from django.conf import settings

    if not django_user_model.objects.filter(username="owner").exists():
        django_user_model.objects.create_superuser(
            "owner", "o@example.org", "a long passphrase 42"
        )
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site + reverse("admin:login"))
    page.fill("#id_username", "owner")
    page.fill("#id_password", PASSPHRASE)
    page.click("input[type=submit]")
    page.wait_for_url(site + "/" + settings.ADMIN_URL)
    return context, page


def admin_form_pages() -> list[tuple[str, list]]:
    """(URL name, args) of the main admin forms; a change form opens the first row."""
    from django.apps import apps

    pages = []
    for label, action in ADMIN_FORMS:
        model = apps.get_model(label)
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}"
        args = [model.objects.order_by("pk").first().pk] if action == "change" else []
        pages.append((name, args))
    return pages


@pytest.mark.parametrize("width", [1280, 768])
def test_admin_forms_fit_the_window(browser, site, django_user_model, width):
    context, page = signed_in(browser, site, django_user_model, width)
    try:
        for name, args in admin_form_pages():
            page.goto(site + reverse(name, args=args))
            assert_fits(page, name)
    finally:
        context.close()


@pytest.mark.parametrize(
    ("url_name", "boxes"),
    [
        ("admin:publications_publication_add", ("#id_title", "#id_tags", "#id_venue")),
        ("admin:profile_profile_changelist", ("#id_headline",)),  # opens the one profile
    ],
)
def test_admin_boxes_are_wide_enough_for_their_text(
    browser, site, django_user_model, url_name, boxes
):
    context, page = signed_in(browser, site, django_user_model, 1280)
    try:
        page.goto(site + reverse(url_name))
        for box in boxes:
            width = page.evaluate(f"document.querySelector('{box}').offsetWidth")
            assert width >= 400, f"{box} is {width} px wide"
    finally:
        context.close()


def test_a_researcher_adds_edits_deletes_and_recovers_a_paper(browser, site, django_user_model):
    """The weekly flow, in the browser: a paper with a co-author who is here and one
    typed in, two links and a new topic; authors reordered; the abstract previewed;
    saved and seen on its page; edited; deleted and recovered from the history."""
    from portfolio.publications.models import Publication

    context, page = signed_in(browser, site, django_user_model, 1280)
    errors = watch_console(page)
    try:
        page.goto(site + reverse("admin:publications_publication_add"))
        page.fill("#id_title", "Sparse Adapters at Scale")
        page.fill("#id_tags", "efficiency, a topic never used before")
        page.fill("#id_year", "2024")
        page.fill("#id_venue", "International Conference on Things")
        page.fill("#id_abstract", "We train **sparse adapters**.")
        page.click("#id_abstract ~ .markdown-preview-button")
        page.wait_for_selector("#id_abstract-preview strong")
        assert page.inner_text("#id_abstract-preview strong") == "sparse adapters"

        group = "#authorships-group"
        for _ in range(2):
            page.click(f"{group} .add-row a")
        # The author box searches as one types (Django's autocomplete).
        page.click("#authorships-0 .select2-selection")
        page.fill(".select2-search__field", "Weber")
        page.click(".select2-results__option:has-text('Jonas Weber')")
        page.fill("#id_authorships-1-new_author", "Ada Lovelace")
        assert page.input_value("#id_authorships-1-position") == "2"  # numbered as added
        page.click("#authorships-1 .move-up")  # Ada first
        assert page.input_value("#id_authorships-1-position") == "1"
        assert page.input_value("#id_authorships-0-position") == "2"

        for i, (kind, url) in enumerate([("arxiv", "2401.00001"), ("pdf", "example.org/p.pdf")]):
            page.click("#links-group .add-row a")
            page.select_option(f"#id_links-{i}-kind", kind)
            page.fill(f"#id_links-{i}-url", url)
        page.click("input[name=_save]")
        page.wait_for_url(site + reverse("admin:publications_publication_changelist"))

        paper = Publication.objects.get(title="Sparse Adapters at Scale")
        assert [a.name for a in paper.ordered_authors()] == ["Ada Lovelace", "Jonas Weber"]
        assert paper.arxiv_id == "2401.00001"
        assert sorted(paper.tags.names()) == ["a topic never used before", "efficiency"]
        page.goto(site + paper.get_absolute_url())
        assert page.inner_text("h1") == "Sparse Adapters at Scale"
        assert "Ada Lovelace" in page.inner_text("main")

        change = site + reverse("admin:publications_publication_change", args=[paper.pk])
        page.goto(change)
        page.fill("#id_title", "Sparse Adapters at Scale, Revised")
        page.click("input[name=_save]")
        page.wait_for_url(site + reverse("admin:publications_publication_changelist"))

        page.goto(site + reverse("admin:publications_publication_delete", args=[paper.pk]))
        page.click("input[type=submit]")
        page.wait_for_url(site + reverse("admin:publications_publication_changelist"))
        assert not Publication.objects.filter(pk=paper.pk).exists()
        page.goto(site + reverse("admin:publications_publication_recoverlist"))
        page.click("text=Sparse Adapters at Scale, Revised")
        page.click("input[type=submit]")
        page.wait_for_selector("text=was recovered")
        assert Publication.objects.get(pk=paper.pk).title == "Sparse Adapters at Scale, Revised"
        assert errors == []
    finally:
        context.close()


def test_a_researcher_imports_bibtex_through_the_preview(browser, site, django_user_model):
    from portfolio.publications.models import Publication

    context, page = signed_in(browser, site, django_user_model, 1280)
    try:
        page.goto(site + reverse("admin:index"))
        page.click("text=Import BibTeX")
        page.fill(
            "#id_text",
            "@inproceedings{new2024, title={A Paper From Scholar}, booktitle={ICLR},"
            " year=2024, author={Weber, Jonas and Lovelace, Ada}}",
        )
        page.click("input[name=preview]")
        assert "Ada Lovelace (new)" in page.inner_text("#content-main table")
        assert not Publication.objects.filter(title="A Paper From Scholar").exists()
        page.click("input[name=confirm]")
        page.wait_for_selector("text=BibTeX imported")
        assert Publication.objects.filter(title="A Paper From Scholar").exists()
    finally:
        context.close()


def admin_pages():
    """(name, args) of the admin's home, its main change forms, the import pages,
    and the list and add page of every registered model (but Django's own group
    form, whose two-list widget carries an aria-label on a plain span)."""
    from django.contrib import admin
    from django.urls import NoReverseMatch

    imports = [
        (f"admin:publications_publication_{name}", [])
        for name in ("import_bibtex", "import_orcid", "add_by_identifier")
    ]
    pages = [("admin:index", []), *admin_form_pages(), *imports]
    for model in admin.site._registry:
        for action in ("changelist", "add"):
            name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}"
            try:
                reverse(name)
            except NoReverseMatch:
                continue
            if (name, []) not in pages and name != "admin:auth_group_add":
                pages.append((name, []))
    return pages


def test_admin_pages_pass_axe(browser, site, django_user_model):
    """The list markup of Django's bundled select2 (the chosen "Other versions")
    holds its clear-all button in a <ul>; that third-party widget's inside is left
    out of the check."""
    context, page = signed_in(browser, site, django_user_model, 1280)
    try:
        checked = 0
        for name, args in admin_pages():
            response = page.goto(site + reverse(name, args=args))
            if response.status == 403:
                continue  # a page the admin does not offer (a second profile, log rows)
            page.wait_for_load_state("load")
            assert_fits(page, name)
            page.evaluate(AXE.read_text(encoding="utf-8"))
            result = page.evaluate(
                """tags => axe.run({exclude: [[".select2-selection__rendered"]]},
                                   {runOnly: {type: "tag", values: tags}})""",
                WCAG,
            )
            problems = [(v["id"], v["nodes"][0]["html"][:120]) for v in result["violations"]]
            assert problems == [], name
            checked += 1
        assert checked >= 25
    finally:
        context.close()
