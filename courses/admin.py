from django.contrib import admin

from . import models


@admin.register(models.Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "duration_weeks", "guaranteed_interview", "is_active"]
    prepopulated_fields = {"slug": ["name"]}


class CohortSessionInline(admin.TabularInline):
    model = models.CohortSession
    extra = 0


@admin.register(models.Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "locality", "start_date", "end_date", "capacity"]
    list_filter = ["programme", "locality"]
    inlines = [CohortSessionInline]


@admin.register(models.QualificationAward)
class QualificationAwardAdmin(admin.ModelAdmin):
    list_display = ["title", "application", "level", "awarded_on"]
    raw_id_fields = ["application"]


@admin.register(models.CourseOutcome)
class CourseOutcomeAdmin(admin.ModelAdmin):
    list_display = ["application", "cohort", "result", "reason", "on", "moved_to"]
    list_filter = ["result", "reason"]
    raw_id_fields = ["application", "cohort", "moved_to"]
