from django.urls import path

from lianluo.audit import views

app_name = "audit"
urlpatterns = [path("", views.audit_log, name="list")]
