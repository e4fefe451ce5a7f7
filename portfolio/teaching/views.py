from django.views.generic import DetailView, ListView

from portfolio.core.models import FollowsFormerSlugs

from .models import Course


class CourseListView(ListView):
    template_name = "teaching/course_list.html"
    context_object_name = "courses"

    def get_queryset(self):
        return Course.objects.published().with_related()


class CourseDetailView(FollowsFormerSlugs, DetailView):
    template_name = "teaching/course_detail.html"
    context_object_name = "course"

    def get_queryset(self):
        return Course.objects.published().with_related()
