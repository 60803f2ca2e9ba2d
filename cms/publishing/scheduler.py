"""Scheduled publication and expiry, safe to run from several processes at once.

Wagtail's ``publish_scheduled`` command does the work once and leaves running it to cron; two
copies running together (one per app server) may publish the same revision twice. Here each
object is handled in its own transaction that locks its row and checks again that it is still
due, so a second scheduler finds nothing left to do: one publication, one revision, one log
entry, one notification. On SQLite, whose transactions take the write lock when they begin
(``transaction_mode: IMMEDIATE``), the second transaction waits and then sees the change.
"""

import logging
import time
from contextlib import contextmanager

from django.apps import apps
from django.db import connections, transaction
from django.utils import timezone
from wagtail.models import DraftStateMixin, Page, Revision

from cms.publishing.webhooks.delivery import recover_deliveries

logger = logging.getLogger(__name__)


@contextmanager
def _isolated(model, pk):
    """One object that fails to publish is logged and left for the next pass, not the others."""
    try:
        yield
    except Exception:
        logger.exception("Scheduler: %s %s could not be handled", model._meta.label, pk)


def draft_state_models():
    """Pages, then every other model with go-live and expiry dates (snippets)."""
    return [Page] + [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]


def expire_due(now=None):
    """Unpublish live objects whose expiry time has passed; return how many."""
    now = now or timezone.now()
    count = 0
    for model in draft_state_models():
        due = model.objects.filter(live=True, expire_at__lt=now).order_by("expire_at")
        for pk in list(due.values_list("pk", flat=True)):
            with _isolated(model, pk), transaction.atomic():
                obj = model.objects.select_for_update().filter(pk=pk, live=True, expire_at__lt=now)
                obj = obj.first()
                if obj is None:  # another scheduler got there first
                    continue
                if model is Page:
                    obj = obj.specific
                obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
                count += 1
    return count


def publish_due(now=None):
    """Publish revisions whose approved go-live time has passed; return how many."""
    now = now or timezone.now()
    count = 0
    due = Revision.objects.filter(approved_go_live_at__lt=now).order_by("approved_go_live_at")
    for pk in list(due.values_list("pk", flat=True)):
        with _isolated(Revision, pk), transaction.atomic():
            revision = (
                Revision.objects.select_for_update()
                .filter(pk=pk, approved_go_live_at__lt=now)
                .first()
            )
            if revision is None:  # published by another scheduler, or unscheduled meanwhile
                continue
            revision.publish(log_action="wagtail.publish.scheduled")
            count += 1
    return count


def run_due(now=None):
    """One pass: publication first, then expiry, so a page both due and expired ends offline;
    then webhook deliveries whose task was lost are queued again."""
    published = publish_due(now)
    expired = expire_due(now)
    if expired or published:
        logger.info("Scheduler: %s published, %s expired", published, expired)
    try:
        recovered = recover_deliveries(now)
    except Exception:
        logger.exception("Scheduler: lost webhook deliveries could not be checked")
    else:
        if recovered:
            logger.warning("Scheduler: %s lost webhook deliveries queued again", recovered)
    return published, expired


def _close_broken_connections():
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and not connection.is_usable():
            connection.close()


def run_forever(interval, stop=lambda: False, tick=0.5):
    """Run a pass every ``interval`` seconds until ``stop()`` (checked every ``tick`` s)."""
    while not stop():
        started = time.monotonic()
        # A connection the database dropped (a restart, a failover) is replaced, instead of
        # failing every pass from then on.
        _close_broken_connections()
        try:
            run_due()
        except Exception:
            logger.exception("Scheduler pass failed")
        while not stop() and time.monotonic() - started < interval:
            time.sleep(tick)
