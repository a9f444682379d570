"""The learner's own pages beyond /learners/me/: changing their contact details and preferences."""

from django.http import Http404
from django.shortcuts import render

from academy.form_handling import handle_form
from academy.permissions import learner_required

from . import services
from .forms_records import LearnerDetailsForm
from .selectors import learner_for_user


@learner_required
def my_details(request):
    learner = learner_for_user(request.user)
    if learner is None or learner.erased_at is not None:
        raise Http404("No learner record is linked to this account.")
    form = LearnerDetailsForm(request.POST or None, initial=LearnerDetailsForm.initial_for(learner))
    if response := handle_form(
        request, form,
        lambda: services.learner_details_update(learner=learner, by=request.user, request=request,
                                                **form.cleaned_data),
        success_message=lambda changed: "Your details are saved." if changed else "Nothing was changed.",
        success_url="learners:me",
    ):
        return response
    return render(request, "learners/my_details.html", {"learner": learner, "form": form},
                  status=400 if form.errors else 200)
