from django.conf import settings


def portal(request):
    return {"ACADEMY_NAME": settings.ACADEMY_NAME}
