"""Sending webhook deliveries: in the background, signed, retried, never lost.

Publishing only records a delivery and queues it, in the publication's transaction (``events``);
a worker sends it (``manage.py db_worker``, on the backend and queue of
``PUBLISHING["WEBHOOKS_TASK_BACKEND"]`` and ``["WEBHOOKS_QUEUE"]``), so a slow or dead endpoint
never slows or breaks publishing. Each attempt is kept, and failures are retried with an
exponential backoff; the scheduler queues again the deliveries whose task was lost.
"""

import datetime as dt
import json
import time

import requests
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cms.publishing.conf import setting
from cms.publishing.models import WebhookAttempt, WebhookDelivery
from cms.publishing.webhooks.destinations import check_destination
from cms.publishing.webhooks.signing import signature_headers

USER_AGENT = "wagtail-publishing-webhooks/1"


def queue(delivery, run_after=None):
    """Queue the delivery's next attempt and note its task on it (the caller saves it)."""
    task = deliver_webhook.using(
        backend=setting("WEBHOOKS_TASK_BACKEND"),
        queue_name=setting("WEBHOOKS_QUEUE"),
        run_after=run_after,
    )
    delivery.task_id = task.enqueue(delivery.pk).id


def retry_delay(attempt):
    base = setting("WEBHOOKS_RETRY_BASE_SECONDS")
    return dt.timedelta(seconds=base * 2 ** (attempt - 1))


@task()
def deliver_webhook(delivery_id):
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
        return
    endpoint = delivery.endpoint
    body = json.dumps(delivery.payload, ensure_ascii=False).encode()
    number = delivery.attempts_count + 1
    started = time.monotonic()
    status_code, excerpt, error = None, "", ""
    try:
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            # Unsigned, to route before parsing; the signed body says the same.
            "X-Webhook-Event": delivery.event,
            # The delivery's id is the message's: the same on every attempt.
            **signature_headers(endpoint.secret, str(delivery.pk), body, int(time.time())),
        }
        # Checked again when sending: the host's address may have changed since (DNS rebinding).
        check_destination(endpoint.url)
        response = requests.post(
            endpoint.url,
            data=body,
            headers=headers,
            timeout=setting("WEBHOOKS_TIMEOUT"),
            allow_redirects=False,
        )
        status_code, excerpt = response.status_code, response.text[:500]
    # ValueError: a secret that is not a whsec_ key (set outside the admin).
    except (requests.RequestException, ValidationError, ValueError) as exception:
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
    elif number >= setting("WEBHOOKS_MAX_ATTEMPTS"):
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
    ``PUBLISHING["WEBHOOKS_STALLED_SECONDS"]`` (well past the request's timeout) is marked
    failed. Each lost task counts as an attempt, noted in the delivery's log, so a delivery
    whose task keeps failing is given up after ``PUBLISHING["WEBHOOKS_MAX_ATTEMPTS"]`` like any
    other. A delivery may then reach its receiver twice; receivers deduplicate with the
    ``webhook-id`` header.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=setting("WEBHOOKS_STALLED_SECONDS"))
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
                exception_class_path="cms.publishing.webhooks.delivery.StalledDelivery",
            )
            delivery.attempts_count += 1
            WebhookAttempt.objects.create(
                delivery=delivery,
                number=delivery.attempts_count,
                duration_ms=0,
                error="The worker stopped before recording this attempt's outcome.",
            )
            if delivery.attempts_count >= setting("WEBHOOKS_MAX_ATTEMPTS"):
                delivery.status = WebhookDelivery.Status.FAILED
            else:
                queue(delivery)
                count += 1
            delivery.save(update_fields=["status", "attempts_count", "task_id"])
    return count
