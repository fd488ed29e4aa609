from django.urls import path

from lianluo.reception import views

app_name = "reception"
urlpatterns = [
    path("", views.event_index, name="events"),
    path("new/", views.event_new, name="event_create"),
    path("board/", views.arrivals_board, name="board"),
    path("mine/", views.volunteer_guests, name="mine"),
    path("<int:pk>/", views.event_detail, name="event"),
    path("<int:pk>/delay/", views.event_delay, name="delay"),
    path("guests/<int:pk>/", views.guest_detail, name="guest"),
    path("pickups/<int:pk>/", views.pickup_update, name="pickup"),
    path("checkin/<str:token>/", views.check_in, name="checkin"),
]
