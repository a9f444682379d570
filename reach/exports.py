"""The participant export for the academy's own returns to funders: one row per learner for a period.

Staff only (never partners), limited to the learners the staff member can see, audited. Equality
columns are added only for the equality-data role. Every text cell is neutralised against formula
injection, in CSV and in Excel alike (academy.exports; openpyxl would store a string starting with "=" as a
formula).
"""

import io

from academy.exports import csv_writer, spreadsheet_safe
from equality.models import CHARACTERISTIC_LABELS, QUESTIONS
from learners.models import Stage

from .selectors import participant_applications

BASE_COLUMNS = [
    ("learner", "Learner number"), ("first_name", "First name"), ("last_name", "Last name"),
    ("date_of_birth", "Date of birth"), ("postcode", "Postcode"), ("locality", "Locality"),
    ("programme", "Programme"), ("cohort", "Cohort"), ("course_start", "Course start"), ("course_end", "Course end"),
    ("applied_on", "Applied on"), ("enrolled_on", "Enrolled on"), ("completed", "Completed the course"),
    ("completed_on", "Completed on"), ("withdrawn_on", "Withdrew on"), ("stage", "Where they are now"),
    ("offered_on", "Offered a job on"), ("job_started_on", "Started work on"), ("employer", "Employer"),
    ("employer_type", "Employer type (care setting)"), ("how_found", "How the job was found"),
    ("in_work_3", "In work at 3 months"), ("in_work_6", "In work at 6 months"), ("in_work_12", "In work at 12 months"),
    ("priority_groups", "Priority groups"),
]


def _first_at(application, stage):
    times = [t.at for t in application.transitions.all() if t.to_stage == stage]
    return min(times).date() if times else None


def _follow_up(application, month):
    for follow_up in application.retention_follow_ups.all():
        if follow_up.month == month:
            return "Yes" if follow_up.in_work else "No"
    return "Not recorded"


def _employer(job_start) -> str:
    if job_start is None:
        return ""
    if job_start.provider_id:
        return job_start.provider.name
    return getattr(job_start, "employer_name", "")  # a job gained outside the portal, with an employer not on it


def _employer_type(job_start) -> str:
    """The care setting of the job: the vacancy's, or for a job found outside the portal, the offer's."""
    if job_start is None:
        return ""
    if job_start.vacancy_id:
        return job_start.vacancy.setting.name
    setting = getattr(job_start.offer, "setting", None)
    return setting.name if setting else ""


def _how_found(job_start) -> str:
    if job_start is None:
        return ""
    display = getattr(job_start.offer, "get_how_found_display", None)
    return display() if display else "An academy vacancy"


def participant_columns(*, with_equality: bool) -> list[tuple[str, str]]:
    columns = list(BASE_COLUMNS)
    if with_equality:
        columns += [(f"equality_{name}", f"Equality: {CHARACTERISTIC_LABELS[name]}") for name in QUESTIONS]
    return columns


def participant_rows(*, start, end, localities=None, with_equality: bool) -> list[dict]:
    """One row per learner: their latest application in the period (a learner who applied twice appears once)."""
    qs = participant_applications(start=start, end=end, localities=localities)
    if with_equality:
        qs = qs.select_related("learner__equality_monitoring")
    latest = {}
    for application in qs:  # ordered by submission: a later application replaces an earlier one
        latest[application.learner_id] = application
    rows = []
    for application in sorted(latest.values(), key=lambda a: a.learner_id):
        learner, cohort = application.learner, application.cohort
        job_start = max(application.job_starts.all(), key=lambda j: j.started_on, default=None)
        row = {
            "learner": learner.pk, "first_name": learner.first_name, "last_name": learner.last_name,
            "date_of_birth": learner.date_of_birth, "postcode": learner.postcode, "locality": learner.locality.name,
            "programme": cohort.programme.name, "cohort": cohort.name, "course_start": cohort.start_date,
            "course_end": cohort.end_date, "applied_on": application.submitted_at.date(),
            "enrolled_on": _first_at(application, Stage.ENROLLED),
            "completed": "Yes" if _first_at(application, Stage.COMPLETED) else "No",
            "completed_on": _first_at(application, Stage.COMPLETED),
            "withdrawn_on": _first_at(application, Stage.WITHDRAWN),
            "stage": application.get_stage_display(),
            "offered_on": _first_at(application, Stage.OFFERED),
            "job_started_on": job_start.started_on if job_start else _first_at(application, Stage.STARTED_WORK),
            "employer": _employer(job_start), "employer_type": _employer_type(job_start),
            "how_found": _how_found(job_start),
            "in_work_3": _follow_up(application, 3), "in_work_6": _follow_up(application, 6),
            "in_work_12": _follow_up(application, 12),
            "priority_groups": "; ".join(m.group.name for m in learner.priority_groups.all()),
        }
        if with_equality:
            record = getattr(learner, "equality_monitoring", None)
            for name in QUESTIONS:
                value = getattr(record, name) if record else ""
                row[f"equality_{name}"] = getattr(record, f"get_{name}_display")() if value else "Not answered"
        rows.append(row)
    return rows


def participants_csv(rows, columns) -> bytes:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow([label for _key, label in columns])
    for row in rows:
        writer.writerow(["" if row[key] is None else row[key] for key, _label in columns])
    return buffer.getvalue().encode("utf-8-sig")  # the byte-order mark makes Excel read UTF-8


def participants_xlsx(rows, columns) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Participants"
    sheet.append([label for _key, label in columns])
    for row in rows:
        sheet.append([spreadsheet_safe(row[key]) for key, _label in columns])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
