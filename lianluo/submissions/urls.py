from django.urls import path

from lianluo.submissions import views

app_name = "submissions"
urlpatterns = [
    path("", views.submission_index, name="list"),
    path("table.xlsx", views.submission_table_xlsx, name="table_xlsx"),
    path("new/", views.submission_new, name="create"),
    path("mine/", views.my_submissions, name="mine"),
    path("handling/", views.handling_desk, name="handling"),
    path("similar/", views.submission_similar_json, name="similar"),
    path("batch/", views.submission_batch, name="batch"),
    path("settings/", views.office_settings, name="settings"),
    path("<int:pk>/", views.submission_detail, name="detail"),
    path("<int:pk>/edit/", views.submission_edit, name="edit"),
    path("<int:pk>/move/<str:move>/", views.submission_move_view, name="move"),
    path("<int:pk>/notes/", views.note_add, name="note_add"),
    path("<int:pk>/files/", views.file_add, name="file_add"),
    path("files/<int:file_pk>/", views.file_download, name="file"),
]
