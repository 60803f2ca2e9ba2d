"""Write docs/api.md's examples: real answers of the API, never typed by hand.

    env -u DATABASE_URL .venv/bin/python docs/api_examples.py

builds the documented content (tests/api/docs_content.py) in a throw-away in-memory database,
at a fixed moment (so that the output only changes when the API does), then, for each marker
of docs/api.md, sends the request and writes the answer under it:

- ``<!-- example: GET <path> -->`` then a line "`GET …` → `200 OK`" and a ```json block:
  the JSON body. ``(token)`` after the path sends the v3 API token; ``key=<name>`` shows one
  member of the answer.
- ``<!-- headers: GET|HEAD <path> [options] -->`` then an ```http block: the status line and
  the headers a consumer cares about. Options: ``origin=<origin>``, ``if-none-match``,
  ``allowed-origins=<origins>`` (the site's ``CORS_ALLOWED_ORIGINS``; none by default).
- ``<!-- example: webhook <event> <page> -->`` then a ```json block: a webhook's payload.
- ``<!-- headers: webhook <event> <page> -->`` then an ```http block: its request headers.

``API_DOC=<file>`` rewrites another file instead (to try a marker out).

``{name}`` in a path is a placeholder that ``docs_content.build()`` returns (a page id, the
preview token...). ``tests/api/test_docs.py`` checks the result against the live API.
"""

import datetime as dt
import json
import os
import random
import sys
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
DOC = Path(os.environ.get("API_DOC", ROOT / "docs" / "api.md"))
HOST = "eig.example.gouv.fr"
BASE_URL = f"https://{HOST}"
WEBHOOK_SECRET = "whsec_Y2xlLWQtZXhlbXBsZS1hLW5lLXBhcy11dGlsaXNlciE="  # noqa: S105 - an example
# The day the examples are taken: the call for applications is open.
MOMENT = dt.datetime(2018, 9, 20, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))


def status_line(response):
    return f"{response.status_code} {response.reason_phrase}"


def render_json(data):
    return "```json\n" + json.dumps(data, ensure_ascii=False, indent=2) + "\n```\n"


def render_example(client, spec, values):
    from wagtail.models import Page

    from cms.publishing.webhooks.events import payload
    from tests.api.docs_content import send, shown

    if spec.startswith("webhook "):
        _, event, page = spec.split(" ")
        page = Page.objects.get(pk=values[page.strip("{}")]).specific
        return render_json(payload(event, page))
    method, path, _, response = send(client, spec, values, secure=True)
    return f"`{method} {path}` → `{status_line(response)}`\n\n" + render_json(shown(spec, response))


def render_headers(client, spec, values):
    from wagtail.models import Page

    from cms.publishing.webhooks.delivery import USER_AGENT
    from cms.publishing.webhooks.events import payload
    from cms.publishing.webhooks.signing import signature_headers
    from tests.api.docs_content import SHOWN_HEADERS, send

    if spec.startswith("webhook "):
        _, event, page = spec.split(" ")
        page = Page.objects.get(pk=values[page.strip("{}")]).specific
        body = json.dumps(payload(event, page), ensure_ascii=False).encode()
        signature = signature_headers(WEBHOOK_SECRET, "1", body, int(MOMENT.timestamp()))
        lines = [
            "POST /your/webhook/address HTTP/1.1",
            "Content-Type: application/json",
            f"User-Agent: {USER_AGENT}",
            f"X-Webhook-Event: {event}",
            *(f"{name}: {value}" for name, value in signature.items()),
        ]
        return "```http\n" + "\n".join(lines) + "\n```\n"
    method, path, headers, response = send(client, spec, values, secure=True)
    lines = [f"{method} {path} HTTP/1.1"]
    lines += [f"{name}: {value}" for name, value in headers.items() if name != "Authorization"]
    lines += ["", f"HTTP/1.1 {status_line(response)}"]
    lines += [f"{name}: {response[name]}" for name in SHOWN_HEADERS if response.has_header(name)]
    return "```http\n" + "\n".join(lines) + "\n```\n"


def rewrite(text, client, values):
    from tests.api.docs_content import MARKER

    def replace(match):
        if match["kind"] == "snippet":
            return match[0]
        render = render_example if match["kind"] == "example" else render_headers
        spec = match["spec"]
        return f"<!-- {match['kind']}: {spec} -->\n" + render(client, spec, values)

    return MARKER.sub(replace, text), len(MARKER.findall(text))


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django

    django.setup()
    import time_machine
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment

    from tests.api.docs_content import build

    # Block ids are random UUIDs: drawn from a seeded generator here, for a stable output.
    numbers = random.Random(2018)  # noqa: S311 - not for security
    uuid.uuid4 = lambda: uuid.UUID(int=numbers.getrandbits(128), version=4)
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    with (
        override_settings(
            ALLOWED_HOSTS=[HOST],
            WAGTAILAPI_BASE_URL=BASE_URL,
            WAGTAILADMIN_BASE_URL=BASE_URL,
        ),
        time_machine.travel(MOMENT, tick=False),
    ):
        values = build()
        call_command("setup_site", hostname=HOST, port=443, stdout=open(os.devnull, "w"))  # noqa: SIM115
        client = Client(HTTP_HOST=HOST)
        text = DOC.read_text()
        text, count = rewrite(text, client, values)
        DOC.write_text(text)
    print(f"{DOC}: {count} examples written")  # noqa: T201


if __name__ == "__main__":
    main()
