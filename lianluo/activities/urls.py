from django.urls import path

from lianluo.activities import member_views, views

app_name = "activities"
urlpatterns = [
    path("", views.activity_index, name="list"),
    path("attendance.xlsx", views.attendance_matrix_xlsx, name="attendance_xlsx"),
    path("new/", views.activity_new, name="create"),
    path("discipline/", views.discipline, name="discipline"),
    path("mine/", member_views.my_activities, name="mine"),
    path("calendar/", views.month_calendar, name="calendar"),
    path("<int:pk>/suggestions/", views.suggestion_new, name="suggestion_create"),
    path("<int:pk>/files/", views.file_new, name="file_create"),
    path("files/<int:file_pk>/", views.file_download, name="file"),
    path("discipline/<int:person_pk>/notify/", views.discipline_notify, name="discipline_notify"),
    path("calendar/feeds/", views.feed_create, name="feed_create"),
    path("calendar/feeds/<int:feed_pk>/revoke/", views.feed_revoke, name="feed_revoke"),
    path("calendar/<str:token>.ics", views.feed_ics, name="feed_ics"),
    path("<int:pk>/answer/", member_views.answer, name="answer"),
    path("<int:pk>/leave/", member_views.ask_leave, name="leave"),
    path("leave/<int:leave_pk>/decide/", member_views.decide_leave, name="decide_leave"),
    path("<int:pk>/signin-code/", member_views.signin_code, name="signin_code"),
    path("<int:pk>/manual-signin/", views.manual_signin, name="manual_signin"),
    path("signin/<str:token>/", member_views.scan, name="scan"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/signin-sheet.docx", views.signin_sheet, name="signin_sheet"),
    path("<int:pk>/notice.docx", views.activity_notice, name="notice"),
    path(
        "discipline/<int:person_pk>/letter.docx", views.discipline_letter, name="discipline_letter"
    ),
    path("<int:pk>/invite/", views.activity_invite_view, name="invite"),
]
