from django.urls import path

from . import views

app_name = "profile"

urlpatterns = [
    path("theme/<str:digest>.css", views.theme_stylesheet, name="theme"),
]
