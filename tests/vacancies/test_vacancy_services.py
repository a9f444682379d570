import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import SiteFactory, VacancyFactory
from tests.factories.vacancies import care_setting
from vacancies import services
from vacancies.models import Vacancy

pytestmark = pytest.mark.django_db


def vacancy_fields(site, **overrides):
    fields = dict(site=site, role_title="Support worker", setting=care_setting("supported-living"),
                  summary="Supporting people to live independently.", hours_per_week=Decimal("37.5"),
                  pay_amount=Decimal("12.50"), closing_date=timezone.localdate() + datetime.timedelta(days=14),
                  good_parts="Seeing people grow in confidence.", hard_parts="Lone working and sleep-ins.")
    fields.update(overrides)
    return fields


def test_a_provider_creates_a_draft_vacancy_at_its_own_site():
    site = SiteFactory()
    vacancy = services.vacancy_create(provider=site.provider, **vacancy_fields(site))
    assert vacancy.status == Vacancy.Status.DRAFT
    assert vacancy.provider == site.provider


def test_a_closing_date_in_the_past_is_refused():
    site = SiteFactory()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="The closing date cannot be in the past") as exc:
        services.vacancy_create(provider=site.provider, **vacancy_fields(site, closing_date=yesterday))
    assert "closing date cannot be in the past" in str(exc.value)
    assert not Vacancy.objects.exists()


@pytest.mark.parametrize("pay", [Decimal("-1.00"), Decimal("0")])
def test_negative_or_zero_pay_is_refused(pay):
    site = SiteFactory()
    with pytest.raises(ValidationError, match="Pay must be more than £0") as exc:
        services.vacancy_create(provider=site.provider, **vacancy_fields(site, pay_amount=pay))
    assert "Pay must be more than £0" in str(exc.value)
    assert not Vacancy.objects.exists()


def test_a_vacancy_cannot_be_placed_at_another_providers_site():
    mine, theirs = SiteFactory(), SiteFactory()
    with pytest.raises(ValidationError, match="own sites") as exc:
        services.vacancy_create(provider=mine.provider, **vacancy_fields(theirs))
    assert "own sites" in str(exc.value)


def test_editing_keeps_an_old_closing_date_but_refuses_a_new_past_one():
    vacancy = VacancyFactory()
    Vacancy.objects.filter(pk=vacancy.pk).update(closing_date=timezone.localdate() - datetime.timedelta(days=3))
    vacancy.refresh_from_db()
    services.vacancy_update(vacancy=vacancy, role_title="Senior carer", closing_date=vacancy.closing_date)
    with pytest.raises(ValidationError, match="The closing date cannot be in the past"):
        services.vacancy_update(vacancy=vacancy, closing_date=timezone.localdate() - datetime.timedelta(days=1))


@pytest.mark.parametrize("start,to,allowed", [
    ("draft", "open", True), ("draft", "closed", True), ("draft", "filled", False),
    ("open", "closed", True), ("open", "filled", True), ("open", "draft", False),
    ("closed", "open", True), ("closed", "filled", True), ("filled", "open", False), ("filled", "closed", False),
])
def test_status_changes_follow_the_allowed_moves(start, to, allowed):
    vacancy = VacancyFactory(status=start)
    if allowed:
        assert services.vacancy_transition(vacancy=vacancy, to_status=to).status == to
    else:
        with pytest.raises(ValidationError, match="cannot be made"):
            services.vacancy_transition(vacancy=vacancy, to_status=to)
        vacancy.refresh_from_db()
        assert vacancy.status == start


def test_a_vacancy_past_its_closing_date_cannot_be_reopened():
    vacancy = VacancyFactory(status=Vacancy.Status.CLOSED)
    Vacancy.objects.filter(pk=vacancy.pk).update(closing_date=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="closing date has passed") as exc:
        services.vacancy_transition(vacancy=vacancy, to_status=Vacancy.Status.OPEN)
    assert "closing date has passed" in str(exc.value)


def test_a_filled_vacancy_cannot_be_edited():
    vacancy = VacancyFactory(status=Vacancy.Status.FILLED)
    with pytest.raises(ValidationError, match="has been filled and can no longer be changed"):
        services.vacancy_update(vacancy=vacancy, role_title="Something else")
