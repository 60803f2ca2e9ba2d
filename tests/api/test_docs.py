"""docs/api.md tells the truth: its examples have the shape of the API's real answers.

Each ``<!-- example: GET … -->`` block of the page is compared with the answer the API gives
now, for the same request, about the same content built again with the factories
(tests/api/docs_content.py): same status, same keys at every level, same block types with
the same value keys. Values may differ, except in errors, which must be word for word.
After a change of the API, ``docs/api_examples.py`` rewrites the examples.
"""

import json
import re
import time
from pathlib import Path

import time_machine
from django.test import SimpleTestCase, TestCase
from wagtail.models import Page, get_page_models

from cms.publishing.models import WebhookDelivery, WebhookEndpoint
from cms.publishing.webhooks.delivery import deliver_webhook
from cms.publishing.webhooks.events import payload
from cms.publishing.webhooks.signing import signature_headers
from news.models import NewsIndexPage
from programme.blocks import ChallengeFiguresStreamBlock, ProgrammeStreamBlock
from tests.api.docs_content import MARKER, SHOWN_HEADERS, build, send, shown
from tests.cms.test_webhooks import Receiver
from tests.factories.news import PressReleasePageFactory
from tests.utils import setup_site

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
STATUS = re.compile(r"^`[A-Z]+ (?P<path>\S+)` → `(?P<status>\d{3}) [^`]+`$", re.MULTILINE)
JSON_BLOCK = re.compile(r"^```json\n(?P<json>.*?)^```\n", re.MULTILINE | re.DOTALL)
HTTP_BLOCK = re.compile(r"^```http\n(?P<http>.*?)^```\n", re.MULTILINE | re.DOTALL)
# Headers whose documented value is the real one, word for word (ETag, Last-Modified and
# Location hold ids and dates of the documented content).
EXACT_HEADERS = (
    "Content-Type",
    "Cache-Control",
    "Vary",
    "Access-Control-Allow-Origin",
    "X-Robots-Tag",
    "WWW-Authenticate",
    "Allow",
)
PYTHON_BLOCK = re.compile(r"^```python\n(?P<code>.*?)^```\n", re.MULTILINE | re.DOTALL)
SCALAR = "scalar"
WEBHOOK_SECRET = "whsec_Y2xlLWQtZXhlbXBsZS1hLW5lLXBhcy11dGlsaXNlciE="  # noqa: S105 - docs/api.md's


def documented(kind):
    """(spec, body) of each marker of that kind in docs/api.md."""
    return [
        (match["spec"], match["body"])
        for match in MARKER.finditer(DOC.read_text())
        if match["kind"] == kind
    ]


def shape(value):
    """The keys of a JSON value at every level, its values left out.

    A StreamField block (``{type, value, id}``) becomes ``{"<block TYPE>": shape of value}``
    so that a list of blocks merges into the set of its block types; a list becomes the
    merged shape of its items; ``null`` says nothing of what it stands for.
    """
    if isinstance(value, dict):
        if set(value) == {"type", "value", "id"} and isinstance(value["type"], str):
            return {f"<block {value['type']}>": shape(value["value"])}
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        merged = None
        for item in value:
            merged = merge(merged, shape(item))
        return ["list of", merged]
    return None if value is None else SCALAR


def merge(one, other):
    if one is None:
        return other
    if other is None:
        return one
    if isinstance(one, dict) and isinstance(other, dict):
        return {key: merge(one.get(key), other.get(key)) for key in one | other}
    if isinstance(one, list) and isinstance(other, list):
        return ["list of", merge(one[1], other[1])]
    if one == other:
        return one
    return ["one of", one, other]


def block_types(value):
    """Every block type that a shape holds, at any depth."""
    if isinstance(value, dict):
        found = {key[7:-1] for key in value if key.startswith("<block ")}
        return found.union(*(block_types(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(block_types(item) for item in value))
    return set()


class ShapeTests(SimpleTestCase):
    """The comparison itself: it sees what consumers would trip over."""

    def test_values_do_not_matter_keys_do(self):
        self.assertEqual(shape({"a": 1, "b": [{"c": "x"}]}), shape({"a": 2, "b": [{"c": "y"}]}))
        self.assertNotEqual(shape({"a": 1}), shape({"a": 1, "b": 2}))
        self.assertNotEqual(shape({"a": {"b": 1}}), shape({"a": {"c": 1}}))
        self.assertNotEqual(shape({"a": {"b": 1}}), shape({"a": None}))
        self.assertNotEqual(shape({"a": [1]}), shape({"a": []}))

    def test_blocks_by_type_and_value_keys(self):
        heading = {"type": "heading", "value": {"text": "T", "level": "h2"}, "id": "1"}
        quote = {"type": "quote", "value": {"text": "Q", "author": "A"}, "id": "2"}
        self.assertEqual(shape([heading, quote, heading]), shape([quote, heading]))
        self.assertNotEqual(shape([heading, quote]), shape([heading]))
        renamed = {**quote, "value": {"text": "Q", "by": "A"}}
        self.assertNotEqual(shape([heading, quote]), shape([heading, renamed]))
        self.assertEqual(block_types(shape({"body": [heading, quote]})), {"heading", "quote"})


class DocumentedExamplesTests(TestCase):
    maxDiff = None

    @classmethod
    def setUpTestData(cls):
        cls.values = build()

    def test_every_json_example_has_the_shape_of_the_real_answer(self):
        examples = [(spec, body) for spec, body in documented("example") if "GET " in spec]
        self.assertGreater(len(examples), 40)
        for spec, body in examples:
            with self.subTest(spec):
                status, block = STATUS.search(body), JSON_BLOCK.search(body)
                self.assertIsNotNone(status, "no “`GET …` → `200 OK`” line")
                self.assertIsNotNone(block, "no ```json block")
                expected = json.loads(block["json"])
                _, _, _, response = send(self.client, spec, self.values)
                self.assertEqual(response.status_code, int(status["status"]))
                answer = shown(spec, response)
                self.assertEqual(shape(answer), shape(expected))
                if response.status_code >= 400 or "key=" in spec:
                    self.assertEqual(answer, expected)

    def test_every_headers_example_is_the_real_answer(self):
        """Status, which headers, their values: caching, HEAD, CORS by default and configured,
        the find redirect, previews, v3's 401."""
        examples = [
            (spec, body) for spec, body in documented("headers") if not spec.startswith("webhook ")
        ]
        self.assertGreater(len(examples), 5)
        for spec, body in examples:
            with self.subTest(spec):
                answer = HTTP_BLOCK.search(body)["http"].split("\n\n", 1)[1]
                status_line, *lines = answer.strip().splitlines()
                expected = dict(line.split(": ", 1) for line in lines)
                method, path, _, response = send(self.client, spec, self.values)
                self.assertEqual(
                    status_line, f"HTTP/1.1 {response.status_code} {response.reason_phrase}"
                )
                self.assertEqual(
                    {name for name in SHOWN_HEADERS if response.has_header(name)}, set(expected)
                )
                for name in EXACT_HEADERS:
                    if name in expected:
                        self.assertEqual(response[name], expected[name], name)
                if "Location" in expected:
                    self.assertEqual(
                        re.sub(r"\d+", "N", response["Location"].split("/", 3)[3]),
                        re.sub(r"\d+", "N", expected["Location"].split("/", 3)[3]),
                    )
                if method == "HEAD":  # the ETag of the GET
                    get = self.client.get(path)
                    self.assertEqual(response["ETag"], get["ETag"])

    def test_the_webhook_payload_example_has_the_real_shape(self):
        ((spec, body),) = [
            example for example in documented("example") if example[0].startswith("webhook ")
        ]
        _, event, name = spec.split(" ")
        page = Page.objects.get(pk=self.values[name.strip("{}")]).specific
        expected = json.loads(JSON_BLOCK.search(body)["json"])
        self.assertEqual(shape(payload(event, page)), shape(expected))
        self.assertEqual(expected["event"], event)

    def test_every_page_type_has_a_detail_example(self):
        detail = re.compile(r"^GET /api/v2/pages/\{\w+\}/$")
        types = set()
        for spec, body in documented("example"):
            if detail.match(spec):
                types.add(json.loads(JSON_BLOCK.search(body)["json"])["meta"]["type"])
        expected = {
            model._meta.label
            for model in get_page_models()
            if model._meta.app_label in ("cms", "news", "programme")
        }
        self.assertEqual(types, expected)

    def test_every_block_type_is_documented_and_shown(self):
        text = DOC.read_text()
        shown = set().union(
            *(block_types(shape(json.loads(block["json"]))) for block in JSON_BLOCK.finditer(text))
        )
        for stream in (ProgrammeStreamBlock(), ChallengeFiguresStreamBlock()):
            for name in stream.child_blocks:
                with self.subTest(name):
                    self.assertIn(name, shown)
                    self.assertIn(f"`{name}`", text)


class WebhookSnippetTests(TestCase):
    """The verification snippet of docs/api.md, which calls the Standard Webhooks library,
    accepts what the site really sends and nothing else."""

    def snippet(self):
        ((_, body),) = documented("snippet")
        namespace = {}
        exec(PYTHON_BLOCK.search(body)["code"], namespace)  # noqa: S102 - our own documentation
        return namespace["verify_webhook"]

    def test_it_verifies_the_documented_signature(self):
        """The headers example is signed with the example secret over the example's body."""
        verify_webhook = self.snippet()
        ((_, body),) = [example for example in documented("example") if "webhook" in example[0]]
        ((_, block),) = [example for example in documented("headers") if "webhook" in example[0]]
        sent = json.dumps(json.loads(JSON_BLOCK.search(body)["json"]), ensure_ascii=False).encode()
        lines = HTTP_BLOCK.search(block)["http"].splitlines()[1:]
        headers = dict(line.split(": ", 1) for line in lines)
        self.assertEqual(
            sorted(headers)[-3:], ["webhook-id", "webhook-signature", "webhook-timestamp"]
        )
        signed_at = int(headers["webhook-timestamp"])
        another = "whsec_" + "A" * 44
        with time_machine.travel(signed_at, tick=False):
            self.assertEqual(verify_webhook(WEBHOOK_SECRET, sent, headers), json.loads(sent))
            self.assertIsNone(verify_webhook(another, sent, headers))
        with time_machine.travel(signed_at + 301, tick=False):
            self.assertIsNone(verify_webhook(WEBHOOK_SECRET, sent, headers))

    def test_it_verifies_a_real_delivery_and_nothing_else(self):
        verify_webhook = self.snippet()
        setup_site()
        page = PressReleasePageFactory(parent=NewsIndexPage.objects.get())
        with Receiver() as receiver:
            endpoint = WebhookEndpoint.objects.create(name="Test", url=receiver.url)
            delivery = WebhookDelivery.objects.create(
                endpoint=endpoint,
                event="published",
                page_id=page.pk,
                page_title=page.title,
                payload=payload("published", page),
            )
            deliver_webhook.call(delivery.pk)
        ((headers, body),) = receiver.requests
        secret = endpoint.secret
        self.assertEqual(verify_webhook(secret, body, headers), json.loads(body))
        self.assertIsNone(verify_webhook(WEBHOOK_SECRET, body, headers))
        self.assertIsNone(verify_webhook(secret, body.replace(b"published", b"deleted"), headers))
        old = signature_headers(secret, str(delivery.pk), body, int(time.time()) - 3600)
        self.assertIsNone(verify_webhook(secret, body, old))
        for forged in ("v1,AAAA", "nonsense", ""):
            with self.subTest(forged):
                self.assertIsNone(
                    verify_webhook(secret, body, {**headers, "webhook-signature": forged})
                )
