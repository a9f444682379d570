"""Staff: applications taken on the phone, at a drop-in or from a referral, and the list of sources."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from academy.form_handling import add_service_errors, handle_form
from academy.permissions import staff_required
from academy.services import audit_record

from ..forms_intake import ApplicationSourceForm, StaffApplicationForm
from ..models import ApplicationSource, Learner
from ..permissions import learners_visible_to
from ..selectors_workqueue import learners_possibly_same
from ..services.intake import application_source_save, staff_application_take

DUPLICATES_SHOWN = 5


@staff_required
def application_take(request):
    """Enter an application for someone on the phone or at a drop-in, or referred by an agency. Someone
    who may already have a record is shown to staff first, never merged silently."""
    initial = {}
    if cohort_pk := request.GET.get("cohort", ""):
        initial["cohort"] = cohort_pk if cohort_pk.isdigit() else None
    form = StaffApplicationForm(request.POST or None, user=request.user, initial=initial)
    duplicates, elsewhere = [], False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["existing_learner"] is None and not data["not_a_duplicate"]:
            who = {"email": data["email"], "first_name": data["first_name"], "last_name": data["last_name"],
                   "date_of_birth": data["date_of_birth"]}
            visible = learners_visible_to(request.user)
            duplicates = list(learners_possibly_same(learners=visible, **who)[:DUPLICATES_SHOWN])
            # Someone with these details outside the staff member's localities is mentioned, not shown.
            elsewhere = not duplicates and learners_possibly_same(
                learners=Learner.objects.exclude(pk__in=visible.values("pk")), **who).exists()
            if duplicates:
                audit_record(action="learners.possible_duplicates_shown", request=request,
                             note=", ".join(str(d.pk) for d in duplicates))
        if not duplicates and not elsewhere:
            try:
                result = staff_application_take(by=request.user, **form.service_fields())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                application = result.application
                audit_record(action="learners.application_taken", request=request, obj=application,
                             learner_id=application.learner_id, note=application.how_taken)
                messages.success(request, f"Application taken for {application.learner.full_name} "
                                          f"({application.cohort.name}).")
                return redirect("learners:detail", application.learner_id)
    return render(request, "learners/application_take.html", {
        "form": form, "duplicates": duplicates, "elsewhere": elsewhere,
        "referral_sources": [s.pk for s in form.fields["source"].queryset if s.is_referral],
    })


@staff_required
def source_list(request):
    sources = ApplicationSource.objects.all()
    return render(request, "learners/source_list.html", {"sources": sources})


@staff_required
def source_edit(request, pk=None):
    source = get_object_or_404(ApplicationSource, pk=pk) if pk else None
    form = ApplicationSourceForm(request.POST or None, instance=source)
    if response := handle_form(
        request, form, lambda: application_source_save(source=source, **form.cleaned_data),
        success_message="Saved.", success_url="learners:sources",
    ):
        return response
    title = f"Edit “{source}”" if source else "Add an answer to “How did you hear about us?”"
    return render(request, "form_page.html", {"form": form, "title": title,
                                              "cancel_url": reverse("learners:sources")})
