"""The public application form answers every address the same way (finding: it named account holders).

What happened goes by email to the address's owner; nothing is attached to an existing account without
its owner signing in; the form is rate-limited per IP and per address; two submissions racing with the
same new address both get the normal answer.
"""

import re

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from academy.models import User
from learners.models import Application
from learners.services import applications as services
from tests.factories import ApplicationFactory, CohortFactory
from tests.learners.test_apply import _form

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(locality):
    return CohortFactory(locality=locality, name="Talent for Care Blackpool")


def _answer(client, cohort, email):
    response = client.post(reverse("learners:apply", args=[cohort.pk]), _form(email=email), follow=True)
    assert response.status_code == 200
    main = re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)
    return main.replace(cohort.name, "COHORT")


def test_the_page_says_the_same_for_new_learner_applied_and_staff_addresses(client, cohort, learner, staff,
                                                                           partner, provider_user):
    applied = ApplicationFactory(cohort=cohort).learner.user.email
    answers = {
        email: _answer(client, cohort, email)
        for email in ["nobody-yet@example.test", learner.user.email, applied, staff.email, partner.email,
                      provider_user.email]
    }
    assert len(set(answers.values())) == 1, answers
    page = next(iter(answers.values()))
    for telltale in ("already have an account", "already applied", "belongs to", "Manda", learner.first_name):
        assert telltale not in page


def test_an_existing_learner_is_emailed_and_nothing_is_attached(client, cohort, learner):
    _answer(client, cohort, learner.user.email)
    assert not Application.objects.filter(learner=learner).exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [learner.user.email]
    body = mail.outbox[0].body
    assert "sign in" in body.lower() and reverse("learners:apply", args=[cohort.pk]) in body


def test_someone_who_applied_already_is_told_so_by_email(client, cohort):
    application = ApplicationFactory(cohort=cohort)
    _answer(client, cohort, application.learner.user.email)
    assert Application.objects.filter(learner=application.learner).count() == 1
    assert mail.outbox[0].to == [application.learner.user.email]
    assert "already applied" in mail.outbox[0].subject + mail.outbox[0].body


def test_a_staff_address_gets_an_email_not_an_error(client, cohort, staff):
    _answer(client, cohort, staff.email)
    assert not Application.objects.exists()
    assert mail.outbox[0].to == [staff.email]


def test_the_form_is_rate_limited_per_ip(client, cohort, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "apply": "3/m/ip"}
    url = reverse("learners:apply", args=[cohort.pk])
    codes = [client.post(url, _form(email=f"person{i}@example.test")).status_code for i in range(4)]
    assert codes == [302, 302, 302, 429]
    assert User.objects.filter(email="person3@example.test").exists() is False


def test_the_form_is_rate_limited_per_address(client, cohort, settings, django_capture_on_commit_callbacks):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "apply": "100/m/ip,2/h/key"}
    url = reverse("learners:apply", args=[cohort.pk])
    with django_capture_on_commit_callbacks(execute=True):
        codes = [client.post(url, _form(email="Target@example.test")).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    # the welcome with its set-up link, then one "you already applied"
    assert len(mail.outbox) == 2 and {m.to[0] for m in mail.outbox} == {"target@example.test"}


def test_the_loser_of_a_race_on_a_new_address_gets_the_normal_answer(client, cohort, monkeypatch):
    """Two submissions with the same new address: the second's lookup misses the account the first is
    making, and its insert hits the unique email (forced here: a lookup that misses once)."""
    winner = User.objects.create(email="manda@example.test", role=User.Role.LEARNER)
    real_lookup = services._account_for_email
    calls = []

    def lookup_that_misses_once(email):
        calls.append(email)
        return None if len(calls) == 1 else real_lookup(email)

    monkeypatch.setattr(services, "_account_for_email", lookup_that_misses_once)
    response = client.post(reverse("learners:apply", args=[cohort.pk]), _form(), follow=True)
    assert response.status_code == 200
    assert "now check your email" in response.content.decode()
    assert User.objects.filter(email__iexact="manda@example.test").count() == 1
    assert mail.outbox[0].to == [winner.email]


def test_an_integrity_error_that_is_not_the_race_is_not_hidden(cohort, monkeypatch):
    monkeypatch.setattr(services, "_account_for_email", lambda email: None)
    monkeypatch.setattr(User, "save", lambda self, *a, **k: (_ for _ in ()).throw(IntegrityError("other")))
    with pytest.raises(IntegrityError, match="other"):
        services.learner_apply(cohort=cohort, **{k: v for k, v in _form().items()
                                                 if k not in ("preferred_settings", "preferred_client_groups",
                                                              "cannot_work_nights", "cannot_work_sleep_ins",
                                                              "needs_childcare_support", "phone", "postcode",
                                                              "situation")})


@pytest.mark.django_db(transaction=True)
def test_parallel_applications_with_one_new_address_all_get_the_normal_answer(locality):
    """Real threads on PostgreSQL: one makes the account, every other one is an existing-account answer."""
    import threading

    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers anyway; the race is meaningful on PostgreSQL.")
    cohort = CohortFactory(locality=locality)
    fields = {k: v for k, v in _form(postcode="FY8 4AB").items()
              if k in ("first_name", "last_name", "phone", "postcode", "situation", "motivation")}
    outcomes, errors = [], []
    barrier = threading.Barrier(8)

    def apply():
        from django.db import connection as thread_connection

        barrier.wait()
        try:
            outcomes.append(services.learner_apply(cohort=cohort, email="manda@example.test", **fields).outcome)
        except Exception as exc:  # noqa: BLE001 - any error is the failure this test looks for
            errors.append(repr(exc))
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=apply) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(outcomes) == sorted([services.ApplyOutcome.NEW_ACCOUNT] + [services.ApplyOutcome.ALREADY_APPLIED] * 7)
    assert User.objects.filter(email="manda@example.test").count() == 1
