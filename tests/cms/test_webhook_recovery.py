"""A worker killed in the middle of a delivery: the scheduler queues it again and it
completes. (The kill itself, SIGKILL to a real worker process, is exercised by `make soak`;
here the database is left as such a kill leaves it: the task claimed, running, never done.)"""

import datetime as dt

from django.test import TransactionTestCase
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cms.models import WebhookDelivery, WebhookEndpoint
from cms.scheduling import run_due
from news.models import NewsIndexPage
from tests.cms.test_webhooks import SECRET, Receiver, run_worker
from tests.factories.news import PressReleasePageFactory
from tests.utils import setup_site


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
        self.assertEqual(self.delivery.attempts.count(), 1)
        self.task.refresh_from_db()
        self.assertEqual(self.task.status, TaskResultStatus.FAILED)

    def test_a_delivery_already_done_is_not_sent_again(self):
        WebhookDelivery.objects.update(status=WebhookDelivery.Status.DELIVERED)
        run_due(timezone.now() + dt.timedelta(seconds=121))
        run_worker()
        self.assertEqual(self.receiver.requests, [])
