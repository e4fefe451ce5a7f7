"""BibTeX in and out: hard entries, duplicates, errors, and the round trip."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from portfolio.importing import outcomes as bibtex_outcomes
from portfolio.importing.sources import bibtex as bibtex_parsing
from portfolio.importing.sources.bibtex import MAX_FIELD_CHARS, import_bibtex, parse
from portfolio.publications.bibtex import latex as bibtex_latex
from portfolio.publications.bibtex import to_bibtex
from portfolio.publications.models import Author, Publication

from .factories import make_author, make_publication

DATA = Path(__file__).parent / "data"

HARD = r"""
@article{mueller2019,
  title = {{\"U}ber die {Fourier} {A}nalyse -- eine {\'e}tude},
  author = {M{\"u}ller, J{\"o}rg and Ludwig van Beethoven and de la Fontaine, Jr, Jean and others},
  journal = {Journal of Stuff},
  year = {2019},
  month = {March},
  keywords = {harmonic analysis; music},
  doi = {10.1000/abc.123}
}

@inproceedings{ws,
  title = "A workshop paper",
  author = "Doe, Jane",
  booktitle = {NeurIPS 2019 Workshop on Things},
  year = 2019, month = 12,
  url = {https://example.org/ws.pdf}
}

@misc{arxivonly,
  title = {A preprint},
  author = {Roe, Richard},
  year = 2020,
  eprint = {2001.01234},
  archivePrefix = {arXiv}
}

@phdthesis{thesis, title = {My thesis}, author = {Doe, Jane}, school = {Northfield}, year = 2021}
"""


def outcomes_by_key(outcomes):
    return {outcome.key: outcome for outcome in outcomes}


def test_hard_entries_are_decoded(db):
    outcomes = outcomes_by_key(import_bibtex(HARD))
    assert {key: o.action for key, o in outcomes.items()} == {
        "mueller2019": "created", "ws": "created", "arxivonly": "created", "thesis": "created"
    }  # fmt: skip

    paper = Publication.objects.with_related().get(citation_key="mueller2019")
    assert paper.title == "Über die Fourier Analyse – eine étude"
    assert [(a.given_name, a.family_name) for a in paper.ordered_authors()] == [
        ("Jörg", "Müller"),
        ("Ludwig", "van Beethoven"),
        ("Jean", "de la Fontaine, Jr"),
    ]
    assert "and others" in outcomes["mueller2019"].message
    assert (paper.kind, paper.venue, paper.year, paper.month) == (
        "journal", "Journal of Stuff", 2019, 3
    )  # fmt: skip
    assert paper.doi == "10.1000/abc.123"
    assert sorted(paper.tags.names()) == ["harmonic analysis", "music"]

    workshop = Publication.objects.with_related().get(citation_key="ws")
    assert (workshop.kind, workshop.month, workshop.pdf_url) == (
        "workshop", 12, "https://example.org/ws.pdf"
    )  # fmt: skip
    preprint = Publication.objects.with_related().get(citation_key="arxivonly")
    assert (preprint.kind, preprint.arxiv_id) == ("preprint", "2001.01234")
    thesis = Publication.objects.get(citation_key="thesis")
    assert (thesis.kind, thesis.venue) == ("thesis", "Northfield")
    # Jane Doe wrote two of them and is one person.
    assert Author.objects.filter(family_name="Doe").count() == 1


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ("Castellanos, Mira", [("Mira", "Castellanos")]),
        ("Mira Castellanos", [("Mira", "Castellanos")]),
        ("Mira Castellanos and Priya Raman", [("Mira", "Castellanos"), ("Priya", "Raman")]),
        ("von Neumann, Jr, John", [("John", "von Neumann, Jr")]),
        ("{Van Dijk}, Lotte", [("Lotte", "Van Dijk")]),
        ("Castellanos, Mira and others", [("Mira", "Castellanos")]),
    ],
)
def test_name_forms(names, expected):
    # Parsing needs no database: this test has none.
    [entry], errors = parse(f"@misc{{k, title={{T}}, author={{{names}}}, year=2018}}")
    assert errors == []
    assert entry.authors == expected


def test_names_are_stored_in_order(db):
    import_bibtex(
        "@misc{k, title={T}, author={Castellanos, Mira and {Van Dijk}, Lotte}, year=2018}"
    )
    publication = Publication.objects.get()
    assert [(a.given_name, a.family_name) for a in publication.ordered_authors()] == [
        ("Mira", "Castellanos"), ("Lotte", "Van Dijk")
    ]  # fmt: skip


def test_existing_authors_are_matched_never_duplicated(db):
    owner = make_author(given_name="Mira", family_name="Castellanos", is_owner=True)
    jonas = make_author(given_name="Jonas", family_name="Weber")
    import_bibtex(
        "@misc{a, title={One}, year=2018,"
        " author={Castellanos, M. and J. Weber and Castellanos, Mira}}"
    )
    assert Author.objects.count() == 2
    publication = Publication.objects.get()
    # The same person twice in one list is a mistake in the file: kept once.
    assert publication.ordered_authors() == [owner, jonas]


def test_initials_matching_two_people_create_a_new_author(db):
    make_author(given_name="Itay", family_name="Golan")
    make_author(given_name="Ido", family_name="Golan")
    import_bibtex("@misc{a, title={One}, author={Golan, I.}, year=2018}")
    assert Author.objects.filter(family_name="Golan").count() == 3


def test_a_malformed_entry_is_reported_and_the_others_imported(db):
    text = """@misc{good1, title={First}, year=2018}

@misc{broken,
  title = {Missing brace,
  year = 2018

@misc{good2, title={Second}, year=2019}
@misc{noyear, title={No year}}
@misc{badmonth, title={Bad month}, year=2018, month={Spring}}
@misc{badurl, title={Bad url}, year=2018, url={javascript:alert(1)}}
"""
    outcomes = outcomes_by_key(import_bibtex(text))
    assert outcomes["broken"].action == "error" and outcomes["broken"].line == 3
    assert "malformed" in outcomes["broken"].message
    assert outcomes["noyear"].message == "no year"
    assert "not a month" in outcomes["badmonth"].message
    # An address it cannot use leaves the link out, not the publication.
    assert outcomes["badurl"].action == "created"
    assert "url 'javascript:alert(1)' is not an http(s) address" in outcomes["badurl"].message
    assert not Publication.objects.get(title="Bad url").links.exists()
    titles = sorted(Publication.objects.values_list("title", flat=True))
    assert titles == ["Bad url", "First", "Second"]


def test_an_entry_that_fails_validation_writes_nothing(db):
    long_title = "x" * 600
    outcomes = import_bibtex(
        f"@misc{{k, title={{{long_title}}}, author={{New, Person}}, year=2018}}"
    )
    assert outcomes[0].action == "error" and "title" in outcomes[0].message
    assert not Publication.objects.exists()
    assert not Author.objects.exists()


def every_row_passes_the_admin_checks():
    from portfolio.publications.models import Authorship, PublicationLink

    for model in (Publication, Author, Authorship, PublicationLink):
        for row in model.objects.all():
            row.full_clean()


def test_the_people_of_an_entry_that_failed_are_not_used_by_the_next(db):
    """The failed entry's new author was undone with it: the next entry by the same
    person makes them anew, instead of naming a row that is not there."""
    outcomes = import_bibtex(
        "@misc{a, title={First}, author={Newcomer, Nora}, year=2018, url={http://exa mple.org}}\n"
        "@misc{b, title={Second}, author={Newcomer, Nora}, year=2019}\n"
    )
    assert [o.action for o in outcomes] == ["error", "created"]
    assert outcomes[0].message == "url: Enter a valid URL."
    second = Publication.objects.get()
    assert [author.name for author in second.ordered_authors()] == ["Nora Newcomer"]
    assert Author.objects.count() == 1
    every_row_passes_the_admin_checks()


def test_an_update_that_failed_leaves_the_publication_as_it_was_for_the_next(db):
    paper = make_publication(title="Kept", venue="", links=[("doi", "https://doi.org/10.1000/y")])
    text = (
        f"@article{{a, title={{Kept}}, journal={{Refused Venue}}, note={{{'n' * 101}}},"
        " doi={10.1000/y}, year=2018}\n"
        "@misc{b, title={Kept}, doi={10.1000/y}, year=2018}\n"
    )
    outcomes = import_bibtex(text, update=True)
    assert [o.action for o in outcomes] == ["error", "updated"]
    paper.refresh_from_db()
    assert paper.venue == ""


def test_made_citation_keys_stay_valid_beyond_z(db):
    """Keys made alike get a, b, ... z, then aa, ab: never a character BibTeX and
    the key's own check refuse."""
    unusable = "k" * 101  # longer than a key may be: a key is made instead
    entries = [
        f"@misc{{{unusable}{i}, title={{Quiet rivers {i}}}, author={{Doe, Jane}}, year=2018}}"
        for i in range(29)
    ]
    assert {o.action for o in import_bibtex("\n".join(entries))} == {"created"}
    keys = set(Publication.objects.values_list("citation_key", flat=True))
    assert {"doe2018quiet", "doe2018quieta", "doe2018quietz", "doe2018quietab"} <= keys
    every_row_passes_the_admin_checks()


def test_duplicates_by_doi_arxiv_and_title_are_skipped_or_updated(db):
    by_doi = make_publication(title="Old title", links=[("doi", "https://doi.org/10.1000/x")])
    by_arxiv = make_publication(
        kind="preprint", year=2018, links=[("arxiv", "https://arxiv.org/abs/1412.6622")]
    )
    by_title = make_publication(
        title="Deep Metric Learning: using Triplet network!", kind="other", year=2015
    )
    text = """
@misc{a, title={Other title}, doi={10.1000/X}, year=2018}
@misc{b, title={Another}, eprint={1412.6622v2}, archivePrefix={arXiv}, year=2018}
@misc{c, title={Deep metric learning using triplet network}, year=2015, note={Oral}}
@misc{d, title={Other title}, year=2018, doi={10.1000/x}}
"""
    outcomes = outcomes_by_key(import_bibtex(text))
    assert [outcomes[k].action for k in "abcd"] == ["skipped"] * 4
    assert "same DOI" in outcomes["a"].message and "same arXiv id" in outcomes["b"].message
    assert "same title" in outcomes["c"].message
    assert Publication.objects.count() == 3

    outcomes = outcomes_by_key(import_bibtex(text, update=True))
    assert outcomes["a"].action == "updated" and outcomes["a"].publication == by_doi
    by_doi.refresh_from_db()
    by_title.refresh_from_db()
    assert by_doi.title == "Other title"
    assert (by_title.year, by_title.note) == (2015, "Oral")
    assert Publication.objects.count() == 3
    assert by_arxiv.pk == outcomes["b"].publication.pk


def test_a_duplicate_key_in_the_file_is_reported(db):
    outcomes = import_bibtex("@misc{k, title={A}, year=2018}\n@misc{k, title={B}, year=2019}\n")
    assert [(o.action, o.line) for o in outcomes] == [("created", 1), ("error", 2)]
    assert "second entry with the key 'k'" in outcomes[1].message


def test_a_taken_citation_key_gets_a_new_one(db):
    author = make_author(family_name="Castellanos")
    make_publication(citation_key="castellanos2018", authors=[author])
    import_bibtex(
        "@misc{castellanos2018, title={Sparse matters}, author={Castellanos, Mira}, year=2018}"
    )
    assert Publication.objects.get(title="Sparse matters").citation_key == "castellanos2018sparse"


def test_dry_run_writes_nothing(db):
    outcomes = import_bibtex(HARD, dry_run=True)
    assert [o.action for o in outcomes] == ["created"] * 4
    assert not Publication.objects.exists() and not Author.objects.exists()


def test_the_command_reports_and_fails_on_errors(db, tmp_path, capsys):
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{ok, title={Fine}, year=2018}\n@misc{bad, title={No year}}\n")
    with pytest.raises(CommandError, match="1 entry could not be imported"):
        call_command("import_bibtex", str(bib))
    captured = capsys.readouterr()
    assert "1 created, 0 updated, 0 skipped, 1 error" in captured.out
    assert "line    2  bad" in captured.err and "no year" in captured.err
    assert Publication.objects.filter(title="Fine").exists()


def test_the_command_dry_run_and_unreadable_files(db, tmp_path, capsys):
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{ok, title={Fine}, year=2018}\n")
    call_command("import_bibtex", str(bib), "--dry-run")
    assert "Dry run, nothing written" in capsys.readouterr().out
    assert not Publication.objects.exists()
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_bibtex", str(tmp_path / "missing.bib"))
    latin = tmp_path / "latin.bib"
    latin.write_bytes("@misc{k, title={Caf\xe9}, year=2018}".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_bibtex", str(latin))


def test_the_admin_previews_then_imports(admin_client, db):
    url = reverse("admin:publications_publication_import_bibtex")
    assert admin_client.get(url).status_code == 200
    changelist = admin_client.get(reverse("admin:publications_publication_changelist"))
    assert url in changelist.content.decode()

    response = admin_client.post(url, {"text": HARD, "preview": "1"})
    assert response.status_code == 200
    assert "4 created, 0 updated, 0 skipped, 0 errors" in response.content.decode()
    assert not Publication.objects.exists()

    response = admin_client.post(url, {"text": HARD, "confirm": "1"})
    assert response.status_code == 302
    assert Publication.objects.count() == 4


def test_the_admin_import_rejects_empty_and_non_utf8_input(admin_client, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("admin:publications_publication_import_bibtex")
    response = admin_client.post(url, {"text": "  ", "preview": "1"})
    assert "Paste some BibTeX, RIS or CSL-JSON, or choose a file" in response.content.decode()
    upload = SimpleUploadedFile("refs.bib", "title={Café}".encode("latin-1"))
    response = admin_client.post(url, {"file": upload, "preview": "1"})
    assert "not UTF-8" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": '{"model": "publications.publication"}'}, "each with a type and a title"),
        ({"text": "@string{a = {b}} @comment{x}"}, "No references found. BibTeX entries start"),
        ({"text": "@misc{k, title={A\x00}, year=2018}"}, "Null characters are not allowed"),
        ({"file": b"@misc{k, title={A\x00}, year=2018}"}, "holds a NUL character"),
        ({"text": "@misc{k, title={A}, year=2018}", "file": b"@misc{j, title={B}, year=2018}"},
         "not both"),
    ],
)  # fmt: skip
def test_the_admin_import_explains_unusable_input(admin_client, db, data, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    if "file" in data:
        data = {**data, "file": SimpleUploadedFile("refs.bib", data["file"])}
    url = reverse("admin:publications_publication_import_bibtex")
    response = admin_client.post(url, {**data, "preview": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Paste some BibTeX" not in page
    assert not Publication.objects.exists()


@pytest.mark.parametrize(
    "content", ["", '[{"model": "publications.publication"}]', "@string{a={b}}"]
)
def test_the_command_refuses_a_file_without_entries(db, tmp_path, content):
    path = tmp_path / "refs.bib"
    path.write_text(content)
    with pytest.raises(CommandError, match="No BibTeX entries found"):
        call_command("import_bibtex", str(path))


# --- Export --------------------------------------------------------------------------


def test_export_turns_unicode_into_bibtex_safe_text(db):
    author = make_author(given_name="Jörg", family_name="Müller")
    publication = make_publication(
        title="Über 50% of R&D — Fourier's $x_1$ for $5 #1",
        authors=[author, make_author(given_name="Lotte", family_name="Van Dijk")],
        kind="journal",
        venue="Zeitschrift für Dinge",
        citation_key="mueller2018",
        year=2018,
        month=3,
    )
    bibtex = to_bibtex(Publication.objects.with_related().get(pk=publication.pk))
    assert bibtex.startswith("@article{mueller2018,\n")
    # Math stays LaTeX; a dollar sign of the text is escaped.
    title = (
        r"title = {{\"U}ber 50{\%} of {R{\&}D} {\textemdash} {Fourier's} $x_1$ for {\$}5 {\#}1}"
    )
    assert title in bibtex
    assert r"author = {M{\"u}ller, J{\"o}rg and {Van Dijk}, Lotte}" in bibtex
    assert r"journal = {Zeitschrift f{\"u}r Dinge}" in bibtex
    assert "month = mar" in bibtex
    assert bibtex.isascii()


def test_bibtex_round_trip(client, cv):
    first = client.get(reverse("publications:list_bibtex")).getvalue().decode()
    Publication.objects.all().delete()
    Author.objects.all().delete()

    outcomes = import_bibtex(first)
    assert {o.action for o in outcomes} == {"created"}
    assert len(outcomes) == 6
    again = client.get(reverse("publications:list_bibtex")).getvalue().decode()
    assert again == first


def test_another_version_of_a_work_is_linked_not_skipped(db):
    conference = make_publication(
        title="Deep metric learning using Triplet network", kind="conference", year=2015,
        links=[("arxiv", "https://arxiv.org/abs/1412.6622")],
    )  # fmt: skip
    outcomes = import_bibtex(
        "@inproceedings{ws, title={Deep metric learning using Triplet network},"
        " booktitle={ICLR 2015 Workshop}, year=2015, eprint={1412.6622}, archivePrefix={arXiv}}"
    )
    assert outcomes[0].action == "created"
    assert "another version of Deep metric learning" in outcomes[0].message
    workshop = Publication.objects.get(citation_key="ws")
    assert list(workshop.versions.all()) == [conference]


def test_odd_entries_are_errors_of_their_own_not_crashes(db):
    text = (
        "@misc{baddoi, title={T}, year={2020}, url={https://doi.org/10.1/x}}\n"
        "@misc{nested, title={" + "{" * 3000 + "x" + "}" * 3000 + "}, year=2020}\n"
        "@misc{fine, title={Fine}, year=2020}\n"
    )
    outcomes = outcomes_by_key(import_bibtex(text))
    assert outcomes["fine"].action == "created"
    assert outcomes["nested"].action == "error"
    # Not a DOI: kept as a plain link.
    assert outcomes["baddoi"].action == "created"
    link = Publication.objects.get(citation_key="baddoi").links.get()
    assert (link.kind, link.url) == ("other", "https://doi.org/10.1/x")


def test_a_link_that_could_break_a_bibtex_field_is_refused(db):
    from django.core.exceptions import ValidationError

    from portfolio.publications.models import PublicationLink

    link = PublicationLink(kind="pdf", url="https://example.org/x.pdf},note={INJECTED")
    with pytest.raises(ValidationError, match="percent-encoded"):
        link.full_clean(exclude=["publication"])


def test_an_update_with_and_others_keeps_the_complete_author_list(db):
    authors = [make_author(family_name=f"Person{i}") for i in range(5)]
    make_publication(title="Five authors", authors=authors, citation_key="five")
    outcomes = import_bibtex(
        "@misc{five, title={Five authors}, author={Person0, A. and others}, year=2019}",
        update=True,
    )
    assert outcomes[0].action == "updated"
    assert len(Publication.objects.get(citation_key="five").ordered_authors()) == 5


def test_a_pdf_link_round_trips_whatever_its_address(client, db):
    make_publication(
        title="Paper", citation_key="p1", links=[("pdf", "https://openreview.net/pdf?id=abc")]
    )
    first = client.get(reverse("publications:list_bibtex")).getvalue().decode()
    assert "pdf = {https://openreview.net/pdf?id=abc}" in first
    Publication.objects.all().delete()
    Author.objects.all().delete()
    import_bibtex(first)
    assert client.get(reverse("publications:list_bibtex")).getvalue().decode() == first


ODD_TEXT = [
    "Quote \"x\" and 'y' -- y^2 ~ z_1 & 50% #1 $5 {a} \\b",
    "Ελληνικά, Čapek, Nguyễn, ß, ø, ł, ı, …, ×, →, Ω, ∞, – — ’ “ ”",
    "``back'' ?` !` -- --- <a> | @",
]


@pytest.mark.parametrize("text", ODD_TEXT)
def test_any_text_round_trips_through_bibtex(client, db, text):
    make_publication(
        title=f"T {text}", citation_key="odd", venue=text, note=text, kind="journal",
        authors=[make_author(given_name=text[:20], family_name=text[-20:].strip() or "X")],
        links=[("pdf", "https://example.org/~user/a--b.pdf?x=1&y=%20z")],
    )  # fmt: skip
    first = client.get(reverse("publications:list_bibtex")).getvalue().decode()
    Publication.objects.all().delete()
    Author.objects.all().delete()

    outcomes = import_bibtex(first)
    assert [o.action for o in outcomes] == ["created"], outcomes
    publication = Publication.objects.get()
    assert publication.title == f"T {' '.join(text.split())}"
    assert publication.venue == " ".join(text.split())
    assert publication.pdf_url == "https://example.org/~user/a--b.pdf?x=1&y=%20z"
    assert client.get(reverse("publications:list_bibtex")).getvalue().decode() == first


def test_addresses_and_identifiers_are_read_verbatim(db):
    outcomes = import_bibtex(r"""
@article{urls, title={U}, journal={J}, year=2020,
  pdf={https://example.org/%7Euser/paper.pdf},
  url={\url{https://www.cs.toronto.edu/~hinton/a--b.html?x=1&y=2}},
  doi={10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O}}
@inproceedings{or, title={O}, booktitle={B}, year=2021,
  url={https://openreview.net/forum?id=abc\_d}}
""")  # fmt: skip
    assert [o.action for o in outcomes] == ["created", "created"], outcomes
    links = {
        key: [(ln.kind, ln.url) for ln in Publication.objects.get(citation_key=key).links.all()]
        for key in ("urls", "or")
    }
    assert links["urls"] == [
        (
            "doi",
            "https://doi.org/10.1002/(SICI)1097-4571(199806)49:8%3C693::AID-ASI4%3E3.0.CO;2-O",
        ),
        ("pdf", "https://example.org/%7Euser/paper.pdf"),
        ("other", "https://www.cs.toronto.edu/~hinton/a--b.html?x=1&y=2"),
    ]
    assert links["or"] == [("openreview", "https://openreview.net/forum?id=abc_d")]


def test_accented_names_are_split_as_bibtex_splits_them(db):
    existing = make_author(given_name="José", family_name="Peña")
    outcomes = import_bibtex(r"""
@article{acc, title={A}, journal={J}, year=2020,
  author={Pe\~{n}a, Jos\'{e} and Mu\~noz, A. and \v{C}ech, Eduard and Nguy\~{\^e}n, Van
          and M{\"u}ller, Hans and {\"O}zt{\"u}rk, Ay{\c s}e and Ulf Sch\"{o}n\ss{}}}
""")  # fmt: skip
    assert [o.action for o in outcomes] == ["created"], outcomes
    authors = Publication.objects.get().ordered_authors()
    assert [(a.given_name, a.family_name) for a in authors] == [
        ("José", "Peña"), ("A.", "Muñoz"), ("Eduard", "Čech"), ("Van", "Nguyễn"),
        ("Hans", "Müller"), ("Ayşe", "Öztürk"), ("Ulf", "Schönß"),
    ]  # fmt: skip
    assert authors[0] == existing


@pytest.mark.parametrize(
    ("names", "expected"),
    [("Doe, J and ", [("J", "Doe")]), ("and Doe, J", [("J", "Doe")]),
     ("Doe, J and and Roe, R", [("J", "Doe"), ("R", "Roe")])],
)  # fmt: skip
def test_stray_ands_in_an_author_list_name_no_one(db, names, expected):
    entry = f"@article{{k, title={{T}}, journal={{J}}, year=2020, author={{{names}}}}}"
    outcomes = import_bibtex(entry)
    assert [o.action for o in outcomes] == ["created"], outcomes
    authors = Publication.objects.get().ordered_authors()
    assert [(a.given_name, a.family_name) for a in authors] == expected


def test_string_macros_and_concatenation_are_resolved(db):
    outcomes = import_bibtex("""
@string{jmlr = {Journal of Machine Learning Research}}
@article{cat, title = "Joined" # { title}, journal = jmlr # " (JMLR)", year = 2020,
  note = "Published " # mar # " 2020"}
@article{undef, title = {U}, journal = undefinedmacro, year = 2020}
""")  # fmt: skip
    by_key = outcomes_by_key(outcomes)
    assert by_key["cat"].action == "created"
    cat = Publication.objects.get(citation_key="cat")
    assert cat.title == "Joined title"
    assert cat.venue == "Journal of Machine Learning Research (JMLR)"
    assert cat.note == "Published March 2020"
    assert by_key["undef"].action == "error"
    assert by_key["undef"].message == "journal: 'undefinedmacro' is not defined by an @string"
    assert not Publication.objects.filter(citation_key="undef").exists()


@pytest.mark.parametrize("update", [False, True])
def test_the_preprint_of_a_published_paper_is_a_duplicate(db, update):
    published = make_publication(
        title="Train longer, generalize better", kind="conference", year=2017,
        venue="NeurIPS", links=[("arxiv", "https://arxiv.org/abs/1705.08741")],
    )  # fmt: skip
    scholar = (
        "@article{castellanos2017train, title={Train longer, generalize better: closing the gap},"
        " journal={arXiv preprint arXiv:1705.08741}, year={2017}}"
    )
    outcomes = import_bibtex(scholar, update=update)
    assert outcomes[0].action == "skipped"
    assert "same arXiv id; this is its preprint" in outcomes[0].message
    published.refresh_from_db()
    assert Publication.objects.count() == 1
    assert (published.kind, published.venue) == ("conference", "NeurIPS")


def test_the_published_version_of_a_preprint_updates_it(db):
    preprint = make_publication(
        title="A paper", kind="preprint", year=2019,
        links=[("arxiv", "https://arxiv.org/abs/1901.00001")],
    )  # fmt: skip
    entry = (
        "@inproceedings{p, title={A paper}, booktitle={ICLR}, year=2020,"
        " eprint={1901.00001}, archivePrefix={arXiv}}"
    )
    assert import_bibtex(entry)[0].action == "skipped"
    assert import_bibtex(entry, update=True)[0].action == "updated"
    preprint.refresh_from_db()
    assert Publication.objects.count() == 1
    assert (preprint.kind, preprint.venue) == ("conference", "ICLR")


def test_a_thesis_is_exported_with_its_school_and_round_trips(client, db):
    make_publication(title="My thesis", kind="thesis", venue="Northfield", citation_key="th")
    first = client.get(reverse("publications:list_bibtex")).getvalue().decode()
    assert first.startswith("@phdthesis{th,") and "school = {Northfield}" in first
    Publication.objects.all().delete()
    Author.objects.all().delete()
    assert [o.action for o in import_bibtex(first)] == ["created"]
    assert Publication.objects.get().venue == "Northfield"
    assert client.get(reverse("publications:list_bibtex")).getvalue().decode() == first


def test_an_unusable_citation_key_is_replaced_or_the_existing_one_kept(db):
    long_key = "k" * 150
    outcomes = import_bibtex(
        f"@misc{{{long_key}, title={{Long key}}, year=2018, author={{Doe, Jane}}}}"
    )
    assert outcomes[0].action == "created", outcomes
    assert Publication.objects.get(title="Long key").citation_key.startswith("doe2018")

    make_publication(title="Kept key", citation_key="mine2018", year=2018, kind="other")
    outcomes = import_bibtex(
        f"@misc{{{long_key}2, title={{Kept key}}, year=2018, note={{new}}}}", update=True
    )
    assert outcomes[0].action == "updated", outcomes
    kept = Publication.objects.get(title="Kept key")
    assert (kept.citation_key, kept.note) == ("mine2018", "new")


def test_a_preprint_and_its_paper_in_one_file_are_two_versions(db):
    for order in ([0, 1], [1, 0]):
        Publication.objects.all().delete()
        entries = [
            "@article{pre, title={Sparse matters}, journal={arXiv preprint arXiv:2101.00001},"
            " year=2018, author={Castellanos, Mira}}",
            "@inproceedings{conf, title={Sparse matters}, booktitle={NeurIPS}, year=2018,"
            " author={Castellanos, Mira}}",
        ]
        outcomes = import_bibtex("\n".join(entries[i] for i in order))
        assert [o.action for o in outcomes] == ["created", "created"], outcomes
        pre, conf = (Publication.objects.get(citation_key=k) for k in ("pre", "conf"))
        assert (pre.kind, conf.kind) == ("preprint", "conference")
        assert list(pre.versions.all()) == [conf]


def test_a_preprint_with_only_the_title_of_another_paper_is_imported(db):
    make_publication(
        title="Introduction", kind="journal", year=1999,
        authors=[make_author(given_name="Ann", family_name="Old")],
    )  # fmt: skip
    outcomes = import_bibtex(
        "@article{x, title={Introduction}, journal={arXiv preprint arXiv:2101.00001},"
        " year=2021, author={New, Bob}}"
    )
    assert outcomes[0].action == "created", outcomes
    assert Publication.objects.count() == 2


def test_a_preprint_found_by_title_needs_the_same_first_author(db):
    make_publication(
        title="Train longer, generalize better", kind="conference", year=2017,
        authors=[make_author(given_name="Mira", family_name="Castellanos")],
    )  # fmt: skip
    outcomes = import_bibtex(
        "@article{x, title={Train longer, generalize better}, journal={arXiv preprint},"
        " year=2017, author={Castellanos, M. and Lind, T.}}"
    )
    assert outcomes[0].action == "skipped", outcomes


def test_fields_the_publication_does_not_keep_may_use_unknown_abbreviations(db):
    outcomes = import_bibtex(
        "@inproceedings{k, title={T}, year=2020, booktitle={Conf}, publisher = acm,"
        " address = NY, pages = 1--10, number = 3a}"
    )
    assert outcomes[0].action == "created", outcomes
    # A book's publisher is its venue: it must be understood.
    [outcome] = import_bibtex("@book{b, title={T}, year=2020, publisher = acm}")
    assert outcome.is_error and "publisher: 'acm' is not defined by an @string" in outcome.message


@pytest.mark.parametrize(
    ("names", "expected"),
    [(r"Ba\'\i ri, K.", [("K.", "Baíri")]), (r"S\o ren Kierkegaard", [("Søren", "Kierkegaard")]),
     (r"Doe, Pr\o and Roe, R", [("Pr\u00f8", "Doe"), ("R", "Roe")])],
)  # fmt: skip
def test_a_control_word_takes_the_space_after_it(db, names, expected):
    outcomes = import_bibtex(f"@misc{{k, title={{T}}, year=2020, author={{{names}}}}}")
    assert outcomes[0].action == "created", outcomes
    authors = Publication.objects.get().ordered_authors()
    assert [(a.given_name, a.family_name) for a in authors] == expected


def test_a_space_inside_an_address_is_percent_encoded(db):
    outcomes = import_bibtex("@misc{k, title={T}, year=2020, url={ https://ex.org/a b.html }}")
    assert outcomes[0].action == "created", outcomes
    assert Publication.objects.get().links.get().url == "https://ex.org/a%20b.html"


# --- Bounded work --------------------------------------------------------------------


def count_decoding(monkeypatch, lengths: list[int]) -> None:
    """Record the length of every text the LaTeX decoder is given."""
    real = bibtex_latex.to_text

    def counted(value, **options):
        lengths.append(len(value))
        return real(value, **options)

    monkeypatch.setattr(bibtex_latex, "to_text", counted)
    monkeypatch.setattr(bibtex_parsing, "to_text", counted)


def entries(n: int, abstract: str = "") -> str:
    return "".join(
        f"@article{{k{i}, title={{Paper {i}}}, author={{Doe, Jane}}, journal={{J}},"
        f" year={{2020}}, abstract={{{abstract}}}}}\n"
        for i in range(n)
    )


def test_a_field_longer_than_the_limit_is_refused_unread(db, monkeypatch):
    decoded = []
    count_decoding(monkeypatch, decoded)
    long = "x" * (MAX_FIELD_CHARS + 1)
    text = entries(1, abstract=long) + entries(1)[:-1].replace("k0", "ok") + "\n"
    outcomes = outcomes_by_key(import_bibtex(text))
    assert outcomes["k0"].action == "error"
    assert "abstract is 20,001 characters long; the limit is 20,000" in outcomes["k0"].message
    assert outcomes["ok"].action == "created"
    assert max(decoded) <= MAX_FIELD_CHARS


@pytest.mark.parametrize("closing", ["", "}"])
def test_an_unbalanced_brace_costs_one_bounded_error(db, monkeypatch, closing):
    """A brace left open swallows the rest of the file: with no entry after it the
    field runs to the end of the file (or to a stray closing brace)."""
    decoded = []
    count_decoding(monkeypatch, decoded)
    text = entries(3) + "@article{open, title={T}, year=2020, abstract={Never closed,\n"
    text += "notes\n" * 5000 + closing
    outcomes = import_bibtex(text, dry_run=True)
    assert [o.action for o in outcomes] == ["created", "created", "created", "error"]
    assert outcomes[-1].key == "open"
    assert max(decoded) <= MAX_FIELD_CHARS


def test_decoding_work_is_linear_in_the_input(db, monkeypatch):
    """Every character reaches the LaTeX decoder at most once, and no field over the
    limit reaches it: the decoding work is bounded by the file's length."""
    seen = []
    count_decoding(monkeypatch, seen)
    for n in (10, 100):
        seen.clear()
        text = entries(n, abstract="Accents {\\'e} and $x^2$ -- " * 50)
        parse(text)
        assert sum(seen) <= len(text)
        assert len(seen) >= n  # each entry's text was decoded


def test_a_url_field_of_nested_braces_is_read_in_linear_time(db, monkeypatch):
    # The old pattern backtracked quadratically over "}{" pairs.
    value = bibtex_latex.verbatim_text("\\url{" + "}{" * 5000)
    assert isinstance(value, str)


def test_the_admin_refuses_more_entries_than_it_imports_at_once(admin_client, db):
    url = reverse("admin:publications_publication_import_bibtex")
    response = admin_client.post(url, {"text": entries(501), "preview": "1"})
    page = response.content.decode()
    assert "This holds 501 entries; the admin imports at most 500 at a time" in page
    assert not Publication.objects.exists()


def test_the_admin_refuses_more_than_512_kb(admin_client, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("admin:publications_publication_import_bibtex")
    big = entries(1, abstract="x" * (512 * 1024)).encode()
    response = admin_client.post(url, {"file": SimpleUploadedFile("r.bib", big), "preview": "1"})
    assert "The file is larger than 512 KB" in response.content.decode()


@pytest.mark.parametrize("step", ["preview", "confirm"])
def test_an_admin_import_past_its_deadline_stops_and_writes_nothing(
    admin_client, db, monkeypatch, settings, step
):
    settings.BIBTEX_ADMIN_SECONDS = 5
    clock = iter(range(0, 10_000, 1))  # each reading of the clock is a second later
    monkeypatch.setattr(bibtex_outcomes.time, "monotonic", lambda: next(clock))
    url = reverse("admin:publications_publication_import_bibtex")
    response = admin_client.post(url, {"text": entries(20), step: "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The import was stopped after 5 seconds" in page
    assert "nothing was imported" in page
    assert not Publication.objects.exists()


def test_the_command_has_no_deadline(db, tmp_path, monkeypatch):
    clock = iter(range(0, 10_000_000, 1000))
    monkeypatch.setattr(bibtex_outcomes.time, "monotonic", lambda: next(clock))
    path = tmp_path / "refs.bib"
    path.write_text(entries(20))
    call_command("import_bibtex", str(path), verbosity=0)
    assert Publication.objects.count() == 20


# --- One rule per identifier; parsing without a database -----------------------------


def test_parsing_needs_no_database():
    # No db fixture: any query here would fail the test.
    entries_, errors = parse(
        "@article{a, title={On {\\'E}tale Things}, author={Pe\\~{n}a, Ana}, year=2001,"
        " eprint={math.GT/0309136}, archivePrefix={arXiv}, doi={10.1000/xyz}}"
    )
    assert errors == []
    [entry] = entries_
    assert entry.title == "On Étale Things"
    assert entry.authors == [("Ana", "Peña")]
    assert entry.arxiv_id == "math.GT/0309136"
    assert entry.doi == "10.1000/xyz"


@pytest.mark.parametrize(
    ("eprint", "arxiv_id"),
    [
        ("math.GT/0309136", "math.GT/0309136"),
        ("hep-th/9901001v2", "hep-th/9901001"),
        ("arXiv:1412.6622v3", "1412.6622"),
    ],
)
def test_old_and_new_arxiv_ids_are_one_rule_for_import_model_and_export(db, eprint, arxiv_id):
    [outcome] = import_bibtex(
        f"@misc{{k, title={{T}}, author={{Doe, J.}}, year=2003, eprint={{{eprint}}},"
        " archivePrefix={arXiv}}"
    )
    assert outcome.action == "created", outcome.message
    publication = Publication.objects.get()
    assert publication.arxiv_id == arxiv_id
    link = publication.links.get()
    link.full_clean()  # the model accepts what the importer made
    assert f"eprint = {{{arxiv_id}}}" in to_bibtex(publication)


def test_a_match_is_a_typed_value(db):
    from portfolio.importing.matching import Catalogue
    from portfolio.importing.outcomes import MatchedBy

    existing = make_publication(
        title="Known", year=2020, links=[("doi", "https://doi.org/10.1000/known")]
    )
    [entry], _ = parse("@article{x, title={Other title}, year=2020, doi={10.1000/known}}")
    match = Catalogue().match(entry)
    assert (match.publication, match.by, match.is_preprint) == (existing, MatchedBy.DOI, False)


@pytest.mark.parametrize(
    "venue",
    ["journal={arXiv preprint arXiv:1901.09335}", "journal={CoRR}, volume={abs/1901.09335}",
     "journal={CoRR, abs/1901.09335}", "journal={ArXiv}", "journal={arXiv e-prints}"],
)  # fmt: skip
def test_an_arxiv_venue_is_arxiv_not_the_id_twice(db, venue):
    outcomes = import_bibtex(
        f"@article{{k, title={{Sparse Things}}, {venue}, year=2019, author={{Doe, Jane}},"
        " eprint={1901.09335}, archivePrefix={arXiv}}"
    )
    assert outcomes[0].action == "created", outcomes
    publication = Publication.objects.get()
    assert (publication.kind, publication.venue, publication.venue_short) == (
        "preprint",
        "",
        "arXiv",
    )
    assert publication.arxiv_id == "1901.09335"


def test_a_journal_named_like_arxiv_but_longer_keeps_its_name(db):
    import_bibtex(
        "@article{k, title={T}, journal={Journal of arXiv Studies}, year=2019, author={Doe, Jane}}"
    )
    assert Publication.objects.get().venue == "Journal of arXiv Studies"


@pytest.mark.parametrize(
    ("title", "field"),
    [
        ("Sparse Adapters: Training Large Models", "Sparse Adapters: Training Large Models"),
        ("Fix your classifier: the marginal value of training the last weight layer",
         "Fix your classifier: the marginal value of training the last weight layer"),
        ("Learning with Gaussian processes on ImageNet",
         "Learning with {Gaussian} processes on {ImageNet}"),
        ("Scalable Methods for 8-bit Training of Neural Networks",
         "Scalable Methods for 8-bit Training of Neural Networks"),
        ("BERT Goes Sparse: ImageNet-scale Results",
         "{BERT} Goes Sparse: {ImageNet-scale} Results"),
        ("Über die Fourier-Analyse", "{\\\"U}ber die {Fourier-Analyse}"),
    ],
)  # fmt: skip
def test_titles_brace_only_what_a_style_must_keep(title, field):
    from portfolio.publications.bibtex.latex import title_field

    assert title_field(title) == field


def test_the_preview_shows_kind_year_venue_people_and_links_what_is_here(admin_client, db):
    known = make_author(given_name="Jonas", family_name="Weber")
    here = make_publication(title="Already Here", links=[("doi", "https://doi.org/10.1000/here")])
    text = (
        "@inproceedings{new, title={A New Paper}, booktitle={ICLR}, year=2019,"
        " author={Weber, Jonas and Lovelace, Ada}}\n"
        "@article{dup, title={Already Here}, journal={J}, year=2018, doi={10.1000/here}}"
    )
    url = reverse("admin:publications_publication_import_bibtex")
    html = admin_client.post(url, {"text": text, "preview": "1"}).content.decode()
    assert "<td>Conference proceedings, 2019, ICLR</td>" in html
    assert f"{known.name} <em>(here)</em>, Ada Lovelace <em>(new)</em>" in html
    change = reverse("admin:publications_publication_change", args=[here.pk])
    assert f'<a href="{change}">Already Here</a>' in html
    assert not Publication.objects.filter(title="A New Paper").exists()  # a preview writes nothing


# --- Files written for al-folio and by hand ----------------------------------------------


def test_a_pdf_field_that_is_no_address_is_named_and_the_entry_still_comes_in(db):
    # al-folio's own example: a file name beside the site's pages, not an address.
    outcomes = import_bibtex(
        "@article{PhysRev.47.777, title={Can Quantum-Mechanical Description of Physical"
        " Reality Be Considered Complete?}, author={Einstein, A.}, journal={Phys. Rev.},"
        " year={1935}, doi={10.1103/PhysRev.47.777}, pdf={example_pdf.pdf},"
        " url={papers/epr.html}}"
    )
    assert [o.action for o in outcomes] == ["created"], outcomes[0].message
    paper = Publication.objects.with_related().get()
    assert [(link.kind, link.url) for link in paper.links.all()] == [
        ("doi", "https://doi.org/10.1103/PhysRev.47.777")
    ]
    assert "pdf 'example_pdf.pdf' is not an http(s) address: left out" in outcomes[0].message
    assert "url 'papers/epr.html' is not an http(s) address: left out" in outcomes[0].message


def test_a_venue_keeps_no_trailing_comma():
    entries, errors = parse(
        "@article{m, title={The meaning of relativity}, year={1950},"
        " journal={American Journal of Physics, }}"
        "@inproceedings{p, title={P}, year={2020}, booktitle={Proceedings of Things,}}"
    )
    assert errors == []
    assert [e.venue for e in entries] == ["American Journal of Physics", "Proceedings of Things"]


def test_a_book_is_a_book_not_a_chapter_its_publisher_the_venue(client, db):
    outcomes = import_bibtex(
        "@book{przibram1967letters, title={Letters on wave mechanics}, year={1967},"
        " author={Einstein, Albert and Przibram, Karl}, publisher={Vision,}}"
        "@incollection{part, title={A part}, booktitle={A Book}, year={1967},"
        " publisher={Vision}}"
    )
    assert [o.action for o in outcomes] == ["created", "created"], outcomes
    book = Publication.objects.get(citation_key="przibram1967letters")
    assert (book.kind, book.venue) == (Publication.Kind.BOOK, "Vision")
    part = Publication.objects.get(citation_key="part")
    assert (part.kind, part.venue) == (Publication.Kind.CHAPTER, "A Book")
    bibtex = client.get(reverse("publications:bibtex", args=[book.slug])).content.decode()
    assert bibtex.startswith("@book{przibram1967letters,")
    assert "publisher = {Vision}" in bibtex and "booktitle" not in bibtex
    ris = client.get(reverse("publications:ris", args=[book.slug])).content.decode()
    assert ris.startswith("TY  - BOOK\n") and "PB  - Vision\n" in ris and "T2  -" not in ris
    [csl] = client.get(reverse("publications:csl", args=[book.slug])).json()
    assert (csl["type"], csl["publisher"]) == ("book", "Vision")
    assert "container-title" not in csl


def test_a_book_is_exported_with_its_publisher_and_round_trips(client, db):
    make_publication(title="My book", kind="book", venue="Northfield Press", citation_key="bk")
    first = client.get(reverse("publications:list_bibtex")).getvalue().decode()
    assert first.startswith("@book{bk,") and "publisher = {Northfield Press}" in first
    Publication.objects.all().delete()
    Author.objects.all().delete()
    assert [o.action for o in import_bibtex(first)] == ["created"]
    book = Publication.objects.get()
    assert (book.kind, book.venue) == (Publication.Kind.BOOK, "Northfield Press")
    assert client.get(reverse("publications:list_bibtex")).getvalue().decode() == first


def test_a_doi_written_as_an_address_is_the_doi():
    [entry], errors = parse(
        "@article{EJ2021, title={Distributed machine learning}, journal={The Electricity"
        " Journal}, year={2021}, doi={https://doi.org/10.1016/j.tej.2020.106883}}"
    )
    assert errors == []
    assert entry.doi == "10.1016/j.tej.2020.106883"


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ("*Pang, Ce and Qiu, Chenxi", [("Ce", "Pang"), ("Chenxi", "Qiu")]),
        # U+2217, the asterisk operator, as some files write the star.
        ("Qiu, Chenxi and ∗Yadav, Sourabh", [("Chenxi", "Qiu"), ("Sourabh", "Yadav")]),
        ("Qiu, Chenxi and Yadav∗, Sourabh", [("Chenxi", "Qiu"), ("Sourabh", "Yadav")]),
        ("* Ce Pang and Chenxi Qiu", [("Ce", "Pang"), ("Chenxi", "Qiu")]),
    ],
)
def test_a_star_before_a_name_marks_equal_contribution(authors, expected):
    [entry], errors = parse(f"@article{{k, title={{T}}, year=2020, author={{{authors}}}}}")
    assert errors == []
    assert entry.authors == expected
    marked = 0 if authors.lstrip().startswith("*") else 1
    assert [equal for equal, _ in entry.author_marks] == [i == marked for i in range(2)]


def test_pubmedid_is_the_pubmed_id():
    [entry], errors = parse(
        "@article{Sensor2021, title={Wideband Anti-Jamming}, journal={Sensors}, year={2021},"
        " ARTICLE-NUMBER={1136}, PubMedID={33561972}, DOI={10.3390/s21041136}}"
    )
    assert errors == []
    assert (entry.doi, entry.pmid) == ("10.3390/s21041136", "33561972")


def test_al_folios_example_bibliography_comes_in_whole(db):
    text = (DATA / "sites" / "al-folio" / "_bibliography" / "papers.bib").read_text()
    outcomes = import_bibtex(text)
    assert [o.action for o in outcomes] == ["created"] * 7, [(o.key, o.message) for o in outcomes]
    venues = dict(Publication.objects.values_list("citation_key", "venue"))
    assert venues["einstein1950meaning"] == "American Journal of Physics"
    assert venues["PhysRev.47.777"] == "Phys. Rev."
