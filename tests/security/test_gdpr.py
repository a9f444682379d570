"""UK GDPR: subject access download, erasure on request, retention rules on schedule."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from academy.models import AuditEvent
from impact.selectors.figures import ImpactFilters, impact_figures
from learners.gdpr import (
    dbs_details_reduce,
    learner_data_export,
    learner_erase,
    retention_apply,
    unsuccessful_learners_anonymise,
)
from learners.models import DbsCheck, Learner, RightToWorkCheck, Stage
from tests.factories import DbsCheckFactory, ReferenceFactory
from tests.factories.impact import application_at

pytestmark = pytest.mark.django_db


def _rich_learner(learner, staff):
    """A learner with an application through to a job start path, a DBS check, a reference and a document."""
    learner.phone = "07700 900123"
    learner.date_of_birth = datetime.date(1990, 5, 17)
    learner.other_barriers = "Caring for my mum on Tuesdays"
    learner.save()
    application_at(Stage.COMPLETED, learner=learner)
    DbsCheckFactory(learner=learner, by=staff)
    ReferenceFactory(learner=learner, referee_name="Pat Referee")
    RightToWorkCheck.objects.create(
        learner=learner, document_type=RightToWorkCheck.DocumentType.UK_PASSPORT, checked_on=timezone.localdate(),
        checked_by=staff, image=ContentFile(b"%PDF-1.4 passport", name="passport.pdf"),
        image_content_type="application/pdf",
    )
    return learner


def _zip(content: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(content))


# --- Subject access ------------------------------------------------------------------------------

def test_the_export_holds_the_learners_records_their_document_and_a_readme(learner, other_learner, staff):
    _rich_learner(learner, staff)
    DbsCheckFactory(learner=other_learner, by=staff)
    archive = _zip(learner_data_export(learner=learner, by=learner.user))
    names = archive.namelist()
    assert "README.txt" in names and "data.json" in names
    documents = [n for n in names if n.startswith("files/")]
    assert len(documents) == 1 and archive.read(documents[0]) == b"%PDF-1.4 passport"
    data = json.loads(archive.read("data.json"))
    assert data["learner"]["first_name"] == learner.first_name
    assert data["account"]["email"] == learner.user.email
    records = data["records"]
    assert [a["stage"] for a in records["learners.application"]] == [Stage.COMPLETED]
    assert len(records["learners.stagetransition"]) == learner.applications.get().transitions.count()
    assert len(records["learners.dbscheck"]) == 1
    assert records["learners.reference"][0]["referee_name"] == "Pat Referee"
    assert other_learner.email not in archive.read("data.json").decode()


def test_a_learner_downloads_their_data_as_a_zip_and_the_download_is_audited(client_for, learner, staff):
    _rich_learner(learner, staff)
    response = client_for(learner.user).get(reverse("learners:my_data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(_zip(response.content).read("data.json"))
    assert data["learner"]["email"] == learner.email
    event = AuditEvent.objects.get(action="learner.data_exported")
    assert event.learner_id == learner.pk and event.actor == learner.user


@pytest.mark.parametrize("persona", ["staff", "provider_user", "partner"])
def test_only_learners_may_use_the_my_data_download(request, client_for, persona, learner):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse("learners:my_data")).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in_for_the_data_download(client):
    response = client.get(reverse("learners:my_data"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- Erasure -------------------------------------------------------------------------------------

def test_erasure_removes_personal_data_and_keeps_the_impact_figures_true(learner, staff,
                                                                         django_capture_on_commit_callbacks):
    _rich_learner(learner, staff)
    before = impact_figures(filters=ImpactFilters())
    transitions = list(learner.applications.get().transitions.values_list("from_stage", "to_stage", "at"))
    rtw = learner.right_to_work_checks.get()
    stored_name = rtw.image.name
    storage = rtw.image.storage

    with django_capture_on_commit_callbacks(execute=True):
        learner_erase(learner=learner, by=staff, reason="Requested by email")

    learner.refresh_from_db()
    assert impact_figures(filters=ImpactFilters()) == before
    assert learner.erased_at is not None
    assert learner.first_name == "Erased" and learner.phone == "" and learner.date_of_birth is None
    assert learner.postcode == "FY1" and learner.other_barriers == ""
    assert learner.applications.get().stage == Stage.COMPLETED
    assert list(learner.applications.get().transitions.values_list("from_stage", "to_stage", "at")) == transitions
    assert learner.references.get().referee_name == "[erased]"
    rtw.refresh_from_db()
    assert not rtw.image and not storage.exists(stored_name)
    user = learner.user
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password() and "erased" in user.email
    event = AuditEvent.objects.get(action="learner.erased")
    assert event.actor == staff and event.learner_id == learner.pk


def test_erasing_twice_changes_nothing_more_and_audits_once(learner, staff):
    _rich_learner(learner, staff)
    learner_erase(learner=learner, by=staff, reason="Requested")
    first = Learner.objects.filter(pk=learner.pk).values().get()
    learner_erase(learner=learner, by=staff, reason="Requested again")
    assert Learner.objects.filter(pk=learner.pk).values().get() == first
    assert AuditEvent.objects.filter(action="learner.erased").count() == 1


def test_staff_erase_a_learner_through_the_confirm_page(client_for, learner, staff):
    _rich_learner(learner, staff)
    url = reverse("learners:erase", args=[learner.pk])
    client = client_for(staff)
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Requested in person", "confirm": "on"})
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.erased_at is not None


def test_the_erase_page_refuses_without_a_reason_and_keeps_what_was_typed(client_for, learner, staff):
    url = reverse("learners:erase", args=[learner.pk])
    response = client_for(staff).post(url, {"reason": "", "confirm": "on"})
    assert response.status_code == 400
    assert "Say why the learner is being erased" in response.content.decode()
    response = client_for(staff).post(url, {"reason": "Asked by phone"})
    assert "Tick the box" in response.content.decode() and "Asked by phone" in response.content.decode()
    learner.refresh_from_db()
    assert learner.erased_at is None


@pytest.mark.parametrize("persona", ["other_locality_staff"])
def test_staff_of_another_locality_cannot_erase_the_learner(request, client_for, persona, learner):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(reverse("learners:erase", args=[learner.pk]),
                                     {"reason": "x", "confirm": "on"})
    assert response.status_code == 404
    learner.refresh_from_db()
    assert learner.erased_at is None


@pytest.mark.parametrize("persona", ["provider_user", "partner", "learner"])
def test_other_roles_cannot_erase(request, client_for, persona, other_learner):
    user = request.getfixturevalue(persona)
    user = getattr(user, "user", user)
    response = client_for(user).post(reverse("learners:erase", args=[other_learner.pk]),
                                     {"reason": "x", "confirm": "on"})
    assert response.status_code == 403
    other_learner.refresh_from_db()
    assert other_learner.erased_at is None


# --- Retention -----------------------------------------------------------------------------------

def _decided_dbs(learner, staff, *, decided_days_ago):
    check = DbsCheckFactory(learner=learner, by=staff)
    DbsCheck.objects.filter(pk=check.pk).update(
        status=DbsCheck.Status.CERTIFICATE_ISSUED, certificate_number="001234567890",
        certificate_issued_on=timezone.localdate() - datetime.timedelta(days=decided_days_ago + 5),
        content=DbsCheck.Content.DISCLOSED,
        disclosure_discussed_on=timezone.localdate() - datetime.timedelta(days=decided_days_ago + 1),
        decision=DbsCheck.Decision.PROCEED, decision_on=timezone.localdate() - datetime.timedelta(days=decided_days_ago),
        decision_by=staff, decision_reason="Old minor matter, discussed openly",
    )
    return DbsCheck.objects.get(pk=check.pk)


def test_dbs_details_are_reduced_six_months_after_the_decision_and_only_then(learner, other_learner, staff):
    old = _decided_dbs(learner, staff, decided_days_ago=200)
    recent = _decided_dbs(other_learner, staff, decided_days_ago=100)
    assert dbs_details_reduce() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    # Kept, as the DBS code of practice allows: level, number, date of issue, decision, its date, who.
    assert old.level == DbsCheck.Level.ENHANCED_ADULTS and old.certificate_number == "001234567890"
    assert old.certificate_issued_on and old.decision == DbsCheck.Decision.PROCEED and old.decision_by == staff
    assert old.content == "" and old.disclosure_discussed_on is None and old.decision_reason == ""
    assert recent.content == DbsCheck.Content.DISCLOSED and recent.decision_reason
    assert dbs_details_reduce() == 0


def test_the_dbs_retention_period_is_configurable(settings, learner, staff):
    _decided_dbs(learner, staff, decided_days_ago=100)
    settings.PORTAL_RETENTION = {**settings.PORTAL_RETENTION, "dbs_details_months_after_decision": 3}
    assert dbs_details_reduce() == 1


def test_learners_whose_applications_ended_unsuccessfully_long_ago_are_anonymised(staff):
    long_ago = timezone.now() - datetime.timedelta(days=500)
    old = application_at(Stage.WITHDRAWN, path=[Stage.WITHDRAWN], at=long_ago).learner
    recent = application_at(Stage.WITHDRAWN, path=[Stage.WITHDRAWN], at=timezone.now() - datetime.timedelta(days=60)).learner
    live = application_at(Stage.ENROLLED, at=long_ago).learner
    before = impact_figures(filters=ImpactFilters())
    assert unsuccessful_learners_anonymise() == 1
    assert Learner.objects.get(pk=old.pk).erased_at is not None
    assert Learner.objects.get(pk=recent.pk).erased_at is None
    assert Learner.objects.get(pk=live.pk).erased_at is None
    assert impact_figures(filters=ImpactFilters()) == before
    assert unsuccessful_learners_anonymise() == 0


def test_the_unsuccessful_application_period_is_configurable(settings):
    learner = application_at(Stage.WITHDRAWN, path=[Stage.WITHDRAWN], at=timezone.now() - datetime.timedelta(days=60)).learner
    settings.PORTAL_RETENTION = {**settings.PORTAL_RETENTION, "unsuccessful_application_months": 1}
    assert unsuccessful_learners_anonymise() == 1
    assert Learner.objects.get(pk=learner.pk).erased_at is not None


def test_the_scheduled_task_applies_every_rule_and_a_second_run_changes_nothing(learner, staff):
    from config.celery import app
    from learners.tasks import retention_apply_task

    _decided_dbs(learner, staff, decided_days_ago=400)
    application_at(Stage.WITHDRAWN, path=[Stage.WITHDRAWN], at=timezone.now() - datetime.timedelta(days=500))
    assert retention_apply_task.apply().get() == {"dbs_details_reduce": 1, "unsuccessful_learners_anonymise": 1}
    assert retention_apply() == {"dbs_details_reduce": 0, "unsuccessful_learners_anonymise": 0}
    entry = app.conf.beat_schedule["apply-retention-rules"]
    assert entry["task"] == retention_apply_task.name


def test_retention_keeps_the_withdrawn_application_and_its_stage_log(staff):
    application = application_at(Stage.WITHDRAWN, path=[Stage.WITHDRAWN], at=timezone.now() - datetime.timedelta(days=500))
    transitions = list(application.transitions.values_list("from_stage", "to_stage", "at"))
    unsuccessful_learners_anonymise()
    application.refresh_from_db()
    assert application.stage == Stage.WITHDRAWN
    assert list(application.transitions.values_list("from_stage", "to_stage", "at")) == transitions
