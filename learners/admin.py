from django.contrib import admin

from . import models


class ScreeningQuestionInline(admin.TabularInline):
    model = models.ScreeningQuestion
    extra = 1


@admin.register(models.QuestionBank)
class QuestionBankAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]
    inlines = [ScreeningQuestionInline]


@admin.register(models.AcademyValue)
class AcademyValueAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "is_active"]
    list_editable = ["order", "is_active"]


@admin.register(models.Learner)
class LearnerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "locality", "situation", "erased_at"]
    list_filter = ["locality", "situation"]
    search_fields = ["first_name", "last_name", "email"]
    raw_id_fields = ["user"]


class StageTransitionInline(admin.TabularInline):
    model = models.StageTransition
    extra = 0
    readonly_fields = ["from_stage", "to_stage", "at", "by", "note"]
    can_delete = False


@admin.register(models.Application)
class ApplicationAdmin(admin.ModelAdmin):
    # Stages change only through learners.services.applications.application_transition, so not editable here.
    list_display = ["learner", "cohort", "stage", "submitted_at"]
    list_filter = ["stage", "cohort"]
    readonly_fields = ["stage"]
    raw_id_fields = ["learner", "previous_application"]
    inlines = [StageTransitionInline]


class ValueScoreInline(admin.TabularInline):
    model = models.ValueScore
    extra = 0


class PanelMemberInline(admin.TabularInline):
    model = models.PanelMember
    extra = 0


@admin.register(models.ValuesScreening)
class ValuesScreeningAdmin(admin.ModelAdmin):
    list_display = ["application", "outcome", "literacy_level", "numeracy_level", "decided_at"]
    list_filter = ["outcome"]
    readonly_fields = ["outcome", "decided_at", "decided_by"]
    inlines = [ValueScoreInline, PanelMemberInline]


@admin.register(models.Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    list_display = ["name", "source", "enquired_on", "locality", "learner"]
    list_filter = ["source", "locality"]


@admin.register(models.ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ["learner", "purpose", "given_at", "withdrawn_at"]
    readonly_fields = ["wording", "given_at", "withdrawn_at"]


@admin.register(models.Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["learner", "referee_name", "requested_on", "received_on"]


@admin.register(models.EmploymentHistoryEntry)
class EmploymentHistoryEntryAdmin(admin.ModelAdmin):
    list_display = ["learner", "employer", "role", "started_on", "ended_on"]

# DBS checks and right-to-work images are deliberately not in the admin: their pages audit every view.


@admin.register(models.ApplicationSource)
class ApplicationSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "is_referral", "asks_for_detail", "is_active"]
    list_editable = ["order", "is_active"]
