from django.urls import path

from lianluo.home import views

app_name = "home"
urlpatterns = [
    path("", views.home, name="home"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
