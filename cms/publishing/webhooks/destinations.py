"""Where a webhook may send: web addresses only, and in production no plain HTTP nor local or
private networks (an endpoint must not be a way into the servers' own network)."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from cms.publishing.conf import setting


def check_destination(url, allow_insecure=None):
    """Refuse addresses a webhook must not call: other schemes, and in production plain
    HTTP, loopback and private networks (unless ``PUBLISHING["WEBHOOKS_ALLOW_INSECURE"]``)."""
    URLValidator(schemes=["http", "https"])(url)
    if allow_insecure is None:
        allow_insecure = setting("WEBHOOKS_ALLOW_INSECURE")
    if allow_insecure:
        return
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise ValidationError(_("Use an https:// address."), code="insecure")
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
    except (socket.gaierror, UnicodeError) as error:
        raise ValidationError(
            _("The host “%(host)s” cannot be found.") % {"host": parts.hostname},
            code="unknown_host",
        ) from error
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            raise ValidationError(
                _("“%(host)s” is a local or private address.") % {"host": parts.hostname},
                code="private",
            )
