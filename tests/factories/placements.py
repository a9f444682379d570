import datetime

import factory
from django.utils import timezone

from learners.models import Stage
from placements import services
from placements.models import InterviewSlot, PlacementOpportunity, RecruitmentEvent

from .learners import ApplicationFactory
from .providers import SiteFactory
from .vacancies import VacancyFactory, care_setting


class PlacementOpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlacementOpportunity
        skip_postgeneration_save = True

    site = factory.SubFactory(SiteFactory)
    provider = factory.SelfAttribute("site.provider")
    title = factory.Sequence(lambda n: f"Care assistant shadowing {n}")
    setting = factory.LazyFunction(care_setting)
    places = 2
    available_from = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    available_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))

    @factory.post_generation
    def client_groups(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.client_groups.set(extracted)


def in_days(days: float, hour: int = 10) -> datetime.datetime:
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class InterviewSlotFactory(factory.django.DjangoModelFactory):
    """A free 30-minute slot in three days' time. Made directly, so a test can also make past slots."""

    class Meta:
        model = InterviewSlot

    vacancy = factory.SubFactory(VacancyFactory)
    provider = factory.SelfAttribute("vacancy.provider")
    site = factory.SelfAttribute("vacancy.site")
    starts_at = factory.LazyFunction(lambda: in_days(3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(minutes=30))


def enrolled_application(**kwargs):
    return ApplicationFactory(stage=kwargs.pop("stage", Stage.ENROLLED), **kwargs)


def booked_interview(*, application=None, slot=None, by=None, unsuitable_reason="", **slot_kwargs):
    """An interview booked through the service (its slot is in the future when booked)."""
    application = application or enrolled_application()
    slot = slot or InterviewSlotFactory(**slot_kwargs)
    return services.interview_book(slot=slot, application=application, by=by, unsuitable_reason=unsuitable_reason)


def held_interview(*, application=None, by=None, unsuitable_reason="", **slot_kwargs):
    """A booked interview whose time has since passed (the slot is moved into the past after booking)."""
    interview = booked_interview(application=application, by=by, unsuitable_reason=unsuitable_reason, **slot_kwargs)
    slot = interview.slot
    slot.starts_at = timezone.now() - datetime.timedelta(hours=2)
    slot.ends_at = slot.starts_at + datetime.timedelta(minutes=30)
    slot.save()
    interview.refresh_from_db()
    return interview


class RecruitmentEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecruitmentEvent
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Meet the employer {n}")
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
    venue = "Central library"
    locality = factory.SubFactory("tests.factories.academy.LocalityFactory")

    @factory.post_generation
    def providers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.providers.set(extracted)
