from django.urls import path

from lianluo.workbook import views

app_name = "workbook"
urlpatterns = [
    path("import/", views.import_start, name="import"),
    path("jobs/<uuid:pk>/", views.job_detail, name="job"),
    path("jobs/<uuid:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<uuid:pk>/confirm/", views.job_confirm, name="job_confirm"),
    path("jobs/<uuid:pk>/mapping/", views.job_mapping, name="job_mapping"),
    path("jobs/<uuid:pk>/marked.xlsx", views.job_marked, name="job_marked"),
    path("export/<int:org_pk>/", views.export, name="export"),
]
