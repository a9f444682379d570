"""Staff: a learner's DBS check, its status, update-service checks and the recruitment decision."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from academy.caching import no_store
from academy.form_handling import handle_form
from academy.permissions import staff_required
from academy.services import audit_record

from .. import forms
from ..models import DbsCheck
from ..permissions import get_learner_for_staff_or_404
from ..services.dbs import dbs_check_transition, dbs_decision_record, dbs_status_check_record


def _dbs_for_staff(user, pk) -> DbsCheck:
    check = get_object_or_404(DbsCheck.objects.select_related("learner", "decision_by"), pk=pk)
    get_learner_for_staff_or_404(user, check.learner_id)
    return check


def _render_dbs(request, check, status=200, **form_overrides):
    audit_record(action="dbs.view", request=request, obj=check, learner_id=check.learner_id)
    context = {
        "check": check, "learner": check.learner,
        "events": check.events.select_related("by"), "status_checks": check.status_checks.select_related("checked_by"),
        "transition_form": forms.DbsTransitionForm(current=check.status),
        "status_check_form": forms.DbsStatusCheckForm(), "decision_form": forms.DbsDecisionForm(),
    }
    context.update(form_overrides)
    return render(request, "learners/dbs_detail.html", context, status=status)


@staff_required
@no_store
def dbs_detail(request, pk):
    return _render_dbs(request, _dbs_for_staff(request.user, pk))


@staff_required
@require_POST
@no_store
def dbs_transition(request, pk):
    check = _dbs_for_staff(request.user, pk)
    form = forms.DbsTransitionForm(request.POST, current=check.status)
    if response := handle_form(
        request, form, lambda: dbs_check_transition(dbs_check=check, by=request.user, **form.cleaned_data),
        success_message=lambda saved: f"DBS check updated: {saved.get_status_display()}.",
        success_url=reverse("learners:dbs_detail", args=[check.pk]),
    ):
        return response
    return _render_dbs(request, check, status=400, transition_form=form)


@staff_required
@require_POST
@no_store
def dbs_status_check(request, pk):
    check = _dbs_for_staff(request.user, pk)
    form = forms.DbsStatusCheckForm(request.POST)
    if response := handle_form(
        request, form,
        lambda: dbs_status_check_record(dbs_check=check, by=request.user, **form.cleaned_data),
        success_message="Status check recorded.", success_url=reverse("learners:dbs_detail", args=[check.pk]),
    ):
        return response
    return _render_dbs(request, check, status=400, status_check_form=form)


@staff_required
@require_POST
@no_store
def dbs_decision(request, pk):
    check = _dbs_for_staff(request.user, pk)
    form = forms.DbsDecisionForm(request.POST)
    if response := handle_form(
        request, form, lambda: dbs_decision_record(dbs_check=check, by=request.user, **form.cleaned_data),
        success_message="Recruitment decision recorded.",
        success_url=reverse("learners:dbs_detail", args=[check.pk]),
    ):
        return response
    return _render_dbs(request, check, status=400, decision_form=form)
