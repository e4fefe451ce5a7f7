from django.urls import path

from portfolio.pagecache.public import public

from . import views

app_name = "news"

urlpatterns = [
    path("", public(views.NewsListView.as_view()), name="list"),
    path("<slug:slug>/", public(views.NewsDetailView.as_view()), name="detail"),
]
