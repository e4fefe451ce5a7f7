from django.urls import path

from . import views

app_name = "talks"

urlpatterns = [
    path("", views.TalkListView.as_view(), name="list"),
    path("<slug:slug>/", views.TalkDetailView.as_view(), name="detail"),
]
