"""Request middleware of the site."""

from django.conf import settings
from django.http import JsonResponse
from django.middleware.http import ConditionalGetMiddleware as DjangoConditionalGetMiddleware
from django.urls import reverse_lazy
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import parse_http_date_safe
from wagtail.models import APIToken

from cms.publishing.api.parameters import out_of_range


def _valid_token(request):
    scheme, _, key = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        return False
    return APIToken.objects.filter(
        key_hash__in=APIToken.candidate_key_hashes(key.strip()),
        revoked_at__isnull=True,
        user__is_active=True,
    ).exists()


def _out_of_range_numbers(request):
    """Query parameters holding a whole number no database column can hold."""
    return sorted(
        key for key, values in request.GET.lists() if any(out_of_range(value) for value in values)
    )


class APIv3AccessMiddleware:
    """Wagtail's v3 API as this site offers it: its schema to all, its reads to token holders.

    The public contract is the v2 API, which applies the embargo and expiry rules of this site.
    Wagtail's v3 also answers anonymous reads (pages, images, documents, redirects) without
    those rules, so here every v3 request but the schema needs a valid API token (created in
    the admin: Paramètres → Jetons d'API). v3 writes (create, publish, delete pages) are refused
    too: this site publishes through its admin and its validation workflow, unless
    ``API_V3_WRITES_ENABLED`` is set.
    """

    prefix = "/api/v3/"
    public_paths = ("/api/v3/openapi.json", "/api/v3/docs")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(self.prefix) or request.path in self.public_paths:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS") and not getattr(
            settings, "API_V3_WRITES_ENABLED", False
        ):
            response = JsonResponse({"detail": "This API is read-only on this site."}, status=405)
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        refused = _out_of_range_numbers(request)
        if refused:
            # The database would refuse them (and, in a transaction, refuse all that follows).
            return JsonResponse(
                {"detail": f"Invalid request: {', '.join(refused)}: number out of range"},
                status=400,
            )
        if request.method != "OPTIONS" and not _valid_token(request):
            response = JsonResponse(
                {
                    "detail": "An API token is required (Authorization: Bearer <token>); "
                    "public content is at /api/v2/."
                },
                status=401,
            )
            response["WWW-Authenticate"] = 'Bearer realm="api"'
            return response
        return self.get_response(request)


class AdminContentSecurityPolicyMiddleware:
    """The admin's Content Security Policy, and framing only where Wagtail's preview needs it.

    Placed below django-csp's ``CSPMiddleware``, it tells it per answer which policy to write:
    ``ADMIN_CONTENT_SECURITY_POLICY`` under the admin (whose inline scripts and styles the
    public policy would block), the public ``CONTENT_SECURITY_POLICY`` elsewhere. Answers that
    Wagtail marks ``X-Frame-Options: SAMEORIGIN`` (its preview views, shown in the editor's
    preview panel) may be framed by the site itself, and no other answer by anyone.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = reverse_lazy("wagtailadmin_home")

    def __call__(self, request):
        response = self.get_response(request)
        replace = {}
        if request.path.startswith(str(self.admin_prefix)):
            replace.update(settings.ADMIN_CONTENT_SECURITY_POLICY)
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            replace["frame-ancestors"] = ["'self'"]
        if replace:
            # Wagtail renders a preview through the whole middleware stack for the page's own
            # address: the public policy it got there is replaced by this one.
            response.headers.pop("Content-Security-Policy", None)
            response._csp_replace = {**(getattr(response, "_csp_replace", None) or {}), **replace}
        return response


class ConditionalGetMiddleware(DjangoConditionalGetMiddleware):
    """Django's conditional GET, and HEAD alike: a HEAD answer carries the ETag of its GET and
    is a 304 to a client that has it.

    Django leaves HEAD alone because the body it hashes may be empty then; here the views
    render the same body for HEAD as for GET (the server drops it), so the hash is the same.
    """

    def process_response(self, request, response):
        if request.method != "HEAD":
            return super().process_response(request, response)
        if (
            self.needs_etag(response)
            and not response.has_header("ETag")
            and not response.streaming
            and response.content
        ):
            set_response_etag(response)
        etag = response.get("ETag")
        last_modified = parse_http_date_safe(response.get("Last-Modified", "")) or None
        if etag or last_modified:
            return get_conditional_response(
                request, etag=etag, last_modified=last_modified, response=response
            )
        return response
