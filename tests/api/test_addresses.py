"""Every absolute address in an API answer follows one rule, on a server on a random port.

With ``WAGTAILAPI_BASE_URL`` configured (production), addresses start with it; without it
(development), with the origin the request came to: the live server's own, whatever its port.
Answers are checked as served from the snapshots built at publication and as serialized.
"""

import http.client
import json
import re
from urllib.parse import urlsplit

from django.test import LiveServerTestCase, override_settings
from wagtail.models import Page

from cms.publishing.models import APISnapshot
from cms.publishing.snapshots import store
from cms.publishing.snapshots.build import build as build_snapshot
from tests.api.docs_content import build
from tests.utils import development_addresses

PRODUCTION_BASE = "https://eig.example.gouv.fr"
ADDRESS = re.compile(r"https?://[^\s\"'<>()]+")
# Hosts that this site's own addresses could wrongly carry; any other host is a link out
# (a video, an administration's website).
OWN_HOSTS = {
    "testserver",
    "localhost",
    "127.0.0.1",
    "[::1]",
    store.PLACEHOLDER_HOST,
    urlsplit(PRODUCTION_BASE).hostname,
}


def addresses(value):
    """Every absolute address in a JSON value, in its strings (rich text holds some) too."""
    if isinstance(value, dict):
        for item in value.values():
            yield from addresses(item)
    elif isinstance(value, list):
        for item in value:
            yield from addresses(item)
    elif isinstance(value, str):
        yield from ADDRESS.findall(value)


class AbsoluteAddressesTests(LiveServerTestCase):
    # The migrations' groups and workflow outlive this test for the tests that follow.
    serialized_rollback = True

    def setUp(self):
        self.values = build()

    def request(self, path):
        """(status, headers, JSON body or None) of a real HTTP GET to the live server."""
        origin = urlsplit(self.live_server_url)
        connection = http.client.HTTPConnection(origin.hostname, origin.port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        is_json = response.getheader("Content-Type") == "application/json"
        return response.status, response, json.loads(body) if is_json else None

    def paths(self):
        values = self.values
        pages = Page.objects.live().filter(depth__gt=1).values_list("pk", flat=True)
        return [
            "/api/v2/pages/?limit=100",
            "/api/v2/pages/?fields=*&limit=100",
            *(f"/api/v2/pages/{pk}/" for pk in pages),
            "/api/v2/images/?fields=*",
            f"/api/v2/images/{values['image']}/",
            "/api/v2/documents/?fields=*",
            f"/api/v2/documents/{values['document']}/",
            f"/api/v2/preview/{values['press_release']}/?token={values['preview_token']}",
        ]

    def check_every_address(self, base, from_snapshots):
        APISnapshot.objects.all().delete()
        if from_snapshots:
            for pk in Page.objects.live().values_list("pk", flat=True):
                build_snapshot(pk)
        kinds = set()
        for path in self.paths():
            status, _, data = self.request(path)
            self.assertEqual(status, 200, path)
            for address in addresses(data):
                if urlsplit(address).hostname in OWN_HOSTS:
                    with self.subTest(path=path, snapshots=from_snapshots):
                        self.assertTrue(address.startswith(base + "/"), address)
                    kinds.add(urlsplit(address).path.split("/")[1])
        # Every kind of address was seen: API details, pages, media and documents.
        self.assertLessEqual({"api", "actualites", "media", "documents"}, kinds)
        for path in (
            f"/api/v2/pages/find/?id={self.values['press_release']}",
            "/api/v2/pages/find/?html_path=/actualites/",
            f"/api/v2/images/find/?id={self.values['image']}",
            f"/api/v2/documents/find/?id={self.values['document']}",
        ):
            status, response, _ = self.request(path)
            self.assertEqual(status, 302, path)
            self.assertTrue(response.getheader("Location").startswith(base + "/api/v2/"), path)

    def test_addresses_follow_the_server_in_development_and_the_base_in_production(self):
        # The server's own origin, a port no setting names.
        self.assertNotIn(urlsplit(self.live_server_url).port, (80, 443, 8000))
        with development_addresses():
            for from_snapshots in (True, False):
                self.check_every_address(self.live_server_url, from_snapshots)
        with override_settings(WAGTAILAPI_BASE_URL=PRODUCTION_BASE + "/"):
            for from_snapshots in (True, False):
                self.check_every_address(PRODUCTION_BASE, from_snapshots)
