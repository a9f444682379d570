"""Erasing a learner removes their equality answers and adjustments (learners.signals.learner_erased)."""


def equality_answers_erase_with_learner(sender, *, learner, **kwargs):
    from .services import equality_answers_erase

    equality_answers_erase(learner=learner)
