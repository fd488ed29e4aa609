from django.contrib import admin

from lianluo.people.models import ActivityGroup, Person, PersonRole, Sector


class PersonRoleInline(admin.TabularInline):
    model = PersonRole
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "work_unit", "status")
    list_filter = ("status",)
    search_fields = ("name", "name_initials", "work_unit")
    inlines = [PersonRoleInline]
    exclude = ("id_number", "mobile")  # personal data is read through the audited reveal only


admin.site.register(Sector)
admin.site.register(ActivityGroup)
