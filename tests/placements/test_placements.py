"""Staff confirm a placement, the provider accepts it, and on its start date the learner moves to 'placed';
attendance and feedback."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from learners.models import Stage, StageTransition
from placements import services
from placements.models import LearnerFeedback, Placement, PlacementAttendance, ProviderFeedback
from tests.factories import LearnerFactory, PlacementOpportunityFactory, SiteFactory
from tests.factories.placements import enrolled_application

pytestmark = pytest.mark.django_db


def confirm(application, opportunity, by=None, **kwargs):
    kwargs.setdefault("start_date", opportunity.available_from)
    kwargs.setdefault("end_date", opportunity.available_from + datetime.timedelta(days=4))
    return services.placement_confirm(application=application, opportunity=opportunity, by=by, **kwargs)


def test_confirming_a_placement_leaves_the_stage_until_the_placement_starts(staff, provider_user):
    application = enrolled_application()
    opportunity = PlacementOpportunityFactory(site=SiteFactory(provider=provider_user.provider))
    placement = confirm(application, opportunity, by=staff)
    application.refresh_from_db()
    assert placement.status == Placement.Status.CONFIRMED
    assert application.stage == Stage.ENROLLED  # not "On placement" before the provider accepts
    services.placement_respond(placement=placement, by=provider_user, accept=True, supervisor_name="Jo Walsh")
    application.refresh_from_db()
    assert application.stage == Stage.ENROLLED  # accepted, but its start date is still to come
    # on the start date, the daily task starts it
    from placements.starts import placements_start_due

    at_start = timezone.make_aware(datetime.datetime.combine(placement.start_date, datetime.time(0, 15)))
    assert placements_start_due(at=at_start - datetime.timedelta(days=1)) == 0
    assert placements_start_due(at=at_start) == 1
    application.refresh_from_db()
    assert application.stage == Stage.PLACED
    assert StageTransition.objects.filter(application=application, to_stage=Stage.PLACED).count() == 1
    assert placements_start_due(at=at_start + datetime.timedelta(days=1)) == 0  # once only


def test_accepting_a_placement_whose_start_date_has_come_starts_it(staff, provider_user):
    application = enrolled_application()
    opportunity = PlacementOpportunityFactory(site=SiteFactory(provider=provider_user.provider),
                                              available_from=timezone.localdate())
    placement = confirm(application, opportunity, by=staff, start_date=timezone.localdate())
    assert stage_now(application) == Stage.ENROLLED
    placement = services.placement_respond(placement=placement, by=provider_user, accept=True,
                                           supervisor_name="Jo Walsh")
    assert placement.started_at is not None and stage_now(application) == Stage.PLACED


def stage_now(application):
    application.refresh_from_db()
    return application.stage


def test_a_placement_cannot_start_in_the_past():
    opportunity = PlacementOpportunityFactory(available_from=timezone.localdate() - datetime.timedelta(days=30))
    with pytest.raises(ValidationError, match="cannot start in the past"):
        confirm(enrolled_application(), opportunity, start_date=timezone.localdate() - datetime.timedelta(days=1))
    assert not Placement.objects.exists()


def test_the_confirm_form_suggests_future_dates_and_refuses_a_past_start(client_for, staff, locality):
    learner = LearnerFactory(locality=locality)
    application = enrolled_application(learner=learner)
    today = timezone.localdate()
    opportunity = PlacementOpportunityFactory(available_from=today - datetime.timedelta(days=180),
                                              available_until=today + datetime.timedelta(days=90))
    url = reverse("placements:confirm", args=[learner.pk, opportunity.pk])
    client = client_for(staff)
    page = client.get(url).content.decode()
    start = max(today + datetime.timedelta(days=1), application.cohort.start_date)
    assert f'name="start_date" value="{start:%Y-%m-%d}"' in page
    assert f'name="end_date" value="{start + datetime.timedelta(days=13):%Y-%m-%d}"' in page
    past = today - datetime.timedelta(days=180)
    response = client.post(url, {"start_date": past.isoformat(), "end_date": today.isoformat(),
                                 "supervisor_name": "Jo Walsh"})
    assert response.status_code == 200 and "cannot start in the past" in response.content.decode()
    assert 'value="Jo Walsh"' in response.content.decode()  # what was typed is kept
    assert not Placement.objects.exists()


def test_confirming_is_refused_to_other_locality_staff_providers_and_learners(client_for, other_locality_staff,
                                                                             provider_user, learner):
    enrolled_application(learner=learner)
    opportunity = PlacementOpportunityFactory()
    url = reverse("placements:confirm", args=[learner.pk, opportunity.pk])
    start = opportunity.available_from
    for user in (other_locality_staff, provider_user, learner.user):
        response = client_for(user).post(url, {"start_date": start.isoformat(), "end_date": start.isoformat()})
        assert response.status_code in (403, 404)
    assert not Placement.objects.exists()


def test_a_learner_not_yet_enrolled_cannot_be_placed_and_nothing_is_saved():
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(stage=Stage.ACCEPTED)
    with pytest.raises(ValidationError, match="only enrolled learners can go on placement") as exc:
        confirm(application, PlacementOpportunityFactory())
    assert "only enrolled learners" in str(exc.value)
    assert not Placement.objects.exists()


def test_a_full_placement_is_refused():
    opportunity = PlacementOpportunityFactory(places=1)
    confirm(enrolled_application(), opportunity)
    with pytest.raises(ValidationError, match="This placement is full") as exc:
        confirm(enrolled_application(), opportunity)
    assert "full" in str(exc.value)


def test_a_learner_who_cannot_do_nights_is_never_placed_on_a_night_shift_placement():
    learner = LearnerFactory(cannot_work_nights=True)
    with pytest.raises(ValidationError, match="night shifts") as exc:
        confirm(enrolled_application(learner=learner), PlacementOpportunityFactory(works_nights=True))
    assert "night shifts" in str(exc.value)


def test_dates_outside_the_providers_window_are_refused():
    opportunity = PlacementOpportunityFactory()
    with pytest.raises(ValidationError, match="Choose dates between"):
        confirm(enrolled_application(), opportunity, start_date=opportunity.available_from - datetime.timedelta(days=1))


def test_a_declined_placement_lets_staff_confirm_another_without_a_second_stage_move(provider_user):
    application = enrolled_application()
    first = confirm(application, PlacementOpportunityFactory(site=SiteFactory(provider=provider_user.provider)))
    services.placement_respond(placement=first, by=provider_user, accept=False, reason="No supervisor that week")
    second = confirm(application, PlacementOpportunityFactory())
    assert second.status == Placement.Status.CONFIRMED
    assert not StageTransition.objects.filter(application=application, to_stage=Stage.PLACED).exists()


def test_staff_confirm_a_placement_from_the_matches_page(client_for, staff, locality):
    learner = LearnerFactory(locality=locality)
    application = enrolled_application(learner=learner)
    opportunity = PlacementOpportunityFactory()
    client = client_for(staff)
    matches = client.get(reverse("placements:matches", args=[learner.pk]))
    assert opportunity.title in matches.content.decode()
    response = client.post(reverse("placements:confirm", args=[learner.pk, opportunity.pk]), {
        "start_date": opportunity.available_from.isoformat(),
        "end_date": (opportunity.available_from + datetime.timedelta(days=3)).isoformat(),
        "supervisor_name": "Pat",
    })
    placement = Placement.objects.get()
    assert response.status_code == 302 and placement.application == application


def test_a_refused_confirmation_shows_why_and_keeps_the_dates(client_for, staff, locality):
    learner = LearnerFactory(locality=locality, cannot_work_sleep_ins=True)
    enrolled_application(learner=learner)
    opportunity = PlacementOpportunityFactory(sleep_ins=True)
    start = opportunity.available_from.isoformat()
    response = client_for(staff).post(reverse("placements:confirm", args=[learner.pk, opportunity.pk]),
                                      {"start_date": start, "end_date": start, "supervisor_name": "Typed name"})
    body = response.content.decode()
    assert "sleep-ins" in body and 'value="Typed name"' in body
    assert not Placement.objects.exists()


def test_staff_in_another_locality_cannot_open_a_learners_matches(client_for, other_locality_staff, learner):
    assert client_for(other_locality_staff).get(reverse("placements:matches", args=[learner.pk])).status_code == 404


def test_the_provider_accepts_a_placement_naming_a_supervisor(client_for, provider_user):
    placement = confirm(enrolled_application(),
                        PlacementOpportunityFactory(site=SiteFactory(provider=provider_user.provider)))
    response = client_for(provider_user).post(reverse("placements:respond", args=[placement.pk]),
                                              {"decision": "accept", "supervisor_name": "Jo Walsh"})
    placement.refresh_from_db()
    assert response.status_code == 302
    assert placement.status == Placement.Status.ACCEPTED and placement.supervisor_name == "Jo Walsh"


def test_accepting_without_a_supervisor_or_declining_without_a_reason_is_refused(client_for, provider_user):
    placement = confirm(enrolled_application(),
                        PlacementOpportunityFactory(site=SiteFactory(provider=provider_user.provider)))
    client = client_for(provider_user)
    first = client.post(reverse("placements:respond", args=[placement.pk]), {"decision": "accept"})
    second = client.post(reverse("placements:respond", args=[placement.pk]), {"decision": "decline"})
    placement.refresh_from_db()
    assert "Name the person who will supervise" in first.content.decode()
    assert "Say why you cannot take this learner" in second.content.decode()
    assert placement.status == Placement.Status.CONFIRMED


def test_another_provider_cannot_see_or_answer_the_placement(client_for, provider_user, other_provider_user):
    placement = confirm(enrolled_application(),
                        PlacementOpportunityFactory(site=SiteFactory(provider=provider_user.provider)))
    client = client_for(other_provider_user)
    assert client.get(reverse("placements:detail", args=[placement.pk])).status_code == 404
    assert client.post(reverse("placements:respond", args=[placement.pk]),
                       {"decision": "accept", "supervisor_name": "X"}).status_code == 404
    assert client.get(reverse("placements:provider_feedback", args=[placement.pk])).status_code == 404
    assert placement.pk not in [p.pk for p in client.get(reverse("placements:list")).context["placements"]]


def test_another_learner_cannot_see_the_placement(client_for, other_learner):
    placement = confirm(enrolled_application(), PlacementOpportunityFactory())
    assert client_for(other_learner.user).get(reverse("placements:detail", args=[placement.pk])).status_code == 404


def accepted_placement(provider_user, started_days_ago=2):
    opportunity = PlacementOpportunityFactory(site=SiteFactory(provider=provider_user.provider))
    placement = confirm(enrolled_application(), opportunity)
    services.placement_respond(placement=placement, by=provider_user, accept=True, supervisor_name="Sam")
    start = timezone.localdate() - datetime.timedelta(days=started_days_ago)
    Placement.objects.filter(pk=placement.pk).update(start_date=start, end_date=start + datetime.timedelta(days=5))
    placement.refresh_from_db()
    return placement


def test_attendance_is_recorded_for_days_within_the_placement_and_not_in_the_future(provider_user):
    placement = accepted_placement(provider_user)
    services.placement_attendance_record(placement=placement, day=placement.start_date, attended=True,
                                         by=provider_user)
    services.placement_attendance_record(placement=placement, day=placement.start_date, attended=False,
                                         by=provider_user)  # a correction, not a second record
    assert PlacementAttendance.objects.get().attended is False
    with pytest.raises(ValidationError, match="a day that has not happened yet"):
        services.placement_attendance_record(placement=placement, day=timezone.localdate() + datetime.timedelta(1),
                                             attended=True, by=provider_user)
    with pytest.raises(ValidationError, match="Choose a day between"):
        services.placement_attendance_record(placement=placement, day=placement.start_date - datetime.timedelta(1),
                                             attended=True, by=provider_user)


def test_the_provider_records_attendance_through_the_page(client_for, provider_user):
    placement = accepted_placement(provider_user)
    response = client_for(provider_user).post(reverse("placements:attendance", args=[placement.pk]),
                                              {"day": placement.start_date.isoformat(), "attended": "1"})
    assert response.status_code == 302 and PlacementAttendance.objects.get().attended


def test_the_provider_scores_the_learner_from_1_to_5(client_for, provider_user):
    placement = accepted_placement(provider_user)
    client = client_for(provider_user)
    bad = client.post(reverse("placements:provider_feedback", args=[placement.pk]),
                      {"values": 6, "reliability": 4, "potential": 5, "comments": "Kind"})
    assert bad.status_code == 200 and not ProviderFeedback.objects.exists()
    client.post(reverse("placements:provider_feedback", args=[placement.pk]),
                {"values": 5, "reliability": 4, "potential": 5, "comments": "Kind and punctual"})
    feedback = ProviderFeedback.objects.get()
    assert (feedback.values, feedback.reliability, feedback.potential) == (5, 4, 5)


def test_the_learner_gives_feedback_on_their_own_placement_only(client_for, provider_user, other_learner):
    placement = accepted_placement(provider_user)
    owner = placement.application.learner.user
    response = client_for(owner).post(reverse("placements:learner_feedback", args=[placement.pk]),
                                      {"rating": 4, "would_work_there": "on", "comments": "Lovely team"})
    assert response.status_code == 302
    assert placement.learner_feedback.rating == 4
    assert client_for(other_learner.user).get(
        reverse("placements:learner_feedback", args=[placement.pk])).status_code == 404


def test_the_placement_list_query_count_does_not_grow(client_for, staff, locality, django_assert_max_num_queries):
    for _ in range(5):
        confirm(enrolled_application(learner=LearnerFactory(locality=locality)), PlacementOpportunityFactory())
    client = client_for(staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("placements:list"))
    assert len(response.context["placements"]) == 5


def test_the_daily_task_is_scheduled_and_starts_due_placements(provider_user):
    from config.celery import app
    from placements.tasks import placements_start_due_task

    entry = app.conf.beat_schedule["start-due-placements"]
    assert entry["task"] == placements_start_due_task.name == "placements.tasks.placements_start_due_task"
    application = enrolled_application()
    today = timezone.localdate()
    opportunity = PlacementOpportunityFactory(site=SiteFactory(provider=provider_user.provider),
                                              available_from=today - datetime.timedelta(days=3))
    placement = confirm(application, opportunity, start_date=today - datetime.timedelta(days=1),
                        at=timezone.now() - datetime.timedelta(days=3))
    Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.ACCEPTED)  # accepted before today
    assert placements_start_due_task.apply().get() == 1
    assert stage_now(application) == Stage.PLACED


def test_the_placement_page_offers_each_person_only_what_they_may_do(client_for, staff, provider_user, locality):
    learner = LearnerFactory(locality=locality)
    opportunity = PlacementOpportunityFactory(site=SiteFactory(provider=provider_user.provider))
    placement = confirm(enrolled_application(learner=learner), opportunity)
    url = reverse("placements:detail", args=[placement.pk])
    respond, complete, attendance, feedback = (reverse(f"placements:{name}", args=[placement.pk]) for name in (
        "respond", "complete", "attendance", "provider_feedback"))

    def page(user):
        return client_for(user).get(url).content.decode()

    confirmed = {"staff": page(staff), "provider": page(provider_user), "learner": page(learner.user)}
    assert respond in confirmed["provider"] and respond not in confirmed["staff"] + confirmed["learner"]
    assert not any(link in html for html in confirmed.values() for link in (complete, attendance, feedback))

    services.placement_respond(placement=placement, by=provider_user, accept=True, supervisor_name="Sam")
    ProviderFeedback.objects.create(placement=placement, values=5, reliability=4, potential=5, comments="Kind and punctual")
    LearnerFeedback.objects.create(placement=placement, rating=4, comments="Lovely team")
    accepted = {"staff": page(staff), "provider": page(provider_user), "learner": page(learner.user)}
    assert complete in accepted["staff"] and complete not in accepted["provider"] + accepted["learner"]
    assert attendance in accepted["staff"] and attendance in accepted["provider"]
    assert attendance not in accepted["learner"]
    assert feedback in accepted["provider"] and feedback not in accepted["staff"] + accepted["learner"]
    assert respond not in accepted["provider"]
    assert "Kind and punctual" not in accepted["learner"]
    assert "Kind and punctual" in accepted["staff"] and "Kind and punctual" in accepted["provider"]
    assert "Lovely team" not in accepted["provider"] and "Lovely team" in accepted["learner"]
