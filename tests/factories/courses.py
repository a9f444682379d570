import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from courses.models import (
    Attendance,
    BursaryPayment,
    Cohort,
    CohortSession,
    Payer,
    Programme,
    QualificationAward,
)

from .academy import LocalityFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Sector-based work academy {n}")
    slug = factory.Sequence(lambda n: f"sbwa-{n}")
    kind = Programme.Kind.SBWA
    summary = "Six weeks of training, a placement and a guaranteed interview."
    duration_weeks = 6
    guaranteed_interview = True

    class Params:
        # CPD for people already in care work: no second values screening or DBS check.
        cpd = factory.Trait(kind=Programme.Kind.CPD, requires_values_screening=False, requires_dbs=False,
                            guaranteed_interview=False, name=factory.Sequence(lambda n: f"CPD course {n}"),
                            slug=factory.Sequence(lambda n: f"cpd-{n}"))


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    locality = factory.SubFactory(LocalityFactory)
    venue = "Community centre"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(weeks=6))
    capacity = 12
    guaranteed_interview = factory.SelfAttribute("programme.guaranteed_interview")


class CohortSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CohortSession

    cohort = factory.SubFactory(CohortFactory)
    date = factory.LazyAttribute(lambda o: o.cohort.start_date)
    title = factory.Sequence(lambda n: f"Session {n}")


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(CohortSessionFactory)
    application = factory.SubFactory("tests.factories.learners.ApplicationFactory", stage="enrolled",
                                     cohort=factory.SelfAttribute("..session.cohort"))
    status = Attendance.Status.PRESENT


class QualificationAwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualificationAward

    application = factory.SubFactory("tests.factories.learners.ApplicationFactory", stage="enrolled")
    title = factory.Sequence(lambda n: f"Certificate {n}")
    level = "Level 2"
    awarded_on = factory.LazyFunction(timezone.localdate)


class BursaryPaymentFactory(factory.django.DjangoModelFactory):
    """A bursary already paid (straight to the table: bursary_payment_record is what tests of the rule use)."""

    class Meta:
        model = BursaryPayment

    application = factory.SubFactory("tests.factories.learners.ApplicationFactory", stage="enrolled")
    amount = Decimal("100.00")
    paid_on = factory.LazyFunction(timezone.localdate)
    paid_by = Payer.ACADEMY
