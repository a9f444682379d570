import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from providers.models import CareSetting
from vacancies.models import RingFence, Vacancy

from .providers import SiteFactory


def care_setting(code="residential"):
    return CareSetting.objects.get_or_create(code=code, defaults={"name": code.replace("-", " ").title()})[0]


class VacancyFactory(factory.django.DjangoModelFactory):
    """An open day-shift vacancy closing in four weeks, at a site of its provider."""

    class Meta:
        model = Vacancy
        skip_postgeneration_save = True

    site = factory.SubFactory(SiteFactory)
    provider = factory.SelfAttribute("site.provider")
    role_title = factory.Sequence(lambda n: f"Care assistant {n}")
    setting = factory.LazyFunction(care_setting)
    summary = "Supporting residents with daily living."
    hours_per_week = Decimal("30.0")
    pay_amount = Decimal("12.60")
    closing_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(weeks=4))
    good_parts = "Getting to know residents and their families."
    hard_parts = "Personal care and early starts."
    status = Vacancy.Status.OPEN

    @factory.post_generation
    def client_groups(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.client_groups.set(extracted)


class RingFenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RingFence

    vacancy = factory.SubFactory(VacancyFactory)
    cohort = factory.SubFactory("tests.factories.courses.CohortFactory")
    places = 3
