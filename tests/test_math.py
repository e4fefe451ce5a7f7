"""Math in titles and abstracts: MathML on pages, plain text wherever a title is
text, LaTeX kept by the BibTeX import and export, and nothing unsafe let through."""

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from portfolio.importing.sources.bibtex import import_bibtex
from portfolio.publications.bibtex import to_bibtex
from portfolio.publications.models import Author, Publication
from portfolio.richtext import mathtext
from portfolio.richtext.markdown import markdown_text, render_markdown
from portfolio.richtext.mathtext import (
    clean_mathml,
    counting_scan_steps,
    math_html,
    math_text,
    raw_mathml,
    split_math,
)

from .factories import make_author, make_profile, make_publication, make_talk

TITLE = r"Sparse $\ell_1$ routing with $O(n \log n)$ cost"
PLAIN_TITLE = "Sparse ℓ_1 routing with O(n log n) cost"
ABSTRACT = r"We bound $x_i * y_i$ and \(a_b\) for *every* pair."
PLAIN_ABSTRACT = "We bound x_i * y_i and a_b for every pair."
# The MathML of the title's two spans, as the renderer writes them.
ELL_1 = "<msub><mi>ℓ</mi><mn>1</mn></msub>"
N_LOG_N = "<mi>n</mi><mi>log</mi><mi>n</mi>"


def html_of(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.getvalue().decode()


class Head(HTMLParser):
    """The text a page gives as text: <title>, meta tags, labels, JSON-LD."""

    def __init__(self):
        super().__init__()
        self.title, self.meta, self.labels, self.jsonld = "", {}, [], []
        self._in = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("name" in attrs or "property" in attrs):
            self.meta[attrs.get("name") or attrs["property"]] = attrs.get("content")
        if "aria-label" in attrs:
            self.labels.append(attrs["aria-label"])
        if tag == "title" or (tag == "script" and attrs.get("type") == "application/ld+json"):
            self._in = tag

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            self.jsonld.append(json.loads(data))


def head_of(html: str) -> Head:
    head = Head()
    head.feed(html)
    return head


# --- Finding math ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        (TITLE, [("Sparse ", False), (r"\ell_1", True), (" routing with ", False),
                 (r"O(n \log n)", True), (" cost", False)]),
        # Prices are not math: a space before the closing "$", a digit after it.
        ("costs $5 and $10", [("costs $5 and $10", False)]),
        ("from $5 to $x$", [("from $5 to ", False), ("x", True)]),
        ("$x$5 and $ x$", [("$x$5 and $ x$", False)]),
        ("5$x$", [("5$x$", False)]),
        # An escaped dollar sign is a dollar sign.
        (r"\$x\$ costs", [("$x$ costs", False)]),
        (r"\(a_b\) and $$\sum_i x_i$$", [("a_b", True), (" and ", False), (r"\sum_i x_i", True)]),
        # The character before a "$" at the start is no character of the end.
        ("$k$-means on CIFAR-10", [("k", True), ("-means on CIFAR-10", False)]),
        (r"$a \$ b$", [(r"a \$ b", True)]),
        # Openers that close nowhere, or on nothing, leave the math after them alone.
        (r"\(\($$ $$\( $x$", [(r"\(\($$ $$\( ", False), ("x", True)]),
        (r"\( \) \(x\) \(", [(r"\( \) ", False), ("x", True), (r" \(", False)]),
    ],
)  # fmt: skip
def test_math_is_found_by_the_dollarmath_rules(text, pieces):
    assert [(piece, is_math) for piece, is_math, _ in split_math(text)] == pieces


def test_a_title_without_math_takes_the_fast_path(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("no math to convert")

    monkeypatch.setattr(mathtext, "split_math", fail)
    assert math_html("Plain <title> & more") == "Plain &lt;title&gt; &amp; more"
    assert math_text("Plain <title> & more") == "Plain <title> & more"


# --- Titles ---------------------------------------------------------------------------


def test_math_in_a_title_is_mathml_and_its_text_escaped():
    html = math_html(TITLE + " <b>&</b>")
    assert html.startswith('Sparse <math display="inline"><mrow>')
    assert ELL_1 in html and N_LOG_N in html
    assert html.count("<math ") == 2
    assert html.endswith("</math> cost &lt;b&gt;&amp;&lt;/b&gt;")


def test_a_title_as_plain_text_has_readable_math():
    assert math_text(TITLE) == PLAIN_TITLE
    assert math_text(r"$\alpha$-divergence") == "α-divergence"
    assert math_text(r"$\mathbb{R}^n$ and $a \leq b$, $\|x\|$") == "ℝ^n and a ≤ b, ‖x‖"
    assert math_text(r"costs \$5") == "costs $5"


@pytest.mark.parametrize("latex", [r"\frac{1}{", r"x^", r"\begin{matrix}a", "{" * 3000 + "x"])
def test_latex_that_cannot_be_read_is_shown_as_written(latex):
    html = math_html(f"Bad ${latex}$ here <i>")
    assert "<math" not in html
    assert html == f"Bad ${latex}$ here &lt;i&gt;"
    assert math_text(f"Bad ${latex}$ here") == f"Bad ${latex}$ here"


@pytest.mark.parametrize(
    "text",
    [
        "$<script>alert(1)</script>$",
        r"$\text{<script>alert(1)</script>}$",
        r"\(\mathrm{<img src=x onerror=alert(1)>}\)",
        r"$\frac{<script>}{$",
    ],
)
def test_markup_inside_math_comes_out_escaped(text):
    for html in (math_html(text), render_markdown(text)):
        assert "<script" not in html and "<img" not in html
        assert "&lt;" in html


# --- The sanitiser and the renderer ---------------------------------------------------

CORPUS = [
    r"\frac{a+b}{c}", r"\tfrac12", r"\dfrac{1}{2}", r"\binom{n}{k}", r"x_i^2", r"x_{i,j}",
    r"\sqrt{2}", r"\sqrt[3]{x}", r"\alpha\beta\Gamma\Omega\epsilon\varphi", r"\ell_1",
    r"a \leq b \neq c \approx d \in \mathcal{X}", r"\sum_{i=1}^n x_i", r"\prod_i",
    r"\int_0^1 f(x)\,dx", r"\lim_{n \to \infty}", r"\mathbb{R}^n", r"\mathcal{O}(n)",
    r"\mathbf{x}", r"\mathrm{KL}(p\|q)", r"\operatorname{argmax}", r"\hat{x}\bar{y}\tilde{z}",
    r"\vec{v}\dot{x}\ddot{x}", r"\widehat{xy}", r"\overline{ab}", r"\underline{ab}",
    r"\begin{pmatrix}a&b\\c&d\end{pmatrix}", r"\begin{bmatrix}1&0\\0&1\end{bmatrix}",
    r"\begin{cases}x&x>0\\0&\text{else}\end{cases}",
    r"\begin{array}{c|c}a&b\\\hline c&d\end{array}",
    r"\left(\frac{a}{b}\right)", r"\big(x\big)", r"\overbrace{a+b}^{n}", r"\underbrace{a}_{b}",
    r"\xrightarrow{f}", r"\cancel{x}", r"\boxed{x}", r"\phantom{x}", r"\quad a\;b\,c\!d",
    r"\color{red}{x}", r"\rule{1em}{1pt}", r"\text{if } x", r"\mathit{a}\mathsf{b}\mathtt{c}",
    r"\overset{a}{b}\underset{c}{d}", r"f'(x)", r"\langle x, y \rangle", r"\lfloor x \rfloor",
    r"a \bmod b", r"\pmod{n}", r"\displaystyle\sum_i", r"\scriptstyle a", r"\%\&\#\{\}",
    r"x \cdot y \times z \pm w", r"\dots\cdots\vdots\ddots", r"a \\ b", r"1.5 \cdot 10^{-3}",
    r"\not\in", r"\mathfrak{g}", r"a \mathbin{\star} b", r"\mathpunct{;}", r"\argmax_x",
    r"\colorbox{yellow}{x}", r"\large x", r"\lower{2pt}{x}", r"\sideset{a}{b}{c}",
    r"\begin{align*}a&=b\\c&=d\end{align*}", r"\textbf{x}\textit{y}",
]  # fmt: skip


@pytest.mark.parametrize("latex", CORPUS)
@pytest.mark.parametrize("display", [False, True])
def test_the_sanitiser_keeps_all_the_renderer_writes(latex, display):
    raw = raw_mathml(latex, display)
    assert raw.startswith(f'<math display="{"block" if display else "inline"}">')
    assert clean_mathml(raw) == raw
    assert render_markdown(f"$${latex}$$" if display else f"${latex}$") == f"<p>{raw}</p>\n"


def test_the_sanitiser_allows_nothing_the_renderer_does_not_write():
    seen = set()
    for latex in CORPUS:
        for tag, attributes in re.findall(r"<(m\w+)([^>]*)>", raw_mathml(latex, True)):
            seen |= {(tag, "")} | {(tag, name) for name in re.findall(r" ([\w-]+)=", attributes)}
    allowed = {(tag, "") for tag in mathtext.MATHML_TAGS} | {
        (tag, name) for tag, names in mathtext.MATHML_ATTRIBUTES.items() for name in names
    }
    assert seen == allowed


def test_mathml_outside_the_list_is_stripped():
    hostile = (
        '<math display="inline" onclick="alert(1)"><maction actiontype="toggle"><mi>a</mi>'
        '</maction><semantics><mi>b</mi><annotation-xml encoding="text/html">'
        "<script>alert(1)</script><img src=x onerror=alert(1)></annotation-xml></semantics>"
        '<mi href="javascript:alert(1)" style="color:red" class="x">c</mi>'
        '<mrow xlink:href="javascript:alert(1)"><mtext><style>*{}</style>d</mtext></mrow></math>'
    )
    cleaned = clean_mathml(hostile)
    for banned in ("maction", "semantics", "annotation", "script", "<img", "onclick", "href",
                   "style", "class", "javascript"):  # fmt: skip
        assert banned not in cleaned, banned
    assert cleaned.startswith('<math display="inline">') and "<mi>c</mi>" in cleaned


@pytest.mark.parametrize(
    "latex",
    [r"\href{javascript:alert(1)}{x}", r"\style{background:url(x)}{x}", r"\class{evil}{x}",
     r"\fcolorbox{red}{blue}{x}"],
)  # fmt: skip
def test_latex_that_would_write_links_or_styles_loses_them(latex):
    for html in (math_html(f"${latex}$"), render_markdown(f"${latex}$")):
        assert "<math" in html
        for banned in ("href", "style=", "class=", "border-color", "javascript"):
            assert banned not in html


# --- Markdown -------------------------------------------------------------------------


def test_markdown_leaves_underscores_and_stars_inside_math_alone():
    html = render_markdown(ABSTRACT)
    assert "<mo>*</mo>" in html
    assert "<msub><mi>x</mi><mi>i</mi></msub>" in html
    assert "<msub><mi>a</mi><mi>b</mi></msub>" in html
    assert "<em>every</em>" in html
    assert html.count("<em>") == 1
    assert markdown_text(ABSTRACT) == PLAIN_ABSTRACT


def test_markdown_keeps_prices_code_and_escaped_dollars_as_text():
    html = render_markdown("It costs $5 and $10.\n\n`$x$` is code; \\$y\\$ is text.")
    assert "<math" not in html
    assert html == "<p>It costs $5 and $10.</p>\n<p><code>$x$</code> is code; $y$ is text.</p>\n"


def test_math_in_a_link_text_closes_inside_it():
    html = render_markdown("[see $x](https://example.org/) and $y$")
    assert ">see $x</a>" in html
    assert html.count("<math") == 1


# --- Cost -----------------------------------------------------------------------------

# Texts that would make a scanner read on to the end from every opener: openers of
# each kind that never close, two kinds in turn or one inside another, and the
# Markdown marks (links, emphasis, code) whose own scanning runs the math rule again.
PATHOLOGICAL = {
    "\\(": lambda n: "\\(" * n,
    "$": lambda n: "$" * n,
    "$$": lambda n: "$$" * n,
    "\\[": lambda n: "\\[" * n,
    "$a": lambda n: "$a" * n,
    "$a space": lambda n: "$a " * n,
    "$ escaped $": lambda n: "$\\$" * n,
    "escaped backslash $": lambda n: "a\\\\$" * n,
    "\\( then $": lambda n: "\\(" * n + "$" * n,
    "$ then \\(": lambda n: "$a" * n + "\\(" * n,
    "\\( and $": lambda n: "\\($" * n,
    "$ and \\(": lambda n: "$\\(" * n,
    "\\( and $$": lambda n: "\\($$" * n,
    "$$ and \\(": lambda n: "$$\\(" * n,
    "nested": lambda n: "\\($$\\[$" * n,
    "nested and closed": lambda n: "\\($$" * n + "$$\\)" * n,
    "link text": lambda n: "[\\($$" * n,
    "emphasis": lambda n: "*\\(" * n,
    "code": lambda n: "`\\($" * n,
}


@pytest.mark.parametrize("render", [math_html, render_markdown], ids=["title", "markdown"])
@pytest.mark.parametrize("make", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_finding_math_costs_steps_in_proportion_to_the_text(render, make):
    def steps(text: str) -> int:
        with counting_scan_steps() as counted:
            render(text)
        return counted.count

    small, large = steps(make(300)), steps(make(3000))
    assert large <= 11 * small, (small, large)


def test_a_long_text_of_unclosed_openers_renders_as_written():
    text = "\\(" * 20_000 + " $5" * 10_000 + " $$ " * 10_000
    assert math_html(text) == text
    # In Markdown, a backslash before a parenthesis escapes it.
    unescaped = text.replace("\\(", "(").strip()
    assert render_markdown(text) == f"<p>{unescaped}</p>\n"


# --- Pages ----------------------------------------------------------------------------


@pytest.fixture
def paper(db):
    make_profile()
    owner = make_author(given_name="Ada", family_name="Researcher", is_owner=True, slug="ada")
    return make_publication(
        title=TITLE, abstract=ABSTRACT, slug="sparse", authors=[owner], tags=["routing"],
        featured=True, venue="Conference on Things",
    )  # fmt: skip


def assert_rendered(html: str) -> None:
    assert ELL_1 in html and N_LOG_N in html
    assert "$" not in re.sub(r"<pre.*?</pre>", "", html, flags=re.S)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("publications:list", []),
        ("publications:detail", ["sparse"]),
        ("website:home", []),
        ("website:topic", ["routing"]),
        ("publications:author", ["ada"]),
        ("website:cv", []),
    ],
)
def test_every_page_that_shows_the_title_shows_its_math(client, paper, name, args):
    html = html_of(client, reverse(name, args=args))
    assert_rendered(html)
    for label in head_of(html).labels:
        assert "$" not in label and "<" not in label


def test_the_abstract_shows_its_math_in_lists_and_on_the_paper_page(client, paper):
    for url in (reverse("publications:list"), paper.get_absolute_url()):
        html = html_of(client, url)
        assert "<mo>*</mo>" in html and "<msub><mi>a</mi><mi>b</mi></msub>" in html
        assert "<em>every</em>" in html


def test_the_paper_page_gives_its_title_as_plain_text_where_text_is_wanted(client, paper):
    html = html_of(client, paper.get_absolute_url())
    assert re.search(r"<h1><math display=\"inline\">|<h1>Sparse <math", html)
    head = head_of(html)
    assert head.title.startswith(PLAIN_TITLE + " · ")
    assert head.meta["citation_title"] == PLAIN_TITLE
    assert head.meta["og:title"] == PLAIN_TITLE
    assert head.meta["description"] == PLAIN_ABSTRACT
    assert head.meta["og:description"] == PLAIN_ABSTRACT
    assert "Links for " + PLAIN_TITLE in head.labels
    [article] = [data for data in head.jsonld if data.get("@type") == "ScholarlyArticle"]
    assert (article["name"], article["headline"]) == (PLAIN_TITLE, PLAIN_TITLE)
    assert article["abstract"] == PLAIN_ABSTRACT


@pytest.mark.parametrize("feed", ["feeds:publications_rss", "feeds:publications_atom"])
def test_feeds_give_titles_and_abstracts_as_plain_text(client, paper, feed):
    root = ET.fromstring(client.get(reverse(feed)).getvalue())
    titles = [e.text for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "title"]
    assert PLAIN_TITLE in titles
    descriptions = [
        e.text or "" for e in root.iter() if e.tag.rsplit("}", 1)[-1] in ("description", "summary")
    ]
    assert any(PLAIN_ABSTRACT in text for text in descriptions)
    assert not any("$" in text or "<math" in text for text in titles + descriptions)


def test_search_results_show_the_title_as_marked_plain_text(client, paper):
    html = html_of(client, reverse("search:search"), q="routing")
    assert "Sparse ℓ_1 <mark>routing</mark> with O(n log n) cost" in html
    assert "$" not in html.split("<main", 1)[-1].split("</form>", 1)[-1]


def test_a_talk_title_shows_its_math_and_is_plain_text_in_head_and_feeds(client, db):
    talk = make_talk(title=r"On $\alpha$-divergences", slug="alpha", abstract=ABSTRACT)
    for url in (reverse("talks:list"), talk.get_absolute_url()):
        assert "<mi>α</mi></mrow></math>-divergences" in html_of(client, url)
    assert head_of(html_of(client, talk.get_absolute_url())).title.startswith(
        "On α-divergences · "
    )
    rss = client.get(reverse("feeds:talks_rss")).getvalue().decode()
    assert "<title>On α-divergences (" in rss


def test_hostile_math_in_a_title_and_abstract_comes_out_escaped(client, db):
    publication = make_publication(
        title="$<script>alert(1)</script>$ title", abstract="$<script>alert(2)</script>$",
        slug="hostile",
    )  # fmt: skip
    for url in (publication.get_absolute_url(), reverse("publications:list")):
        html = html_of(client, url)
        # The only script a page has is its JSON-LD, whose "<" are escaped.
        assert re.findall(r"<script(?! type=\"application/ld\+json\")", html) == []
        assert "<mo>&lt;</mo><mi>s</mi><mi>c</mi>" in html


def test_the_json_resume_keeps_the_latex_source(client, paper):
    data = json.loads(client.get(reverse("cvdata:json")).getvalue())
    [publication] = data["publications"]
    assert publication["name"] == TITLE
    assert publication["summary"] == ABSTRACT


# --- BibTeX ---------------------------------------------------------------------------


def test_the_importer_keeps_math_as_latex_and_decodes_the_text_around_it(db):
    [outcome] = import_bibtex(
        r"@article{k, title = {{\"U}ber $\alpha$-divergences with $ O(n \log n) $ cost"
        r" and \(a_b\)}, abstract = {We bound $x_i * y_i$ for {\'e}tudes and \$5.},"
        " journal = {J}, year = 2020}"
    )
    assert outcome.action == "created", outcome.message
    publication = Publication.objects.get()
    assert publication.title == r"Über $\alpha$-divergences with $O(n \log n)$ cost and \(a_b\)"
    assert publication.abstract == r"We bound $x_i * y_i$ for études and $5."


def test_escaped_dollars_stay_text_and_never_become_math(db, client):
    import_bibtex(
        r"@misc{a, title = {Costs of \$5 and \$10}, year = 2020}"
        "\n"
        r"@misc{b, title = {Pay {\$}x{\$} now}, year = 2020}"
    )
    assert Publication.objects.get(citation_key="a").title == "Costs of $5 and $10"
    paid = Publication.objects.get(citation_key="b")
    # Written back as a dollar sign would read as math: the escape is kept.
    assert paid.title == r"Pay \$x\$ now"
    assert math_html(paid.title) == "Pay $x$ now"
    assert "<math" not in html_of(client, paid.get_absolute_url()).split("<h1>", 1)[1][:60]


def test_export_writes_math_as_latex(db):
    publication = make_publication(title=r"$K$-means and $\ell_1$ costs for $5", kind="journal")
    bibtex = to_bibtex(Publication.objects.with_related().get(pk=publication.pk))
    assert r"title = {{$K$}-means and $\ell_1$ costs for {\$}5}" in bibtex


@pytest.mark.parametrize(
    "title",
    [
        TITLE,
        r"$\alpha$-Divergences for ImageNet-scale Learning",
        r"Costs of \$x\$ and $y$ in \(\mathbb{R}^n\)",
        r"$$\sum_i x_i$$ and $a \$ b$",
        "Ünïcode $x$ — “quoted” & 50%",
    ],
)
def test_math_titles_round_trip_through_bibtex(client, db, title):
    make_publication(title=title, citation_key="rt", kind="journal", venue="J")
    first = client.get(reverse("publications:list_bibtex")).getvalue().decode()
    Publication.objects.all().delete()
    Author.objects.all().delete()
    assert [o.action for o in import_bibtex(first)] == ["created"]
    assert Publication.objects.get().title == title
    assert client.get(reverse("publications:list_bibtex")).getvalue().decode() == first
