"""Signing webhook messages, and checking a signature as a receiver does.

Receivers check ``X-Webhook-Signature: t=<unix time>,v1=<hex>``, where ``v1`` is the
HMAC-SHA256, keyed with the endpoint's secret, of ``"<t>." + body`` (see ``verify``).
"""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Webhook-Signature"


def sign(secret, timestamp, body):
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify(secret, header, body, tolerance=300, now=None):
    """What a receiver does: the signature matches and is recent enough."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(fields["t"])
    except (KeyError, ValueError):
        return False
    if abs((now or time.time()) - timestamp) > tolerance:
        return False
    expected = sign(secret, timestamp, body).split("v1=")[1]
    return hmac.compare_digest(expected, fields.get("v1", ""))
