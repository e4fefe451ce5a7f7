from django.urls import path

from portfolio.pagecache.public import public

from . import views

app_name = "cvdata"

urlpatterns = [
    path("cv.json", public(views.cv_json), name="json"),
]
