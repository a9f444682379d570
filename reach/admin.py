from django.contrib import admin

from .models import PriorityGroup


@admin.register(PriorityGroup)
class PriorityGroupAdmin(admin.ModelAdmin):
    """Staff configure the priority groups here: add, rename, reorder, or retire one (untick "active")."""

    list_display = ["name", "slug", "order", "is_active"]
    list_editable = ["order", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        # Retire a group instead: deleting it would rewrite the history of who was reached.
        return False
