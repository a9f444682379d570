"""The learner's own pages beyond /learners/me/: changing their contact details and preferences."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from academy.permissions import learner_required
from providers.forms import add_service_error

from . import services
from .forms_records import LearnerDetailsForm
from .selectors import learner_for_user


@learner_required
def my_details(request):
    learner = learner_for_user(request.user)
    if learner is None or learner.erased_at is not None:
        raise Http404("No learner record is linked to this account.")
    form = LearnerDetailsForm(request.POST or None, initial=LearnerDetailsForm.initial_for(learner))
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.learner_details_update(learner=learner, by=request.user, request=request,
                                                      **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Your details are saved." if changed else "Nothing was changed.")
            return redirect("learners:me")
    return render(request, "learners/my_details.html", {"learner": learner, "form": form},
                  status=400 if form.errors else 200)
