"""The public API (Wagtail API v2) narrowed to what the public may see, with checked input.

- pages: live, public and not expired (a scheduled page is not live: embargoes hold); listings
  and details are picked from the snapshots materialized at publication (``snapshots``);
- images and documents: only those used by a visible page, or by no page at all.

Every unknown or malformed parameter answers 400 with a message that names it. A site adds
its own filters by subclassing ``PublicPagesAPIViewSet`` and naming the subclass in
``PUBLISHING["PAGES_API_VIEWSET"]`` (``cms.publishing.api.router`` registers it).
"""

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from rest_framework.response import Response
from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.utils import BadRequestError, parse_fields_parameter
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from cms.publishing.api.parameters import (
    DetailParametersMixin,
    IntegerRangeMixin,
    PublicPagination,
    SearchLimitMixin,
    SearchOperatorMixin,
)
from cms.publishing.api.serializers import (
    PublicDocumentSerializer,
    PublicImageSerializer,
    PublicPageSerializer,
    detail_url,
)
from cms.publishing.conf import setting
from cms.publishing.search import reader_query
from cms.publishing.snapshots import store
from cms.publishing.visibility import exclude_expired, public_usage


class CheckedFieldsFilter(FieldsFilter):
    """Wagtail's field filters (``?date=…``), with a value the field refuses as a 400.

    A parameter that another filter backend of the view declares in its ``parameters`` is
    that filter's alone, also on a page type with a field of that name (Wagtail would match
    a ``tags`` filter of the site's by exact name too, or take a ``promotion`` for an id).
    """

    def filter_queryset(self, request, queryset, view):
        claimed = {
            name for backend in view.filter_backends for name in getattr(backend, "parameters", ())
        }
        if claimed & set(request.GET):
            request = FieldParameters(request.GET, exclude=claimed)
        try:
            return super().filter_queryset(request, queryset, view)
        except ValidationError as error:
            raise BadRequestError("invalid filter value: " + " ".join(error.messages)) from error


class FieldParameters:
    """What Wagtail's ``FieldsFilter`` reads of a request (its query string), less some."""

    def __init__(self, query, exclude):
        self.GET = query.copy()
        for name in exclude:
            self.GET.pop(name, None)


class ReaderSearchFilter(SearchFilter):
    """Wagtail's ``?search=``, read as the site's search box reads it (``cms.publishing.search``):
    quoted words are a phrase, and no character is a syntax error (Wagtail hands the raw
    text to the backend, where a stray ``"`` broke SQLite's query syntax: a 500)."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if not getattr(django_settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            raise BadRequestError("search is disabled")
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError("filtering by tag with a search query is not supported")
        operator = request.GET.get("search_operator")
        try:
            return get_search_backend().search(
                reader_query(request.GET["search"], operator),
                queryset,
                order_by_relevance="order" not in request.GET,
            )
        except FilterFieldError as error:
            raise BadRequestError(
                f"cannot filter by '{error.field_name}' while searching (field is not indexed)"
            ) from error
        except OrderByFieldError as error:
            raise BadRequestError(
                f"cannot order by '{error.field_name}' while searching (field is not indexed)"
            ) from error


def checked_backends(backends, replacements=None):
    """A viewset's filter backends with the checked ones of this module in place, and any
    other ``replacements`` (``{OrderingFilter: MyOrderingFilter}``)."""
    replacements = {
        FieldsFilter: CheckedFieldsFilter,
        SearchFilter: ReaderSearchFilter,
        **(replacements or {}),
    }
    return [replacements.get(backend, backend) for backend in backends]


class PublicCacheMixin:
    """Public answers may be kept by shared caches for a short while, then revalidated.

    Django's ``ConditionalGetMiddleware`` gives each answer an ETag and answers 304 to a
    client that has it; publishing and unpublishing purge the cached answers
    (``caching.frontend``).
    """

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            patch_cache_control(response, public=True, max_age=setting("API_CACHE_MAX_AGE"))
            patch_vary_headers(response, ["Accept"])
            modified = getattr(self, "_last_modified", None)
            if modified is not None:
                response["Last-Modified"] = http_date(modified.timestamp())
        return response


class PublicEndpointMixin(
    IntegerRangeMixin,
    SearchLimitMixin,
    DetailParametersMixin,
    SearchOperatorMixin,
    PublicCacheMixin,
):
    """What the public endpoints share: checked parameters, cache headers, and addresses by
    one rule (``cms.publishing.absolute_urls``), the ``find`` redirect's included."""

    pagination_class = PublicPagination

    def find_view(self, request):
        try:
            found = self.find_object(self.get_queryset(), request)
            if found is None:
                raise self.model.DoesNotExist
        except self.model.DoesNotExist as error:
            raise Http404("not found") from error
        # Wagtail's redirect, with the detail address built as every other address.
        query = request.GET.copy()
        for name in self.find_query_parameters:
            query.pop(name, None)
        url = detail_url(request.wagtailapi_router, request, self.model, found.pk)
        return redirect(f"{url}?{query.urlencode()}")


class PublicPagesAPIViewSet(PublicEndpointMixin, PagesAPIViewSet):
    base_serializer_class = PublicPageSerializer
    filter_backends = checked_backends(PagesAPIViewSet.filter_backends)

    def get_base_queryset(self):
        """Live, public, and not past their expiry even if the scheduler has not run yet.

        Public means without any view restriction, for every client: Wagtail would also give
        a logged-in visitor, or one who typed a page's password, the pages they may see, in
        answers that shared caches keep.
        """
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = exclude_expired(super().get_base_queryset().public())
        return self._base_queryset.all()

    def snapshot_fields(self, model, show_details):
        """The fields to pick from snapshots, or None when the answer needs serializing."""
        if "rich_text_format" in self.request.GET:
            return None
        try:
            config = parse_fields_parameter(self.request.GET.get("fields", ""))
        except ValueError:
            return None  # serializing reports the error
        if any(sub_fields for _, _, sub_fields in config):
            return None
        serializer_class = self._get_serializer_class(
            self.request.wagtailapi_router, model, config, show_details=show_details
        )
        return serializer_class.Meta.fields, serializer_class.meta_fields

    def listing_view(self, request):
        """Listings pick their items out of the snapshots built at publication."""
        queryset = self.get_queryset()
        model = queryset.model
        self.check_query_parameters(queryset)
        queryset = self.filter_queryset(queryset)
        if isinstance(queryset, QuerySet):
            queryset = queryset.only("pk", "live_revision_id")
        pages = list(self.paginate_queryset(queryset))
        selection = self.snapshot_fields(model, show_details=False)
        stored = store.servable([page.pk for page in pages]) if selection else {}
        missing = [page.pk for page in pages if page.pk not in stored]
        if missing:  # no snapshot, or an answer snapshots cannot give (selection is None)
            serializer_class = self.get_serializer_class()
            context = self.get_serializer_context()
            instances = model.objects.in_bulk(missing)
        base = store.request_base(request)
        items = [
            store.pick(stored[page.pk], base, *selection)
            if page.pk in stored
            else serializer_class(instances[page.pk], context=context).data
            for page in pages
        ]
        return self.get_paginated_response(items)

    def detail_view(self, request, pk):
        self.check_detail_query_parameters(request)
        page = BaseAPIViewSet.get_object(self)
        self._last_modified = page.last_published_at
        selection = self.snapshot_fields(page.specific_class, show_details=True)
        stored = store.servable([page.pk]) if selection else {}
        if page.pk in stored:
            base = store.request_base(request)
            return Response(store.pick(stored[page.pk], base, *selection))
        return super().detail_view(request, pk)


class PublicMediaMixin:
    """Images or documents that are not under embargo: used by no page, or by a visible one."""

    def get_queryset(self):
        pages = PublicPagesAPIViewSet(request=self.request).get_base_queryset()
        return super().get_queryset().filter(public_usage(self.model, pages))


class PublicImagesAPIViewSet(PublicMediaMixin, PublicEndpointMixin, ImagesAPIViewSet):
    base_serializer_class = PublicImageSerializer
    filter_backends = checked_backends(ImagesAPIViewSet.filter_backends)


class PublicDocumentsAPIViewSet(PublicMediaMixin, PublicEndpointMixin, DocumentsAPIViewSet):
    base_serializer_class = PublicDocumentSerializer
    filter_backends = checked_backends(DocumentsAPIViewSet.filter_backends)
