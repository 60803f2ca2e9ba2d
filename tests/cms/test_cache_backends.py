"""The site keeps answering while Redis is down: the cache misses instead of failing."""

import socket

import redis
from django.core.cache import cache
from django.test import TestCase, override_settings

from news.models import NewsIndexPage
from tests.factories.news import PressReleasePageFactory
from tests.utils import setup_site


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_cache(url):
    return {"default": {"BACKEND": "cms.cache_backends.FailSafeRedisCache", "LOCATION": url}}


LIVE_REDIS = "redis://127.0.0.1:6379/5"


class FailSafeRedisCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.release = PressReleasePageFactory(parent=NewsIndexPage.objects.get(), title="CP")

    def test_a_live_redis_is_used(self):
        try:
            redis.Redis.from_url(LIVE_REDIS).ping()
        except redis.exceptions.ConnectionError:
            self.skipTest("no Redis at 127.0.0.1:6379")
        with override_settings(CACHES=redis_cache(LIVE_REDIS)):
            cache.set("sec-test", "gardé", 30)
            self.assertEqual(cache.get("sec-test"), "gardé")
            cache.delete("sec-test")

    def test_a_dead_redis_is_an_empty_cache_and_the_site_still_answers(self):
        with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{free_port()}/0")):
            cache.set("clé", "valeur")
            self.assertIsNone(cache.get("clé"))
            self.assertEqual(cache.get("clé", "défaut"), "défaut")
            self.assertEqual(cache.get_many(["a", "b"]), {})
            self.assertFalse(cache.add("clé", 1))
            for url in (
                "/",
                self.release.url,
                "/api/v2/pages/",
                f"/api/v2/pages/{self.release.pk}/",
            ):
                with self.subTest(url):
                    self.assertEqual(self.client.get(url).status_code, 200)
            # Publishing purges cached answers and fragments: without Redis it still publishes.
            self.release.title = "CP corrigé"
            with self.captureOnCommitCallbacks(execute=True):
                self.release.save_revision().publish()
            self.assertContains(self.client.get(self.release.url), "CP corrigé")
