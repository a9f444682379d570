"""Staff: a learner's record, and records added to it (support, DBS, references, right to work, employment)."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from academy.caching import no_store
from academy.form_handling import handle_form
from academy.permissions import staff_required
from academy.services import audit_record_batch
from impact.selectors.surveys import surveys_due
from impact.services.support import support_spend_record

from .. import forms
from ..models import DbsCheck
from ..permissions import get_learner_for_staff_or_404, learners_visible_to
from ..selectors import (
    learner_money,
    learner_record,
    learner_tasks,
    learner_timeline,
)
from ..services.dbs import dbs_check_create
from ..services.documents import employment_history_add, reference_request, right_to_work_record


@staff_required
@no_store
def detail(request, pk):
    # The record is fetched through the staff member's visible learners, so one query decides both
    # what they may see and what the page shows.
    # An erased learner's anonymised record stays reachable here: the erasure page leads to it.
    learner = learner_record(learner_pk=pk, visible=learners_visible_to(request.user, include_erased=True))
    if learner is None:
        raise Http404("No such learner.")
    audit_record_batch(
        events=[("dbs.view", c) for c in learner.dbs_checks.all()]
        + [("right_to_work.view", c) for c in learner.right_to_work_checks.all()],
        request=request, learner_id=learner.pk, note="learner detail",
    )
    return render(request, "learners/detail.html", {
        "learner": learner, "timeline": learner_timeline(learner), "tasks": learner_tasks(learner),
        "money": learner_money(learner),
        "consent": next((c for c in learner.consents.all() if c.withdrawn_at is None), None),
        "surveys_due": surveys_due(learner=learner, for_staff=True, applications=learner.applications.all()),
    })


def about_learner(learner) -> dict:
    """The shared form page names the learner a staff form is about, links to them and cancels back to them."""
    detail = reverse("learners:detail", args=[learner.pk])
    return {"subject": learner.full_name, "subject_url": detail, "cancel_url": detail}


LEARNER_FORMS = {
    "dbs": (forms.DbsCreateForm, dbs_check_create, "Start a DBS check"),
    "reference": (forms.ReferenceForm, reference_request, "Request a reference"),
    "right_to_work": (forms.RightToWorkForm, right_to_work_record, "Record a right-to-work check"),
    "employment": (forms.EmploymentHistoryForm, employment_history_add, "Add employment history"),
}


@staff_required
@no_store
def learner_add(request, pk, kind):
    if kind not in LEARNER_FORMS:
        raise Http404("No such record type.")
    learner = get_learner_for_staff_or_404(request.user, pk)
    form_class, service, title = LEARNER_FORMS[kind]
    form = form_class(request.POST or None, request.FILES or None)
    if response := handle_form(
        request, form, lambda: service(learner=learner, by=request.user, **form.cleaned_data),
        # A DBS check says the status it was saved with, as its page then shows.
        success_message=lambda record: f"{title}: saved." + (
            f" Status: {record.get_status_display()}." if isinstance(record, DbsCheck) else ""),
        success_url=reverse("learners:detail", args=[learner.pk]),
    ):
        return response
    return render(request, "form_page.html", {"form": form, "title": title, **about_learner(learner)},
                  status=400 if form.errors else 200)


@staff_required
def support_add(request, pk):
    """Support given (travel, childcare, clothing, lunch) is kept with the impact figures, per application."""
    learner = get_learner_for_staff_or_404(request.user, pk)
    form = forms.SupportForm(request.POST or None, learner=learner)
    if response := handle_form(
        request, form, lambda: support_spend_record(**form.cleaned_data), success_message="Support recorded.",
        success_url=reverse("learners:detail", args=[learner.pk]),
    ):
        return response
    return render(request, "form_page.html", {"form": form, "title": "Record support given",
                                              **about_learner(learner)},
                  status=400 if form.errors else 200)
