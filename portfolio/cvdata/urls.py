from django.urls import path

from . import views

app_name = "cvdata"

urlpatterns = [
    path("cv.json", views.cv_json, name="json"),
]
