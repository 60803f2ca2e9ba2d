"""django-tasks-db's ``db_worker``, kept running through database outages.

The stock worker stops at the first database error other than a locked SQLite file: a
PostgreSQL restart or failover would end it, and with it every webhook delivery until someone
restarts it. This one logs the error, waits, and carries on with a new connection; the task
that was running is found again by the scheduler's check of stalled deliveries. Same options.
"""

import logging
import os
import time

from django.core.management.base import CommandError
from django.db import connections
from django.db.utils import OperationalError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
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

    # django-tasks-db 0.13 builds its worker inside handle(), from its module's Worker, and
    # offers no attribute or method to name another class: this is its handle() building
    # ResilientWorker instead (tests.cms.test_db_worker notices a new Worker option).
    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ):
        self.configure_logging(verbosity)
        if reload and batch:
            db_worker.logger.warning(
                "Warning: --reload and --batch cannot be specified together. Disabling autoreload."
            )
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")

        worker = ResilientWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
        )

        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # in the reloader's child process only
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
