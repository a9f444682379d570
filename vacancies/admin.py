from django.contrib import admin

from . import models


class RingFenceInline(admin.TabularInline):
    model = models.RingFence
    extra = 0


@admin.register(models.Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    """Read-mostly: status changes and edits go through the portal's pages, which apply the rules."""

    list_display = ["role_title", "provider", "status", "closing_date", "works_nights", "sleep_ins"]
    list_filter = ["status", "setting", "works_nights", "sleep_ins", "driving_required"]
    search_fields = ["role_title", "provider__name"]
    list_select_related = ["provider"]
    readonly_fields = ["status"]
    inlines = [RingFenceInline]
