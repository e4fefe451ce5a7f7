from portfolio.core.views import PublishedDetailView, PublishedListView

from .models import Course


class CourseListView(PublishedListView):
    model = Course
    context_object_name = "courses"


class CourseDetailView(PublishedDetailView):
    model = Course
    context_object_name = "course"
