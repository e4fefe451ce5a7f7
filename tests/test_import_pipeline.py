"""The one pipeline every import goes through: records from any source are
matched by one matcher, previewed, and written by one writer."""

import pytest

from portfolio.importing.outcomes import Action
from portfolio.importing.pipeline import run
from portfolio.publications.models import Publication, PublicationLink
from portfolio.publications.records import Record

from .factories import make_publication

pytestmark = pytest.mark.django_db
Kind, LinkKind = Publication.Kind, PublicationLink.Kind


def record(key="r1", title="A new paper", kind=Kind.JOURNAL, year=2020, **fields) -> Record:
    fields.setdefault("authors", [("Ada", "Lovelace")])
    fields.setdefault("author_marks", [(False, False)] * len(fields["authors"]))
    return Record(key=key, line=1, title=title, kind=kind, year=year, month=None, **fields)


PUBMED = "https://pubmed.ncbi.nlm.nih.gov/31452104/"


@pytest.mark.parametrize(
    ("here", "incoming", "by"),
    [
        ((LinkKind.DOI, "https://doi.org/10.1000/ABC"), "https://doi.org/10.1000/abc", "DOI"),
        ((LinkKind.PUBMED, PUBMED), PUBMED, "PubMed id"),
        ((LinkKind.ARXIV, "https://arxiv.org/abs/1901.09335"), "https://arxiv.org/abs/1901.09335v3",
         "arXiv id"),
    ],
)  # fmt: skip
def test_a_record_is_matched_by_its_identifiers(here, incoming, by):
    existing = make_publication(title="Old title", kind=Kind.JOURNAL, year=2020, links=[here])
    [outcome] = run([record(title="Another title", links=[(here[0], incoming)])])
    assert outcome.action == Action.SKIPPED
    assert outcome.publication == existing
    assert f"same {by}" in outcome.message
    assert Publication.objects.count() == 1


def test_a_record_is_matched_by_its_title_whatever_its_case_and_punctuation():
    existing = make_publication(title="Deep Nets: A Study", kind=Kind.JOURNAL, year=2020)
    [outcome] = run([record(title="deep nets -- a study")])
    assert (outcome.action, outcome.publication) == (Action.SKIPPED, existing)


def test_a_preview_writes_nothing_and_says_what_would_happen():
    outcomes = run([record(), record("r2", title="Second")], dry_run=True)
    assert [o.preview for o in outcomes] == ["will be created", "will be created"]
    assert not Publication.objects.exists()


def test_a_record_that_is_a_version_of_another_is_linked_to_it():
    published = record("pub", title="The journal version")
    preprint = record(
        "pre", title="An early title", kind=Kind.PREPRINT, year=2019, version_of="pub"
    )
    outcomes = run([published, preprint])
    assert [o.action for o in outcomes] == [Action.CREATED, Action.CREATED]
    journal = Publication.objects.get(title="The journal version")
    assert [p.title for p in journal.versions.all()] == ["An early title"]
    assert "another version of The journal version" in outcomes[1].message


def test_a_record_in_error_writes_nothing_and_the_others_are_written():
    bad = record("bad", title="x" * 600)  # longer than a title may be
    outcomes = run([bad, record("good")])
    assert [o.action for o in outcomes] == [Action.ERROR, Action.CREATED]
    assert "title" in outcomes[0].message
    assert list(Publication.objects.values_list("title", flat=True)) == ["A new paper"]
