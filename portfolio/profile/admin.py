from django import forms
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from portfolio.core.admin import HistoryAdmin, PublishableAdmin, TabularInline

from .models import Award, Language, Profile, ProfileLink, Skill, SkillCategory


class ProfileLinkInline(TabularInline):
    model = ProfileLink
    extra = 0
    fields = ("kind", "label", "url", "is_public", "order")


@admin.register(Profile)
class ProfileAdmin(HistoryAdmin):
    """A singleton: the changelist leads straight to the one profile, if there is one."""

    inlines = [ProfileLinkInline]
    readonly_fields = ("updated_at",)
    fieldsets = [
        (None, {"fields": ("name", "headline", "bio", "photo", "interests")}),
        (
            "Contact details",
            {
                "description": "Each detail appears on public pages only when its switch is on.",
                "fields": (
                    ("email", "email_public"),
                    ("website", "website_public"),
                    ("phone", "phone_public"),
                    ("birth_date", "birth_date_public"),
                    ("birth_place", "birth_place_public"),
                ),
            },
        ),
        (
            "Appearance",
            {
                "description": "The site's accent colour and font, on every public page.",
                "fields": ("accent_colour", "font"),
            },
        ),
        (
            "Publication lists",
            {"fields": ("author_list_limit", "citation_style", "show_citations")},
        ),
        ("History", {"fields": ("updated_at",)}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "accent_colour":
            # The browser's colour picker; the field still accepts typed #rrggbb.
            kwargs["widget"] = forms.TextInput(attrs={"type": "color"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Profile.objects.exists()

    def changelist_view(self, request, extra_context=None):
        # With no profile yet, the list offers "Add" and "Recover deleted profiles".
        profile = Profile.get_solo()
        if profile is None:
            return super().changelist_view(request, extra_context)
        return redirect(reverse("admin:profile_profile_change", args=[profile.pk]))


@admin.register(Award)
class AwardAdmin(PublishableAdmin):
    list_display = ("title", "giver", "date_range_display", "is_published")
    list_filter = ("is_published", "start_year")
    search_fields = ("title", "giver", "description")
    fieldsets = [
        (None, {"fields": ("title", "giver", "description", "is_published")}),
        ("Dates", {"fields": (("start_year", "end_year"), "is_current")}),
        ("History", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    ]

    @admin.display(description="years")
    def date_range_display(self, obj):
        return obj.date_range_display


class SkillInline(TabularInline):
    model = Skill
    extra = 0
    fields = ("name", "order", "is_published")


@admin.register(SkillCategory)
class SkillCategoryAdmin(HistoryAdmin):
    list_display = ("name", "order", "skill_names")
    list_editable = ("order",)
    search_fields = ("name", "skills__name")
    inlines = [SkillInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("skills")

    @admin.display(description="skills")
    def skill_names(self, obj):
        return ", ".join(skill.name for skill in obj.skills.all())


@admin.register(Skill)
class SkillAdmin(PublishableAdmin):
    list_display = ("name", "category", "order", "is_published")
    list_filter = ("category", "is_published")
    list_select_related = ("category",)
    search_fields = ("name", "category__name")


@admin.register(Language)
class LanguageAdmin(PublishableAdmin):
    list_display = ("name", "level", "order", "is_published")
    list_filter = ("level", "is_published")
    search_fields = ("name",)
