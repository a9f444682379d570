"""academy.raw_reads.prefetch_rows: the rows of a reverse foreign key for many parents, read with a
statement built once, left on each parent as prefetch_related would leave them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from academy.raw_reads import prefetch_rows
from learners.models import Application, Learner, Stage
from notifications.models import Notification
from tests.factories.courses import BursaryPaymentFactory
from tests.factories.learners import (
    ApplicationFactory,
    DbsCheckFactory,
    LearnerFactory,
    ReferenceFactory,
)
from tests.factories.notifications import NotificationFactory
from tests.factories.providers import ProviderFactory


@pytest.fixture
def two_learners(db):
    """Two learners, each with two applications that moved through several stages."""
    learners = []
    for _ in range(2):
        learner = LearnerFactory()
        ApplicationFactory(learner=learner, stage=Stage.ENROLLED)
        ApplicationFactory(learner=learner, stage=Stage.ACCEPTED)
        learners.append(learner)
    return learners


def _fresh_applications(learners):
    return list(Application.objects.filter(learner__in=learners).order_by("pk"))


def test_each_parent_gets_its_own_rows_as_prefetch_related_gives_them(two_learners):
    expected = {a.pk: [(t.pk, t.to_stage, t.at, t.note) for t in a.transitions.all()]
                for a in Application.objects.prefetch_related("transitions")}
    applications = _fresh_applications(two_learners)

    with CaptureQueriesContext(connection) as ctx:
        rows = prefetch_rows(applications, "transitions")
        read = {a.pk: [(t.pk, t.to_stage, t.at, t.note) for t in a.transitions.all()] for a in applications}
        # Each row's foreign key holds its parent, as after prefetch_related: no query to go back up.
        assert all(t.application is a for a in applications for t in a.transitions.all())

    assert len(ctx.captured_queries) == 1
    assert read == expected
    assert len(rows) == sum(len(v) for v in expected.values()) > 4
    # Meta.ordering (at, pk) is kept when no order is given.
    assert all(v == sorted(v, key=lambda r: (r[2], r[0])) for v in read.values())


def test_values_pass_through_the_orm_converters(two_learners):
    application = _fresh_applications(two_learners)[0]
    BursaryPaymentFactory(application=application, amount=Decimal("123.45"))
    prefetch_rows([application], "transitions")
    prefetch_rows([application], "bursary_payments")

    transition = application.transitions.all()[0]
    assert timezone.is_aware(transition.at)
    payment = application.bursary_payments.all()[0]
    assert payment.amount == Decimal("123.45")
    assert payment.paid_on == payment.__class__.objects.get(pk=payment.pk).paid_on


def test_fields_read_only_those_columns_and_defer_the_rest(two_learners):
    applications = _fresh_applications(two_learners)
    prefetch_rows(applications, "transitions", fields=("to_stage", "at"), order_by=())

    transition = applications[0].transitions.all()[0]
    assert transition.get_deferred_fields() == {"from_stage", "by_id", "note"}
    assert transition.application_id == applications[0].pk
    with CaptureQueriesContext(connection) as ctx:
        assert transition.note == ""  # a deferred field is still read on demand
    assert len(ctx.captured_queries) == 1


def test_order_by_sorts_by_the_childs_own_fields(db):
    learner = LearnerFactory()
    today = timezone.localdate()
    for days in (3, 10, 1):
        ReferenceFactory(learner=learner, requested_on=today - timedelta(days=days))

    prefetch_rows([learner], "references", order_by=("-requested_on",))
    assert [r.requested_on for r in learner.references.all()] == [today - timedelta(days=d) for d in (1, 3, 10)]
    with pytest.raises(ValueError, match="own columns"):
        prefetch_rows([learner], "references", order_by=("learner__last_name",))


def test_where_leaves_rows_out_into_a_list_of_their_own(db):
    learner = LearnerFactory()
    to_learner = NotificationFactory(learner=learner)
    NotificationFactory(learner=learner, recipient_provider=ProviderFactory())

    prefetch_rows([learner], "notifications", where="t0.recipient_provider_id IS NULL", order_by=(),
                  to_attr="own_messages")
    assert learner.own_messages == [to_learner]
    # The relation's own cache is not filled by a partial read.
    with CaptureQueriesContext(connection) as ctx:
        assert learner.notifications.count() == 2
    assert len(ctx.captured_queries) == 1
    with pytest.raises(ValueError, match="to_attr"):
        prefetch_rows([learner], "notifications", where="t0.recipient_provider_id IS NULL")


def test_a_query_chained_from_the_prefetched_rows_asks_the_database_for_that_parent_only(two_learners):
    applications = _fresh_applications(two_learners)
    prefetch_rows(applications, "transitions")

    first, second = applications[0], applications[1]
    enrolled = first.transitions.filter(to_stage=Stage.ENROLLED)
    assert [t.application_id for t in enrolled] == [first.pk]
    assert list(second.transitions.filter(to_stage=Stage.ENROLLED)) == []
    # Custom queryset methods stay available, as on a relation prefetched by the ORM.
    checks = prefetch_rows(two_learners, "dbs_checks")
    assert checks == []
    check = DbsCheckFactory(learner=two_learners[0])
    prefetch_rows(two_learners, "dbs_checks")
    assert list(two_learners[0].dbs_checks.cleared()) == []
    assert list(two_learners[0].dbs_checks.all()) == [check]
    assert list(two_learners[1].dbs_checks.all()) == []


def test_the_rows_of_rows_are_read_level_by_level(db):
    learner = LearnerFactory()
    check = DbsCheckFactory(learner=learner)
    learner = Learner.objects.get(pk=learner.pk)

    with CaptureQueriesContext(connection) as ctx:
        checks = prefetch_rows([learner], "dbs_checks")
        prefetch_rows(checks, "events")
        events = list(learner.dbs_checks.all()[0].events.all())
    assert len(ctx.captured_queries) == 2
    assert [(e.pk, e.to_status, e.at) for e in events] == [(e.pk, e.to_status, e.at) for e in check.events.all()]


def test_no_parents_reads_nothing(db):
    with CaptureQueriesContext(connection) as ctx:
        assert prefetch_rows([], "transitions") == []
    assert ctx.captured_queries == []


def test_only_the_reverse_side_of_a_foreign_key_can_be_read(two_learners):
    application = _fresh_applications(two_learners)[0]
    with pytest.raises(TypeError):
        prefetch_rows([application], "learner")  # a forward foreign key
    with pytest.raises(TypeError):
        prefetch_rows([application], "screening")  # the reverse side of a one-to-one


def test_the_statement_is_built_once_and_no_queryset_is_compiled_again(two_learners, monkeypatch):
    prefetch_rows(_fresh_applications(two_learners), "transitions", fields=("to_stage",), order_by=())
    applications = _fresh_applications(two_learners)
    compiled = []
    original = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda self, *a, **k: compiled.append(self.query.model) or
                        original(self, *a, **k))
    prefetch_rows(applications, "transitions", fields=("to_stage",), order_by=())
    assert compiled == []
    assert all(len(a.transitions.all()) > 0 for a in applications)


def test_the_learner_home_reads_the_same_records_as_the_orm_would(db):
    """The learner's page reads sixteen relations this way; what it reads must be what prefetch_related
    reads."""
    from learners.selectors import learner_home_record

    learner = LearnerFactory()
    ApplicationFactory(learner=learner, stage=Stage.ENROLLED)
    DbsCheckFactory(learner=learner)
    ReferenceFactory(learner=learner)
    NotificationFactory(learner=learner)
    NotificationFactory(learner=learner, recipient_provider=ProviderFactory())

    home = learner_home_record(user=learner.user)
    orm = Learner.objects.prefetch_related(
        Prefetch("applications", queryset=Application.objects.order_by("-submitted_at")),
        "applications__transitions", "dbs_checks__events", "references",
        Prefetch("notifications", queryset=Notification.objects.filter(recipient_provider__isnull=True),
                 to_attr="timeline_messages"),
    ).get(pk=learner.pk)
    assert ([sorted(t.pk for t in a.transitions.all()) for a in home.applications.all()]
            == [sorted(t.pk for t in a.transitions.all()) for a in orm.applications.all()])
    assert ([sorted(e.pk for e in c.events.all()) for c in home.dbs_checks.all()]
            == [sorted(e.pk for e in c.events.all()) for c in orm.dbs_checks.all()])
    assert list(home.references.all()) == list(orm.references.all())
    assert sorted(m.pk for m in home.timeline_messages) == sorted(m.pk for m in orm.timeline_messages)


def test_related_reads_the_rows_foreign_keys_in_the_same_statement(db):
    from tests.factories.academy import UserFactory

    learner = LearnerFactory()
    by = UserFactory(first_name="Dana", last_name="Reyes")
    application = ApplicationFactory(learner=learner, stage=Stage.ACCEPTED)
    application.transitions.update(by=by)
    application.transitions.filter(pk=application.transitions.order_by("pk").first().pk).update(by=None)
    application = Application.objects.get(pk=application.pk)

    with CaptureQueriesContext(connection) as ctx:
        prefetch_rows([application], "transitions", fields=("to_stage",),
                      related={"by": ("first_name", "last_name")}, order_by=("pk",))
        transitions = list(application.transitions.all())
        who = [t.by for t in transitions]
    assert len(ctx.captured_queries) == 1
    assert who[0] is None  # no one recorded the first change: no object, and no query to learn it
    assert len(who) > 1 and [u.first_name for u in who[1:]] == ["Dana"] * (len(who) - 1)
    assert who[1].get_deferred_fields() >= {"email", "password"}
    with pytest.raises(ValueError, match="own foreign keys"):
        prefetch_rows([application], "transitions", related={"by__locality": ()})


def test_ordering_by_another_relation_is_refused_and_by_the_parent_is_left_out(db):
    learner = LearnerFactory()
    ApplicationFactory(learner=learner, stage=Stage.ACCEPTED)
    application = Application.objects.get(learner=learner)
    # WellbeingSurvey orders by (application, moment): within one application, by moment.
    assert prefetch_rows([application], "wellbeing_surveys") == []
    with pytest.raises(ValueError, match="own columns"):
        prefetch_rows([application], "transitions", order_by=("by",))


def test_the_staff_record_reads_the_same_records_and_who_did_them_as_the_orm_would(db):
    from learners.permissions import learners_visible_to
    from learners.selectors import learner_record
    from tests.factories.academy import UserFactory

    staff = UserFactory(role="staff", first_name="Sam", last_name="Okafor")
    learner = LearnerFactory()
    application = ApplicationFactory(learner=learner, stage=Stage.ENROLLED)
    application.transitions.update(by=staff)
    DbsCheckFactory(learner=learner, by=staff)
    BursaryPaymentFactory(application=application)

    record = learner_record(learner_pk=learner.pk, visible=learners_visible_to(staff))
    orm = Learner.objects.prefetch_related(
        "applications__transitions__by", "applications__bursary_payments", "dbs_checks__events__by",
        "notifications").get(pk=learner.pk)
    assert ([[(t.pk, str(t.by)) for t in a.transitions.all()] for a in record.applications.all()]
            == [[(t.pk, str(t.by)) for t in a.transitions.all()] for a in orm.applications.all()])
    assert ([[(e.pk, str(e.by)) for e in c.events.all()] for c in record.dbs_checks.all()]
            == [[(e.pk, str(e.by)) for e in c.events.all()] for c in orm.dbs_checks.all()])
    assert ([[p.pk for p in a.bursary_payments.all()] for a in record.applications.all()]
            == [[p.pk for p in a.bursary_payments.all()] for a in orm.applications.all()])
    assert sorted(m.pk for m in record.timeline_messages) == sorted(m.pk for m in orm.notifications.all())
    assert str(record.applications.all()[0].transitions.all()[0].by) == str(staff)
