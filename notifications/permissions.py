"""Who may do what with messages: academy staff edit the wording, and see and retry the messages about
the learners they may see (learners.permissions.learners_visible_to, applied by the views)."""

from academy.models import User


def can_edit_message_templates(user) -> bool:
    return user.is_authenticated and user.role == User.Role.STAFF
