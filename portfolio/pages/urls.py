from django.urls import path

from portfolio.pagecache.public import public

from . import views

app_name = "freepages"

urlpatterns = [
    path("<slug:slug>/", public(views.PageDetailView.as_view()), name="detail"),
]
