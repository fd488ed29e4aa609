from django.urls import path

from lianluo.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_index, name="list"),
    path("new/", views.activity_new, name="create"),
    path("discipline/", views.discipline, name="discipline"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/invite/", views.activity_invite_view, name="invite"),
]
