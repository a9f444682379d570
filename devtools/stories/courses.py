import datetime

from django.utils import timezone

from courses.models import Cohort, CohortSession, Programme

PROGRAMMES = [
    ("Talent for Care: sector-based work academy", "talent-for-care-sbwa", Programme.Kind.SBWA, 6, True,
     "Six weeks of pre-employment training, a work placement that matches what you want to do, and a "
     "guaranteed job interview with a local care employer. You stay on your benefits while you learn."),
    ("We Care taster: two-week bite-size course", "we-care-bite-size", Programme.Kind.BITE_SIZE, 2, True,
     "Part theory, part practice: a short course with a four-day work experience placement, for people who "
     "want to try care work around childcare or other commitments."),
    ("Adult Care Worker apprenticeship (Level 2)", "adult-care-worker-apprenticeship", Programme.Kind.APPRENTICESHIP,
     52, False,
     "Earn while you learn: a paid job with a care provider and a Level 2 qualification over about a year."),
    ("Personal assistant academy", "personal-assistant-academy", Programme.Kind.SBWA, 4, False,
     "Training to work as a personal assistant for someone who employs their own support. There is no "
     "guaranteed interview: individual employers choose their own assistants."),
]

# (programme slug, locality, venue, weeks from today to the start)
COHORTS = [
    ("talent-for-care-sbwa", "Blackpool", "Blackpool Central Library", -20),
    ("talent-for-care-sbwa", "Fylde", "Lytham Methodist Church Hall", -3),
    ("talent-for-care-sbwa", "Wigan", "Wigan Life Centre", 4),
    ("we-care-bite-size", "Blackpool", "Grange Park Community Centre", -10),
    ("we-care-bite-size", "Salford", "Eccles Gateway", 1),
    ("we-care-bite-size", "Liverpool", "Anfield Community Cafe", 6),
    ("adult-care-worker-apprenticeship", "Lancaster", "Lancaster and Morecambe College", -8),
    ("personal-assistant-academy", "Rochdale", "Rochdale Town Hall", 3),
    # Where people referred for English and maths support come back to (see devtools/stories/learners.py).
    ("talent-for-care-sbwa", "Fylde", "St Annes Library", 9),
]

# Two taught sessions a week, on these themes in turn.
SESSION_TITLES = ["Values and person-centred care", "Safeguarding adults", "Dementia awareness",
                  "Moving and handling", "Infection prevention", "Mental health awareness", "Communication skills",
                  "Health and safety", "Emergency first aid", "Equality and diversity", "CV and interview practice",
                  "Realistic job preview with a provider"]


def seed_courses(ctx) -> list[Cohort]:
    programmes = {}
    for name, slug, kind, weeks, guaranteed, summary in PROGRAMMES:
        programmes[slug], _ = Programme.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "duration_weeks": weeks,
                      "guaranteed_interview": guaranteed, "summary": summary, **Programme.default_requirements(kind)},
        )
    today = timezone.localdate()
    cohorts = []
    for slug, locality, venue, weeks_from_now, in COHORTS:
        programme = programmes[slug]
        # Cohorts start on a Monday so the dates look like a real timetable.
        start = today + datetime.timedelta(weeks=weeks_from_now)
        start -= datetime.timedelta(days=start.weekday())
        cohort, _ = Cohort.objects.get_or_create(
            programme=programme, locality=ctx.localities[locality], venue=venue,
            defaults={
                "name": f"{programme.name.split(':')[0]} – {locality}",
                "start_date": start,
                "end_date": start + datetime.timedelta(weeks=programme.duration_weeks, days=-3),
                "capacity": 12 if programme.kind != Programme.Kind.APPRENTICESHIP else 8,
                "tutor": ctx.staff,
                "guaranteed_interview": programme.guaranteed_interview,
            },
        )
        cohorts.append(cohort)
        seed_sessions(cohort)
    ctx.extra["programmes"] = programmes
    ctx.extra["cohorts"] = cohorts
    return cohorts


def seed_sessions(cohort: Cohort) -> None:
    """Mondays and Wednesdays from the start, at most 12 (apprenticeships: the first 12 taught days)."""
    if cohort.sessions.exists():
        return
    day, n = cohort.start_date, 0
    while day <= cohort.end_date and n < len(SESSION_TITLES):
        if day.weekday() in (0, 2):
            CohortSession.objects.create(cohort=cohort, date=day, title=SESSION_TITLES[n])
            n += 1
        day += datetime.timedelta(days=1)
