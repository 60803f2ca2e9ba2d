"""The task worker (``manage.py db_worker``) carries on through a database outage."""

import inspect
import itertools
from unittest import mock

from django.core.management import call_command
from django.db.utils import OperationalError
from django.test import TransactionTestCase
from django_tasks_db.management.commands import db_worker

from cms.publishing.management.commands.db_worker import ResilientWorker


class ResilientWorkerTests(TransactionTestCase):
    # The worker checks its connections as it would in production, which a TestCase's
    # transaction forbids; the database is put back as the other worker tests expect it.
    serialized_rollback = True

    def run_worker(self):
        call_command(
            "db_worker",
            "--backend",
            "webhooks",
            "--queue-name",
            "webhooks",
            "--batch",
            "--no-reload",
            "--no-startup-delay",
            verbosity=0,
        )

    def test_a_database_error_is_logged_and_the_worker_carries_on(self):
        # The stock worker checks its connections first thing in each round: the database is
        # gone for the first round (a PostgreSQL restart), back for the next ones.
        outage = OperationalError("server closed the connection unexpectedly")
        with (
            mock.patch.object(
                db_worker,
                "close_old_connections",
                side_effect=itertools.chain([outage], itertools.repeat(None)),
            ),
            mock.patch("cms.publishing.management.commands.db_worker.RETRY_SECONDS", 0),
            self.assertLogs("cms.publishing.management.commands.db_worker", "ERROR") as logs,
        ):
            self.run_worker()  # --batch: it returns once it finds no task
        self.assertEqual(len(logs.records), 1)
        self.assertIn("Database unavailable", logs.records[0].getMessage())
        self.assertIs(logs.records[0].exc_info[1], outage)

    def test_the_stock_worker_module_is_left_alone(self):
        self.run_worker()
        self.assertIsNot(db_worker.Worker, ResilientWorker)

    def test_every_option_of_the_stock_worker_is_passed_on(self):
        """Command.handle() is a copy of django-tasks-db's: an option added there fails here."""
        self.assertEqual(
            set(inspect.signature(db_worker.Worker).parameters),
            {
                "queue_names",
                "interval",
                "batch",
                "backend_name",
                "startup_delay",
                "max_tasks",
                "worker_id",
                "excluded_queue_names",
            },
        )
