from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.core.exceptions import PermissionDenied

from .permissions import may_use_admin


class PortalAdminSite(admin.AdminSite):
    """The Django admin, for academy staff with the is_staff flag only.

    Its own login form is never shown: allauth's decorator sends anonymous users to the
    portal login, so the admin gets the same rate limits, MFA and audit records.
    """

    site_header = "Care Academy administration"
    site_title = "Care Academy admin"

    def has_permission(self, request):
        return may_use_admin(request.user)

    def login(self, request, extra_context=None):
        if request.user.is_authenticated and not may_use_admin(request.user):
            raise PermissionDenied("The admin is for academy staff.")
        return secure_admin_login(super().login)(request, extra_context)
