"""The site's public API (Wagtail API v2): the single router and its endpoints.

The endpoints are Wagtail's, narrowed to what the public may see and given the filters the
programme's consumers need:

- pages: live, public and not expired (a scheduled page is not live: embargoes hold), with
  ``tags``, ``category``, ``date_after``, ``date_before`` and ``promotion`` filters, and
  ``order=date`` on any type (a press release's date, another page's first publication);
- images and documents: only those used by a public page, or by no page at all.

Every unknown or malformed parameter answers 400 with a message that names it.
"""

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import DateTimeField, F, Q, QuerySet
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import http_date
from rest_framework.filters import BaseFilterBackend
from rest_framework.response import Response
from taggit.models import Tag
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError, parse_fields_parameter
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, ReferenceIndex
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from cms import snapshots
from cms.api_parameters import (
    DetailParametersMixin,
    IntegerRangeMixin,
    PublicPagination,
    SearchLimitMixin,
    SearchOperatorMixin,
)
from cms.api_serializers import (
    PublicDocumentSerializer,
    PublicImageSerializer,
    PublicPageSerializer,
    detail_url,
)
from cms.preview import PreviewAPIViewSet
from cms.search import reader_query
from cms.visibility import exclude_expired
from news.models import PressReleasePage
from programme.models import CallPage, ChallengePage, PromotionPage

PAGE_FILTERS = ("tags", "category", "date_after", "date_before", "promotion")


def parse_moment(name, value):
    """A date or a datetime parameter; a bare day starts at midnight, Paris time."""
    moment = parse_datetime(value) if "T" in value or " " in value else None
    if moment is None:
        try:
            day = parse_date(value)
        except ValueError:
            day = None
        if day is None:
            raise BadRequestError(
                f"{name}: '{value}' is not a date (expected YYYY-MM-DD or an ISO 8601 datetime)"
            )
        moment = dt.datetime.combine(day, dt.time())
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class CheckedFieldsFilter(FieldsFilter):
    """Wagtail's field filters (``?date=…``), with a value the field refuses as a 400.

    A parameter that another filter of the view declares (``PublicationFilter.parameters``)
    is that filter's alone, also on a type with a field of the name: with
    ``type=news.PressReleasePage``, Wagtail would also match ``tags`` by exact name, and
    with ``type=programme.CallPage`` take ``promotion`` for an id only.
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
    """Wagtail's ``?search=``, read as the site's search box reads it (``cms.search``):
    quoted words are a phrase, and no character is a syntax error (Wagtail hands the raw
    text to the backend, where a stray ``"`` broke SQLite's query syntax: a 500)."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
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


def checked_backends(backends):
    """A viewset's filter backends with the checked ones of this module in place."""
    replacements = {
        FieldsFilter: CheckedFieldsFilter,
        OrderingFilter: DateOrderingFilter,
        SearchFilter: ReaderSearchFilter,
    }
    return [replacements.get(backend, backend) for backend in backends]


def is_named(obj, value):
    """Whether ``value`` is the slug of ``obj`` (a tag, a category) or its name in any case
    (compared here: SQLite's ``iexact`` folds ASCII letters only)."""
    return obj.slug == value or obj.name.casefold() == value.casefold()


class PublicationFilter(BaseFilterBackend):
    """The programme's filters: tags, category, publication dates, promotion.

    Tags, categories and promotions are those of the pages the view shows (public ones):
    one that only an embargoed, private or expired page has is unknown, answered as a name
    that nothing has, so that nobody learns of it before its time.
    """

    parameters = PAGE_FILTERS

    def filter_queryset(self, request, queryset, view):
        params = request.GET
        public = view.get_base_queryset().values("pk")
        if "tags" in params:
            queryset = queryset.filter(self.tagged(params["tags"], public))
        if "category" in params:
            categories = PressReleasePage.objects.filter(pk__in=public).used_categories()
            category = next((c for c in categories if is_named(c, params["category"])), None)
            if category is None:
                raise BadRequestError(f"category: no category '{params['category']}'")
            queryset = queryset.filter(
                pk__in=PressReleasePage.objects.filter(categories=category).values("pk")
            )
        if "date_after" in params or "date_before" in params:
            releases = PressReleasePage.objects.all()
            if "date_after" in params:
                releases = releases.filter(
                    date__gte=parse_moment("date_after", params["date_after"])
                )
            if "date_before" in params:
                releases = releases.filter(
                    date__lt=parse_moment("date_before", params["date_before"])
                )
            queryset = queryset.filter(pk__in=releases.values("pk"))
        if "promotion" in params:
            promotion = self.promotion(params["promotion"], public)
            queryset = queryset.filter(
                Q(pk__in=ChallengePage.objects.child_of(promotion).values("pk"))
                | Q(pk__in=CallPage.objects.filter(promotion=promotion).values("pk"))
            )
        return queryset

    @staticmethod
    def tagged(value, public):
        """Press releases with all these tags and défis with all these themes, each by name
        in any case or by slug."""
        names = [name.strip() for name in value.split(",") if name.strip()]
        if not names:
            raise BadRequestError("tags: give one or more tags, separated by commas")
        tags = {
            *PressReleasePage.objects.filter(pk__in=public).used_tags(),
            *Tag.objects.filter(programme_challengetheme_items__content_object__in=public),
        }
        releases = PressReleasePage.objects.all()
        challenges = ChallengePage.objects.all()
        for name in names:
            ids = [tag.pk for tag in tags if is_named(tag, name)]
            releases = releases.filter(tags__in=ids)
            challenges = challenges.filter(themes__in=ids)
        return Q(pk__in=releases.values("pk")) | Q(pk__in=challenges.values("pk"))

    @staticmethod
    def promotion(value, public):
        promotions = PromotionPage.objects.filter(pk__in=public)
        promotion = (
            promotions.filter(pk=int(value)).first()
            if value.isdigit()
            else promotions.filter(Q(short_name__iexact=value) | Q(slug=value)).first()
        )
        if promotion is None:
            raise BadRequestError(f"promotion: no promotion '{value}' (give its id or short name)")
        return promotion


class DateOrderingFilter(OrderingFilter):
    """``order=date`` works on any page type: a release's date, else its first publication."""

    def filter_queryset(self, request, queryset, view):
        order = request.GET.get("order", "")
        if order.lstrip("-") != "date" or hasattr(queryset.model, "date"):
            return super().filter_queryset(request, queryset, view)
        if "search" in request.GET:
            # The search index orders by indexed fields only: first publication it is.
            return queryset.order_by(order.replace("date", "first_published_at"))
        moment = Coalesce(Cast("pressreleasepage__date", DateTimeField()), F("first_published_at"))
        moment = moment.desc(nulls_last=True) if order.startswith("-") else moment.asc()
        return queryset.order_by(moment, "pk")


class PublicCacheMixin:
    """Public answers may be kept by shared caches for a short while, then revalidated.

    ``ConditionalGetMiddleware`` gives each answer an ETag and answers 304 to a client that
    has it; publishing and unpublishing purge the cached answers (see ``cms.cache``).
    """

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            max_age = getattr(settings, "API_CACHE_MAX_AGE", 60)
            patch_cache_control(response, public=True, max_age=max_age)
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
    one rule (``cms.absolute_urls``), the ``find`` redirect's included."""

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
    filter_backends = [PublicationFilter, *checked_backends(PagesAPIViewSet.filter_backends)]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(PAGE_FILTERS)
    # A promotion is given by its id or its short name.
    integer_query_parameters = IntegerRangeMixin.integer_query_parameters | {"promotion"}

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
        stored = snapshots.servable([page.pk for page in pages]) if selection else {}
        missing = [page.pk for page in pages if page.pk not in stored]
        if missing:  # no snapshot, or an answer snapshots cannot give (selection is None)
            serializer_class = self.get_serializer_class()
            context = self.get_serializer_context()
            instances = model.objects.in_bulk(missing)
        base = snapshots.request_base(request)
        items = [
            snapshots.pick(stored[page.pk], base, *selection)
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
        stored = snapshots.servable([page.pk]) if selection else {}
        if page.pk in stored:
            base = snapshots.request_base(request)
            return Response(snapshots.pick(stored[page.pk], base, *selection))
        return super().detail_view(request, pk)

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        # The order parameter is checked by the ordering filter; "date" is known everywhere.
        fields = [field.lstrip("-") for field in self.request.GET.get("order", "").split(",")]
        if "date" in fields and len(fields) > 1 and not hasattr(queryset.model, "date"):
            raise BadRequestError("order: 'date' cannot be combined with other fields")


def public_usage(model, public_pages):
    """``model`` objects used by no page, or by at least one of ``public_pages``."""
    page_type = ContentType.objects.get_for_model(Page)
    references = ReferenceIndex.objects.filter(
        base_content_type=page_type,
        to_content_type=ContentType.objects.get_for_model(model),
    )
    public_ids = public_pages.annotate(
        id_text=Cast("pk", output_field=ReferenceIndex._meta.get_field("object_id"))
    ).values("id_text")
    # The index keeps ids as text: cast them back to the model's key for the comparison.
    references = references.annotate(target=Cast("to_object_id", output_field=model._meta.pk))
    used = references.values("target")
    used_publicly = references.filter(object_id__in=public_ids).values("target")
    return Q(pk__in=used_publicly) | ~Q(pk__in=used)


class PublicMediaMixin:
    """Images or documents that are not under embargo: used by no page, or by a public one."""

    def get_queryset(self):
        pages = PublicPagesAPIViewSet(request=self.request).get_base_queryset()
        return super().get_queryset().filter(public_usage(self.model, pages))


class PublicImagesAPIViewSet(PublicMediaMixin, PublicEndpointMixin, ImagesAPIViewSet):
    base_serializer_class = PublicImageSerializer
    filter_backends = checked_backends(ImagesAPIViewSet.filter_backends)


class PublicDocumentsAPIViewSet(PublicMediaMixin, PublicEndpointMixin, DocumentsAPIViewSet):
    base_serializer_class = PublicDocumentSerializer
    filter_backends = checked_backends(DocumentsAPIViewSet.filter_backends)


api_router = WagtailAPIRouter("wagtailapi_v2")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
api_router.register_endpoint("preview", PreviewAPIViewSet)
