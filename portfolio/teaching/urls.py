from django.urls import path

from portfolio.pagecache.public import public

from . import views

app_name = "teaching"

urlpatterns = [
    path("", public(views.CourseListView.as_view()), name="list"),
    path("<slug:slug>/", public(views.CourseDetailView.as_view()), name="detail"),
]
