"""Telling webhook endpoints that pages changed: signed JSON, in the background, retried.

Publishing only records a delivery and queues it (once the transaction commits); a worker
sends it (``manage.py db_worker --backend webhooks --queue-name webhooks``), so a slow or dead
endpoint never slows or breaks publishing. Each attempt is kept, and failures are retried with
an exponential backoff.

Receivers check ``X-Webhook-Signature: t=<unix time>,v1=<hex>``, where ``v1`` is the
HMAC-SHA256, keyed with the endpoint's secret, of ``"<t>." + body`` (see ``verify``).
"""

import datetime as dt
import hashlib
import hmac
import json
import time

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from wagtail.models import Page, PageLogEntry
from wagtail.signals import page_published, page_unpublished

from cms.absolute_urls import absolute_url, page_url
from cms.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent
from cms.models.webhooks import check_destination

SIGNATURE_HEADER = "X-Webhook-Signature"
USER_AGENT = "eig-cms-webhooks/1"


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


def queue(delivery, run_after=None):
    """Queue the delivery's next attempt and note its task on it (the caller saves it)."""
    task = deliver_webhook.using(run_after=run_after) if run_after else deliver_webhook
    delivery.task_id = task.enqueue(delivery.pk).id


@receiver(page_published)
def on_page_published(sender, instance, **kwargs):
    # Wagtail fires page_published when a never-live page is merely scheduled (wagtail
    # issue #13959): only a page that is live now has been published.
    if not instance.live:
        return
    previous = (
        PageLogEntry.objects.filter(
            page=instance, action__in=["wagtail.publish", "wagtail.unpublish"]
        )
        .order_by("-timestamp", "-pk")
        .values_list("action", flat=True)
        .first()
    )
    # This publication is logged after the signal: the last entry tells the state before it.
    notify(
        WebhookEvent.UPDATED if previous == "wagtail.publish" else WebhookEvent.PUBLISHED, instance
    )


# Pages being deleted: Wagtail unpublishes a live page it deletes, which is one event
# ("deleted") for receivers, not two.
_deleting = set()


@receiver(page_unpublished)
def on_page_unpublished(sender, instance, **kwargs):
    if instance.pk in _deleting:
        _deleting.discard(instance.pk)
        return
    notify(WebhookEvent.UNPUBLISHED, instance)


@receiver(pre_delete, sender=Page)
def on_page_deleted(sender, instance, **kwargs):
    if instance.live:
        _deleting.add(instance.pk)
        notify(WebhookEvent.DELETED, instance)


def retry_delay(attempt):
    base = getattr(settings, "WEBHOOKS_RETRY_BASE_SECONDS", 60)
    return dt.timedelta(seconds=base * 2 ** (attempt - 1))


@task(backend="webhooks", queue_name="webhooks")
def deliver_webhook(delivery_id):
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
        return
    endpoint = delivery.endpoint
    body = json.dumps(delivery.payload, ensure_ascii=False).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Webhook-Event": delivery.event,
        "X-Webhook-Delivery": str(delivery.pk),
        SIGNATURE_HEADER: sign(endpoint.secret, int(time.time()), body),
    }
    number = delivery.attempts_count + 1
    started = time.monotonic()
    status_code, excerpt, error = None, "", ""
    try:
        # Checked again when sending: the host's address may have changed since (DNS rebinding).
        check_destination(endpoint.url)
        response = requests.post(
            endpoint.url,
            data=body,
            headers=headers,
            timeout=getattr(settings, "WEBHOOKS_TIMEOUT", (3, 10)),
            allow_redirects=False,
        )
        status_code, excerpt = response.status_code, response.text[:500]
    except (requests.RequestException, ValidationError) as exception:
        error = (str(exception) or type(exception).__name__)[:500]
    WebhookAttempt.objects.create(
        delivery=delivery,
        number=number,
        status_code=status_code,
        duration_ms=round((time.monotonic() - started) * 1000),
        response_excerpt=excerpt,
        error=error,
    )
    delivery.attempts_count = number
    if status_code is not None and 200 <= status_code < 300:
        delivery.status, delivery.delivered_at = WebhookDelivery.Status.DELIVERED, timezone.now()
    elif number >= getattr(settings, "WEBHOOKS_MAX_ATTEMPTS", 6):
        delivery.status = WebhookDelivery.Status.FAILED
    else:
        queue(delivery, run_after=timezone.now() + retry_delay(number))
    delivery.save(update_fields=["status", "delivered_at", "attempts_count", "task_id"])


def recover_deliveries(now=None):
    """Pending deliveries whose task will never run are queued again; return how many.

    A delivery's task is lost when its worker died mid-way (SIGKILL, out of memory, a lost
    machine: the task stays "running" and no other worker takes it), or when the worker could
    not record the attempt's outcome (the database went away after the receiver answered: the
    task ends failed or done with the delivery still pending). A running task older than
    ``WEBHOOKS_STALLED_SECONDS`` (well past the request's timeout) is marked failed. Each lost
    task counts as an attempt, noted in the delivery's log, so a delivery whose task keeps
    failing is given up after ``WEBHOOKS_MAX_ATTEMPTS`` like any other. A delivery may then
    reach its receiver twice; receivers deduplicate with the ``X-Webhook-Delivery`` header.
    """
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=getattr(settings, "WEBHOOKS_STALLED_SECONDS", 120))
    waiting = Q(status=TaskResultStatus.READY)
    alive = DBTaskResult.objects.filter(
        waiting | Q(status=TaskResultStatus.RUNNING, started_at__gte=cutoff)
    )
    pending = WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING)
    count = 0
    for pk in list(pending.exclude(task_id__in=alive.values("id")).values_list("pk", flat=True)):
        with transaction.atomic():
            delivery = pending.select_for_update().filter(pk=pk).first()
            if delivery is None or alive.filter(id=delivery.task_id).exists():
                continue  # delivered, or queued again by another scheduler meanwhile
            DBTaskResult.objects.filter(
                id=delivery.task_id, status=TaskResultStatus.RUNNING
            ).update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="cms.webhooks.StalledDelivery",
            )
            delivery.attempts_count += 1
            WebhookAttempt.objects.create(
                delivery=delivery,
                number=delivery.attempts_count,
                duration_ms=0,
                error="The worker stopped before recording this attempt's outcome.",
            )
            if delivery.attempts_count >= getattr(settings, "WEBHOOKS_MAX_ATTEMPTS", 6):
                delivery.status = WebhookDelivery.Status.FAILED
            else:
                queue(delivery)
                count += 1
            delivery.save(update_fields=["status", "attempts_count", "task_id"])
    return count
