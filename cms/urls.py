from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms.api_v3 import api as api_v3
from cms.api_v3 import openapi_json as api_v3_openapi_json
from cms.publishing.sitemaps import PublicSitemap
from cms.views import robots_txt, search

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Wagtail's v3 API: its OpenAPI schema for all, reads for API token holders, no writes
    # unless API_V3_WRITES_ENABLED is set (cms.middleware.APIv3AccessMiddleware). The schema
    # is this site's (cms.api_v3), in front of Wagtail's own at the same URL.
    path("api/v3/openapi.json", api_v3_openapi_json),
    path("api/v3/", api_v3.urls),
    path("recherche/", search, name="search"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PublicSitemap}}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # The publishing plugin: the public API (api/v2/) and media files through the embargo.
    path("", include("cms.publishing.urls")),
    # Everything else is a Wagtail page.
    path("", include(wagtail_urls)),
]
