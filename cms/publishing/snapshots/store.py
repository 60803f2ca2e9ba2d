"""Reading the snapshots (``cms.publishing.snapshots``): which are servable, and the answer
a request asks for, picked out of one.

Absolute addresses depend on the host a request came to when no base address is configured
(``absolute_urls``): snapshots are then built for a placeholder host, replaced by the
request's own when served; a configured base is in the snapshot and in its signature.
"""

import json

from django.conf import settings
from django.db.models import F

from cms.publishing import absolute_urls
from cms.publishing.models import APISnapshot

PLACEHOLDER_HOST = "api-base.invalid"
PLACEHOLDER = f"http://{PLACEHOLDER_HOST}"


def signature():
    """What a snapshot's content depends on besides the data: a change of these rebuilds it."""
    return "|".join(
        [
            "1",
            getattr(settings, "WAGTAILAPI_BASE_URL", None) or "",
            getattr(settings, "WAGTAILAPI_RICH_TEXT_FORMAT", ""),
        ]
    )


def request_base(request):
    """What the placeholder stands for in this request's answer, e.g.
    ``https://eig.example.gouv.fr``."""
    return absolute_urls.base_url(request)


def servable(page_ids):
    """The usable snapshots' JSON text of these pages, by page id."""
    return dict(
        APISnapshot.objects.filter(
            page_id__in=page_ids,
            page__live=True,
            page__live_revision_id=F("revision_id"),
            signature=signature(),
        ).values_list("page_id", "data")
    )


def pick(text, base, fields, meta_fields):
    """The answer for the serializer's ``fields`` out of a snapshot, in the same key order."""
    stored = json.loads(text.replace(PLACEHOLDER, base))
    data = {}
    core = [name for name in fields if name not in meta_fields]
    if "id" in core:
        data["id"] = None
    stored_meta = stored.get("meta", {})
    meta = {
        name: stored_meta[name] for name in fields if name in meta_fields and name in stored_meta
    }
    if meta:
        data["meta"] = meta
    for name in core:
        if name in stored:
            data[name] = stored[name]
    return data
