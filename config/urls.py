from django.contrib import admin
from django.urls import include, path

from lianluo.api.urls import api

# Django's own admin is for system administrators (superusers) only; the main UI is Lianluo's.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser
admin.site.site_header = "联络 · 系统管理"
admin.site.site_title = "联络系统管理"

urlpatterns = [
    path("", include("lianluo.home.urls")),
    path("accounts/", include("lianluo.accounts.urls")),
    path("orgs/", include("lianluo.orgs.urls")),
    path("people/", include("lianluo.people.urls")),
    path("audit/", include("lianluo.audit.urls")),
    path("workbook/", include("lianluo.workbook.urls")),
    path("activities/", include("lianluo.activities.urls")),
    path("notices/", include("lianluo.notifications.urls")),
    path("submissions/", include("lianluo.submissions.urls")),
    path("rectification/", include("lianluo.rectification.urls")),
    path("visits/", include("lianluo.visits.urls")),
    path("duty/", include("lianluo.duty.urls")),
    path("court/", include("lianluo.court.urls")),
    path("reception/", include("lianluo.reception.urls")),
    path("briefings/", include("lianluo.briefings.urls")),
    path("reports/", include("lianluo.reports.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
