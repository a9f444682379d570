"""Public course pages and the staff pages for programmes, cohorts, sessions, attendance and qualifications."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from academy.calendars import ics_response
from academy.form_handling import handle_form
from academy.models import User
from academy.permissions import role_required, staff_required
from learners.models import Application

from . import forms, services
from .calendars import cohort_sessions_calendar
from .models import CohortSession, Programme
from .permissions import (
    cohorts_visible_to,
    cohorts_with_sessions_visible_to,
    get_cohort_for_staff_or_404,
)
from .selectors import (
    ON_COURSE_STAGES,
    attendance_summaries,
    bursaries_paid,
    cohort_attendance_register,
    cohorts_for_staff,
    places_taken,
    programme_public_detail,
    programmes_for_staff,
    programmes_public,
)


def programme_list(request):
    return render(request, "courses/programme_list.html", {"programmes": programmes_public()})


def programme_detail(request, slug):
    programme = programme_public_detail(slug=slug)
    if programme is None:
        raise Http404("No such course.")
    return render(request, "courses/programme_detail.html", {"programme": programme})


@staff_required
def programme_manage_list(request):
    return render(request, "courses/programme_manage_list.html", {"programmes": programmes_for_staff()})


@staff_required
def programme_edit(request, pk=None):
    programme = get_object_or_404(Programme, pk=pk) if pk else None
    form = forms.ProgrammeForm(request.POST or None, instance=programme)
    if response := handle_form(
        request, form, lambda: services.programme_save(programme=programme, by=request.user, **form.programme_fields()),
        success_message=lambda saved: f"{saved.name} saved.",
        success_url=reverse("courses:programme_manage_list"),
    ):
        return response
    return render(request, "form_page.html", {
        "form": form, "title": f"Edit {programme.name}" if programme else "Add a programme",
        "cancel_url": reverse("courses:programme_manage_list"),
    }, status=400 if form.errors else 200)


def _staff_localities(user):
    return user.localities.all() if user.localities.exists() else None


@staff_required
def cohort_list(request):
    cohorts = cohorts_for_staff(cohorts=cohorts_visible_to(request.user))
    for cohort in cohorts:
        cohort.places_left = max(cohort.capacity - cohort.taken, 0)
    return render(request, "courses/cohort_list.html", {"cohorts": cohorts})


@staff_required
def cohort_edit(request, pk=None):
    cohort = get_cohort_for_staff_or_404(request.user, pk) if pk else None
    form = forms.CohortForm(request.POST or None, instance=cohort, localities=_staff_localities(request.user))
    if response := handle_form(
        request, form, lambda: services.cohort_save(cohort=cohort, **form.cleaned_data),
        success_message="Cohort saved.",
        success_url=lambda saved: reverse("courses:cohort_detail", args=[saved.pk]),
    ):
        return response
    return render(request, "form_page.html", {"form": form, "title": f"Edit {cohort.name}" if cohort else "Add a cohort"},
                  status=400 if form.errors else 200)


@staff_required
def cohort_detail(request, pk):
    cohort = get_cohort_for_staff_or_404(request.user, pk)
    sessions, applications, grid, summaries = cohort_attendance_register(cohort=cohort)
    paid = bursaries_paid(application_ids=[a.pk for a in applications])
    register = [
        {"application": a, "cells": [grid.get((s.pk, a.pk)) for s in sessions], "summary": summaries[a.pk],
         "bursary_paid": paid.get(a.pk)}
        for a in applications
    ]
    qualifications = (
        cohort.applications.filter(qualifications__isnull=False)
        .values("qualifications__pk", "qualifications__title", "qualifications__level",
                "qualifications__awarded_on", "learner__first_name", "learner__last_name")
    )
    taken = places_taken(cohort)
    return render(request, "courses/cohort_detail.html", {
        "cohort": cohort, "sessions": sessions, "register": register, "qualifications": qualifications,
        "taken": taken, "places_left": max(cohort.capacity - taken, 0),
        "threshold": settings.ACADEMY_BURSARY_ATTENDANCE_THRESHOLD,
    })


@staff_required
def bursary_payment_create(request, application_pk):
    """Records a bursary paid to one learner of a cohort the staff member works on."""
    application = get_object_or_404(Application.objects.select_related("learner"), pk=application_pk,
                                    stage__in=ON_COURSE_STAGES)
    cohort = get_cohort_for_staff_or_404(request.user, application.cohort_id)
    form = forms.BursaryPaymentForm(request.POST or None)
    if response := handle_form(
        request, form, lambda: services.bursary_payment_record(application=application, by=request.user,
                                                               **form.cleaned_data),
        success_message=lambda payment: f"£{payment.amount} bursary recorded for {application.learner}.",
        success_url=reverse("courses:cohort_detail", args=[cohort.pk]),
    ):
        return response
    return render(request, "courses/bursary_payment.html", {
        "form": form, "cohort": cohort, "application": application,
        "summary": attendance_summaries(application_ids=[application.pk])[application.pk],
        "payments": application.bursary_payments.select_related("employer", "recorded_by"),
    }, status=400 if form.errors else 200)


@staff_required
def session_create(request, pk):
    cohort = get_cohort_for_staff_or_404(request.user, pk)
    form = forms.SessionForm(request.POST or None)
    if response := handle_form(
        request, form, lambda: services.session_create(cohort=cohort, by=request.user, **form.cleaned_data),
        success_message="Session added.", success_url=reverse("courses:cohort_detail", args=[cohort.pk]),
    ):
        return response
    return render(request, "form_page.html", {"form": form, "title": f"Add a session to {cohort.name}",
                                              "cancel_url": reverse("courses:cohort_detail", args=[cohort.pk])},
                  status=400 if form.errors else 200)


@staff_required
def attendance(request, session_pk):
    session = get_object_or_404(CohortSession.objects.select_related("cohort"), pk=session_pk)
    cohort = get_cohort_for_staff_or_404(request.user, session.cohort_id)
    applications = (
        Application.objects.filter(cohort=cohort, stage__in=ON_COURSE_STAGES).select_related("learner")
        .order_by("learner__last_name", "learner__first_name")
    )
    current = dict(session.attendance.values_list("application_id", "status"))
    form = forms.AttendanceForm(request.POST or None, applications=applications, current=current)
    if response := handle_form(
        request, form,
        lambda: services.attendance_record(session=session, by=request.user, statuses=form.statuses()),
        success_message=f"Attendance saved for {session}.",
        success_url=reverse("courses:cohort_detail", args=[cohort.pk]),
    ):
        return response
    return render(request, "courses/attendance.html", {"form": form, "cohort": cohort, "session": session},
                  status=400 if form.errors else 200)


@staff_required
def qualification_create(request, pk):
    cohort = get_cohort_for_staff_or_404(request.user, pk)
    applications = Application.objects.filter(cohort=cohort, stage__in=ON_COURSE_STAGES).select_related("learner")
    form = forms.QualificationForm(request.POST or None, applications=applications)
    if response := handle_form(
        request, form, lambda: services.qualification_award_record(by=request.user, **form.cleaned_data),
        success_message="Qualification recorded.", success_url=reverse("courses:cohort_detail", args=[cohort.pk]),
    ):
        return response
    return render(request, "form_page.html", {"form": form, "title": f"Record a qualification on {cohort.name}",
                                              "cancel_url": reverse("courses:cohort_detail", args=[cohort.pk])},
                  status=400 if form.errors else 200)


@role_required(User.Role.STAFF, User.Role.LEARNER)
def cohort_calendar(request, pk):
    """Session dates for a learner on the cohort and for staff who work on it; a 404 for anyone else."""
    cohort = get_object_or_404(cohorts_with_sessions_visible_to(request.user), pk=pk)
    return ics_response(cohort_sessions_calendar(cohort), filename=f"cohort-{cohort.pk}-sessions.ics")
