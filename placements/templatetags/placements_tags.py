from django import template

register = template.Library()


@register.simple_tag
def learner_employment_for(user):
    """The signed-in learner's placements, interviews, offers and starts (None if not a learner)."""
    from learners.models import Learner

    from ..selectors import learner_employment

    if not getattr(user, "is_authenticated", False) or not user.is_learner:
        return None
    learner = Learner.objects.filter(user=user).first()
    return learner_employment(learner=learner) if learner else None
