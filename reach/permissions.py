"""Who may do what with priority groups, outcomes by group and the participant export.

- Outcomes by group: staff and partners (partners through the small-number rule; equality breakdowns
  exact only for the equality-data role, see reach.tables).
- Participant export: academy staff only, for learners in their localities; equality columns only for
  the equality-data role.
- A learner's priority groups: the learner themselves, and staff who can see the learner.
"""

from academy.models import User
from equality.permissions import can_read_individual_records


def may_export_participants(user) -> bool:
    return user.is_authenticated and user.role == User.Role.STAFF


def export_includes_equality(user) -> bool:
    return can_read_individual_records(user)


def export_localities(user):
    """The localities whose learners a staff member may export; None means every locality."""
    return user.locality_ids or None
