"""Query parameters of single-item API answers: Wagtail checks them on listings only."""

from wagtail.api.v2.utils import BadRequestError


class DetailParametersMixin:
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
