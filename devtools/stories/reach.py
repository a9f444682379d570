"""Demo priority groups and equality answers for the impact demo learners, so the headline tiles and the
outcomes-by-group tables have something to show. Deterministic (the demo's seeded random generator)."""

from equality.models import QUESTIONS, EqualityMonitoring
from equality.services import equality_answers_save
from learners.models import Learner
from reach.models import LearnerPriorityGroup, PriorityGroup


def seed_reach(ctx) -> dict:
    rng = ctx.rng
    groups = list(PriorityGroup.objects.filter(is_active=True))
    learners = Learner.objects.filter(email__startswith="impact-demo-").order_by("pk")
    answered = 0
    for learner in learners:
        if groups and not LearnerPriorityGroup.objects.filter(learner=learner).exists() and rng.random() < 0.6:
            for group in rng.sample(groups, k=rng.choice([1, 1, 2])):
                LearnerPriorityGroup.objects.create(learner=learner, group=group, source="staff",
                                                    recorded_by=ctx.staff)
        if EqualityMonitoring.objects.filter(learner=learner).exists() or rng.random() < 0.2:
            continue  # some people choose not to answer at all
        answers = {}
        for name, (choices, _question) in QUESTIONS.items():
            values = choices.values
            # Mostly the first few answers of each list, sometimes "prefer not to say", sometimes none.
            roll = rng.random()
            answers[name] = "" if roll < 0.05 else values[-1] if roll < 0.12 else rng.choice(values[:4])
        equality_answers_save(learner=learner, answers=answers,
                              needs_adjustments="yes" if rng.random() < 0.1 else "no",
                              what_would_help="Information in large print")
        answered += 1
    return {"equality_answered": answered}
