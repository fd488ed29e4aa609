from django.urls import path

from lianluo.court import trial_views, views

app_name = "court"
urlpatterns = [
    path("", views.pairings, name="pairings"),
    path("pairs/<int:pk>/", views.pairing_detail, name="pairing"),
    path("cases/", views.cases, name="cases"),
    path("cases/new/", views.case_new, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("settings/", views.court_settings, name="settings"),
    path("appraisals/", trial_views.appraisal_year, name="appraisals"),
    path("trials/<int:pk>/case/", trial_views.trial_case_edit, name="trial_case"),
    path("trials/<int:pk>/appraise/", trial_views.appraise, name="appraise"),
]
