"""Deliveries whose task was lost: the scheduler queues them again and they complete.

A worker killed in the middle of a delivery leaves its task claimed, running, never done; a
database that went away after the receiver answered leaves the task failed (or done) with the
delivery still pending. (The kill itself, SIGKILL to a real worker process, and the database
restart are exercised by `make soak`; here the database is left as they leave it.)
"""

import datetime as dt

from django.db import transaction
from django.test import TransactionTestCase
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cms.publishing.models import WebhookDelivery, WebhookEndpoint
from cms.publishing.scheduler import run_due
from news.models import NewsIndexPage
from tests.cms.test_webhooks import SECRET, Receiver, run_worker
from tests.factories.news import PressReleasePageFactory
from tests.utils import publishing_settings, setup_site


class StalledDeliveryTests(TransactionTestCase):
    serialized_rollback = True

    def setUp(self):
        setup_site()
        self.receiver = self.enterContext(Receiver())
        WebhookEndpoint.objects.create(name="Partenaire", url=self.receiver.url, secret=SECRET)
        page = PressReleasePageFactory(parent=NewsIndexPage.objects.get(), live=False)
        page.save_revision().publish()
        self.delivery = WebhookDelivery.objects.get()
        # What a worker killed with SIGKILL right after taking the task leaves behind.
        self.task = DBTaskResult.objects.get(status=TaskResultStatus.READY)
        self.task.claim("worker-killed")

    def test_a_fresh_running_delivery_is_left_to_its_worker(self):
        run_due()
        run_worker()
        self.assertEqual(self.receiver.requests, [])
        self.task.refresh_from_db()
        self.assertEqual(self.task.status, TaskResultStatus.RUNNING)

    def test_a_stalled_delivery_is_queued_again_and_completes_once(self):
        later = timezone.now() + dt.timedelta(seconds=121)
        run_due(later)
        run_due(later)  # a second scheduler, or the next pass, finds nothing more to do
        run_worker()
        self.assertEqual(len(self.receiver.requests), 1)
        self.delivery.refresh_from_db()
        self.assertEqual(self.delivery.status, WebhookDelivery.Status.DELIVERED)
        # The attempt the killed worker made is noted as lost, then the one that succeeded.
        self.assertEqual(
            [(a.number, a.status_code) for a in self.delivery.attempts.all()],
            [(1, None), (2, 200)],
        )
        self.task.refresh_from_db()
        self.assertEqual(self.task.status, TaskResultStatus.FAILED)

    def test_a_delivery_already_done_is_not_sent_again(self):
        WebhookDelivery.objects.update(status=WebhookDelivery.Status.DELIVERED)
        run_due(timezone.now() + dt.timedelta(seconds=121))
        run_worker()
        self.assertEqual(self.receiver.requests, [])


class LostTaskTests(TransactionTestCase):
    serialized_rollback = True

    def setUp(self):
        setup_site()
        self.receiver = self.enterContext(Receiver())
        WebhookEndpoint.objects.create(name="Partenaire", url=self.receiver.url, secret=SECRET)
        self.index = NewsIndexPage.objects.get()

    def publish(self):
        page = PressReleasePageFactory(parent=self.index, live=False)
        page.save_revision().publish()
        return WebhookDelivery.objects.get(page_id=page.pk)

    def lose_task(self, delivery, status=TaskResultStatus.FAILED):
        """What a worker leaves when the database fails after the receiver answered."""
        DBTaskResult.objects.filter(id=delivery.task_id).update(status=status)

    def test_the_delivery_is_written_with_the_publication(self):
        with transaction.atomic():
            delivery = self.publish()  # before the commit: in the same transaction
            self.assertTrue(DBTaskResult.objects.filter(id=delivery.task_id).exists())
        with transaction.atomic():
            page = PressReleasePageFactory(parent=self.index, live=False)
            page.save_revision().publish()
            transaction.set_rollback(True)
        self.assertEqual(WebhookDelivery.objects.count(), 1)
        self.assertEqual(DBTaskResult.objects.count(), 1)

    def test_a_delivery_whose_task_failed_is_queued_again_and_completes(self):
        delivery = self.publish()
        self.lose_task(delivery)
        self.assertEqual(run_due(), (0, 0))
        run_due()  # the next pass finds its new task queued: nothing more
        run_worker()
        delivery.refresh_from_db()
        self.assertEqual(delivery.status, WebhookDelivery.Status.DELIVERED)
        self.assertEqual(len(self.receiver.requests), 1)
        self.assertEqual(
            [(a.number, a.status_code) for a in delivery.attempts.all()], [(1, None), (2, 200)]
        )
        self.assertIn("worker stopped", delivery.attempts.first().error)

    def test_a_delivery_whose_task_ended_without_it_is_queued_again(self):
        delivery = self.publish()
        self.lose_task(delivery, TaskResultStatus.SUCCESSFUL)
        run_due()
        run_worker()
        delivery.refresh_from_db()
        self.assertEqual(delivery.status, WebhookDelivery.Status.DELIVERED)

    def test_a_delivery_waiting_for_its_retry_is_left_alone(self):
        delivery = self.publish()
        DBTaskResult.objects.filter(id=delivery.task_id).update(
            run_after=timezone.now() + dt.timedelta(hours=1)
        )
        run_due()
        delivery.refresh_from_db()
        self.assertEqual((delivery.attempts_count, DBTaskResult.objects.count()), (0, 1))

    @publishing_settings(WEBHOOKS_MAX_ATTEMPTS=2)
    def test_a_delivery_whose_tasks_keep_failing_is_given_up(self):
        delivery = self.publish()
        for _ in range(3):
            delivery.refresh_from_db()
            self.lose_task(delivery)
            run_due()
        delivery.refresh_from_db()
        self.assertEqual((delivery.status, delivery.attempts_count), ("failed", 2))
        self.assertEqual(self.receiver.requests, [])
