from django.urls import path

from lianluo.briefings import views

app_name = "briefings"
urlpatterns = [
    path("", views.briefing_index, name="list"),
    path("<int:pk>/", views.briefing_detail, name="detail"),
    path("<int:pk>/compose/", views.briefing_compose, name="compose"),
    path("<int:pk>/issue/", views.briefing_issue_view, name="issue"),
    path("<int:pk>/delete/", views.briefing_delete_view, name="delete"),
    path("<int:pk>/export.<str:fmt>", views.briefing_export, name="export"),
]
