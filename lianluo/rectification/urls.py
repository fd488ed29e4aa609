from django.urls import path

from lianluo.rectification import views

app_name = "rectification"
urlpatterns = [
    path("", views.rectification_index, name="list"),
    path("new/", views.rectification_new, name="create"),
    path("<int:pk>/", views.rectification_detail, name="detail"),
    path("<int:pk>/edit/", views.rectification_edit, name="edit"),
]
