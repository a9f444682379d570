"""Placements, matching, interviews, offers, starts and events. Thin views: permission, form, one service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from academy.form_handling import handle_action, handle_form
from academy.models import User
from academy.parsing import whole_number
from academy.permissions import learner_required, provider_required, role_required, staff_required
from learners.models import Learner
from learners.permissions import learners_visible_to
from providers.models import Site
from providers.permissions import annotate_learner_view, learner_label, scope_to_provider

from . import permissions as perms
from . import selectors, services
from .forms import (
    AttendanceForm,
    EventForm,
    EventMeetingForm,
    InterviewOutcomeForm,
    InterviewScheduleForm,
    InterviewSlotForm,
    JobStartForm,
    LearnerFeedbackForm,
    MeetingFlagForm,
    OfferDecisionForm,
    OpportunityForm,
    PlacementConfirmForm,
    PlacementRespondForm,
    ProviderFeedbackForm,
    SelfBookForm,
)
from .matching import matches_for_learner, unsuitable_q
from .models import Interview

staff_or_provider = role_required(User.Role.STAFF, User.Role.PROVIDER)
anyone_signed_in = role_required(User.Role.STAFF, User.Role.PROVIDER, User.Role.LEARNER)


def _form_page(request, form, title, intro="", back=None, obj=None):
    return render(request, "form_page.html", {"form": form, "title": title, "intro": intro, "back_url": back,
                                              "object": obj})


def _open_vacancies_for(user):
    from vacancies.models import Vacancy

    return scope_to_provider(Vacancy.objects.filter(status=Vacancy.Status.OPEN), user).select_related(
        "provider").order_by("provider__name", "role_title")


# --- staff: a learner's matches, confirming a placement, scheduling an interview ---------------


@staff_required
def learner_matches(request, learner_pk):
    learner = perms.get_or_404(learners_visible_to(request.user).select_related("locality"), learner_pk,
                               "learner")
    application = selectors.current_application(learner)
    result = matches_for_learner(learner=learner, application=application)
    return render(request, "placements/matches.html", {
        "learner": learner, "application": application, "result": result,
        "employment": selectors.learner_employment(learner=learner),
    })


@staff_required
def placement_confirm(request, learner_pk, opportunity_pk):
    learner = perms.get_or_404(learners_visible_to(request.user), learner_pk, "learner")
    opportunity = perms.get_or_404(perms.opportunities_visible_to(request.user).select_related("provider", "site"),
                                   opportunity_pk, "placement")
    application = selectors.current_application(learner)
    start, end = selectors.placement_default_dates(opportunity=opportunity, application=application)
    form = PlacementConfirmForm(request.POST or None, initial={"start_date": start, "end_date": end})

    def confirm():
        if application is None:
            raise ValidationError(f"{learner} has no application on or past the course yet.")
        return services.placement_confirm(
            application=application, opportunity=opportunity, by=request.user,
            match_score=whole_number(request.POST.get("score"), maximum=100), **form.cleaned_data)

    if response := handle_form(
        request, form, confirm,
        success_message=f"Placement confirmed. {opportunity.provider} will be asked to accept it.",
        success_url=lambda placement: reverse("placements:detail", args=[placement.pk]),
    ):
        return response
    return _form_page(request, form, f"Confirm a placement for {learner}",
                      f"{opportunity.title} at {opportunity.provider}, {opportunity.site.name} "
                      f"({opportunity.site.postcode}), open from {opportunity.available_from:%d %B %Y} to "
                      f"{opportunity.available_until:%d %B %Y}. The provider accepts it next; the learner is "
                      "“On placement” from its start date, once the provider has accepted.",
                      back=reverse("placements:matches", args=[learner.pk]))


@staff_required
def interview_schedule(request, learner_pk):
    learner = perms.get_or_404(learners_visible_to(request.user), learner_pk, "learner")
    application = selectors.current_application(learner)
    initial = {}
    if (vacancy_id := whole_number(request.GET.get("vacancy"))) is not None:
        initial["vacancy"] = vacancy_id
    # The matching page's exclusions hide the jobs the learner cannot do, unless staff choose to see them
    # (booking one then needs a reason: services.interview_book).
    show_unsuitable = (request.POST if request.method == "POST" else request.GET).get("show_unsuitable") in (
        "1", "True", "on")
    initial["show_unsuitable"] = show_unsuitable
    slots, vacancies = selectors.free_slots(), _open_vacancies_for(request.user)
    if not show_unsuitable:
        slots = slots.exclude(unsuitable_q(learner, "vacancy__"))
        vacancies = vacancies.exclude(unsuitable_q(learner))
    form = InterviewScheduleForm(request.POST or None, initial=initial, slots=slots, vacancies=vacancies,
                                 learner=learner, show_unsuitable=show_unsuitable)

    def book():
        data = form.cleaned_data
        reason = data.get("unsuitable_reason", "")
        if application is None:
            raise ValidationError(f"{learner} has no application on or past the course yet.")
        if data["slot"]:
            services.interview_book(slot=data["slot"], application=application, by=request.user,
                                    unsuitable_reason=reason)
        else:
            services.interview_schedule(application=application, vacancy=data["vacancy"],
                                        starts_at=data["starts_at"], ends_at=form.ends_at(),
                                        by=request.user, interviewer=data["interviewer"], unsuitable_reason=reason)

    if response := handle_form(
        request, form, book, success_message=f"Interview booked for {learner}.",
        success_url=reverse("placements:matches", args=[learner.pk]),
    ):
        return response
    here = reverse("placements:schedule_interview", args=[learner.pk])
    toggle = ({"url": here, "text": f"Show only the jobs that suit {learner}"} if show_unsuitable else
              {"url": f"{here}?show_unsuitable=1",
               "text": f"Also show jobs that do not suit {learner} (nights, sleep-ins or driving they cannot do)"})
    return render(request, "form_page.html", {
        "form": form, "title": f"Book an interview for {learner}", "other_view": toggle,
        "intro": "Choose one of the providers' free slots, or set a new time on an open vacancy: the slot is "
                 "created and booked in one step. Jobs the learner cannot do are left out, as on the "
                 "matching page.",
        "back_url": reverse("placements:matches", args=[learner.pk])}, status=400 if form.errors else 200)


# --- placements --------------------------------------------------------------------------------


@staff_or_provider
def placement_list(request):
    placements = annotate_learner_view(selectors.placements_list(perms.placements_visible_to(request.user)),
                                       request.user, "application__learner")
    return render(request, "placements/placement_list.html", {"placements": placements})


@anyone_signed_in
def placement_detail(request, pk):
    placement = perms.get_or_404(annotate_learner_view(perms.placements_visible_to(request.user).select_related(
        "application__learner", "application__cohort", "provider", "opportunity__site"), request.user,
        "application__learner"), pk, "placement")
    context = {"placement": placement, "attendance_form": AttendanceForm(),
               **perms.placement_page_actions(request.user, placement)}
    context.update(selectors.placement_detail(placement=placement))
    return render(request, "placements/placement_detail.html", context)


@provider_required
def placement_respond(request, pk):
    placement = perms.get_or_404(annotate_learner_view(perms.placements_visible_to(request.user).select_related(
        "application__learner"), request.user, "application__learner"), pk, "placement")
    form = PlacementRespondForm(request.POST or None, initial={"supervisor_name": placement.supervisor_name,
                                                               "supervisor_phone": placement.supervisor_phone})

    def respond():
        data = form.cleaned_data
        services.placement_respond(placement=placement, by=request.user, accept=data["decision"] == "accept",
                                   reason=data["reason"], supervisor_name=data["supervisor_name"],
                                   supervisor_phone=data["supervisor_phone"])

    if response := handle_form(
        request, form, respond, success_message="Thank you: the academy has your answer.",
        success_url=reverse("placements:detail", args=[placement.pk]),
    ):
        return response
    return _form_page(request, form, f"Placement for {learner_label(placement.learner, placement)}",
                      f"{placement.start_date:%d %B} to {placement.end_date:%d %B %Y}. Accept the learner and "
                      "name their supervisor, or tell the academy why you cannot.",
                      back=reverse("placements:detail", args=[placement.pk]))


@require_POST
@staff_or_provider
def placement_attendance(request, pk):
    placement = perms.get_or_404(annotate_learner_view(perms.placements_visible_to(request.user), request.user,
                                                       "application__learner"), pk, "placement")
    form = AttendanceForm(request.POST)
    if response := handle_form(
        request, form,
        lambda: services.placement_attendance_record(placement=placement, by=request.user, **form.cleaned_data),
        success_message="Attendance recorded.", success_url=reverse("placements:detail", args=[placement.pk]),
    ):
        return response
    context = {"placement": placement, "attendance_form": form,
               **perms.placement_page_actions(request.user, placement)}
    context.update(selectors.placement_detail(placement=placement))
    return render(request, "placements/placement_detail.html", context, status=400)


@require_POST
@staff_required
def placement_complete(request, pk):
    placement = perms.get_or_404(perms.placements_visible_to(request.user), pk, "placement")
    handle_action(request, lambda: services.placement_complete(placement=placement, by=request.user),
                  success_message="Placement marked as completed.")
    return redirect("placements:detail", pk=placement.pk)


@provider_required
def provider_feedback(request, pk):
    placement = perms.get_or_404(annotate_learner_view(perms.placements_visible_to(request.user).select_related(
        "application__learner"), request.user, "application__learner"), pk, "placement")
    existing = selectors.placement_detail(placement=placement)["provider_feedback"]
    form = ProviderFeedbackForm(request.POST or None, instance=existing)
    if response := handle_form(
        request, form,
        lambda: services.provider_feedback_give(placement=placement, by=request.user, **form.cleaned_data),
        success_message="Feedback saved. Thank you.", success_url=reverse("placements:detail", args=[placement.pk]),
    ):
        return response
    return _form_page(request, form, f"Feedback on {learner_label(placement.learner, placement)}",
                      "Score each from 1 (not yet) to 5 (excellent). The academy uses this to support the learner.",
                      back=reverse("placements:detail", args=[placement.pk]))


@learner_required
def learner_feedback(request, pk):
    placement = perms.get_or_404(perms.placements_visible_to(request.user).select_related("provider"), pk,
                                 "placement")
    existing = selectors.placement_detail(placement=placement)["learner_feedback"]
    form = LearnerFeedbackForm(request.POST or None, instance=existing)
    if response := handle_form(
        request, form, lambda: services.learner_feedback_give(placement=placement, **form.cleaned_data),
        success_message="Thank you for your feedback.", success_url="placements:my",
    ):
        return response
    return _form_page(request, form, f"Your placement at {placement.provider}",
                      "Tell us how it went. The provider does not see your comments.", back=reverse("placements:my"))


# --- placement opportunities (providers offer them) --------------------------------------------


@staff_or_provider
def opportunity_list(request):
    opportunities = perms.opportunities_visible_to(request.user).select_related("provider", "site", "setting")
    return render(request, "placements/opportunity_list.html", {"opportunities": opportunities})


def _sites_for(user):
    return scope_to_provider(Site.objects.select_related("provider"), user).order_by("provider__name", "name")


@staff_or_provider
def opportunity_edit(request, pk=None):
    opportunity = None
    if pk is not None:
        opportunity = perms.get_or_404(perms.opportunities_visible_to(request.user), pk, "placement")
    sites = _sites_for(request.user)
    if opportunity is not None:
        sites = sites.filter(provider=opportunity.provider)
    form = OpportunityForm(request.POST or None, instance=opportunity, sites=sites)

    def save():
        data = form.opportunity_fields()
        provider = opportunity.provider if opportunity else data["site"].provider
        services.opportunity_save(provider=provider, opportunity=opportunity,
                                  client_groups=form.cleaned_data["client_groups"], **data)

    if response := handle_form(
        request, form, save, success_message="Placement opportunity saved.", success_url="placements:opportunities",
    ):
        return response
    return _form_page(request, form, "Offer work placements" if opportunity is None else f"Edit {opportunity.title}",
                      "Work experience for academy learners: tell us the setting, the shifts and how many places.",
                      back=reverse("placements:opportunities"))


# --- interview slots (providers) and interviews ------------------------------------------------


@staff_or_provider
def slot_list(request):
    form = InterviewSlotForm(request.POST or None, vacancies=_open_vacancies_for(request.user))
    if response := handle_form(
        request, form, lambda: services.interview_slot_create(
            vacancy=form.cleaned_data["vacancy"], by=request.user, starts_at=form.cleaned_data["starts_at"],
            ends_at=form.ends_at(), interviewer=form.cleaned_data["interviewer"]),
        success_message="Interview slot offered.", success_url="placements:slots",
    ):
        return response
    slots = annotate_learner_view(
        perms.slots_visible_to(request.user).select_related("vacancy", "site", "provider",
                                                            "interview__application__learner"),
        request.user, "interview__application__learner").order_by("-starts_at")[:200]
    return render(request, "placements/slot_list.html", {"form": form, "slots": slots,
                                                         "staff_view": request.user.is_academy_staff},
                  status=400 if form.errors else 200)


@require_POST
@staff_or_provider
def slot_delete(request, pk):
    slot = perms.get_or_404(perms.slots_visible_to(request.user), pk, "slot")
    handle_action(request, lambda: services.interview_slot_delete(slot=slot, by=request.user),
                  success_message="Slot removed.")
    return redirect("placements:slots")


@staff_or_provider
def interview_list(request):
    interviews = annotate_learner_view(selectors.interviews_list(perms.interviews_visible_to(request.user)),
                                       request.user, "application__learner")[:300]
    return render(request, "placements/interview_list.html", {"interviews": interviews,
                                                              "staff_view": request.user.is_academy_staff})


@staff_or_provider
def interview_outcome(request, pk):
    interview = perms.get_or_404(annotate_learner_view(perms.interviews_visible_to(request.user).select_related(
        "application__learner", "vacancy", "provider", "slot"), request.user, "application__learner"),
        pk, "interview")
    form = InterviewOutcomeForm(request.POST or None)
    # A refusal includes TransitionNotAllowed: its message says why.
    if response := handle_form(
        request, form,
        lambda: services.interview_record_outcome(interview=interview, by=request.user, **form.cleaned_data),
        success_message="Outcome recorded; the learner's progress has been updated.",
        success_url="providers:home" if request.user.is_provider_user else "placements:interviews",
    ):
        return response
    return _form_page(request, form, f"Interview outcome: {learner_label(interview.application.learner, interview)}",
                      f"{interview.vacancy.role_title} at {interview.provider}, "
                      f"{interview.slot.starts_at:%d %B %Y %H:%M}.", obj=interview)


@anyone_signed_in
def offer_decide(request, pk):
    offer = perms.get_or_404(perms.offers_visible_to(request.user).select_related(
        "application__learner", "interview__vacancy", "interview__provider", "provider"), pk, "offer")
    if not perms.can_decide_offer(request.user, offer):
        raise PermissionDenied("Only the learner or academy staff can answer a job offer.")
    form = OfferDecisionForm(request.POST or None)

    def decide():
        data = form.cleaned_data
        services.job_offer_decide(offer=offer, accept=data["decision"] == "accept", by=request.user,
                                  reasons=data["reasons"], note=data["note"])

    if response := handle_form(
        request, form, decide, success_message="Answer saved.",
        success_url="placements:my" if request.user.is_learner else "placements:interviews",
    ):
        return response
    job = offer.interview.vacancy if offer.interview_id else None
    shifts = (f"Shifts: {', '.join(job.shift_pattern)}. " + ("Includes sleep-ins. " if job.sleep_ins else "")
              if job else "")
    return _form_page(request, form, f"Job offer: {offer.role_title} at {offer.employer_label}",
                      shifts + "It is fine to say no: tell us why, so we can find a job that fits.")


@staff_required
def job_start(request, pk):
    offer = perms.get_or_404(perms.offers_visible_to(request.user).select_related(
        "application__learner", "interview__vacancy", "interview__provider", "provider"), pk, "offer")
    form = JobStartForm(request.POST or None, initial={"started_on": offer.proposed_start_date})
    if response := handle_form(
        request, form, lambda: services.job_start_record(offer=offer, by=request.user, **form.cleaned_data),
        success_message="Start recorded. Follow-ups at 3, 6 and 12 months hang on this record.",
        success_url="placements:interviews",
    ):
        return response
    return _form_page(request, form, f"{offer.application.learner} starts work",
                      f"{offer.role_title} at {offer.employer_label}; offered "
                      f"{offer.offered_at:%d %B %Y}.")


# --- the learner's own pages --------------------------------------------------------------------


def _learner_or_none(user):
    return Learner.objects.filter(user=user).first()


@learner_required
def my_employment(request):
    learner = _learner_or_none(request.user)
    employment = selectors.learner_employment(learner=learner) if learner is not None else None
    return render(request, "placements/my.html", {"learner": learner, "employment": employment})


@learner_required
def book_interview(request):
    learner = _learner_or_none(request.user)
    employment = selectors.learner_employment(learner=learner) if learner else {"can_book": False}
    if not employment["can_book"]:
        messages.info(request, "You can book interviews once you are enrolled on a course.")
        return redirect("placements:my")
    application = employment["application"]
    slots = selectors.free_slots_for_learner(learner=learner, application=application)
    form = SelfBookForm(request.POST or None, slots=slots)
    if response := handle_form(
        request, form, lambda: services.interview_book(slot=form.cleaned_data["slot"], application=application,
                                                       by=request.user, via=Interview.BookedVia.SELF),
        success_message="Your interview is booked. Good luck!", success_url="placements:my",
    ):
        return response
    return render(request, "placements/book.html", {"slots": slots[:100], "form": form},
                  status=400 if request.method == "POST" else 200)


# --- meet-the-employer and speed-interview events ---------------------------------------------


@staff_or_provider
def event_list(request):
    events = perms.events_visible_to(request.user).select_related("locality").prefetch_related("providers")
    return render(request, "placements/event_list.html", {"events": events,
                                                          "can_create_event": request.user.is_academy_staff})


@staff_required
def event_create(request):
    form = EventForm(request.POST or None)
    if response := handle_form(
        request, form, lambda: services.event_create(by=request.user, **form.cleaned_data),
        success_message="Event created. Now add the meetings.",
        success_url=lambda event: reverse("placements:event", args=[event.pk]),
    ):
        return response
    return _form_page(request, form, "New meet-the-employer event",
                      "Providers meet learners for short conversations and flag who to call for a formal interview.",
                      back=reverse("placements:events"))


@staff_or_provider
def event_detail(request, pk):
    event = perms.get_or_404(perms.events_visible_to(request.user).select_related("locality", "cohort"), pk, "event")
    meetings = annotate_learner_view(
        perms.meetings_visible_to(request.user).filter(event=event)
        .select_related("provider", "application__learner", "application__cohort"),
        request.user, "application__learner").order_by("starts_at", "provider__name")
    form = None
    if request.user.is_academy_staff:
        from .selectors import ACTIVE_STAGES

        applications = perms.applications_for_staff(request.user).filter(stage__in=ACTIVE_STAGES).select_related(
            "learner", "cohort")
        if event.cohort_id:
            applications = applications.filter(cohort_id=event.cohort_id)
        form = EventMeetingForm(request.POST or None, providers=event.providers.all(), applications=applications)
        if response := handle_form(
            request, form, lambda: services.event_meeting_add(event=event, by=request.user, **form.cleaned_data),
            success_message="Meeting added.", success_url=reverse("placements:event", args=[event.pk]),
        ):
            return response
    return render(request, "placements/event_detail.html", {"event": event, "meetings": meetings, "form": form,
                                                            "providers": event.providers.all(),
                                                            "provider_view": request.user.is_provider_user})


@provider_required
def meeting_flag(request, pk):
    meeting = perms.get_or_404(annotate_learner_view(perms.meetings_visible_to(request.user).select_related(
        "application__learner", "event"), request.user, "application__learner"), pk, "meeting")
    form = MeetingFlagForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        services.event_meeting_flag(meeting=meeting, by=request.user,
                                    call_for_interview=form.cleaned_data["call_for_interview"],
                                    notes=form.cleaned_data["provider_notes"])
        messages.success(request, "Saved.")
        return redirect("placements:event", pk=meeting.event_id)
    return _form_page(request, form, f"{learner_label(meeting.application.learner, meeting)} at {meeting.event.name}",
                      "Would you like to call this learner for a formal interview?",
                      back=reverse("placements:event", args=[meeting.event_id]))

