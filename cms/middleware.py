"""Request middleware of the site."""

from django.conf import settings
from django.http import JsonResponse


class ReadOnlyAPIv3Middleware:
    """Wagtail's v3 API also writes (create, publish, delete pages) for token holders.

    This site publishes through its admin and its validation workflow only: the v3 API is
    mounted for its schema and its authenticated reads, and refuses every other method unless
    ``API_V3_WRITES_ENABLED`` is set.
    """

    prefix = "/api/v3/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith(self.prefix)
            and request.method not in ("GET", "HEAD", "OPTIONS")
            and not getattr(settings, "API_V3_WRITES_ENABLED", False)
        ):
            response = JsonResponse({"detail": "This API is read-only on this site."}, status=405)
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        return self.get_response(request)
