from django.urls import path

from portfolio.pagecache.public import public

from . import views

app_name = "search"

urlpatterns = [
    path("", public(views.SearchView.as_view(), params=views.PARAMS), name="search"),
]
