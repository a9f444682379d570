"""Qualifications gained on the course."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.models import QualificationAward
from learners.models import Stage
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_staff_record_a_qualification_for_an_enrolled_learner(client_for, staff, cohort):
    application = ApplicationFactory(cohort=cohort, learner__locality=cohort.locality, stage=Stage.ENROLLED)
    response = client_for(staff).post(reverse("courses:qualification_create", args=[cohort.pk]), {
        "application": application.pk, "title": "Care Certificate", "level": "",
        "awarded_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    assert QualificationAward.objects.get().application == application
    body = client_for(staff).get(reverse("learners:detail", args=[application.learner_id])).content.decode()
    assert "Gained Care Certificate" in body


def test_qualifications_are_only_for_learners_who_were_on_the_course(staff, cohort):
    application = ApplicationFactory(cohort=cohort, learner__locality=cohort.locality)
    with pytest.raises(ValidationError, match="enrolled"):
        services.qualification_award_record(application=application, by=staff, title="First Aid",
                                            awarded_on=timezone.localdate())


def test_the_same_qualification_twice_is_refused(staff, cohort):
    application = ApplicationFactory(cohort=cohort, learner__locality=cohort.locality, stage=Stage.COMPLETED)
    services.qualification_award_record(application=application, by=staff, title="First Aid",
                                        awarded_on=timezone.localdate())
    with pytest.raises(ValidationError, match="with this Application and Title already exists"):
        services.qualification_award_record(application=application, by=staff, title="First Aid",
                                            awarded_on=timezone.localdate())
    assert QualificationAward.objects.count() == 1


def test_a_future_award_date_is_refused_on_the_page(client_for, staff, cohort):
    application = ApplicationFactory(cohort=cohort, learner__locality=cohort.locality, stage=Stage.ENROLLED)
    response = client_for(staff).post(reverse("courses:qualification_create", args=[cohort.pk]), {
        "application": application.pk, "title": "Care Certificate",
        "awarded_on": (timezone.localdate() + datetime.timedelta(days=5)).isoformat()})
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    assert not QualificationAward.objects.exists()


def test_a_learner_from_another_cohort_cannot_be_chosen(client_for, staff, cohort):
    elsewhere = ApplicationFactory(learner__locality=cohort.locality, stage=Stage.ENROLLED)
    response = client_for(staff).post(reverse("courses:qualification_create", args=[cohort.pk]), {
        "application": elsewhere.pk, "title": "Care Certificate", "awarded_on": timezone.localdate().isoformat()})
    assert response.status_code == 400
    assert not QualificationAward.objects.exists()


def test_other_locality_staff_cannot_record_qualifications(client_for, other_locality_staff, cohort):
    url = reverse("courses:qualification_create", args=[cohort.pk])
    assert client_for(other_locality_staff).get(url).status_code == 404
