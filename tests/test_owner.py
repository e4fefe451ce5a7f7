"""One owner: the profile and the owner's author record are one person, the admin
switches owners in one step, and an author may carry an ORCID iD."""

import json
from importlib import import_module

import pytest
from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from portfolio.cvdata.fixtures import export_fixture
from portfolio.profile.models import Profile
from portfolio.publications.identifiers import orcid_in, orcid_url
from portfolio.publications.models import Author
from portfolio.publications.names import name_key, split_name

from .admin_forms import form_data
from .conftest import ROOT
from .factories import make_author, make_profile, make_publication

# ORCID's own examples: the second's check character is X.
ORCID = "0000-0002-1825-0097"
ORCID_X = "0000-0002-1694-233X"


def author_change(author):
    return reverse("admin:publications_author_change", args=[author.pk])


def test_a_name_splits_and_compares_as_the_admin_reads_it():
    assert split_name("Ada  Lovelace") == ("Ada", "Lovelace")
    assert split_name("van Dijk, Lotte") == ("Lotte", "van Dijk")
    assert name_key("Ana Núñez") == name_key("ana  NUNEZ") == name_key("Núñez, Ana")
    assert name_key("Ana Núñez") != name_key("Ana Nunes")


# Renaming the profile renames the owner


@pytest.mark.django_db
def test_renaming_the_profile_renames_the_owners_author_record():
    owner = make_author(given_name="Ada", family_name="Lovelace", slug="ada", is_owner=True)
    other = make_author(given_name="Charles", family_name="Babbage")
    profile = make_profile(name="Ada Lovelace")
    profile.name = "Ada King, Countess of Lovelace"
    profile.save()
    owner.refresh_from_db()
    assert (owner.given_name, owner.family_name) == ("Countess of Lovelace", "Ada King")
    profile.name = "Augusta Ada King"
    profile.save()
    owner.refresh_from_db()
    assert (owner.given_name, owner.family_name, owner.slug) == ("Augusta Ada", "King", "ada")
    other.refresh_from_db()
    assert other.name == "Charles Babbage"


@pytest.mark.django_db
def test_without_an_owner_the_one_author_of_the_profiles_name_becomes_it():
    make_author(given_name="Ana", family_name="Nunez")
    make_author(given_name="Ana", family_name="Nunes")
    make_profile(name="ana núñez")
    assert Author.objects.owner().name == "Ana Nunez"


@pytest.mark.django_db
@pytest.mark.parametrize("names", [[], ["Ana Núñez", "Ana Nunez"]], ids=["none", "two"])
def test_no_owner_is_guessed_when_no_author_or_two_have_the_profiles_name(names):
    for name in names:
        make_author(given_name=name.split()[0], family_name=name.split()[1])
    make_author(given_name="Someone", family_name="Else")
    make_profile(name="Ana Núñez")
    assert Author.objects.owner() is None
    assert Author.objects.count() == len(names) + 1


@pytest.mark.django_db
def test_a_save_of_other_profile_fields_leaves_the_owner_alone():
    profile = make_profile(name="Ada Lovelace")
    owner = make_author(given_name="A.", family_name="Lovelace", is_owner=True)
    profile.headline = "Analyst"
    profile.save(update_fields=["headline"])
    owner.refresh_from_db()
    assert owner.name == "A. Lovelace"


@pytest.mark.django_db
def test_renaming_the_profile_in_the_admin_renames_the_owner(admin_client):
    profile = make_profile(name="Ada Lovelace")
    owner = make_author(given_name="Ada", family_name="Lovelace", is_owner=True)
    url = reverse("admin:profile_profile_change", args=[profile.pk])
    data = form_data(admin_client, url)
    data["name"] = ["Ada King"]
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    owner.refresh_from_db()
    assert owner.name == "Ada King"


@pytest.mark.django_db
def test_a_raw_save_as_loaddata_and_restore_make_leaves_the_owner_as_it_is():
    profile = make_profile(name="Ada Lovelace")
    owner = make_author(given_name="A.", family_name="Lovelace", is_owner=True)
    profile.name = "Ada King"
    text = serializers.serialize("json", [profile])
    for item in serializers.deserialize("json", text):
        item.save()
    owner.refresh_from_db()
    assert owner.name == "A. Lovelace"


def fixture(tmp_path, objects) -> str:
    path = tmp_path / "cv.json"
    path.write_text(json.dumps(objects), encoding="utf-8")
    return str(path)


def profile_row(name):
    fields = {"name": name, "updated_at": "2024-01-01T00:00:00Z"}
    return {"model": "profile.profile", "pk": 1, "fields": fields}


def author_row(pk, given, family, is_owner=False):
    fields = {"given_name": given, "family_name": family, "slug": f"{given}-{family}".lower()}
    return {"model": "publications.author", "pk": pk, "fields": {**fields, "is_owner": is_owner}}


@pytest.mark.django_db
def test_load_cv_makes_the_author_of_the_profiles_name_the_owner(tmp_path, capsys):
    rows = [profile_row("Mira Castellanos"), author_row(1, "Mira", "Castellanos")]
    call_command("load_cv", fixture(tmp_path, rows))
    assert Author.objects.owner().name == "Mira Castellanos"
    assert "Mira Castellanos is now the site owner" in capsys.readouterr().out


@pytest.mark.django_db
def test_load_cv_gives_the_owner_the_name_of_the_profile_it_writes(tmp_path):
    make_author(given_name="Mira", family_name="Castellanos", slug="mira", is_owner=True)
    call_command("load_cv", fixture(tmp_path, [profile_row("Mira Castellanos-Ortiz")]))
    assert Author.objects.owner().name == "Mira Castellanos-Ortiz"


@pytest.mark.django_db
def test_load_cv_of_a_profile_the_site_keeps_renames_nobody(tmp_path):
    make_profile(name="Mira Castellanos")
    make_author(given_name="M.", family_name="Castellanos", slug="mira", is_owner=True)
    call_command("load_cv", fixture(tmp_path, [profile_row("Someone Else")]))
    assert Author.objects.owner().name == "M. Castellanos"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", [ROOT / "fixtures" / "cv.json", ROOT / "tests" / "data" / "sample-cv.json"]
)
def test_a_loaded_cv_fixture_has_its_profile_as_its_owner(path):
    """Whatever fixtures/cv.json holds (an empty CV, a CV without publications):
    when an author has the profile's name, that author is the owner."""
    call_command("load_cv", str(path), verbosity=0)
    profile, owner = Profile.get_solo(), Author.objects.owner()
    named = profile and [
        a for a in Author.objects.all() if name_key(a.name) == name_key(profile.name)
    ]
    if named:
        assert owner.name == profile.name
    else:
        assert owner is None or profile is not None
    if path.parent.name == "data":  # the sample CV has both
        assert named and owner


# Switching owners in the admin


@pytest.mark.django_db
def test_the_owner_box_names_the_current_owner_with_a_link(admin_client):
    owner = make_author(given_name="Ada", family_name="Lovelace", is_owner=True)
    other = make_author(given_name="Charles", family_name="Babbage")
    page = admin_client.get(author_change(other)).content.decode()
    assert f'The site owner is <a href="{author_change(owner)}">Ada Lovelace</a>' in page
    page = admin_client.get(author_change(owner)).content.decode()
    assert "This person is the site owner" in page


@pytest.mark.django_db
def test_ticking_the_owner_box_on_another_author_switches_owners(admin_client):
    owner = make_author(given_name="Ada", family_name="Lovelace", is_owner=True)
    other = make_author(given_name="Charles", family_name="Babbage")
    data = form_data(admin_client, author_change(other))
    data["is_owner"] = ["on"]
    response = admin_client.post(author_change(other), data, follow=True)
    assert next(str(m) for m in response.context["messages"]) == (
        "Charles Babbage is now the site owner, in place of Ada Lovelace."
    )
    owner.refresh_from_db()
    other.refresh_from_db()
    assert (owner.is_owner, other.is_owner) == (False, True)


@pytest.mark.django_db
def test_a_switch_that_fails_keeps_the_owner(admin_client):
    owner = make_author(given_name="Ada", family_name="Lovelace", is_owner=True)
    other = make_author(given_name="Charles", family_name="Babbage")
    data = form_data(admin_client, author_change(other))
    data.update(is_owner=["on"], orcid=["0000-0002-1825-0098"])
    response = admin_client.post(author_change(other), data)
    assert response.status_code == 200
    assert "its last character does not match the others" in response.content.decode()
    assert Author.objects.owner() == owner


@pytest.mark.django_db
def test_the_make_site_owner_action_switches_owners(admin_client):
    owner = make_author(given_name="Ada", family_name="Lovelace", is_owner=True)
    other = make_author(given_name="Charles", family_name="Babbage")
    url = reverse("admin:publications_author_changelist")
    response = admin_client.post(
        url, {"action": "make_owner", "_selected_action": [other.pk]}, follow=True
    )
    assert "Charles Babbage is now the site owner, in place of Ada Lovelace." in [
        str(m) for m in response.context["messages"]
    ]
    assert Author.objects.owner() == other
    owner.refresh_from_db()
    assert not owner.is_owner


@pytest.mark.django_db
def test_the_make_site_owner_action_takes_one_author(admin_client):
    owner = make_author(is_owner=True)
    first, second = make_author(), make_author()
    url = reverse("admin:publications_author_changelist")
    response = admin_client.post(
        url, {"action": "make_owner", "_selected_action": [first.pk, second.pk]}, follow=True
    )
    assert "2 authors are selected: select one to make the site owner" in (
        " ".join(str(m) for m in response.context["messages"])
    )
    assert Author.objects.owner() == owner


@pytest.mark.django_db
def test_owner_is_the_owner_or_none():
    assert Author.objects.owner() is None
    make_author()
    owner = make_author(is_owner=True)
    assert Author.objects.owner() == owner


# ORCID iDs


def test_an_orcid_id_is_found_written_plainly_or_as_its_address():
    assert orcid_in(ORCID) == ORCID
    assert orcid_in(f" https://orcid.org/{ORCID}/ ") == ORCID
    assert orcid_in(f"http://www.orcid.org/{ORCID_X.lower()}") == ORCID_X
    assert orcid_in("0000-0002-1825-0098") == ""  # the checksum does not match
    assert orcid_in(f"https://example.org/{ORCID}") == ""
    assert orcid_in("") == orcid_in(None) == ""
    assert orcid_url(ORCID) == f"https://orcid.org/{ORCID}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0000-0002-1825-0098", "its last character does not match the others"),
        ("0000-0002-1825", "four groups of four digits"),
        ("https://orcid.org/0000-0002-1825-009", "four groups of four digits"),
    ],
)
def test_a_wrong_orcid_id_is_refused_clearly(value, message):
    author = Author(family_name="Lovelace", slug="ada", orcid=value)
    with pytest.raises(ValidationError, match=message):
        author.full_clean()


@pytest.mark.django_db
def test_an_orcid_address_is_kept_as_the_id_and_ids_are_unique():
    author = Author(family_name="Lovelace", slug="ada", orcid=f"https://orcid.org/{ORCID}")
    author.full_clean()
    assert author.orcid == ORCID
    author.save()
    make_author(), make_author()  # without an iD: many may be
    twin = Author(family_name="Other", slug="other", orcid=ORCID)
    with pytest.raises(ValidationError, match="Another author has this ORCID iD"):
        twin.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


@pytest.mark.django_db
def test_the_orcid_id_is_edited_in_the_admin_and_travels_with_the_fixture(admin_client, tmp_path):
    author = make_author(given_name="Ada", family_name="Lovelace")
    data = form_data(admin_client, author_change(author))
    data["orcid"] = [f"https://orcid.org/{ORCID_X}"]
    assert admin_client.post(author_change(author), data).status_code == 302
    author.refresh_from_db()
    assert author.orcid == ORCID_X

    path = tmp_path / "cv.json"
    path.write_text(export_fixture(), encoding="utf-8")
    assert f'"orcid": "{ORCID_X}"' in path.read_text()
    Author.objects.all().delete()
    call_command("load_cv", str(path), verbosity=0)
    assert Author.objects.get(slug=author.slug).orcid == ORCID_X


# The migration that settles a site's owner


def settle():
    migration = import_module("portfolio.publications.migrations.0007_one_owner")
    migration.settle_owner(apps, None)


def owners():
    return sorted(Author.objects.filter(is_owner=True).values_list("family_name", flat=True))


def allow_two_owners():
    """Rows as a database without the constraint could hold them (undone with the
    test's transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name('only_one_owner_author')}")


@pytest.mark.django_db
def test_the_migration_makes_the_author_of_the_profiles_name_the_owner():
    Profile.objects.bulk_create([Profile(name="Ana Núñez")])  # no signal, as in a migration
    make_author(given_name="Ana", family_name="Nunez")
    make_author(given_name="Other", family_name="Person")
    settle()
    assert owners() == ["Nunez"]


@pytest.mark.django_db
@pytest.mark.parametrize("profile", [None, "Nobody Here"])
def test_the_migration_changes_nothing_when_no_author_has_the_profiles_name(profile):
    if profile:
        Profile.objects.bulk_create([Profile(name=profile)])
    make_author(given_name="Ana", family_name="Nunez")
    settle()
    assert owners() == []


@pytest.mark.django_db
def test_the_migration_keeps_the_owner_of_the_profiles_name_of_two():
    Profile.objects.bulk_create([Profile(name="Ada Lovelace")])
    allow_two_owners()
    busy = make_author(given_name="Charles", family_name="Babbage", is_owner=True)
    make_publication(authors=[busy]), make_publication(authors=[busy])
    make_author(given_name="Ada", family_name="Lovelace", is_owner=True)
    settle()
    assert owners() == ["Lovelace"]


@pytest.mark.django_db
def test_the_migration_keeps_the_owner_with_most_authorships_of_two_not_named():
    Profile.objects.bulk_create([Profile(name="Someone Else")])
    allow_two_owners()
    busy = make_author(given_name="Charles", family_name="Babbage", is_owner=True)
    make_publication(authors=[busy]), make_publication(authors=[busy])
    make_author(given_name="Ada", family_name="Lovelace", is_owner=True)
    settle()
    assert owners() == ["Babbage"]
