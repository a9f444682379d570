import factory
from django.contrib.auth.models import Group, Permission

from equality.models import AdjustmentsNeeded, EqualityMonitoring

from .learners import LearnerFactory


class EqualityMonitoringFactory(factory.django.DjangoModelFactory):
    """A learner's equality answers, all answered (change any with keyword arguments)."""

    class Meta:
        model = EqualityMonitoring

    learner = factory.SubFactory(LearnerFactory)
    age_band = "25_34"
    sex = "female"
    gender_same_as_birth = "yes"
    ethnic_group = "white_british"
    disability = "no"
    religion = "none"
    sexual_orientation = "straight"
    marital_status = "never"
    pregnancy_maternity = "no"
    caring = "no"


class AdjustmentsNeededFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdjustmentsNeeded

    learner = factory.SubFactory(LearnerFactory)
    needs_adjustments = "yes"
    what_would_help = "A ground-floor room and handouts in large print"


def equality_role_group() -> Group:
    """The "Equality data officer" group the migration makes, made again if a transactional test flushed it."""
    from equality.permissions import EQUALITY_ROLE_GROUP

    group, _ = Group.objects.get_or_create(name=EQUALITY_ROLE_GROUP)
    group.permissions.add(Permission.objects.get(content_type__app_label="equality",
                                                 codename="read_individual_records"))
    return group
