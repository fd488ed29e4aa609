from django.contrib.auth import views as auth_views
from django.urls import path

from lianluo.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("users/", views.user_list, name="users"),
    path("users/new/", views.user_new, name="user_create"),
    path("tokens/", views.token_list, name="tokens"),
]
