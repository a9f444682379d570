"""Who may read equality answers.

- The learner: their own answers (to check and change them).
- Academy staff with the permission "equality.read_individual_records" (the "Equality data officer"
  group, seeded by a migration): one learner's answers, among the learners they can see, audited.
- Every other staff member, provider and partner: aggregates only, never one person's answers.
- Staff who can see a learner see whether they need adjustments (a separate, actionable answer).
"""

from django.http import Http404

from academy.models import User

READ_INDIVIDUAL = "equality.read_individual_records"
EQUALITY_ROLE_GROUP = "Equality data officer"


def can_read_individual_records(user) -> bool:
    """The named equality-data role: an active staff member holding the permission."""
    return (user.is_authenticated and user.is_active and user.role == User.Role.STAFF
            and user.has_perm(READ_INDIVIDUAL))


def sees_exact_equality_figures(user) -> bool:
    """Equality breakdowns are exact only for the equality-data role; everyone else gets the partner rule,
    so an ordinary staff filter to one cohort cannot single out a person's characteristic."""
    return can_read_individual_records(user)


def get_learner_for_equality_officer_or_404(user, pk):
    """A learner whose equality answers this user may read; 404 otherwise (the view checks the role first)."""
    from learners.permissions import learners_visible_to

    learner = learners_visible_to(user).filter(pk=pk).first()
    if learner is None:
        raise Http404("No such learner.")
    return learner
