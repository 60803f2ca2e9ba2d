"""The site's public API: the publishing plugin's endpoints, with the programme's filters.

``PUBLISHING["PAGES_API_VIEWSET"]`` names ``SitePagesAPIViewSet``, which the plugin's router
(``cms.publishing.api.router``) registers as the pages endpoint. It adds:

- ``tags`` (press releases' tags and défis' themes), ``category``, ``date_after``,
  ``date_before`` (a release's date) and ``promotion`` (its défis and calls) filters;
- ``order=date`` on any type: a press release's date, another page's first publication.
"""

import datetime as dt

from django.db.models import DateTimeField, F, Q
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework.filters import BaseFilterBackend
from taggit.models import Tag
from wagtail.api.v2.filters import OrderingFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from cms.publishing.api.parameters import IntegerRangeMixin
from cms.publishing.api.views import PublicPagesAPIViewSet, checked_backends
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


class SitePagesAPIViewSet(PublicPagesAPIViewSet):
    """The plugin's pages endpoint with the programme's filters and ``order=date``."""

    filter_backends = [
        PublicationFilter,
        *checked_backends(
            PagesAPIViewSet.filter_backends, replacements={OrderingFilter: DateOrderingFilter}
        ),
    ]
    known_query_parameters = PublicPagesAPIViewSet.known_query_parameters.union(PAGE_FILTERS)
    # A promotion is given by its id or its short name.
    integer_query_parameters = IntegerRangeMixin.integer_query_parameters | {"promotion"}

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        # The order parameter is checked by the ordering filter; "date" is known everywhere.
        fields = [field.lstrip("-") for field in self.request.GET.get("order", "").split(",")]
        if "date" in fields and len(fields) > 1 and not hasattr(queryset.model, "date"):
            raise BadRequestError("order: 'date' cannot be combined with other fields")
