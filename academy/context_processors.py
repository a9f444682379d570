from django.conf import settings


def portal(request):
    return {"ACADEMY_NAME": settings.ACADEMY_NAME, "ACADEMY_CONTACT_EMAIL": settings.ACADEMY_CONTACT_EMAIL,
            "ACADEMY_CONTACT_PHONE": settings.ACADEMY_CONTACT_PHONE}
