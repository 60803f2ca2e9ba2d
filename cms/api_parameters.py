"""Query parameters of single-item API answers: Wagtail checks them on listings only."""

from wagtail.api.v2.utils import BadRequestError


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
