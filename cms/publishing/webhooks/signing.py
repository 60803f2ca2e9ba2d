"""Signing webhook messages per the Standard Webhooks specification, with its library.

Each attempt carries ``webhook-id`` (the delivery's id, the same on every retry, so that
receivers drop repeats), ``webhook-timestamp`` (the attempt's Unix time) and
``webhook-signature`` (``v1,<base64>``, the HMAC-SHA256 of ``<id>.<timestamp>.<body>``).
Receivers check them with any Standard Webhooks library, given the endpoint's secret as the
admin shows it: ``whsec_`` then the key in base64.
"""

import base64
import binascii
import datetime as dt
import secrets

from standardwebhooks.webhooks import Webhook

SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret
# The specification's bounds for a key's length, in bytes.
MIN_KEY_BYTES, MAX_KEY_BYTES = 24, 64


def new_secret():
    """A fresh ``whsec_`` secret: 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def secret_key(secret):
    """The key of a ``whsec_<base64>`` secret; ValueError if the secret is not of that form.

    Stricter than the library, which drops the characters that are not base64: a secret
    mistyped in the admin must be refused, not turned into another key.
    """
    if not secret.startswith(SECRET_PREFIX):
        raise ValueError("The secret does not start with whsec_.")
    try:
        key = base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except binascii.Error as error:
        raise ValueError("The secret's key is not base64.") from error
    if not key:
        raise ValueError("The secret's key is empty.")
    return key


def secret_from_former(secret):
    """The ``whsec_`` form of a secret of the former scheme, which keyed the HMAC with the
    secret's UTF-8 bytes: the same key, so receivers that held it still verify."""
    return SECRET_PREFIX + base64.b64encode(secret.encode()).decode()


def signature_headers(secret, message_id, body, timestamp):
    """The headers that sign ``body`` (bytes) as message ``message_id`` at ``timestamp``
    (Unix time, an int)."""
    signed_at = dt.datetime.fromtimestamp(timestamp, tz=dt.UTC)
    signature = Webhook(secret_key(secret)).sign(message_id, signed_at, body.decode())
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature,
    }
