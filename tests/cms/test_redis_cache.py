"""The site keeps answering while Redis is down, and caches again as soon as it is back.

The tests run a Redis of their own (as `make soak` does) so that they can stop, freeze and
restart it under the very cache the production settings configure.
"""

import shutil
import signal
import socket
import subprocess
import threading
import time
import unittest
from unittest import mock

import redis
from django.conf import settings
from django.core.cache import cache
from django.test import TestCase, override_settings

from cms.publishing.caching import responses as response_cache
from news.models import NewsIndexPage, PressReleasePage
from tests.factories.news import PressReleasePageFactory
from tests.utils import redis_cache_settings, setup_site

REDIS_SERVER = shutil.which("redis-server")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A throwaway Redis on a free local port that keeps nothing on disk."""

    def __init__(self):
        self.port, self.process = free_port(), None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.send_signal(signal.SIGCONT)  # a frozen server must wake up to end
        self.process.terminate()
        self.process.wait(10)


@unittest.skipUnless(REDIS_SERVER, "redis-server is not installed")
class RedisCacheTests(TestCase):
    urls = ("/", "/api/v2/pages/")

    @classmethod
    def setUpClass(cls):
        cls.server = RedisServer()
        cls.server.start()
        cls.addClassCleanup(cls.server.stop)
        cls.enterClassContext(
            override_settings(
                **redis_cache_settings(cls.server.url),
                PUBLISHING={
                    **settings.PUBLISHING,
                    "RESPONSE_CACHE_ENABLED": True,
                    "FRAGMENT_CACHE_TIMEOUT": 300,
                },
            )
        )
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.release = PressReleasePageFactory(parent=NewsIndexPage.objects.get(), title="CP")

    def publish(self, title):
        page = PressReleasePage.objects.get(pk=self.release.pk)
        page.title = title
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()

    def assert_served(self, url, x_cache, text=None):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        self.assertEqual(response["X-Cache"], x_cache, url)
        if text:
            self.assertContains(response, text)

    def test_answers_are_cached_and_publishing_purges_them(self):
        for url in (*self.urls, self.release.url):
            with self.subTest(url):
                self.assert_served(url, "MISS")
                self.assert_served(url, "HIT")
        self.publish("CP corrigé")
        self.assert_served(self.release.url, "MISS", "CP corrigé")
        self.assert_served(self.release.url, "HIT", "CP corrigé")

    def test_the_generation_survives_its_eviction(self):
        # django-redis, like Django's backend, raises ValueError on incrementing a missing key;
        # the purge relies on it to start the generation again.
        with self.assertRaises(ValueError):
            cache.incr("missing")
        cache.delete(response_cache.GENERATION_KEY)
        response_cache._bump()
        self.assertEqual(cache.get(response_cache.GENERATION_KEY), 1)
        cache.delete(response_cache.GENERATION_KEY)
        # Evicted between add and incr: nothing stored by add.
        with mock.patch.object(cache, "add"):
            response_cache._bump()
        self.assertEqual(cache.get(response_cache.GENERATION_KEY), 1)

    def test_while_redis_is_down_the_site_answers_uncached_and_caches_again_once_back(self):
        self.assert_served(self.release.url, "MISS")
        self.assert_served(self.release.url, "HIT")

        self.server.stop()
        with self.assertLogs("django_redis.cache", "ERROR"):
            for url in (*self.urls, self.release.url, f"/api/v2/pages/{self.release.pk}/"):
                with self.subTest(url):
                    self.assert_served(url, "MISS")
                    self.assert_served(url, "MISS")  # nothing was kept
            self.assertFalse(cache.add("key", "value"))
            self.assertEqual(cache.get("key", "default"), "default")
            # Publishing purges answers and fragments: without Redis it still publishes.
            self.publish("CP corrigé")
            self.assert_served(self.release.url, "MISS", "CP corrigé")

        self.server.start()
        self.assert_served(self.release.url, "MISS", "CP corrigé")
        self.assert_served(self.release.url, "HIT", "CP corrigé")
        self.publish("CP corrigé deux fois")
        self.assert_served(self.release.url, "MISS", "CP corrigé deux fois")
        self.assert_served(self.release.url, "HIT", "CP corrigé deux fois")

    def test_a_redis_that_does_not_answer_costs_each_operation_its_timeout(self):
        cache.set("key", "value")
        self.server.process.send_signal(signal.SIGSTOP)
        # Woken in any case, so that a cache without a timeout fails the test, not hangs it.
        wake = threading.Timer(5, self.server.process.send_signal, [signal.SIGCONT])
        wake.start()
        self.addCleanup(wake.cancel)
        with self.assertLogs("django_redis.cache", "ERROR"):
            started = time.monotonic()
            self.assertEqual(cache.get("key", "default"), "default")
            self.assertLess(time.monotonic() - started, 2)
        self.server.process.send_signal(signal.SIGCONT)
        self.assertEqual(cache.get("key"), "value")
