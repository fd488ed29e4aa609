from django.contrib import admin

from lianluo.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is never edited, not even by system administrators."""

    list_display = ("at", "actor_username", "action", "target_repr", "organisation", "ip_address")
    list_filter = ("action",)
    search_fields = ("actor_username", "target_repr")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
