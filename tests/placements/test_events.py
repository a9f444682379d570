"""Meet-the-employer and speed-interview events: meetings, and provider flags for a formal interview."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from placements import services
from placements.models import EventMeeting, RecruitmentEvent
from tests.factories import LearnerFactory, ProviderFactory, RecruitmentEventFactory
from tests.factories.placements import enrolled_application

pytestmark = pytest.mark.django_db


def test_staff_create_an_event_with_providers(client_for, staff, locality, provider_user):
    response = client_for(staff).post(reverse("placements:event_create"), {
        "name": "Fylde meet the employer", "kind": "meet_employer", "date": "2030-03-04", "venue": "Lytham library",
        "locality": locality.pk, "providers": [provider_user.provider.pk], "meeting_minutes": 10})
    event = RecruitmentEvent.objects.get()
    assert response.status_code == 302 and list(event.providers.all()) == [provider_user.provider]


def test_a_meeting_is_only_with_a_provider_attending_the_event():
    event = RecruitmentEventFactory(providers=[ProviderFactory()])
    with pytest.raises(ValidationError, match="is not attending this event"):
        services.event_meeting_add(event=event, provider=ProviderFactory(), application=enrolled_application(),
                                   by=None)


def test_staff_add_meetings_and_the_same_pair_cannot_meet_twice(client_for, staff, locality):
    provider = ProviderFactory()
    event = RecruitmentEventFactory(providers=[provider], locality=locality)
    application = enrolled_application(learner=LearnerFactory(locality=locality))
    client = client_for(staff)
    client.post(reverse("placements:event", args=[event.pk]), {"provider": provider.pk,
                                                              "application": application.pk, "starts_at": "10:20"})
    again = client.post(reverse("placements:event", args=[event.pk]), {"provider": provider.pk,
                                                                      "application": application.pk})
    assert EventMeeting.objects.count() == 1
    assert "already has a meeting" in again.content.decode()


def test_a_provider_flags_who_to_call_for_a_formal_interview(client_for, provider_user):
    event = RecruitmentEventFactory(providers=[provider_user.provider])
    meeting = services.event_meeting_add(event=event, provider=provider_user.provider,
                                         application=enrolled_application(), by=None)
    response = client_for(provider_user).post(reverse("placements:meeting_flag", args=[meeting.pk]),
                                              {"call_for_interview": "on", "provider_notes": "Warm and calm"})
    meeting.refresh_from_db()
    assert response.status_code == 302 and meeting.call_for_interview and meeting.flagged_by == provider_user


def test_a_provider_sees_only_its_own_meetings_and_cannot_flag_anothers(client_for, provider_user):
    other = ProviderFactory()
    event = RecruitmentEventFactory(providers=[provider_user.provider, other])
    mine = services.event_meeting_add(event=event, provider=provider_user.provider,
                                      application=enrolled_application(), by=None)
    theirs = services.event_meeting_add(event=event, provider=other, application=enrolled_application(), by=None)
    client = client_for(provider_user)
    meetings = list(client.get(reverse("placements:event", args=[event.pk])).context["meetings"])
    assert meetings == [mine]
    assert client.post(reverse("placements:meeting_flag", args=[theirs.pk]),
                       {"call_for_interview": "on"}).status_code == 404


def test_a_provider_cannot_open_an_event_it_is_not_attending(client_for, provider_user):
    event = RecruitmentEventFactory(providers=[ProviderFactory()])
    assert client_for(provider_user).get(reverse("placements:event", args=[event.pk])).status_code == 404


def test_learners_and_partners_cannot_open_events(client_for, learner, partner):
    event = RecruitmentEventFactory()
    assert client_for(learner.user).get(reverse("placements:event", args=[event.pk])).status_code == 403
    assert client_for(partner).get(reverse("placements:events")).status_code == 403
