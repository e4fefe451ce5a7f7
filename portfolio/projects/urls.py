from django.urls import path

from portfolio.pagecache.public import public

from . import views

app_name = "projects"

urlpatterns = [
    path("", public(views.ProjectListView.as_view()), name="list"),
    path("<slug:slug>/", public(views.ProjectDetailView.as_view()), name="detail"),
]
