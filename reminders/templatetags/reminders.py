from django import template

from reminders.services import reminders_for_home

register = template.Library()


@register.inclusion_tag("reminders/_notifications.html", takes_context=True)
def reminders_panel(context):
    """The signed-in user's recent reminders, for their home page: {% load reminders %}{% reminders_panel %}."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"reminders": [], "show": False}
    return {"reminders": reminders_for_home(user=user), "show": True, "csrf_token": context.get("csrf_token")}
