"""Query parameters of single-item API answers: Wagtail checks them on listings only."""

from wagtail.api.v2.utils import BadRequestError


class DetailParametersMixin:
    """A detail answer with an unknown query parameter is a 400 that names it, as listings are."""

    detail_query_parameters = frozenset({"fields", "format", "rich_text_format"})

    def detail_view(self, request, pk):
        unknown = sorted(set(request.GET) - self.detail_query_parameters)
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised field: " + ", ".join(unknown)
            )
        return super().detail_view(request, pk)


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
