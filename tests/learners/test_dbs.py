"""DBS checks: the status machine, what may be stored, the update service and audited views."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from academy.models import AuditEvent
from learners.models import DbsCheck, DbsEvent, Stage, dbs_next_steps
from learners.selectors import cohort_dbs_blocked
from learners.services.applications import TransitionNotAllowed
from learners.services.dbs import dbs_check_transition, dbs_decision_record, dbs_status_check_record
from tests.factories import ApplicationFactory, DbsCheckFactory, LearnerFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
S = DbsCheck.Status


def issued(check, by=None, *, content="clear", days_ago=5, discussed=None):
    dbs_check_transition(dbs_check=check, to_status=S.FORM_SENT, by=by)
    dbs_check_transition(dbs_check=check, to_status=S.SUBMITTED, by=by)
    return dbs_check_transition(
        dbs_check=check, to_status=S.CERTIFICATE_ISSUED, by=by, certificate_number="001234567890",
        certificate_issued_on=TODAY() - datetime.timedelta(days=days_ago), content=content,
        disclosure_discussed_on=discussed,
    )


@pytest.fixture
def check(learner):
    return DbsCheckFactory(learner=learner)


def test_a_new_check_starts_not_started_and_logs_it(check):
    assert check.status == S.NOT_STARTED
    assert list(check.events.values_list("to_status", flat=True)) == [S.NOT_STARTED]


@pytest.mark.parametrize("to_status", [S.SUBMITTED, S.CERTIFICATE_ISSUED, S.UPDATE_SERVICE, S.NEEDS_RENEWAL])
def test_illegal_jumps_from_not_started_are_refused(check, staff, to_status):
    with pytest.raises(TransitionNotAllowed, match="cannot go from"):
        dbs_check_transition(dbs_check=check, to_status=to_status, by=staff)
    check.refresh_from_db()
    assert check.status == S.NOT_STARTED


def test_the_normal_path_is_logged_with_who_moved_it(check, staff):
    issued(check, staff)
    assert list(check.events.values_list("to_status", flat=True)) == [
        S.NOT_STARTED, S.FORM_SENT, S.SUBMITTED, S.CERTIFICATE_ISSUED]
    assert DbsEvent.objects.filter(dbs_check=check, by=staff).count() == 3


@pytest.mark.parametrize("number", ["", "12345", "ABCDEFGHIJKL", "0012345678901"])
def test_a_certificate_needs_a_12_digit_number(check, staff, number):
    dbs_check_transition(dbs_check=check, to_status=S.FORM_SENT, by=staff)
    dbs_check_transition(dbs_check=check, to_status=S.SUBMITTED, by=staff)
    with pytest.raises(ValidationError, match="12 digits"):
        dbs_check_transition(dbs_check=check, to_status=S.CERTIFICATE_ISSUED, by=staff,
                             certificate_number=number, certificate_issued_on=TODAY(), content="clear")


def test_a_certificate_issued_in_the_future_is_refused(check, staff):
    dbs_check_transition(dbs_check=check, to_status=S.FORM_SENT, by=staff)
    dbs_check_transition(dbs_check=check, to_status=S.SUBMITTED, by=staff)
    with pytest.raises(ValidationError, match="issue date"):
        dbs_check_transition(dbs_check=check, to_status=S.CERTIFICATE_ISSUED, by=staff,
                             certificate_number="001234567890",
                             certificate_issued_on=TODAY() + datetime.timedelta(days=1), content="clear")


def test_content_is_only_clear_or_disclosed_with_the_discussion_date(check, staff):
    with pytest.raises(ValidationError, match="discussed"):
        issued(check, staff, content="disclosed")
    check.refresh_from_db()
    assert check.status == S.SUBMITTED
    check = dbs_check_transition(
        dbs_check=check, to_status=S.CERTIFICATE_ISSUED, by=staff, certificate_number="001234567890",
        certificate_issued_on=TODAY(), content="disclosed", disclosure_discussed_on=TODAY(),
    )
    assert check.content_summary == f"Information disclosed, discussed on {TODAY():%d %B %Y}"


def test_content_must_be_stated_when_the_certificate_arrives(check, staff):
    with pytest.raises(ValidationError, match="clear or has information"):
        issued(check, staff, content="")


def test_nothing_about_the_certificate_itself_is_stored(check):
    field_names = {f.name for f in DbsCheck._meta.get_fields()}
    assert not field_names & {"certificate_copy", "certificate_image", "certificate_file", "offences", "details"}
    assert not any(f.get_internal_type() == "FileField" for f in DbsCheck._meta.concrete_fields)


def test_update_service_within_30_days_of_issue(check, staff):
    issued(check, staff, days_ago=20)
    check = dbs_check_transition(dbs_check=check, to_status=S.UPDATE_SERVICE, by=staff,
                                 subscribed_on=TODAY(), status_check_consent_on=TODAY())
    assert check.status == S.UPDATE_SERVICE


def test_update_service_more_than_30_days_after_issue_is_refused(check, staff):
    issued(check, staff, days_ago=31)
    with pytest.raises(ValidationError, match="within 30 days"):
        dbs_check_transition(dbs_check=check, to_status=S.UPDATE_SERVICE, by=staff,
                             subscribed_on=TODAY(), status_check_consent_on=TODAY())


def test_update_service_is_for_standard_and_enhanced_checks_only(learner, staff):
    basic = DbsCheckFactory(learner=learner, level=DbsCheck.Level.BASIC)
    issued(basic, staff)
    with pytest.raises(ValidationError, match="standard and enhanced"):
        dbs_check_transition(dbs_check=basic, to_status=S.UPDATE_SERVICE, by=staff,
                             subscribed_on=TODAY(), status_check_consent_on=TODAY())


def test_update_service_needs_consent_to_status_checks(check, staff):
    issued(check, staff)
    with pytest.raises(ValidationError, match="agreed"):
        dbs_check_transition(dbs_check=check, to_status=S.UPDATE_SERVICE, by=staff, subscribed_on=TODAY())


def test_subscription_before_issue_is_refused(check, staff):
    issued(check, staff, days_ago=2)
    with pytest.raises(ValidationError, match="between the issue date and today"):
        dbs_check_transition(dbs_check=check, to_status=S.UPDATE_SERVICE, by=staff,
                             subscribed_on=TODAY() - datetime.timedelta(days=5),
                             status_check_consent_on=TODAY())


def _subscribed(check, staff):
    issued(check, staff)
    return dbs_check_transition(dbs_check=check, to_status=S.UPDATE_SERVICE, by=staff,
                                subscribed_on=TODAY(), status_check_consent_on=TODAY())


def test_a_status_check_with_no_change_keeps_the_subscription(check, staff):
    _subscribed(check, staff)
    dbs_status_check_record(dbs_check=check, by=staff, checked_on=TODAY(), result="no_change")
    check.refresh_from_db()
    assert check.status == S.UPDATE_SERVICE and check.status_checks.count() == 1


@pytest.mark.parametrize("result", ["status_changed", "no_subscription"])
def test_a_changed_status_or_lapsed_subscription_means_renewal(check, staff, result):
    _subscribed(check, staff)
    dbs_status_check_record(dbs_check=check, by=staff, checked_on=TODAY(), result=result)
    check.refresh_from_db()
    assert check.status == S.NEEDS_RENEWAL


def test_status_checks_need_a_subscription(check, staff):
    issued(check, staff)
    with pytest.raises(ValidationError, match="update service"):
        dbs_status_check_record(dbs_check=check, by=staff, checked_on=TODAY(), result="no_change")


def test_renewal_starts_a_fresh_check_and_forgets_the_old_certificate(check, staff):
    _subscribed(check, staff)
    dbs_status_check_record(dbs_check=check, by=staff, checked_on=TODAY(), result="status_changed")
    check = dbs_check_transition(dbs_check=check, to_status=S.FORM_SENT, by=staff)
    assert check.certificate_number == "" and check.content == "" and check.update_service_subscribed_on is None


def test_a_recruitment_decision_needs_a_certificate(check, staff):
    with pytest.raises(ValidationError, match="certificate"):
        dbs_decision_record(dbs_check=check, by=staff, decision="proceed", decision_on=TODAY())


def test_a_decision_after_a_disclosure_needs_its_reasoning(check, staff):
    issued(check, staff, content="disclosed", discussed=TODAY())
    with pytest.raises(ValidationError, match="reasoning"):
        dbs_decision_record(dbs_check=check, by=staff, decision="proceed", decision_on=TODAY())
    check = dbs_decision_record(dbs_check=check, by=staff, decision="proceed", decision_on=TODAY(),
                                reason="Minor matter ten years ago, discussed openly; not relevant to the role.")
    assert check.is_cleared and check.decision_by == staff


def test_clear_certificates_are_cleared_and_disclosures_wait_for_a_decision(learner, staff):
    clear, disclosed = DbsCheckFactory(learner=learner), DbsCheckFactory(learner=LearnerFactory())
    issued(clear, staff)
    issued(disclosed, staff, content="disclosed", discussed=TODAY())
    clear.refresh_from_db()
    disclosed.refresh_from_db()
    assert clear.is_cleared and not disclosed.is_cleared


def test_blocked_on_dbs_lists_learners_with_places_who_are_not_cleared(cohort, staff):
    cleared = ApplicationFactory(cohort=cohort, learner__locality=cohort.locality, stage=Stage.ENROLLED)
    waiting = ApplicationFactory(cohort=cohort, learner__locality=cohort.locality, stage=Stage.ENROLLED)
    nothing = ApplicationFactory(cohort=cohort, learner__locality=cohort.locality, stage=Stage.ACCEPTED)
    ApplicationFactory(cohort=cohort, learner__locality=cohort.locality, stage=Stage.APPLIED)
    issued(DbsCheckFactory(learner=cleared.learner), staff)
    DbsCheckFactory(learner=waiting.learner)
    blocked = {r.learner.pk: r.dbs_blocked_because for r in cohort_dbs_blocked(cohort=cohort)}
    assert blocked == {waiting.learner.pk: "Not started", nothing.learner.pk: "No DBS check started"}


# --- views ------------------------------------------------------------------------------------


def test_every_staff_view_of_a_dbs_record_is_audited(client_for, staff, check):
    client_for(staff).get(reverse("learners:dbs_detail", args=[check.pk]))
    event = AuditEvent.objects.get(action="dbs.view", object_id=str(check.pk))
    assert event.actor == staff and event.learner_id == check.learner_id
    assert "001234567890" not in event.note


def test_the_learner_detail_page_audits_the_dbs_checks_it_shows(client_for, staff, check):
    client_for(staff).get(reverse("learners:detail", args=[check.learner_id]))
    assert AuditEvent.objects.filter(action="dbs.view", object_id=str(check.pk), actor=staff).exists()


def test_staff_move_a_check_through_the_page(client_for, staff, check):
    client = client_for(staff)
    client.post(reverse("learners:dbs_transition", args=[check.pk]), {"to_status": "form_sent"})
    check.refresh_from_db()
    assert check.status == S.FORM_SENT


def test_an_illegal_jump_through_the_page_gets_a_clear_message(client_for, staff, check):
    response = client_for(staff).post(reverse("learners:dbs_transition", args=[check.pk]),
                                      {"to_status": "certificate_issued", "certificate_number": "001234567890"})
    assert response.status_code == 400
    assert "cannot go from" in response.content.decode()
    check.refresh_from_db()
    assert check.status == S.NOT_STARTED


def test_a_late_subscription_through_the_page_is_refused_and_explained(client_for, staff, check):
    issued(check, staff, days_ago=45)
    response = client_for(staff).post(reverse("learners:dbs_transition", args=[check.pk]), {
        "to_status": "update_service", "subscribed_on": TODAY().isoformat(),
        "status_check_consent_on": TODAY().isoformat()})
    assert response.status_code == 400
    assert "within 30 days" in response.content.decode()


def test_staff_record_a_decision_through_the_page(client_for, staff, check):
    issued(check, staff)
    client_for(staff).post(reverse("learners:dbs_decision", args=[check.pk]),
                           {"decision": "proceed", "decision_on": TODAY().isoformat()})
    check.refresh_from_db()
    assert check.decision == "proceed"


def test_staff_record_a_status_check_through_the_page(client_for, staff, check):
    _subscribed(check, staff)
    client_for(staff).post(reverse("learners:dbs_status_check", args=[check.pk]),
                           {"checked_on": TODAY().isoformat(), "result": "no_subscription"})
    check.refresh_from_db()
    assert check.status == S.NEEDS_RENEWAL


@pytest.mark.parametrize("status", [S.FORM_SENT, S.NOT_STARTED])
def test_staff_start_a_check_from_the_learner_page_and_are_told_the_status_saved(client_for, staff, learner, status):
    client = client_for(staff)
    response = client.post(reverse("learners:learner_add", args=[learner.pk, "dbs"]), {
        "level": "enhanced_adults", "workforce": "adult", "position": "Care worker", "status": status}, follow=True)
    check = learner.dbs_checks.get()
    assert check.status == status
    assert f"Start a DBS check: saved. Status: {S(status).label}." in response.content.decode()
    page = client.get(reverse("learners:dbs_detail", args=[check.pk])).content.decode()
    assert f'data-testid="dbs-status">{S(status).label}<' in page


def test_the_start_form_offers_form_sent_first(client_for, staff, learner):
    import re

    page = client_for(staff).get(reverse("learners:learner_add", args=[learner.pk, "dbs"])).content.decode()
    radio = re.search(r'<input[^>]*value="form_sent"[^>]*>', page).group(0)
    assert "checked" in radio


def test_forward_steps_come_first_and_the_next_one_is_the_default(client_for, staff, check):
    client = client_for(staff)
    dbs_check_transition(dbs_check=check, to_status=S.FORM_SENT, by=staff)
    assert dbs_next_steps(S.FORM_SENT) == [S.SUBMITTED, S.NOT_STARTED]
    page = client.get(reverse("learners:dbs_detail", args=[check.pk])).content.decode()
    options = page.split('name="to_status"')[1].split("</select>")[0]
    assert options.index("Submitted to DBS") < options.index("Back to: Not started")
    assert "Yes, move this check back a step" in page
    # pressing Update with the default moves the check forward
    client.post(reverse("learners:dbs_transition", args=[check.pk]), {"to_status": options.split('value="')[1].split('"')[0]})
    check.refresh_from_db()
    assert check.status == S.SUBMITTED


def test_a_backward_step_needs_confirming(client_for, staff, check):
    client = client_for(staff)
    dbs_check_transition(dbs_check=check, to_status=S.FORM_SENT, by=staff)
    response = client.post(reverse("learners:dbs_transition", args=[check.pk]),
                           {"to_status": "not_started"})
    assert response.status_code == 400 and "tick the box to confirm" in response.content.decode()
    assert 'value="not_started" selected' in response.content.decode()  # what was chosen is kept
    check.refresh_from_db()
    assert check.status == S.FORM_SENT
    with pytest.raises(ValidationError, match="tick the box"):
        dbs_check_transition(dbs_check=check, to_status=S.NOT_STARTED, by=staff)
    response = client.post(reverse("learners:dbs_transition", args=[check.pk]),
                           {"to_status": "not_started", "confirm_backward": "on"}, follow=True)
    check.refresh_from_db()
    assert check.status == S.NOT_STARTED
    assert "DBS check updated: Not started." in response.content.decode()


def test_learners_cannot_start_or_move_a_check(client_for, learner, check):
    client = client_for(learner.user)
    assert client.post(reverse("learners:learner_add", args=[learner.pk, "dbs"]), {
        "level": "enhanced_adults", "workforce": "adult", "position": "x", "status": "form_sent"}).status_code == 403
    assert client.post(reverse("learners:dbs_transition", args=[check.pk]),
                       {"to_status": "form_sent"}).status_code == 403
    check.refresh_from_db()
    assert check.status == S.NOT_STARTED and learner.dbs_checks.count() == 1


@pytest.mark.parametrize("persona", ["other_locality_staff", "provider_user"])
def test_other_locality_staff_and_providers_cannot_move_a_check(client_for, request, persona, check):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(reverse("learners:dbs_transition", args=[check.pk]), {"to_status": "form_sent"})
    assert response.status_code in (403, 404)
    check.refresh_from_db()
    assert check.status == S.NOT_STARTED


def test_other_locality_staff_get_404_and_nothing_is_audited(client_for, other_locality_staff, check):
    assert client_for(other_locality_staff).get(reverse("learners:dbs_detail", args=[check.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="dbs.view").exists()


@pytest.mark.parametrize("persona", ["provider_user", "partner"])
def test_providers_and_partners_cannot_open_dbs_records(client_for, request, persona, check):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse("learners:dbs_detail", args=[check.pk])).status_code == 403


def test_a_learner_cannot_open_the_staff_dbs_page_even_for_themselves(client_for, check):
    assert client_for(check.learner.user).get(reverse("learners:dbs_detail", args=[check.pk])).status_code == 403


def test_the_cohort_blocked_on_dbs_page_lists_the_blocked_and_is_audited(client_for, staff, cohort):
    application = ApplicationFactory(cohort=cohort, learner__locality=cohort.locality, stage=Stage.ENROLLED)
    response = client_for(staff).get(reverse("learners:cohort_dbs", args=[cohort.pk]))
    assert escape(application.learner.full_name) in response.content.decode()
    assert AuditEvent.objects.filter(action="dbs.view", object_id=str(cohort.pk)).exists()


def test_other_locality_staff_cannot_see_a_cohorts_dbs_list(client_for, other_locality_staff, cohort):
    assert client_for(other_locality_staff).get(reverse("learners:cohort_dbs", args=[cohort.pk])).status_code == 404


def test_dbs_cleared_means_the_same_on_a_check_in_a_query_and_across_relations(learner):
    """DbsCheck.CLEARED is the one definition: is_cleared, DbsCheck.objects.cleared() and dbs_cleared()."""
    import itertools

    from learners.models import Learner, dbs_cleared

    checks = []
    for status, content, decision in itertools.product(
            S.values, DbsCheck.Content.values, DbsCheck.Decision.values):
        certificate = status in (S.CERTIFICATE_ISSUED, S.UPDATE_SERVICE)
        checks.append(DbsCheck.objects.create(
            learner=LearnerFactory(locality=learner.locality), level=DbsCheck.Level.ENHANCED_ADULTS, status=status,
            content=content, decision=decision, certificate_number="001234567890" if certificate else "",
            certificate_issued_on=TODAY() if certificate else None,
            disclosure_discussed_on=TODAY() if content == DbsCheck.Content.DISCLOSED else None))
    expected = {c.pk for c in checks if c.status in (S.CERTIFICATE_ISSUED, S.UPDATE_SERVICE)
                and (c.content == "clear" or c.decision == "proceed")}
    assert len(expected) == 2 * 5  # each certificate status: clear (any decision), or not clear with "proceed"
    assert {c.pk for c in checks if c.is_cleared} == expected
    assert set(DbsCheck.objects.cleared().values_list("pk", flat=True)) == expected
    cleared_learners = set(Learner.objects.filter(dbs_cleared("dbs_checks__")).values_list("pk", flat=True))
    assert cleared_learners == {c.learner_id for c in checks if c.pk in expected}
