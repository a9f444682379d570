import datetime

import factory
from django.utils import timezone

from academy.models import User
from learners.models import (
    AcademyValue,
    Application,
    ApplicationSource,
    DbsCheck,
    Enquiry,
    Learner,
    QuestionBank,
    Reference,
    ScreeningQuestion,
    Stage,
)
from learners.services.applications import application_create, application_transition
from learners.services.dbs import dbs_check_create

from .academy import LocalityFactory, UserFactory
from .names import person_name


class ApplicationSourceFactory(factory.django.DjangoModelFactory):
    """An entry of the "how did you hear about us" list (the migration seeds the real list; tests that
    flush the database get it back by name)."""

    class Meta:
        model = ApplicationSource
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Source {n}")


class LearnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Learner

    user = factory.SubFactory(UserFactory, role=User.Role.LEARNER)
    first_name = person_name("first_name")
    last_name = person_name("last_name")
    email = factory.LazyAttribute(lambda o: o.user.email if o.user else f"{o.first_name}@example.test".lower())
    postcode = "FY1 4AB"
    locality = factory.SubFactory(LocalityFactory)
    situation = Learner.Situation.UNEMPLOYED


# The allowed path to each stage, walked through application_transition.
STAGE_PATHS = {
    Stage.APPLIED: [],
    Stage.ACCEPTED: [Stage.ACCEPTED],
    Stage.REFERRED: [Stage.REFERRED],
    Stage.ENROLLED: [Stage.ACCEPTED, Stage.ENROLLED],
    Stage.PLACED: [Stage.ACCEPTED, Stage.ENROLLED, Stage.PLACED],
    Stage.COMPLETED: [Stage.ACCEPTED, Stage.ENROLLED, Stage.COMPLETED],
    Stage.INTERVIEWED: [Stage.ACCEPTED, Stage.ENROLLED, Stage.COMPLETED, Stage.INTERVIEWED],
    Stage.OFFERED: [Stage.ACCEPTED, Stage.ENROLLED, Stage.COMPLETED, Stage.INTERVIEWED, Stage.OFFERED],
    Stage.STARTED_WORK: [Stage.ACCEPTED, Stage.ENROLLED, Stage.COMPLETED, Stage.INTERVIEWED, Stage.OFFERED,
                         Stage.STARTED_WORK],
    Stage.WITHDRAWN: [Stage.WITHDRAWN],
}


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application made through application_create, so its first transition is logged.

    `stage=` walks it along the allowed path through application_transition (never a shortcut);
    'not_progressed' is not offered here: it only comes from a values screening.
    """

    class Meta:
        model = Application

    learner = factory.SubFactory(LearnerFactory)
    cohort = factory.SubFactory("tests.factories.courses.CohortFactory",
                                locality=factory.SelfAttribute("..learner.locality"))
    motivation = "I looked after my grandad and want to do it as a job."


    @classmethod
    def _create(cls, model_class, *args, stage=Stage.APPLIED, **kwargs):
        application = application_create(**kwargs)
        for to_stage in STAGE_PATHS[stage]:
            application = application_transition(application=application, to_stage=to_stage)
        return application


class EnquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enquiry

    name = person_name()
    email = factory.Sequence(lambda n: f"enquirer{n}@example.test")
    source = Enquiry.Source.JOB_FAIR
    enquired_on = factory.LazyFunction(timezone.localdate)
    locality = factory.SubFactory(LocalityFactory)


class AcademyValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AcademyValue
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Value {n}")
    descriptor = "Shows it in what they say and do."
    order = factory.Sequence(int)


class QuestionBankFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionBank

    name = factory.Sequence(lambda n: f"Question bank {n}")
    case_study = "Mrs Khan, who lives with dementia, does not want to get washed this morning."


class ScreeningQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScreeningQuestion

    bank = factory.SubFactory(QuestionBankFactory)
    text = factory.Sequence(lambda n: f"Tell us about a time you helped someone ({n}).")
    order = factory.Sequence(int)


class DbsCheckFactory(factory.django.DjangoModelFactory):
    """A DBS check created through dbs_check_create (so its first event is logged)."""

    class Meta:
        model = DbsCheck

    learner = factory.SubFactory(LearnerFactory)
    level = DbsCheck.Level.ENHANCED_ADULTS
    workforce = DbsCheck.Workforce.ADULT
    position = "Care worker"

    @classmethod
    def _create(cls, model_class, *args, by=None, **kwargs):
        return dbs_check_create(by=by, **kwargs)


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    learner = factory.SubFactory(LearnerFactory)
    referee_name = person_name()
    relationship = "Last employer"
    requested_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
