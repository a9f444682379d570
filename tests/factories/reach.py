import factory

from reach.models import LearnerPriorityGroup, PriorityGroup

from .learners import LearnerFactory


def seed_priority_groups() -> None:
    """The groups the migration seeds, put back if a transactional test flushed them."""
    import importlib

    from django.apps import apps

    importlib.import_module("reach.migrations.0002_seed_priority_groups").seed(apps, None)


def priority_group(slug: str) -> PriorityGroup:
    """One of the groups the migration seeds (care-leaver, armed-forces-veteran, over-50, ...)."""
    if not PriorityGroup.objects.filter(slug=slug).exists():
        seed_priority_groups()
    return PriorityGroup.objects.get(slug=slug)


class LearnerPriorityGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearnerPriorityGroup

    learner = factory.SubFactory(LearnerFactory)
    group = factory.LazyFunction(lambda: priority_group("care-leaver"))
    source = LearnerPriorityGroup.Source.STAFF
