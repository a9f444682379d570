from django.contrib import admin

from . import models


@admin.register(models.Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "duration_weeks", "guaranteed_interview", "requires_values_screening",
                    "requires_dbs", "is_active"]
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


@admin.register(models.BursaryPayment)
class BursaryPaymentAdmin(admin.ModelAdmin):
    # Payments are recorded through the staff page (eligibility, audit); the admin only reads them.
    list_display = ["application", "amount", "paid_on", "paid_by", "employer"]
    list_filter = ["paid_by"]
    raw_id_fields = ["application", "employer", "recorded_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.CourseOutcome)
class CourseOutcomeAdmin(admin.ModelAdmin):
    list_display = ["application", "cohort", "result", "reason", "on", "moved_to"]
    list_filter = ["result", "reason"]
    raw_id_fields = ["application", "cohort", "moved_to"]
