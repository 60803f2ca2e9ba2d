"""django-tasks-db's ``db_worker``, kept running through database outages.

The stock worker stops at the first database error other than a locked SQLite file: a
PostgreSQL restart or failover would end it, and with it every webhook delivery until someone
restarts it. This one logs the error, waits, and carries on with a new connection; the task
that was running is found again by the scheduler's check of stalled deliveries. Same options.
"""

import logging
import time

from django.db import connections
from django.db.utils import OperationalError
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger(__name__)

RETRY_SECONDS = 2


class ResilientWorker(db_worker.Worker):
    def run(self):
        while True:
            try:
                return super().run()
            except OperationalError:
                if not self.running:
                    raise
                logger.exception("Database unavailable; the worker retries in %s s", RETRY_SECONDS)
                for connection in connections.all(initialized_only=True):
                    connection.close_if_unusable_or_obsolete()
                time.sleep(RETRY_SECONDS)


class Command(db_worker.Command):
    help = db_worker.Command.help + ", kept running through database outages."

    def handle(self, *args, **options):
        # The stock command builds its module's Worker: this process uses the resilient one.
        db_worker.Worker = ResilientWorker
        return super().handle(*args, **options)
