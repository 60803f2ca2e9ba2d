"""Query parameters of the v2 API that Wagtail leaves unchecked: on single-item answers (it
checks them on listings only), integers beyond what a database holds, ``limit=0``."""

from django.db import models
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError

BIGGEST_INTEGER = 2**63 - 1  # PostgreSQL's bigint, SQLite's integer


def out_of_range(value):
    """Whether ``value`` reads as a whole number (as Python's ``int()`` reads it: the way
    Wagtail parses parameters) that no database column can hold."""
    try:
        number = int(value)
    except ValueError:
        # Python reads no more than 4,300 digits: so many are out of range too.
        return value.strip().lstrip("+-").isdigit()
    return not -BIGGEST_INTEGER - 1 <= number <= BIGGEST_INTEGER


def check_integer_parameters(query, names):
    """A 400 naming the first of these parameters whose value is out of range."""
    for name in sorted(names):
        if any(out_of_range(value) for value in query.getlist(name)):
            raise BadRequestError(f"{name}: number out of range (at most {BIGGEST_INTEGER})")


class IntegerRangeMixin:
    """Integer parameters are bounded before they reach the database: SQLite refuses a number
    beyond 64 bits (an offset is a "datatype mismatch", an id an OverflowError) and
    PostgreSQL aborts the transaction. The operations taking an integer are listed here; the
    field filters taking one (``id=``, ``width=``, a foreign key…) are read off the model."""

    integer_query_parameters = frozenset(
        {"limit", "offset", "id", "child_of", "descendant_of", "ancestor_of", "translation_of"}
    )

    @classmethod
    def integer_fields(cls, model):
        """The field filters of ``model`` that take a whole number: integer fields, and
        relations of any kind (``categories=``, ``attachments=``…) to a model whose key is
        one."""
        names = set(cls.get_available_fields(model, db_fields_only=True))
        found = set()
        for field in model._meta.get_fields():
            target = field.related_model._meta.pk if field.is_relation else field
            if isinstance(target, models.IntegerField | models.AutoField):
                found.update({field.name, getattr(field, "attname", field.name)} & names)
        return found

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        check_integer_parameters(
            self.request.GET,
            self.integer_query_parameters | self.integer_fields(queryset.model),
        )

    def find_object(self, queryset, request):
        check_integer_parameters(
            request.GET, self.integer_query_parameters & self.find_query_parameters
        )
        return super().find_object(queryset, request)


class PublicPagination(WagtailPagination):
    """Wagtail's pagination, where ``limit=0`` is a 400 as a negative limit is: a page of no
    items is never what a consumer meant."""

    def paginate_queryset(self, queryset, request, view=None):
        try:
            empty = int(request.GET.get("limit", "20")) == 0
        except ValueError:
            empty = False  # Wagtail says what is wrong with it
        if empty:
            raise BadRequestError("limit must be a positive integer")
        return super().paginate_queryset(queryset, request, view)


class FormatParameterMixin:
    """An unknown ``format`` is a 400 that says which formats exist (DRF gives an empty 404)."""

    def perform_content_negotiation(self, request, force=False):
        requested = request.query_params.get("format")
        formats = sorted({renderer.format for renderer in self.get_renderers()})
        if requested is not None and requested not in formats and not force:
            # force: DRF choosing a renderer for the error answer itself.
            raise BadRequestError(f"format must be one of: {', '.join(formats)}")
        return super().perform_content_negotiation(request, force)


class FindParametersMixin:
    """``find/?id=`` with something other than a number is a 400 (Wagtail lets it fail)."""

    def find_object(self, queryset, request):
        value = request.GET.get("id")
        if value is not None and not (value.isascii() and value.isdigit()):
            raise BadRequestError("id must be a positive integer")
        return super().find_object(queryset, request)


class NulCharacterMixin:
    """A NUL character in the query string is a 400: PostgreSQL refuses it in any query."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        for key, values in request.query_params.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise BadRequestError(f"{key.replace(chr(0), '')}: NUL characters are not allowed")


class DetailParametersMixin(NulCharacterMixin, FormatParameterMixin, FindParametersMixin):
    """A detail answer with an unknown query parameter is a 400 that names it, as listings are."""

    detail_query_parameters = frozenset({"fields", "format", "rich_text_format"})

    def check_detail_query_parameters(self, request):
        unknown = sorted(set(request.GET) - self.detail_query_parameters)
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised field: " + ", ".join(unknown)
            )

    def detail_view(self, request, pk):
        self.check_detail_query_parameters(request)
        return super().detail_view(request, pk)


class SearchOperatorMixin:
    """``search_operator`` other than "and" or "or" is a 400, not Wagtail's unhandled error."""

    search_operators = ("and", "or")

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        operator = self.request.GET.get("search_operator")
        if operator is not None and operator not in self.search_operators:
            raise BadRequestError(
                f"search_operator must be one of: {', '.join(self.search_operators)}"
            )


class SearchLimitMixin:
    """Bounded ``?search=``: the search backends nest one expression per word, and a query of
    thousands of words exhausted the stack (a 500) where Wagtail's parser was once open to a
    regular expression denial of service (GHSA-jmp3-39vp-fwg8). Real searches are short."""

    search_max_length = 255
    search_max_words = 32

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        search = self.request.GET.get("search", "")
        if len(search) > self.search_max_length or len(search.split()) > self.search_max_words:
            raise BadRequestError(
                f"search: at most {self.search_max_length} characters "
                f"and {self.search_max_words} words"
            )
