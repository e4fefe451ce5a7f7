from portfolio.core.views import PublishedDetailView, PublishedListView

from .models import Project


class ProjectListView(PublishedListView):
    model = Project
    context_object_name = "projects"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        projects = context["projects"]
        context["ongoing"] = [p for p in projects if p.is_current]
        context["past"] = [p for p in projects if not p.is_current]
        return context


class ProjectDetailView(PublishedDetailView):
    model = Project
    context_object_name = "project"

    def get_queryset(self):
        return Project.objects.published().with_members()
