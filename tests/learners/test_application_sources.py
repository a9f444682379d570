"""How an applicant heard of the academy: a list staff keep, with "Other: please say", on the public form."""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from learners.models import Application, ApplicationSource
from learners.services.applications import application_create
from tests.factories import ApplicationSourceFactory, CohortFactory, LearnerFactory
from tests.learners.test_apply import _form

pytestmark = pytest.mark.django_db

migration = importlib.import_module("learners.migrations.0011_application_sources_and_referrals")


@pytest.fixture
def cohort(locality):
    return CohortFactory(locality=locality)


@pytest.fixture
def other():
    return ApplicationSourceFactory(name="Other", asks_for_detail=True)


@pytest.mark.parametrize("answer, expected", [
    ("Jobcentre", "Jobcentre Plus referral"),
    ("my work coach at the DWP", "Jobcentre Plus referral"),
    ("Facebook, then the job fair", "Social media (Facebook, Instagram, TikTok...)"),
    ("A friend", "Friends or family"),
    ("Blackpool and the Fylde College", "College or school"),
    ("saw it on a bus", "Other"),
])
def test_free_answers_given_before_the_list_are_matched_to_an_entry(answer, expected):
    assert migration.source_name_for(answer) == expected
    assert expected in [name for name, _r, _d in migration.SOURCES]


def test_the_list_is_seeded_with_referrals_and_an_other_that_asks_for_words():
    # A transactional test elsewhere may have flushed the seeded rows: seed them again the migration's way.
    from django.apps import apps

    migration.seed_sources(apps)
    assert ApplicationSource.objects.get(name="Jobcentre Plus referral").is_referral
    assert ApplicationSource.objects.get(name="Other").asks_for_detail
    assert ApplicationSource.objects.filter(is_active=True).count() >= 10


def test_the_public_form_offers_the_active_entries_only(client, cohort):
    ApplicationSourceFactory(name="Local radio")
    ApplicationSourceFactory(name="Teletext", is_active=False)
    page = client.get(reverse("learners:apply", args=[cohort.pk])).content.decode()
    assert "Local radio" in page
    assert "Teletext" not in page


def test_other_without_words_is_refused_and_keeps_what_was_typed(client, cohort, other):
    response = client.post(reverse("learners:apply", args=[cohort.pk]), _form(source=other.pk, source_other=" "))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please say how they heard about the academy." in page or "Please say how" in page
    assert 'value="Rigby"' in page and "I cared for my nan" in page
    assert not Application.objects.exists()


def test_other_with_words_is_kept_with_the_application(client, cohort, other):
    response = client.post(reverse("learners:apply", args=[cohort.pk]),
                           _form(source=other.pk, source_other="A poster at the bus stop"))
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.source == other and application.source_other == "A poster at the bus stop"
    assert application.how_taken == Application.HowTaken.ONLINE and application.taken_by is None


def test_a_retired_entry_cannot_be_chosen_for_a_new_application(cohort):
    retired = ApplicationSourceFactory(name="Old leaflet", is_active=False)
    with pytest.raises(ValidationError) as caught:
        application_create(learner=LearnerFactory(locality=cohort.locality), cohort=cohort, source=retired)
    assert "source" in caught.value.message_dict


def test_a_referral_names_the_organisation_and_work_coach(cohort):
    jcp = ApplicationSourceFactory(name="Jobcentre Plus referral", is_referral=True)
    learner = LearnerFactory(locality=cohort.locality)
    with pytest.raises(ValidationError) as caught:
        application_create(learner=learner, cohort=cohort, source=jcp, how_taken=Application.HowTaken.REFERRAL)
    assert {"referral_organisation", "work_coach_name"} <= set(caught.value.message_dict)
    with pytest.raises(ValidationError) as caught:
        application_create(learner=learner, cohort=cohort, source=ApplicationSourceFactory(name="Friends or family"),
                           how_taken=Application.HowTaken.REFERRAL, referral_organisation="Wigan JCP",
                           work_coach_name="Sam")
    assert "source" in caught.value.message_dict
    application = application_create(learner=learner, cohort=cohort, source=jcp,
                                     how_taken=Application.HowTaken.REFERRAL,
                                     referral_organisation=" Blackpool Jobcentre Plus ", work_coach_name="Sam Whitworth",
                                     work_coach_contact="sam.whitworth@dwp.example")
    assert application.referral_organisation == "Blackpool Jobcentre Plus"


def test_referral_details_are_not_kept_on_an_application_that_is_not_a_referral(cohort):
    application = application_create(learner=LearnerFactory(locality=cohort.locality), cohort=cohort,
                                     how_taken=Application.HowTaken.PHONE, work_coach_name="Someone")
    assert application.work_coach_name == ""


def test_the_database_refuses_a_referral_without_a_work_coach(cohort):
    from django.db import IntegrityError, transaction

    application = application_create(learner=LearnerFactory(locality=cohort.locality), cohort=cohort)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(how_taken="referral", referral_organisation="JCP")
