"""URLconf used only by `manage.py bench`: the portal's URLs plus a minimal view as the floor."""

from django.http import HttpResponse
from django.urls import include, path


def floor(request):
    """The least a Django view on this stack can do: middleware, routing, a response, no queries."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("__bench__/floor", floor, name="bench_floor"),
    path("", include("config.urls")),
]
