from django.contrib import admin

from . import models


@admin.register(models.CareSetting, models.ClientGroup)
class LookupAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]


class SiteInline(admin.TabularInline):
    model = models.Site
    extra = 0


class ContactInline(admin.TabularInline):
    model = models.ProviderContact
    extra = 0


@admin.register(models.Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "cqc_location_id", "cqc_rating", "locality"]
    list_filter = ["cqc_rating", "locality"]
    search_fields = ["name", "cqc_location_id"]
    inlines = [SiteInline, ContactInline]
