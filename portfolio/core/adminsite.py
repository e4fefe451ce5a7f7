"""The admin site: the owner's work first, in the order a CV has it, with a
dashboard of counts, hidden entries and the actions used most; accounts and the
login-throttle tables last."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import path, reverse

from . import registry

# The index's sections: each lists these models (by label) in this order; another
# content type of the registry joins the first, and any other model the last.
SECTIONS = [
    ("Your portfolio", "portfolio", [
        "profile.profile", "publications.publication", "publications.author", "talks.talk",
        "projects.project", "teaching.course", "news.newsitem", "freepages.page",
        "positions.position", "taggit.tag",
    ]),
    ("More of your CV", "cv", [
        "profile.award", "profile.skill", "profile.skillcategory", "profile.language",
    ]),
    ("Accounts and security", "accounts", []),
]  # fmt: skip
# Names in the index that say what the owner calls them.
NAMES = {"profile.profile": "Profile", "taggit.tag": "Topics"}
HIDDEN_SHOWN = 10


class PortfolioAdminSite(admin.AdminSite):
    site_header = "Portfolio administration"
    site_title = "Portfolio admin"
    index_title = "Your portfolio"
    index_template = "admin/portfolio_index.html"

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        if app_label:
            return apps  # an app's own page lists its models as Django does
        entries = {m["model"]._meta.label_lower: m for app in apps for m in app["models"]}
        sections = []
        for name, slug, labels in SECTIONS:
            models = [entries.pop(label) for label in labels if label in entries]
            sections.append({"name": name, "app_label": slug, "app_url": f"#{slug}",
                             "has_module_perms": True, "models": models})  # fmt: skip
        content = {ct.model for ct in registry.content_types()}
        for label in [label for label in entries if label in content]:
            sections[0]["models"].append(entries.pop(label))
        sections[-1]["models"] += list(entries.values())
        for section in sections:
            for model in section["models"]:
                model["name"] = NAMES.get(model["model"]._meta.label_lower, model["name"])
        return [section for section in sections if section["models"]]

    def index(self, request, extra_context=None):
        return super().index(request, {"dashboard": dashboard(request), **(extra_context or {})})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra_views = {}

    def add_view(self, route: str, view, name: str) -> None:
        """An admin page of another app (the CV export, the Markdown preview), at
        ``<admin>/<route>`` as ``admin:<name>``, for staff only. Each app adds its
        own in its ``ready()``, so that the site names no app."""
        self.extra_views[name] = (route, view)

    def get_urls(self):
        urls = [
            path(route, self.admin_view(view), name=name)
            for name, (route, view) in self.extra_views.items()
        ]
        return urls + super().get_urls()


def dashboard(request) -> dict:
    """What the owner's home shows: per content type the public and hidden counts,
    the first hidden entries, and the actions used most."""
    counts, hidden = [], []
    for content_type in registry.content_types():
        model = content_type.model_class
        if not hasattr(model.objects, "published") or not request.user.has_perm(
            f"{model._meta.app_label}.view_{model._meta.model_name}"
        ):
            continue
        total = model.objects.count()
        public = model.objects.published().count()
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        counts.append(
            {"name": model._meta.verbose_name_plural, "label": model._meta.label_lower,
             "public": public,
             "hidden": total - public, "url": url}
        )  # fmt: skip
        change = f"admin:{model._meta.app_label}_{model._meta.model_name}_change"
        latest_hidden = model.objects.filter(is_published=False).order_by("-updated_at")
        for entry in latest_hidden[:HIDDEN_SHOWN]:
            hidden.append(
                {"entry": str(entry), "kind": model._meta.verbose_name,
                 "url": reverse(change, args=[entry.pk]), "at": entry.updated_at}
            )  # fmt: skip
    order = [label for _, _, labels in SECTIONS for label in labels]
    counts.sort(key=lambda row: order.index(row["label"]) if row["label"] in order else len(order))
    hidden.sort(key=lambda item: item["at"], reverse=True)
    return {"counts": counts, "hidden": hidden[:HIDDEN_SHOWN],
            "can_export": request.user.is_superuser}  # fmt: skip


class PortfolioAdminConfig(AdminConfig):
    default_site = "portfolio.core.adminsite.PortfolioAdminSite"
