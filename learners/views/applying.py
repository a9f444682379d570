"""Public: a person applies for a cohort."""

from allauth.core import ratelimit
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from academy.form_handling import add_service_errors
from academy.models import User
from courses.selectors import cohort_for_application

from .. import forms
from ..apply_notices import apply_notice_send
from ..selectors import (
    learner_for_user,
)
from ..services.applications import LEARNER_PROFILE_FIELDS, learner_apply


def apply(request, cohort_pk):
    cohort = cohort_for_application(pk=cohort_pk)
    if cohort is None:
        raise Http404("This course is not taking applications.")
    signed_in_learner = (
        learner_for_user(request.user)
        if request.user.is_authenticated and request.user.role == User.Role.LEARNER else None
    )
    initial = {}
    if signed_in_learner:
        initial = {f: getattr(signed_in_learner, f) for f in LEARNER_PROFILE_FIELDS}
        initial["email"] = signed_in_learner.email
    form = forms.ApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if signed_in_learner:
            data["email"] = request.user.email
        # Per IP and per address, with the login's mechanism (ACCOUNT_RATE_LIMITS["apply"]).
        if not ratelimit.consume(request, action="apply", key=data["email"].lower()):
            return ratelimit.respond_429(request)
        try:
            result = learner_apply(
                cohort=cohort, signed_in_user=request.user if signed_in_learner else None, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            apply_notice_send(request=request, result=result, cohort=cohort)
            request.session["applied_outcome"] = "signed_in" if signed_in_learner else "emailed"
            request.session["applied_cohort"] = cohort.name
            # The optional questions after applying (reach, equality) are offered to everyone alike, so the
            # page tells no one whether the address had an account; answers are kept only for a record this
            # person has just made or is signed in to (0: take the answers, keep nothing).
            request.session["applied_learner_id"] = result.application.learner_id if result.application else 0
            return redirect("learners:apply_done")
    return render(request, "learners/apply.html", {"form": form, "cohort": cohort,
                                                   "signed_in_learner": signed_in_learner})


def apply_done(request):
    outcome = request.session.pop("applied_outcome", None)
    cohort_name = request.session.pop("applied_cohort", "")
    if outcome is None:
        return redirect("courses:programme_list")
    return render(request, "learners/apply_done.html", {"outcome": outcome, "cohort_name": cohort_name,
                                                        "equality_invite": "applied_learner_id" in request.session})
