from django.urls import path

from lianluo.visits import views

app_name = "visits"
urlpatterns = [
    path("", views.visit_index, name="list"),
    path("new/", views.visit_new, name="create"),
    path("coverage/", views.coverage, name="coverage"),
    path("settings/", views.visit_settings, name="settings"),
    path("<int:pk>/", views.visit_detail, name="detail"),
    path("<int:pk>/edit/", views.visit_edit, name="edit"),
]
