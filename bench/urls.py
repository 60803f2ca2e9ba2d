"""The site's URLs plus, for the benchmark only, stock Wagtail's API and a bare cached view."""

from django.core.cache import cache
from django.http import HttpResponse
from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from cms.urls import urlpatterns as site_urlpatterns

stock_router = WagtailAPIRouter("stock_api")
stock_router.register_endpoint("pages", PagesAPIViewSet)

BARE_BODY = b'{"items": [' + b",".join([b'{"id": 1, "title": "Communiqu\\u00e9"}'] * 400) + b"]}"


def bare(request):
    """The floor: a Django view answering a body read from the cache, nothing else."""
    body = cache.get("bench:bare")
    if body is None:
        body = BARE_BODY
        cache.set("bench:bare", body, None)
    return HttpResponse(body, content_type="application/json")


urlpatterns = [
    path("stock-api/v2/", stock_router.urls),
    path("bench/bare/", bare),
    *site_urlpatterns,
]
