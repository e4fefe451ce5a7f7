from django.views.generic import DetailView, ListView

from portfolio.core.models import FollowsFormerSlugs

from .models import Project


class ProjectListView(ListView):
    template_name = "projects/project_list.html"
    context_object_name = "projects"

    def get_queryset(self):
        return Project.objects.published().with_related()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        projects = context["projects"]
        context["ongoing"] = [p for p in projects if p.is_current]
        context["past"] = [p for p in projects if not p.is_current]
        return context


class ProjectDetailView(FollowsFormerSlugs, DetailView):
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return Project.objects.published().with_members()
