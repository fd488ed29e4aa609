from django.urls import path

from lianluo.duty import views

app_name = "duty"
urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("mine/", views.my_record, name="mine"),
    path("people/<int:pk>/", views.record, name="record"),
    path("people/<int:pk>/record.docx", views.record_docx, name="record_docx"),
    path("rules/", views.rules, name="rules"),
    path("contributions/", views.contribution_index, name="contributions"),
    path("contributions/new/", views.contribution_new, name="contribution_create"),
    path("contributions/<int:pk>/edit/", views.contribution_edit, name="contribution_edit"),
    path("contributions/<int:pk>/delete/", views.contribution_remove, name="contribution_delete"),
]
