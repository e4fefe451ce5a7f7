"""The person behind the portfolio: profile, links, awards, skills and languages."""

import reversion
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property

from portfolio.core.fields import HttpURLField, MarkdownField
from portfolio.core.models import (
    DateRangeModel,
    NaturalKeyMixin,
    NaturalKeyQuerySet,
    PublishableModel,
    private_fields,
    switched_fields,
)
from portfolio.media import media
from portfolio.media.uploads import IMAGE_HELP, SafeImageField

from . import icons, theme


@reversion.register(follow=("links",))
class Profile(models.Model):
    """The researcher. There is exactly one; the admin offers no second."""

    name = models.CharField(max_length=200)
    headline = models.CharField(
        max_length=200, blank=True, help_text="One line under the name, e.g. your current role."
    )
    bio = MarkdownField("short bio")
    photo = SafeImageField(
        upload_to="profile/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        widths=(160, 320, 640),
        help_text=IMAGE_HELP,
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    interests = models.TextField(
        "professional interests", blank=True, help_text="Separated by commas."
    )

    # Contact details, each with its own public switch. Phone, birth date and
    # birthplace are private unless the owner decides otherwise.
    email = models.EmailField(blank=True)
    email_public = models.BooleanField("show email publicly", default=True)
    phone = models.CharField(max_length=40, blank=True)
    phone_public = models.BooleanField("show phone publicly", default=False)
    birth_date = models.DateField(null=True, blank=True)
    birth_date_public = models.BooleanField("show birth date publicly", default=False)
    birth_place = models.CharField("birthplace", max_length=200, blank=True)
    birth_place_public = models.BooleanField("show birthplace publicly", default=False)
    website = HttpURLField(blank=True)
    website_public = models.BooleanField("show website publicly", default=True)

    # Appearance: the site's accent colour and font (see theme.py).
    accent_colour = models.CharField(
        "accent colour",
        max_length=7,
        default=theme.DEFAULT_ACCENT,
        validators=[theme.validate_colour],
        help_text="Links, marks and highlights. Any colour: it is darkened or lightened as "
        "needed to stay readable in the light and the dark theme.",
    )
    font = models.CharField(
        max_length=20,
        choices=theme.FONT_CHOICES,
        default=theme.DEFAULT_FONT,
        help_text="Open fonts this site serves itself (no other site is asked for them), "
        "fetched once by each visitor's browser and then kept.",
    )
    author_list_limit = models.PositiveSmallIntegerField(
        "shorten author lists beyond",
        default=10,
        help_text="A publication with more authors than this shows that many names (the "
        "first authors and you), then “et al.”, which opens the full list. Its own page and "
        "the CV always show every author. 0 never shortens.",
    )
    # The styles of publications/styles.py, which formats them.
    citation_style = models.CharField(
        "citation style",
        max_length=20,
        choices=[("apa", "APA"), ("ieee", "IEEE"), ("chicago", "Chicago (author-date)")],
        default="apa",
        help_text="The style a paper's page shows its reference in first, under Cite; the "
        "other styles follow.",
    )
    show_citations = models.BooleanField(
        "show citation counts",
        default=False,
        help_text="“Cited by N” on each publication, and your total, h-index, i10-index and "
        "citations per year on the home page and the CV, from the counts "
        "manage.py refresh_citations stores (OpenAlex's, which differ from Google "
        "Scholar's).",
    )

    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "profile"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        media.fill_dimensions(self, "photo")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # The home page shows the name, the headline and the bio.
        return reverse("website:home")

    def clean(self):
        super().clean()
        others = Profile.objects.exclude(pk=self.pk) if self.pk else Profile.objects.all()
        if others.exists():
            raise ValidationError("A portfolio has one profile; edit the existing one instead.")

    @cached_property
    def theme_stylesheet(self) -> str:
        """The address of the stylesheet of this appearance, or "" for the default one."""
        accent, font = theme.appearance(self.accent_colour, self.font)
        if theme.is_default(accent, font):
            return ""
        css = theme.stylesheet(accent, font)
        return reverse("profile:theme", args=[theme.digest(css)])

    @property
    def photo_available(self) -> bool:
        return media.is_available(self.photo)

    @property
    def photo_srcset(self) -> str:
        return media.srcset_attribute(self, "photo")

    @classmethod
    def get_solo(cls):
        """The profile, or None on a site that has none yet."""
        return cls.objects.order_by("pk").first()

    @property
    def interest_list(self) -> list[str]:
        return [item.strip() for item in self.interests.split(",") if item.strip()]

    @property
    def public_links(self):
        return self.links.published()

    @property
    def public_contact(self) -> dict[str, object]:
        """Only the contact details the owner has made public."""
        hidden = private_fields(self)
        return {
            name: getattr(self, name)
            for name in switched_fields(type(self))
            if name not in hidden and getattr(self, name)
        }


class ProfileLinkQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_public=True)


@reversion.register()
class ProfileLink(models.Model):
    """An academic or social profile elsewhere: GitHub, Google Scholar, ORCID..."""

    class Kind(models.TextChoices):
        GOOGLE_SCHOLAR = "google_scholar", "Google Scholar"
        ORCID = "orcid", "ORCID"
        GITHUB = "github", "GitHub"
        DBLP = "dblp", "DBLP"
        SEMANTIC_SCHOLAR = "semantic_scholar", "Semantic Scholar"
        RESEARCHGATE = "researchgate", "ResearchGate"
        OPENREVIEW = "openreview", "OpenReview"
        LINKEDIN = "linkedin", "LinkedIn"
        MASTODON = "mastodon", "Mastodon"
        BLUESKY = "bluesky", "Bluesky"
        X = "x", "X (Twitter)"
        OTHER = "other", "Other"

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    label = models.CharField(
        max_length=100, blank=True, help_text="Shown instead of the kind, e.g. a user name."
    )
    url = HttpURLField("URL")
    is_public = models.BooleanField("public", default=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ProfileLinkQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "academic or social profile"

    def __str__(self):
        return self.label or self.get_kind_display()

    @property
    def icon(self) -> str:
        """The id of this kind's symbol in the icon sprite."""
        return icons.symbol_id(self.kind)


@reversion.register()
class Award(DateRangeModel, PublishableModel):
    """An award, prize, scholarship or honour: one year or a range of years."""

    title = models.CharField(max_length=300)
    giver = models.CharField(
        "awarded by", max_length=300, blank=True, help_text="Institution or body giving it."
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = [*DateRangeModel.DATE_ORDERING, "title"]

    def __str__(self):
        return self.title


@reversion.register(follow=("skills",))
class SkillCategory(NaturalKeyMixin, models.Model):
    """A group of skills as the CV shows them, e.g. Programming or Environments."""

    natural_key_field = "name"

    name = models.CharField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = NaturalKeyQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "skill categories"

    def __str__(self):
        return self.name


@reversion.register()
class Skill(PublishableModel):
    category = models.ForeignKey(SkillCategory, on_delete=models.CASCADE, related_name="skills")
    name = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["category__order", "category__name", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["category", "name"], name="unique_skill_per_category")
        ]

    def __str__(self):
        return self.name


@reversion.register()
class Language(PublishableModel):
    class Level(models.TextChoices):
        NATIVE = "native", "Native"
        FLUENT = "fluent", "Fluent"
        ADVANCED = "advanced", "Advanced"
        INTERMEDIATE = "intermediate", "Intermediate"
        BASIC = "basic", "Basic"

    name = models.CharField(max_length=100, unique=True)
    level = models.CharField(max_length=20, choices=Level.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return f"{self.name} ({self.get_level_display()})"
