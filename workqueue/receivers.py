"""Moves the work queue's counts on (workqueue.freshness) when a record they count is saved or deleted.

Only ids are read here; the localities concerned are read after the commit. Records deleted with
their learner (an erasure) are caught by the learner's own change. Messages are not watched: their
count is read afresh on every visit (workqueue.queues), since their sending changes them in bulk.
"""

from django.db.models.signals import post_delete, post_save

from courses.models import Cohort, CourseOutcome, Programme
from impact.models import RetentionFollowUp
from learners.models import (
    Application,
    DbsCheck,
    Learner,
    PersonnelFileRelease,
    Reference,
    StageTransition,
)
from placements.models import Interview, InterviewSlot, JobOffer, JobStart, Placement

from . import freshness

BY_LEARNER = (DbsCheck, Reference, PersonnelFileRelease, Application)
BY_APPLICATION = (StageTransition, CourseOutcome, RetentionFollowUp, Placement, Interview, JobOffer, JobStart)
EVERYWHERE = (Programme, Cohort)


def _learner_record_changed(sender, instance, **kwargs):
    freshness.learners_changed_where(pk=instance.learner_id)


def _application_record_changed(sender, instance, **kwargs):
    freshness.learners_changed_where(applications=instance.application_id)


def _learner_changed(sender, instance, **kwargs):
    freshness.localities_changed([instance.locality_id])


def _slot_changed(sender, instance, created=False, **kwargs):
    # An interview moved to another time: whether it waits for an outcome may change. A new slot has
    # no interview yet, so offering slots costs no look-up.
    if not created:
        freshness.learners_changed_where(applications__interviews__slot=instance.pk)


def _everywhere(sender, instance, **kwargs):
    freshness.everything_changed()


def _connect(receiver, models) -> None:
    for signal in (post_save, post_delete):
        for model in models:
            signal.connect(receiver, sender=model, dispatch_uid=f"workqueue.{model.__name__}.{signal is post_save}")


def connect() -> None:
    _connect(_learner_record_changed, BY_LEARNER)
    _connect(_application_record_changed, BY_APPLICATION)
    _connect(_learner_changed, (Learner,))
    _connect(_everywhere, EVERYWHERE)
    post_save.connect(_slot_changed, sender=InterviewSlot, dispatch_uid="workqueue.InterviewSlot.True")
