"""Staff take an application on the phone, at a drop-in or from a Jobcentre Plus / agency referral."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from academy.models import AuditEvent, User
from learners.models import Application, Learner
from notifications.models import Channel, Notification
from tests.factories import ApplicationSourceFactory, CohortFactory, LearnerFactory

pytestmark = pytest.mark.django_db
URL = reverse("learners:application_take")


@pytest.fixture
def cohort(locality):
    return CohortFactory(locality=locality, name="Talent for Care Blackpool")


@pytest.fixture
def friends():
    return ApplicationSourceFactory(name="Friends or family")


@pytest.fixture
def jcp():
    return ApplicationSourceFactory(name="Jobcentre Plus referral", is_referral=True)


def _form(cohort, source, **overrides):
    data = {
        "how_taken": "phone", "first_name": "Dot", "last_name": "Cotton", "date_of_birth": "1970-03-04",
        "phone": "07123 456789", "email": "", "postcode": "fy1 4ab", "situation": "unemployed",
        "locality": cohort.locality_id, "cohort": cohort.pk, "source": source.pk,
        "motivation": "I looked after my mum for years and I am good at it.",
    }
    data.update(overrides)
    return data


# --- who may use it ------------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["provider_user", "learner", "partner"])
def test_only_staff_may_take_applications_or_edit_the_source_list(request, client_for, persona, cohort, friends):
    someone = request.getfixturevalue(persona)
    client = client_for(someone.user if isinstance(someone, Learner) else someone)
    for url in (URL, reverse("learners:sources"), reverse("learners:source_edit", args=[friends.pk])):
        assert client.get(url).status_code in (302, 403, 404)
    client.post(URL, _form(cohort, friends))
    assert not Application.objects.exists()


def test_staff_of_another_locality_cannot_take_an_application_for_this_cohort(client_for, other_locality_staff,
                                                                              cohort, friends):
    client = client_for(other_locality_staff)
    page = client.get(URL).content.decode()
    assert "Talent for Care Blackpool" not in page
    response = client.post(URL, _form(cohort, friends))
    assert response.status_code == 200
    assert not Application.objects.exists() and not Learner.objects.exists()


# --- taking one ----------------------------------------------------------------------------------

def test_a_phone_application_without_email_makes_a_learner_without_an_account(client_for, staff, cohort, friends,
                                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(URL, _form(cohort, friends))
    application = Application.objects.get()
    assert response.status_code == 302 and response.url == reverse("learners:detail", args=[application.learner_id])
    learner = application.learner
    assert learner.user is None and learner.email == "" and learner.phone == "+447123456789"
    assert learner.locality == cohort.locality and learner.date_of_birth == datetime.date(1970, 3, 4)
    assert application.how_taken == "phone" and application.taken_by == staff and application.source == friends
    assert application.transitions.get().by == staff
    assert not User.objects.filter(role=User.Role.LEARNER).exists()
    assert not mail.outbox  # no address: the message goes as a text instead
    assert list(Notification.objects.values_list("channel", flat=True)) == [Channel.TEXT]
    assert learner.contact_preference == Learner.ContactPreference.TEXT
    assert AuditEvent.objects.filter(action="learners.application_taken").exists()


def test_with_an_email_the_learner_gets_an_account_and_a_link_to_set_a_password(client_for, staff, cohort, friends,
                                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(staff).post(URL, _form(cohort, friends, email="Dot@Example.test", how_taken="drop_in"))
    learner = Learner.objects.get()
    assert learner.email == "dot@example.test" and learner.user.email == "dot@example.test"
    assert not learner.user.has_usable_password()
    assert [m.to for m in mail.outbox] == [["dot@example.test"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body  # the welcome's set-up link
    assert "password reset" not in mail.outbox[0].subject.lower()


def test_a_phone_or_an_email_is_needed_and_what_was_typed_stays(client_for, staff, cohort, friends):
    response = client_for(staff).post(URL, _form(cohort, friends, phone="", email=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Give a phone number or an email address" in page
    assert 'value="Cotton"' in page and "I looked after my mum" in page
    assert not Learner.objects.exists()


def test_bad_input_gets_a_clear_message_per_field(client_for, staff, cohort, friends):
    response = client_for(staff).post(URL, _form(cohort, friends, phone="12", motivation="yes", postcode="nowhere"))
    form = response.context["form"]
    assert {"phone", "postcode"} <= set(form.errors)
    response = client_for(staff).post(URL, _form(cohort, friends, motivation="yes"))
    assert "motivation" in response.context["form"].errors
    assert not Application.objects.exists()


def test_a_cohort_outside_the_chosen_locality_is_refused(client_for, staff, cohort, friends, other_locality):
    staff.localities.add(other_locality)
    staff = User.objects.get(pk=staff.pk)
    response = client_for(staff).post(URL, _form(cohort, friends, locality=other_locality.pk))
    assert "cohort" in response.context["form"].errors
    assert not Application.objects.exists()


def test_a_referral_records_the_organisation_and_work_coach_shown_to_staff(client_for, staff, cohort, jcp):
    client = client_for(staff)
    response = client.post(URL, _form(cohort, jcp, how_taken="referral"))
    errors = response.context["form"].errors
    assert {"referral_organisation", "work_coach_name"} <= set(errors)
    assert not Application.objects.exists()
    client.post(URL, _form(cohort, jcp, how_taken="referral", referral_organisation="Blackpool Jobcentre Plus",
                           work_coach_name="Sam Whitworth", work_coach_contact="01253 000000"))
    application = Application.objects.get()
    assert application.referral_organisation == "Blackpool Jobcentre Plus"
    page = client.get(reverse("learners:detail", args=[application.learner_id])).content.decode()
    assert "Referred by Blackpool Jobcentre Plus; work coach Sam Whitworth (01253 000000)" in page


# --- someone who may already have a record -------------------------------------------------------

def test_the_same_name_and_birthday_is_shown_not_merged(client_for, staff, cohort, friends, locality):
    existing = LearnerFactory(first_name="Dot", last_name="cotton", date_of_birth=datetime.date(1970, 3, 4),
                              locality=locality)
    client = client_for(staff)
    response = client.post(URL, _form(cohort, friends))
    assert response.status_code == 200
    assert [d.pk for d in response.context["duplicates"]] == [existing.pk]
    assert reverse("learners:detail", args=[existing.pk]) in response.content.decode()
    assert Learner.objects.count() == 1 and not Application.objects.exists()
    # Staff say it is someone else: a new record is made.
    client.post(URL, _form(cohort, friends, not_a_duplicate="on"))
    assert Learner.objects.count() == 2


def test_staff_may_take_the_application_for_the_existing_learner(client_for, staff, cohort, friends, locality):
    existing = LearnerFactory(email="dot@example.test", locality=locality, user=None)
    client_for(staff).post(URL, _form(cohort, friends, email="DOT@example.test", existing_learner=existing.pk))
    assert Learner.objects.count() == 1
    assert Application.objects.get().learner == existing


def test_an_email_with_an_account_is_never_attached_silently(client_for, staff, cohort, friends, learner):
    response = client_for(staff).post(URL, _form(cohort, friends, email="learner@example.test",
                                                 not_a_duplicate="on"))
    assert "already has an account" in response.content.decode()
    assert not Application.objects.exists()


def test_a_possible_duplicate_elsewhere_is_mentioned_without_showing_them(client_for, staff, cohort, friends,
                                                                        other_locality):
    LearnerFactory(first_name="Dot", last_name="Cotton", date_of_birth=datetime.date(1970, 3, 4),
                   locality=other_locality)
    response = client_for(staff).post(URL, _form(cohort, friends))
    assert response.context["elsewhere"] and not response.context["duplicates"]
    assert "a locality you do not" in response.content.decode()
    assert not Application.objects.exists()


# --- the source list -----------------------------------------------------------------------------

def test_staff_add_and_retire_answers_on_the_source_list(client_for, staff):
    client = client_for(staff)
    response = client.post(reverse("learners:source_create"), {"name": "Local radio", "order": 5, "is_active": "on"})
    assert response.status_code == 302
    source = ApplicationSourceFactory._meta.model.objects.get(name="Local radio")
    client.post(reverse("learners:source_edit", args=[source.pk]), {"name": "Local radio", "order": 5})
    source.refresh_from_db()
    assert not source.is_active
    assert "Local radio" in client.get(reverse("learners:sources")).content.decode()
