from django.urls import path

from lianluo.people import views

app_name = "people"
urlpatterns = [
    path("", views.roster, name="roster"),
    path("roster.xlsx", views.roster_xlsx, name="roster_xlsx"),
    path("new/", views.person_new, name="create"),
    path("me/contact/", views.own_contact_edit, name="own_contact"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/reveal/", views.person_reveal_view, name="reveal"),
    path("groups/", views.group_list, name="groups"),
    path("orgs/<int:pk>/sectors/", views.sector_new, name="sector_create"),
    path(
        "orgs/<int:pk>/sectors/<int:sector_pk>/toggle/",
        views.sector_toggle,
        name="sector_toggle",
    ),
    path("groups/new/", views.group_new, name="group_create"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
]
