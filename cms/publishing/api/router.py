"""The v2 API's router: pages (the viewset ``PUBLISHING["PAGES_API_VIEWSET"]`` names), images,
documents and the headless preview; ``cms.publishing.urls`` mounts it at ``api/v2/``."""

from django.utils.module_loading import import_string
from wagtail.api.v2.router import WagtailAPIRouter

from cms.publishing.api.views import PublicDocumentsAPIViewSet, PublicImagesAPIViewSet
from cms.publishing.conf import setting
from cms.publishing.preview import PreviewAPIViewSet


def pages_viewset():
    return import_string(setting("PAGES_API_VIEWSET"))


api_router = WagtailAPIRouter("wagtailapi_v2")
api_router.register_endpoint("pages", pages_viewset())
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
api_router.register_endpoint("preview", PreviewAPIViewSet)
