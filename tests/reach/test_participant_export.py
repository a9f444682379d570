"""The participant export for the academy's own returns: staff only, audited, safe to open in Excel."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from academy.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = reverse("reach:participants")
MARCH = {"from_month": "2026-03", "to_month": "2026-03", "file_format": "csv"}


def _csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_staff_export_one_row_per_learner_with_the_fields_funders_ask_for(client_for, staff, reached):
    response = client_for(staff).post(URL, MARCH)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert len(rows) == 21
    started = reached["started"][0]
    row = next(r for r in rows if r["Learner number"] == str(started.learner.pk))
    assert row["Completed the course"] == "Yes" and row["Priority groups"] == "Care leaver"
    assert row["Programme"] == started.cohort.programme.name and row["Applied on"] == "2026-03-02"
    assert row["Started work on"] and row["In work at 12 months"] in ("Yes", "No")
    assert not any(key.startswith("Equality") for key in row)
    event = AuditEvent.objects.get(action="reach.participants_exported")
    assert event.actor == staff and "21 learners" in event.note


def test_the_equality_officer_export_adds_equality_answers(client_for, equality_officer, reached):
    rows = _csv(client_for(equality_officer).post(URL, MARCH))
    veteran = reached["veterans"][0]
    row = next(r for r in rows if r["Learner number"] == str(veteran.learner.pk))
    assert row["Equality: Ethnic group"] == "White: Roma"
    assert "with equality data" in AuditEvent.objects.get(action="reach.participants_exported").note


def test_the_excel_workbook_holds_the_same_rows(client_for, staff, reached):
    response = client_for(staff).post(URL, {**MARCH, "file_format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Learner number" and sheet.max_row == 22


def test_cells_that_would_run_as_formulas_are_neutralised_in_csv_and_excel(client_for, staff, reached):
    learner = reached["started"][0].learner
    learner.first_name, learner.last_name = "=HYPERLINK(\"http://evil\")", "+SUM(A1)"
    learner.save()
    rows = _csv(client_for(staff).post(URL, MARCH))
    row = next(r for r in rows if r["Learner number"] == str(learner.pk))
    assert row["First name"].startswith("'=") and row["Last name"].startswith("'+")
    sheet = load_workbook(io.BytesIO(client_for(staff).post(URL, {**MARCH, "file_format": "xlsx"}).content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert not [v for v in values if v.startswith(("=", "+"))]
    assert "'=HYPERLINK(\"http://evil\")" in values


def test_staff_export_only_learners_in_their_localities(client_for, other_locality_staff, reached):
    rows = _csv(client_for(other_locality_staff).post(URL, MARCH))
    assert rows == []


def test_a_bad_period_is_refused_with_a_message_and_the_months_are_kept(client_for, staff):
    response = client_for(staff).post(URL, {"from_month": "2026-05", "to_month": "2026-03", "file_format": "csv"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The end month must be the same as or after the start month" in page and 'value="2026-05"' in page
    response = client_for(staff).post(URL, {**MARCH, "file_format": "pdf"})
    assert response.status_code == 400 and not AuditEvent.objects.filter(action="reach.participants_exported")


@pytest.mark.parametrize("who", ["partner", "provider_user", "learner"])
def test_partners_providers_and_learners_cannot_export(request, client_for, who, reached):
    user = request.getfixturevalue(who)
    user = user.user if hasattr(user, "user") else user
    assert client_for(user).get(URL).status_code == 403
    assert client_for(user).post(URL, MARCH).status_code == 403


def test_equality_answers_never_reach_an_ordinary_staff_export(client_for, staff, reached):
    for file_format in ("csv", "xlsx"):
        response = client_for(staff).post(URL, {**MARCH, "file_format": file_format})
        assert response.status_code == 200
        text = response.content.decode("utf-8-sig") if file_format == "csv" else str(
            [c.value for row in load_workbook(io.BytesIO(response.content)).active.iter_rows() for c in row])
        assert "Roma" not in text and "Scottish" not in text and "Equality" not in text


def test_a_job_start_through_the_portal_names_the_employer_and_its_care_setting(client_for, staff, locality):
    from django.utils import timezone

    from placements import services as placement_services
    from placements.models import Interview, JobOffer
    from tests.factories import (
        ApplicationFactory,
        CohortFactory,
        LearnerFactory,
        ProviderFactory,
        VacancyFactory,
    )
    from tests.factories.placements import held_interview
    from tests.factories.vacancies import care_setting

    learner = LearnerFactory(locality=locality)
    application = ApplicationFactory(learner=learner, cohort=CohortFactory(locality=locality), stage="completed")
    vacancy = VacancyFactory(provider=ProviderFactory(name="Fylde Coast Care"), setting=care_setting("domiciliary"))
    interview = held_interview(application=application, vacancy=vacancy)
    placement_services.interview_record_outcome(interview=interview, outcome=Interview.Outcome.OFFER, by=staff)
    offer = JobOffer.objects.get(interview=interview)
    placement_services.job_offer_decide(offer=offer, accept=True, by=staff)
    placement_services.job_start_record(offer=offer, started_on=timezone.localdate(), by=staff)
    today = timezone.localdate()
    rows = _csv(client_for(staff).post(URL, {"from_month": f"{today:%Y-%m}", "to_month": f"{today:%Y-%m}",
                                             "file_format": "csv"}))
    row = next(r for r in rows if r["Learner number"] == str(learner.pk))
    assert row["Employer"] == "Fylde Coast Care" and row["Started work on"] == today.isoformat()
    assert row["Employer type (care setting)"] == vacancy.setting.name
    assert row["How the job was found"] == "An academy vacancy"
