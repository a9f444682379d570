"""Admin views for looking things up. Changes that move the pipeline are made in the portal, through
the services, so the admin shows pipeline-moving fields read-only."""

from django.contrib import admin

from . import models


@admin.register(models.PostcodeDistrict)
class PostcodeDistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "area", "latitude", "longitude"]
    search_fields = ["code"]


@admin.register(models.PlacementOpportunity)
class PlacementOpportunityAdmin(admin.ModelAdmin):
    list_display = ["title", "provider", "places", "available_from", "available_until", "is_open"]
    list_filter = ["is_open", "setting"]
    list_select_related = ["provider"]


@admin.register(models.Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["application", "provider", "start_date", "end_date", "status"]
    list_filter = ["status"]
    list_select_related = ["application__learner", "application__cohort", "provider"]
    readonly_fields = ["application", "opportunity", "provider", "status", "confirmed_by", "confirmed_at"]


@admin.register(models.InterviewSlot)
class InterviewSlotAdmin(admin.ModelAdmin):
    list_display = ["vacancy", "site", "starts_at", "ends_at"]
    list_select_related = ["vacancy", "site"]


@admin.register(models.Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["application", "vacancy", "outcome", "booked_via"]
    list_filter = ["outcome", "booked_via"]
    list_select_related = ["application__learner", "application__cohort", "vacancy__provider"]
    readonly_fields = ["slot", "application", "vacancy", "provider", "outcome", "outcome_recorded_at"]


@admin.register(models.JobOffer)
class JobOfferAdmin(admin.ModelAdmin):
    list_display = ["interview", "offered_at", "status"]
    list_filter = ["status"]
    readonly_fields = ["interview", "status", "offered_at", "decided_at"]


@admin.register(models.JobStart)
class JobStartAdmin(admin.ModelAdmin):
    list_display = ["learner", "provider", "vacancy", "started_on", "days_offer_to_start"]
    list_select_related = ["learner", "provider", "vacancy"]
    readonly_fields = ["offer", "application", "learner", "provider", "vacancy", "offer_made_at"]


@admin.register(models.RecruitmentEvent)
class RecruitmentEventAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "date", "locality"]
