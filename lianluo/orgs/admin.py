from django.contrib import admin

from lianluo.orgs.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent")
    search_fields = ("name",)
    readonly_fields = ("path", "depth")
