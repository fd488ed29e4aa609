from django.urls import path

from lianluo.court import views

app_name = "court"
urlpatterns = [
    path("", views.pairings, name="pairings"),
    path("pairs/<int:pk>/", views.pairing_detail, name="pairing"),
    path("cases/", views.cases, name="cases"),
    path("cases/new/", views.case_new, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("settings/", views.court_settings, name="settings"),
]
