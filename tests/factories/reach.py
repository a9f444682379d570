import factory

from reach.models import LearnerPriorityGroup, PriorityGroup

from .learners import LearnerFactory


def priority_group(slug: str) -> PriorityGroup:
    """One of the groups the migration seeds (care-leaver, armed-forces-veteran, over-50, ...)."""
    return PriorityGroup.objects.get(slug=slug)


class LearnerPriorityGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearnerPriorityGroup

    learner = factory.SubFactory(LearnerFactory)
    group = factory.LazyFunction(lambda: priority_group("care-leaver"))
    source = LearnerPriorityGroup.Source.STAFF
