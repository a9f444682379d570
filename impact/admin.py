from django.contrib import admin

from .models import (
    ImpactReport,
    LeavingReason,
    ProgrammeEvidence,
    RetentionFollowUp,
    SatisfactionSurvey,
    SupportSpend,
    WellbeingSurvey,
)


@admin.register(WellbeingSurvey)
class WellbeingSurveyAdmin(admin.ModelAdmin):
    list_display = ["application", "moment", "taken_on", "score"]
    list_filter = ["moment"]
    raw_id_fields = ["application"]
    readonly_fields = ["score"]


@admin.register(SatisfactionSurvey)
class SatisfactionSurveyAdmin(admin.ModelAdmin):
    list_display = ["respondent", "score", "recorded_on", "provider"]
    list_filter = ["respondent", "score"]
    raw_id_fields = ["application", "provider", "cohort"]


@admin.register(RetentionFollowUp)
class RetentionFollowUpAdmin(admin.ModelAdmin):
    list_display = ["application", "month", "in_work", "same_employer", "recorded_at"]
    list_filter = ["month", "in_work", "same_employer"]
    raw_id_fields = ["application"]


@admin.register(SupportSpend)
class SupportSpendAdmin(admin.ModelAdmin):
    list_display = ["application", "category", "amount", "spent_on", "paid_by"]
    list_filter = ["category", "paid_by"]
    raw_id_fields = ["application"]


@admin.register(ProgrammeEvidence)
class ProgrammeEvidenceAdmin(admin.ModelAdmin):
    list_display = ["programme", "level", "reviewed_at"]
    list_filter = ["level", "programme"]


@admin.register(ImpactReport)
class ImpactReportAdmin(admin.ModelAdmin):
    list_display = ["period_start", "period_end", "locality", "status", "requested_by", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["file", "status", "error"]


@admin.register(LeavingReason)
class LeavingReasonAdmin(admin.ModelAdmin):
    """The reasons for leaving a job that follow-ups offer: staff add, reorder or retire them here."""

    list_display = ["name", "order", "is_active"]
    list_editable = ["order", "is_active"]
