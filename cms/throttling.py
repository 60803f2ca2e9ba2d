"""Sign-in throttling (django-axes) as this site needs it: the reader's real address behind
proxies, and a French lockout page in the admin's layout."""

from axes.backends import AxesBackend
from django.conf import settings
from django.shortcuts import render


class ThrottlingBackend(AxesBackend):
    """django-axes' check, for sign-ins made through a request (every web form and API).

    Server-side code that authenticates without one (scripts, Django's test client) has no
    address to throttle: axes would refuse it outright.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request):
    """The reader's address: the peer's, or behind TRUSTED_PROXY_COUNT proxies the address the
    outermost of them saw (what the client put further left in X-Forwarded-For is forgeable)."""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    forwarded = [part.strip() for part in forwarded if part.strip()]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """429 with the admin's sign-in layout, saying for how long signing in is blocked."""
    # Rendered now: axes answers from middleware, after template responses are rendered.
    return render(
        request,
        "cms/admin/login_locked.html",
        {"minutes": settings.AXES_COOLOFF_MINUTES},
        status=429,
    )
