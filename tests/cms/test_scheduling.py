"""Scheduled publication and expiry: the scheduler `make run` starts, safe when doubled."""

import datetime as dt
import threading
import unittest
from unittest import mock

import time_machine
from django.db import connection
from django.test import TestCase, TransactionTestCase
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision

from cms.publishing import scheduler as scheduling
from news.models import NewsIndexPage, PressReleasePage
from tests.factories.news import PressReleasePageFactory
from tests.utils import run_command, setup_site


def schedule(index, go_live_in, **fields):
    """A press release approved for publication ``go_live_in`` from now, not live yet."""
    page = PressReleasePageFactory(parent=index, live=False, **fields)
    page = PressReleasePage.objects.get(pk=page.pk)
    page.go_live_at = timezone.now() + go_live_in
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live and page.revisions.filter(approved_go_live_at__isnull=False).exists()
    return page


class SchedulerTests(TestCase):
    def setUp(self):
        setup_site()
        self.index = NewsIndexPage.objects.get()

    def test_a_page_goes_live_at_its_time_not_before(self):
        page = schedule(self.index, dt.timedelta(hours=1), title="Sous embargo")
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=59)):
            self.assertEqual(scheduling.run_due(), (0, 0))
        page.refresh_from_db()
        self.assertFalse(page.live)

        with time_machine.travel(timezone.now() + dt.timedelta(minutes=61)):
            self.assertEqual(scheduling.run_due(), (1, 0))
        page.refresh_from_db()
        self.assertTrue(page.live)
        self.assertIsNotNone(page.live_revision)
        self.assertFalse(Revision.objects.filter(approved_go_live_at__isnull=False).exists())
        self.assertEqual(
            PageLogEntry.objects.filter(page=page, action="wagtail.publish.scheduled").count(), 1
        )

    def test_an_expired_page_is_gone_from_its_address_before_the_scheduler_runs(self):
        page = PressReleasePageFactory(parent=self.index, title="Bientôt périmé")
        page.expire_at = timezone.now() + dt.timedelta(hours=1)
        page.save_revision().publish()
        page.refresh_from_db()
        self.assertEqual(self.client.get(page.url).status_code, 200)
        with time_machine.travel(timezone.now() + dt.timedelta(hours=1, seconds=1)):
            self.assertTrue(Page.objects.get(pk=page.pk).live)  # the scheduler has not run
            self.assertEqual(self.client.get(page.url).status_code, 404)

    def test_an_expired_page_is_taken_offline(self):
        page = PressReleasePageFactory(parent=self.index, title="Périmé")
        page.expire_at = timezone.now() + dt.timedelta(days=1)
        page.save_revision().publish()
        with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
            self.assertEqual(scheduling.run_due(), (0, 1))
        page.refresh_from_db()
        self.assertEqual((page.live, page.expired), (False, True))
        self.assertTrue(
            PageLogEntry.objects.filter(page=page, action="wagtail.unpublish.scheduled").exists()
        )

    def test_due_and_expired_at_once_ends_offline(self):
        page = PressReleasePageFactory(parent=self.index, live=False)
        page = PressReleasePage.objects.get(pk=page.pk)
        page.go_live_at = timezone.now() + dt.timedelta(hours=1)
        page.expire_at = timezone.now() + dt.timedelta(hours=2)
        page.save_revision().publish()
        with time_machine.travel(timezone.now() + dt.timedelta(hours=3)):
            scheduling.run_due()
        page.refresh_from_db()
        self.assertEqual((page.live, page.expired), (False, True))

    def test_a_second_pass_finds_nothing_left(self):
        page = schedule(self.index, dt.timedelta(minutes=5))
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=10)):
            self.assertEqual(scheduling.run_due(), (1, 0))
            self.assertEqual(scheduling.run_due(), (0, 0))
        self.assertEqual(page.revisions.count(), 1)

    def test_a_page_that_fails_does_not_hold_back_the_others(self):
        broken = schedule(self.index, dt.timedelta(minutes=5), title="Cassé")
        fine = schedule(self.index, dt.timedelta(minutes=6), title="Intact")
        real_publish = Revision.publish

        def publish(revision, *args, **kwargs):
            if revision.object_id == str(broken.pk):
                raise RuntimeError("boom")
            return real_publish(revision, *args, **kwargs)

        with (
            time_machine.travel(timezone.now() + dt.timedelta(minutes=10)),
            mock.patch.object(Revision, "publish", publish),
            self.assertLogs("cms.publishing.scheduler", "ERROR") as logs,
        ):
            self.assertEqual(scheduling.run_due(), (1, 0))
        self.assertIn(f"wagtailcore.Revision {broken.revisions.get().pk}", logs.output[0])
        broken.refresh_from_db()
        fine.refresh_from_db()
        self.assertEqual((broken.live, fine.live), (False, True))
        # Still scheduled: the next pass tries again.
        self.assertIsNotNone(broken.revisions.get().approved_go_live_at)

    def test_the_command_runs_one_pass(self):
        schedule(self.index, dt.timedelta(minutes=5))
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=10)):
            lines, code = run_command("run_scheduler", "--once")
        self.assertEqual((lines, code), (["1 published, 0 expired"], 0))

    def test_the_loop_runs_passes_until_stopped(self):
        passes = []
        with mock.patch.object(scheduling, "run_due", side_effect=lambda: passes.append(1)):
            scheduling.run_forever(0.01, stop=lambda: len(passes) >= 3, tick=0.001)
        self.assertEqual(len(passes), 3)

    def test_the_loop_survives_a_failing_pass(self):
        calls = []

        def run_due():
            calls.append(1)
            if len(calls) == 1:
                raise RuntimeError("database gone")

        with (
            mock.patch.object(scheduling, "run_due", run_due),
            self.assertLogs("cms.publishing.scheduler", "ERROR"),
        ):
            scheduling.run_forever(0.01, stop=lambda: len(calls) >= 2, tick=0.001)
        self.assertEqual(len(calls), 2)


@unittest.skipUnless(connection.vendor == "postgresql", "row locks need PostgreSQL")
class ConcurrentSchedulerTests(TransactionTestCase):
    serialized_rollback = True

    def test_two_schedulers_at_once_publish_each_page_once(self):
        setup_site()
        index = NewsIndexPage.objects.get()
        pages = [schedule(index, dt.timedelta(minutes=5), title=f"CP {n}") for n in range(8)]
        signals = []
        from wagtail.signals import page_published

        def count(sender, instance, **kwargs):
            if instance.live:
                signals.append(instance.pk)

        page_published.connect(count)
        barrier, results, errors = threading.Barrier(2), [], []

        def run():
            try:
                barrier.wait()
                results.append(scheduling.run_due())
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                connection.close()

        try:
            with time_machine.travel(timezone.now() + dt.timedelta(minutes=10)):
                threads = [threading.Thread(target=run) for _ in range(2)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
        finally:
            page_published.disconnect(count)

        self.assertEqual(errors, [])
        self.assertEqual(sum(published for published, _ in results), len(pages))
        self.assertEqual(sorted(signals), sorted(page.pk for page in pages))
        for page in pages:
            page.refresh_from_db()
            self.assertTrue(page.live)
            self.assertEqual(page.revisions.count(), 1)
            self.assertEqual(
                PageLogEntry.objects.filter(page=page, action="wagtail.publish.scheduled").count(),
                1,
            )


@unittest.skipUnless(connection.vendor == "postgresql", "needs a server that drops connections")
class SchedulerReconnectTests(TransactionTestCase):
    serialized_rollback = True

    def test_a_connection_the_database_dropped_is_replaced(self):
        # A PostgreSQL restart or failover drops every connection: the long-running scheduler
        # must take a new one, not fail every pass from then on (found by `make soak`).
        setup_site()
        page = schedule(NewsIndexPage.objects.get(), dt.timedelta(minutes=5), title="Après coupure")
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        other = connection.copy()
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        finally:
            other.close()

        checks = iter([False])  # one pass, then stop
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=10)):
            scheduling.run_forever(60, stop=lambda: next(checks, True), tick=0)
        page.refresh_from_db()
        self.assertTrue(page.live)
