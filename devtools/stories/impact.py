"""Impact demo data: a year of past learners followed from application to 12 months in work,
with resilience checks, satisfaction, support spend, follow-ups and NESTA evidence.

Idempotent: learners are found by e-mail, records by their natural keys, so running seed_demo
again changes nothing.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from impact.models import (
    ProgrammeEvidence,
    RetentionFollowUp,
    SatisfactionSurvey,
    SupportSpend,
    WellbeingSurvey,
)
from impact.services.support import support_spend_record
from impact.services.surveys import (
    evidence_review_record,
    follow_up_record,
    learner_satisfaction_give,
    provider_satisfaction_give,
    resilience_check_record,
)
from learners.models import Application, Learner, Stage
from learners.services.applications import application_create, application_transition

LEARNERS = 72
MAIN_LINE = [Stage.ACCEPTED, Stage.ENROLLED, Stage.PLACED, Stage.COMPLETED, Stage.INTERVIEWED, Stage.OFFERED,
             Stage.STARTED_WORK]
EVIDENCE = {
    "talent-for-care-sbwa": (2, "Around seven in ten people who complete the academy start a care job, and "
                                "learners' resilience rises over the six weeks.",
                             "Start and end resilience checks for every cohort; job starts and 3, 6 and 12-month "
                             "follow-ups recorded in this portal. No comparison group yet."),
    "we-care-bite-size": (1, "A short taster gives people with caring responsibilities a realistic first look "
                             "at care work, so fewer leave in their first weeks.",
                          "Our account of why it should work, drawing on Skills for Care research on early "
                          "leavers and on learners' feedback."),
    "adult-care-worker-apprenticeship": (3, "Apprentices stay longer with their employer than comparable new "
                                            "starters recruited the usual way.",
                                         "12-month retention compared with providers' own new starters over the "
                                         "same period (a matched comparison group)."),
}


def _outcome(rng):
    """How far a demo application gets: most go far, some stop early, like a real cohort."""
    roll = rng.random()
    if roll < 0.08:
        return [Stage.NOT_PROGRESSED]
    if roll < 0.16:
        return [Stage.REFERRED]
    if roll < 0.24:
        return [Stage.ACCEPTED, Stage.ENROLLED, Stage.WITHDRAWN]
    if roll < 0.36:
        return MAIN_LINE[:4]
    if roll < 0.44:
        return MAIN_LINE[:5]
    return MAIN_LINE


def seed_impact(ctx) -> dict:
    rng = ctx.rng
    today = timezone.localdate()
    cohorts = [c for c in ctx.extra.get("cohorts", []) if c.start_date < today] or list(ctx.extra.get("cohorts", []))
    created = 0
    if cohorts:
        localities = list(ctx.localities.values())
        for i in range(LEARNERS):
            email = f"impact-demo-{i:03d}@learner.example"
            cohort = cohorts[i % len(cohorts)]
            learner, _ = Learner.objects.get_or_create(email=email, defaults={
                "first_name": ["Amy", "Bilal", "Cara", "Dev", "Erin", "Finn"][i % 6],
                "last_name": ["Hart", "Khan", "Lowe", "Moss", "Reid", "Shaw"][(i // 6) % 6],
                "postcode": "FY1 1AA", "locality": cohort.locality if i % 5 else rng.choice(localities)})
            if Application.objects.filter(learner=learner).exists():
                continue
            submitted = timezone.now() - datetime.timedelta(days=400 - (i * 4))
            application = application_create(learner=learner, cohort=cohort, at=submitted, by=ctx.staff)
            at = submitted
            for stage in _outcome(rng):
                at += datetime.timedelta(days=rng.randint(3, 21))
                if at > timezone.now():
                    break
                application = application_transition(application=application, to_stage=stage, at=at, by=ctx.staff)
            created += 1
    _seed_records(ctx)
    return {"applications_created": created}


def _seed_records(ctx):
    rng = ctx.rng
    today = timezone.localdate()
    demo = Application.objects.filter(learner__email__startswith="impact-demo-").select_related("cohort")
    for application in demo:
        reached = set(application.transitions.values_list("to_stage", flat=True))
        if Stage.ENROLLED in reached and not WellbeingSurvey.objects.filter(application=application).exists():
            start = [rng.randint(2, 4) for _ in range(6)]
            resilience_check_record(application=application, moment=WellbeingSurvey.Moment.START,
                                    taken_on=min(application.cohort.start_date, today), answers=start,
                                    by=ctx.staff)
            if Stage.COMPLETED in reached:
                # Positive items up, negative items down: resilience rises over the course for most.
                end = [min(5, a + rng.choice([0, 1, 1])) if n % 2 == 0 else max(1, a - rng.choice([0, 1, 1]))
                       for n, a in enumerate(start)]
                resilience_check_record(application=application, moment=WellbeingSurvey.Moment.END,
                                        taken_on=min(application.cohort.end_date, today), answers=end,
                                        by=ctx.staff)
        if Stage.ENROLLED in reached and not SupportSpend.objects.filter(application=application).exists():
            for category, amount in [(SupportSpend.Category.TRAVEL, "18.40"), (SupportSpend.Category.LUNCH, "12.00"),
                                     (SupportSpend.Category.CHILDCARE, "45.00")][: rng.randint(1, 3)]:
                support_spend_record(application=application, category=category, amount=Decimal(amount),
                                     spent_on=application.cohort.start_date)
        if Stage.COMPLETED in reached and not SatisfactionSurvey.objects.filter(application=application).exists():
            learner_satisfaction_give(application=application, score=rng.choice([3, 4, 4, 5, 5]), by=ctx.staff)
        if Stage.STARTED_WORK in reached:
            started = application.transitions.filter(to_stage=Stage.STARTED_WORK).values_list("at", flat=True).first()
            for month in (3, 6, 12):
                due = started + datetime.timedelta(days=30 * month)
                if due.date() > today or RetentionFollowUp.objects.filter(application=application, month=month).exists():
                    continue
                in_work = rng.random() < {3: 0.9, 6: 0.82, 12: 0.75}[month]
                # Answered a week after it fell due: inside the follow-up's window whatever the month's length.
                follow_up_record(application=application, month=month, in_work=in_work,
                                 same_employer=in_work and rng.random() < 0.8, by=ctx.staff,
                                 today=(due + datetime.timedelta(days=7)).date())
    for provider in ctx.extra.get("providers", [])[:6]:
        if not SatisfactionSurvey.objects.filter(respondent="provider", provider=provider).exists():
            provider_satisfaction_give(provider=provider, score=rng.choice([4, 4, 5]), by=ctx.staff,
                                       comment="Academy candidates arrive ready for the job.")
    for slug, (level, claim, data_behind) in EVIDENCE.items():
        programme = ctx.extra.get("programmes", {}).get(slug)
        if programme and not ProgrammeEvidence.objects.filter(programme=programme).exists():
            evidence_review_record(programme=programme, level=level, claim=claim, data_behind=data_behind,
                                   reviewed_at=today - datetime.timedelta(days=60), by=ctx.staff)
