from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from lianluo.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "first_name", "organisation", "role", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("联络", {"fields": ("organisation", "role", "person", "handling_unit")}),
    )
