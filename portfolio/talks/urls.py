from django.urls import path

from portfolio.pagecache.public import public

from . import views

app_name = "talks"

urlpatterns = [
    path("", public(views.TalkListView.as_view()), name="list"),
    path("<slug:slug>/", public(views.TalkDetailView.as_view()), name="detail"),
]
