"""Redirects from addresses longer than the 255 characters Wagtail's ``Redirect`` holds.

A former site may have had longer ones (numerique.gouv.fr has file names of 250 characters,
served under ``/espace-presse/``). Such an address is stored as its beginning and a digest of
the whole (``stored_path``); the site's ``RedirectMiddleware``, Wagtail's with one more
lookup, finds it. A requested path never holds a ``|`` (it comes percent-encoded, and
Wagtail leaves it so), so no shorter address can be taken for it.
"""

import hashlib
from urllib.parse import urlsplit

from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from wagtail.contrib.redirects import middleware
from wagtail.contrib.redirects.models import Redirect

MAX_LENGTH = Redirect._meta.get_field("old_path").max_length
DIGEST_LENGTH = 40


def stored_path(path):
    """A normalised path (``Redirect.normalise_path``) as a redirect can hold it."""
    if len(path) <= MAX_LENGTH:
        return path
    digest = hashlib.sha256(path.encode()).hexdigest()[:DIGEST_LENGTH]
    return f"{path[: MAX_LENGTH - DIGEST_LENGTH - 1]}|{digest}"


class RedirectMiddleware(middleware.RedirectMiddleware):
    """Wagtail's redirect middleware, which also finds the redirects of long addresses."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if response.status_code != 404:
            return response
        path = Redirect.normalise_path(request.get_full_path())
        for candidate in dict.fromkeys([path, urlsplit(path).path]):
            if len(candidate) <= MAX_LENGTH:
                continue
            redirect = middleware.get_redirect(request, stored_path(candidate))
            if redirect is not None and redirect.link is not None:
                if redirect.is_permanent:
                    return HttpResponsePermanentRedirect(redirect.link)
                return HttpResponseRedirect(redirect.link)
        return response
