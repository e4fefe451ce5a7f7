"""Fidelity of fixtures/cv.json to the first user's CV (the seed CV this project
ships): every entry transcribed completely and cleanly. These checks are about
that one CV; see tests/seed_cv/conftest.py for when they run."""

from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from taggit.models import Tag, TaggedItem

from portfolio.cvdata.fixtures import export_fixture
from portfolio.positions.models import Position
from portfolio.profile.models import Award, Language, Profile, Skill
from portfolio.publications.models import Author, Publication
from portfolio.talks.models import Talk

from ..factories import content_counts

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "cv.json"

# (kind, title, venue short name, year, month, note, authors in order), as in the CV.
CV_PUBLICATIONS = [
    ("conference", "Deep metric learning using Triplet network", "SIMBAD 2015", 2015, 10, "",
     ["Elad Hoffer", "Nir Ailon"]),
    ("conference", "Train longer, generalize better: closing the generalization gap in large "
     "batch training of neural networks", "NIPS 2017", 2017, 12, "Oral",
     ["Elad Hoffer", "Itay Hubara", "Daniel Soudry"]),
    ("conference", "Fix your classifier: the marginal value of training the last weight layer",
     "ICLR 2018", 2018, 4, "", ["Elad Hoffer", "Itay Hubara", "Daniel Soudry"]),
    ("conference", "The Implicit Bias of Gradient Descent on Separable Data", "ICLR 2018", 2018, 4,
     "", ["Daniel Soudry", "Elad Hoffer", "Mor Shpigel Nacson", "Nathan Srebro"]),
    ("conference", "Norm matters: efficient and accurate normalization schemes in deep networks",
     "NIPS 2018", 2018, 4, "Spotlight",
     ["Elad Hoffer", "Ron Banner", "Itay Golan", "Daniel Soudry"]),
    ("conference", "Scalable Methods for 8-bit Training of Neural Networks", "NIPS 2018", 2018, 12,
     "", ["Ron Banner", "Itay Hubara", "Elad Hoffer", "Daniel Soudry"]),
    ("workshop", "Deep metric learning using Triplet network", "ICLR 2015 Workshop", 2015, 5, "",
     ["Elad Hoffer", "Nir Ailon"]),
    ("workshop", "Deep unsupervised learning through spatial contrasting", "NIPS 2016 Workshop",
     2016, 12, "", ["Elad Hoffer", "Itay Hubara", "Nir Ailon"]),
    ("workshop", "Semi-supervised deep learning by metric embedding", "ICLR 2017 Workshop", 2017,
     5, "", ["Elad Hoffer", "Nir Ailon"]),
    ("workshop", "Exponentially vanishing sub-optimal local minima in multilayer neural networks",
     "ICLR 2018 Workshop", 2018, 4, "", ["Daniel Soudry", "Elad Hoffer"]),
    ("workshop", "Infer2Train: leveraging inference for better training of deep networks",
     "NIPS 2018 Workshop", 2018, 12, "",
     ["Elad Hoffer", "Berry Weinstein", "Itay Hubara", "Sergei Gofman", "Daniel Soudry"]),
    ("preprint", "On the Blindspots of Convolutional Networks", "arXiv", 2018, 2, "",
     ["Elad Hoffer", "Shai Fine", "Daniel Soudry"]),
    ("preprint", "Bayesian Gradient Descent: Online Variational Bayes Learning with Increased "
     "Robustness to Catastrophic Forgetting and Weight Pruning", "arXiv", 2018, 4, "",
     ["Chen Zeno", "Itay Golan", "Elad Hoffer", "Daniel Soudry"]),
]  # fmt: skip


def test_the_committed_fixture_is_in_export_form(cv):
    assert export_fixture() == FIXTURE.read_text(encoding="utf-8")


def test_loading_the_cv_twice_changes_no_count(cv):
    first = content_counts()
    call_command("loaddata", "cv", verbosity=0)
    assert content_counts() == first
    assert first["publications.Publication"] == 13


def test_every_publication_is_there_with_its_authors_in_order(cv):
    found = [
        (
            p.kind,
            p.title,
            p.venue_short,
            p.year,
            p.month,
            p.note,
            [a.name for a in p.ordered_authors()],
        )
        for p in Publication.objects.with_related().in_cv_order()
    ]
    kind_rank = {kind: rank for rank, kind in enumerate(Publication.Kind.values)}
    newest_first_by_kind = sorted(
        CV_PUBLICATIONS, key=lambda p: (kind_rank[p[0]], -p[3], -(p[4] or 0), p[1])
    )
    assert found == newest_first_by_kind


def test_the_owner_is_on_every_publication(cv):
    owner = Author.objects.get(is_owner=True)
    assert owner.name == "Elad Hoffer"
    assert owner.publications.count() == 13
    assert Author.objects.count() == 12


def test_the_two_versions_of_the_triplet_paper_point_to_each_other(cv):
    simbad, iclr = Publication.objects.filter(title__startswith="Deep metric").order_by("kind")
    assert (simbad.venue_short, iclr.venue_short) == ("SIMBAD 2015", "ICLR 2015 Workshop")
    assert list(simbad.versions.all()) == [iclr]
    assert list(iclr.versions.all()) == [simbad]
    assert simbad.doi == "10.1007/978-3-319-24261-3_7"
    assert simbad.arxiv_id == iclr.arxiv_id == "1412.6622"


def test_every_arxiv_id_is_a_verified_one(cv):
    ids = {p.slug: p.arxiv_id for p in Publication.objects.with_related()}
    assert ids["infer2train"] == ""  # no public identifier was verified for it
    assert sorted(i for i in ids.values() if i) == sorted(
        ["1412.6622", "1412.6622", "1705.08741", "1801.04540", "1710.10345", "1803.01814",
         "1805.11046", "1610.00243", "1611.01449", "1702.05777", "1802.05187", "1803.10123"]
    )  # fmt: skip


def test_the_pdf_extraction_artifacts_are_repaired(cv):
    texts = []
    for app in ("profile", "publications", "positions", "talks"):
        for model in apps.get_app_config(app).get_models():
            for obj in model.objects.all():
                texts += [str(v) for v in vars(obj).values() if isinstance(v, str)]
    joined = "\n".join(texts)
    for artifact in ("\\left", "$", "\\right", "##", "Description:", "the ma\n"):
        assert artifact not in joined
    phd = Position.objects.get(degree__startswith="PhD")
    assert phd.description == (
        'My research explores the machine learning technique known as "Deep Learning" which '
        "uses artificial neural networks to learn useful data representations."
    )
    norm = Publication.objects.get(slug="norm-matters")
    assert "weight-normalization and show the connection" in norm.abstract


def test_positions_education_and_military_service(cv):
    kinds = [
        (p.kind, p.title, p.organisation, p.date_range_display) for p in Position.objects.all()
    ]
    assert kinds == [
        ("education", "PhD (Direct track) Electrical Engineering",
         "Technion, Israel Institute of Technology", "2014–Present"),
        ("employment", "Deep Learning researcher", "Intel", "2015–2016"),
        ("employment", "Visual Algorithms and Neural Networks", "Intel", "2013–2015"),
        ("education", "BSc Electrical Engineering", "Technion, Israel Institute of Technology",
         "2010–2014"),
        ("military", "Commanding Officer", "IDF", "2005–2009"),
        ("education", "", 'High-school "Itzhak Rabin"', "2004"),
        ("employment", "Emulation student", "Intel", ""),
    ]  # fmt: skip
    phd = Position.objects.get(degree__startswith="PhD")
    assert (phd.advisor, phd.research_topic) == (
        "Prof. Daniel Soudry",
        "Deep Learning of Representations",
    )
    bsc = Position.objects.get(degree="BSc")
    assert (bsc.grade, bsc.honours) == ("GPA: 90", "Cum Laude")
    assert bsc.thesis.startswith("Real-Time Movie Subtitles Extraction")


def test_talks_awards_skills_languages_and_profile(cv):
    talks = [(t.title, t.event, t.date_display, t.kind) for t in Talk.objects.all()]
    assert talks == [
        ("Rethinking Common Practices in Deep Learning", "IMVC 2018", "March 2018", "invited"),
        ("", "Cx 2nd Annual Fall Workshop", "Sep. 2016", "invited"),
    ]
    assert [(a.title, a.date_range_display) for a in Award.objects.all()] == [
        ("KLA-TENCOR Award for excellent PhD paper", "2018"),
        ("The Porat Award for PhD students", "2018"),
        ("Dean's honor list", "2010–2013"),
    ]
    skills = {}
    for skill in Skill.objects.select_related("category"):
        skills.setdefault(skill.category.name, []).append(skill.name)
    assert list(skills) == ["Programming", "Environments", "Other"]
    assert skills["Other"] == ["PyTorch/Torch", "TensorFlow", "Open-CV", "LaTeX"]
    assert len(skills["Programming"]) == 9
    assert [str(lang) for lang in Language.objects.all()] == [
        "Hebrew (Native)",
        "English (Fluent)",
    ]

    profile = Profile.get_solo()
    assert profile.name == "Elad Hoffer"
    assert profile.interest_list == [
        "Machine Learning", "Deep Learning", "Computer Vision", "Signal Processing"
    ]  # fmt: skip
    assert not profile.phone_public and not profile.birth_date_public
    assert [link.url for link in profile.links.all()] == ["https://github.com/eladhoffer"]


def test_every_item_is_tagged_and_valid(cv):
    for model in (Publication, Talk, Position):
        for obj in model.objects.all():
            assert obj.tags.exists(), f"{obj} has no topic"
    assert (
        Tag.objects.filter(
            name__in=[
                "metric learning",
                "quantization",
                "normalization",
                "generalization",
                "optimization theory",
                "unsupervised learning",
                "continual learning",
            ]
        ).count()
        == 7
    )
    assert not TaggedItem.objects.exclude(
        content_type__app_label__in=["publications", "talks", "positions"]
    ).exists()
    for app in ("profile", "publications", "positions", "talks"):
        for model in apps.get_app_config(app).get_models():
            for obj in model.objects.all():
                obj.full_clean()
