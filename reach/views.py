"""Outcomes by group and characteristic (staff and partners), priority groups (learner and staff), the
participant export (staff)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from academy.exports import csv_writer
from academy.form_handling import add_service_errors
from academy.models import User
from academy.permissions import learner_required, role_required, staff_required
from academy.services import audit_record
from equality.permissions import sees_exact_equality_figures
from impact.forms.filters import ImpactFilterForm
from impact.permissions import sees_unsuppressed_figures
from learners.models import Learner
from learners.permissions import get_learner_for_staff_or_404
from learners.selectors import learner_for_user

from . import exports, permissions
from .forms import ParticipantExportForm, PriorityGroupsForm
from .models import LearnerPriorityGroup
from .selectors import DIMENSIONS, group_outcomes, whole_cohort
from .services import learner_priority_groups_set
from .tables import outcome_table, suppress_dimension

staff_or_partner = role_required(User.Role.PARTNER, User.Role.STAFF)
# Set by learners.views.apply for the person who has just applied (see equality.views).
APPLIED_SESSION_KEY = "applied_learner_id"


def _outcome_tables(request):
    staff = sees_unsuppressed_figures(request.user)
    officer = staff and sees_exact_equality_figures(request.user)
    form = ImpactFilterForm(request.GET or None, staff=staff)
    filters = form.filters()
    whole = whole_cohort(filters=filters)
    tables = [outcome_table(dimension=dimension, whole=whole, rows=group_outcomes(filters=filters, dimension=dimension),
                            suppress=suppress_dimension(dimension, staff=staff, equality_officer=officer))
              for dimension in DIMENSIONS]
    return form, tables, staff


@staff_or_partner
def outcomes(request):
    form, tables, staff = _outcome_tables(request)
    return render(request, "reach/outcomes.html", {
        "form": form, "tables": tables, "staff_view": staff, "query": form.canonical_query(),
        "equality_exact": staff and sees_exact_equality_figures(request.user),
    })


@staff_or_partner
def outcomes_csv(request):
    _form, tables, staff = _outcome_tables(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="outcomes-by-group-{timezone.localdate():%Y%m%d}.csv"'
    writer = csv_writer(response)
    writer.writerow(["Care Academy outcomes by group", "staff view" if staff else "partner view: small numbers hidden, "
                                                                                   "others rounded to the nearest 5"])
    for table in tables:
        writer.writerow([])
        for row in table.as_csv_rows():
            writer.writerow(row)
    return response


def _groups_page(request, *, learner, source, done_url, template="reach/groups.html", extra=None):
    initial = {"groups": [m.group_id for m in LearnerPriorityGroup.objects.filter(learner=learner)]}
    form = PriorityGroupsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            learner_priority_groups_set(learner=learner, groups=form.cleaned_data["groups"], source=source,
                                        by=request.user if request.user.is_authenticated else None, request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect(done_url)
    return render(request, template, {"form": form, "learner": learner, **(extra or {})},
                  status=400 if form.errors else 200)


@learner_required
def my_groups(request):
    learner = learner_for_user(request.user)
    if learner is None or learner.erased_at:
        raise Http404("No learner record for this account.")
    return _groups_page(request, learner=learner, source=LearnerPriorityGroup.Source.LEARNER, done_url="learners:me",
                        extra={"own": True})


def after_applying_groups(request):
    """Priority groups straight after applying, for whoever has just applied in this session; kept only for a
    record they have just made or are signed in to."""
    learner_id = request.session.get(APPLIED_SESSION_KEY)
    if learner_id is None:
        return redirect("courses:programme_list")
    learner = Learner.objects.filter(pk=learner_id, erased_at__isnull=True).first() if learner_id else None
    if learner is None:
        # An address that already had an account: the same page as for anyone, nothing kept (see equality.views).
        form = PriorityGroupsForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            return redirect("equality:after_applying")
        return render(request, "reach/groups.html", {"form": form, "own": True, "after_applying": True},
                      status=400 if form.errors else 200)
    return _groups_page(request, learner=learner, source=LearnerPriorityGroup.Source.LEARNER,
                        done_url="equality:after_applying", extra={"own": True, "after_applying": True})


@staff_required
def learner_groups(request, pk):
    learner = get_learner_for_staff_or_404(request.user, pk)
    return _groups_page(request, learner=learner, source=LearnerPriorityGroup.Source.STAFF,
                        done_url=reverse("learners:detail", args=[learner.pk]), extra={"own": False})


@staff_required
def participants(request):
    form = ParticipantExportForm(request.POST or None, initial=ParticipantExportForm.default_initial())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with_equality = permissions.export_includes_equality(request.user)
        rows = exports.participant_rows(start=data["start"], end=data["end"],
                                        localities=permissions.export_localities(request.user),
                                        with_equality=with_equality)
        columns = exports.participant_columns(with_equality=with_equality)
        audit_record(action="reach.participants_exported", request=request,
                     note=f"{data['start']:%Y-%m} to {data['end']:%Y-%m}, {len(rows)} learners, {data['file_format']}"
                          f"{', with equality data' if with_equality else ''}")
        stem = f"participants-{data['start']:%Y%m}-{data['end']:%Y%m}"
        if data["file_format"] == "xlsx":
            response = HttpResponse(exports.participants_xlsx(rows, columns), content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
            response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
        else:
            response = HttpResponse(exports.participants_csv(rows, columns), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "reach/participants.html", {
        "form": form, "with_equality": permissions.export_includes_equality(request.user),
    }, status=400 if form.errors else 200)
