from django.urls import path

from lianluo.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_index, name="index"),
    path("<int:org>/<int:year>/", views.report_detail, name="detail"),
    path("<int:org>/<int:year>/generate/", views.report_generate_view, name="generate"),
    path("<int:org>/<int:year>/section/", views.report_section_edit, name="section"),
    path("<int:org>/<int:year>/accept/", views.report_accept, name="accept"),
    path("<int:org>/<int:year>/polish/", views.report_polish, name="polish"),
    path(
        "<int:org>/<int:year>/polish/accept/",
        views.report_polish_accept_view,
        name="polish_accept",
    ),
    path("<int:org>/<int:year>/export.<str:fmt>", views.report_export, name="export"),
    path("template/<int:org>/", views.template_edit, name="template"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
