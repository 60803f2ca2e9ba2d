"""What a webhook tells: the event of a page and its addresses, recorded as deliveries.

``signal_handlers`` calls ``notify`` when a page is published, published again, unpublished or
deleted; ``delivery`` sends what it records.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from cms.publishing.absolute_urls import absolute_url, page_url
from cms.publishing.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from cms.publishing.webhooks.delivery import queue


def publication_event(page):
    """ "published" for a page's first publication (or its first since it was unpublished),
    "updated" when it was live already. The publication being made is logged after the
    signal: the last entry tells the state before it."""
    previous = (
        PageLogEntry.objects.filter(page=page, action__in=["wagtail.publish", "wagtail.unpublish"])
        .order_by("-timestamp", "-pk")
        .values_list("action", flat=True)
        .first()
    )
    return WebhookEvent.UPDATED if previous == "wagtail.publish" else WebhookEvent.PUBLISHED


def payload(event, page):
    return {
        "event": event,
        "page": {
            "id": page.pk,
            "type": page.specific_class._meta.label if page.specific_class else None,
            "title": page.title,
            "url": page_url(page),
            "api_url": absolute_url(reverse("wagtailapi_v2:pages:detail", args=(page.pk,))),
        },
        "timestamp": timezone.now().isoformat(),
    }


def notify(event, page):
    """Record and queue one delivery per endpoint that wants the event.

    Written in the transaction of the change itself (an outbox): the publication and its
    deliveries are committed together or not at all, and the worker, which reads committed
    rows only, never sees a delivery of a change that was rolled back.
    """
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(is_active=True).prefetch_related(
            "page_types"
        )
        if endpoint.wants(event, page)
    ]
    if not endpoints:
        return
    data = payload(event, page)
    with transaction.atomic():
        for endpoint in endpoints:
            delivery = WebhookDelivery.objects.create(
                endpoint=endpoint,
                event=event,
                page_id=page.pk,
                page_title=page.title[:255],
                payload=data,
            )
            queue(delivery)
            delivery.save(update_fields=["task_id"])
