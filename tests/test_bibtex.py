"""BibTeX in and out: hard entries, duplicates, errors, and the round trip."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from portfolio.publications.bibtex import to_bibtex
from portfolio.publications.bibtex_import import import_bibtex
from portfolio.publications.models import Author, Publication

from .factories import make_author, make_publication

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

@phdthesis{thesis, title = {My thesis}, author = {Doe, Jane}, school = {Technion}, year = 2021}
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
    assert (thesis.kind, thesis.venue) == ("thesis", "Technion")
    # Jane Doe wrote two of them and is one person.
    assert Author.objects.filter(family_name="Doe").count() == 1


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ("Hoffer, Elad", [("Elad", "Hoffer")]),
        ("Elad Hoffer", [("Elad", "Hoffer")]),
        ("Elad Hoffer and Nir Ailon", [("Elad", "Hoffer"), ("Nir", "Ailon")]),
        ("von Neumann, Jr, John", [("John", "von Neumann, Jr")]),
        ("{Shpigel Nacson}, Mor", [("Mor", "Shpigel Nacson")]),
        ("Hoffer, Elad and others", [("Elad", "Hoffer")]),
    ],
)
def test_name_forms(db, names, expected):
    import_bibtex(f"@misc{{k, title={{T}}, author={{{names}}}, year=2018}}")
    publication = Publication.objects.get()
    assert [(a.given_name, a.family_name) for a in publication.ordered_authors()] == expected


def test_existing_authors_are_matched_never_duplicated(db):
    owner = make_author(given_name="Elad", family_name="Hoffer", is_owner=True)
    daniel = make_author(given_name="Daniel", family_name="Soudry")
    import_bibtex(
        "@misc{a, title={One}, author={Hoffer, E. and D. Soudry and Hoffer, Elad}, year=2018}"
    )
    assert Author.objects.count() == 2
    publication = Publication.objects.get()
    # The same person twice in one list is a mistake in the file: kept once.
    assert publication.ordered_authors() == [owner, daniel]


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
    assert "http(s)" in outcomes["badurl"].message
    assert sorted(Publication.objects.values_list("title", flat=True)) == ["First", "Second"]


def test_an_entry_that_fails_validation_writes_nothing(db):
    long_title = "x" * 600
    outcomes = import_bibtex(
        f"@misc{{k, title={{{long_title}}}, author={{New, Person}}, year=2018}}"
    )
    assert outcomes[0].action == "error" and "title" in outcomes[0].message
    assert not Publication.objects.exists()
    assert not Author.objects.exists()


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
    author = make_author(family_name="Hoffer")
    make_publication(citation_key="hoffer2018", authors=[author])
    import_bibtex("@misc{hoffer2018, title={Norm matters}, author={Hoffer, Elad}, year=2018}")
    assert Publication.objects.get(title="Norm matters").citation_key == "hoffer2018norm"


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
    assert "Paste some BibTeX or choose a file" in response.content.decode()
    upload = SimpleUploadedFile("refs.bib", "title={Café}".encode("latin-1"))
    response = admin_client.post(url, {"file": upload, "preview": "1"})
    assert "not UTF-8" in response.content.decode()


# --- Export --------------------------------------------------------------------------


def test_export_turns_unicode_into_bibtex_safe_text(db):
    author = make_author(given_name="Jörg", family_name="Müller")
    publication = make_publication(
        title="Über 50% of R&D — Fourier's $x_1$ #1",
        authors=[author, make_author(given_name="Mor", family_name="Shpigel Nacson")],
        kind="journal",
        venue="Zeitschrift für Dinge",
        citation_key="mueller2018",
        year=2018,
        month=3,
    )
    bibtex = to_bibtex(Publication.objects.with_related().get(pk=publication.pk))
    assert bibtex.startswith("@article{mueller2018,\n")
    title = r"title = {{\"U}ber 50{\%} of {R{\&}D} {\textemdash} {Fourier's} {\$}x{\_}1{\$} {\#}1}"
    assert title in bibtex
    assert r"author = {M{\"u}ller, J{\"o}rg and {Shpigel Nacson}, Mor}" in bibtex
    assert r"journal = {Zeitschrift f{\"u}r Dinge}" in bibtex
    assert "month = mar" in bibtex
    assert bibtex.isascii()


def test_bibtex_round_trip(client, cv):
    first = client.get(reverse("publications:list_bibtex")).content.decode()
    Publication.objects.all().delete()
    Author.objects.all().delete()

    outcomes = import_bibtex(first)
    assert {o.action for o in outcomes} == {"created"}
    assert len(outcomes) == 13
    again = client.get(reverse("publications:list_bibtex")).content.decode()
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
    first = client.get(reverse("publications:list_bibtex")).content.decode()
    assert "pdf = {https://openreview.net/pdf?id=abc}" in first
    Publication.objects.all().delete()
    Author.objects.all().delete()
    import_bibtex(first)
    assert client.get(reverse("publications:list_bibtex")).content.decode() == first
