"""Measurements taken inside Django, run by bench/run.py in the benchmark's environment.

python -m bench.probe queries URL...   SQL queries per request (warm), as JSON
python -m bench.probe scheduled N      publish_scheduled with N pages due at once
python -m bench.probe targets          the URLs the HTTP benchmark reads
"""

import json
import sys
import time

import django


def queries(urls):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    counts = {}
    for url in urls:
        client.get(url)  # warm: the site's caches, any rendition still missing
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        renditions = sum("INSERT INTO" in q["sql"] and "rendition" in q["sql"] for q in captured)
        counts[url] = {
            "status": response.status_code,
            "queries": len(captured),
            "rendition_inserts": renditions,
        }
    return counts


def targets():
    from news.models import PressReleasePage

    release = PressReleasePage.objects.live().order_by("-date").first()
    index = release.get_parent().specific
    return {
        "release_id": release.pk,
        "release_url": release.url,
        "index_url": index.url,
        "feed_url": index.url + index.reverse_subpage("rss_feed"),
    }


def scheduled(count):
    """Give ``count`` live releases a new revision due a minute ago, then publish them."""
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from news.models import PressReleasePage

    due = timezone.now() - dt.timedelta(minutes=1)
    for page in PressReleasePage.objects.live().order_by("pk")[:count]:
        page.title = page.title + " (mis à jour)"
        page.go_live_at = due
        page.save_revision(approved_go_live_at=due)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        call_command("publish_scheduled")
    elapsed = time.perf_counter() - started
    published = PressReleasePage.objects.filter(title__endswith="(mis à jour)", live=True).count()
    return {
        "pages": count,
        "published": published,
        "seconds": round(elapsed, 2),
        "queries_per_page": round(len(captured) / max(count, 1), 1),
    }


def main():
    django.setup()
    command, *args = sys.argv[1:]
    if command == "queries":
        result = queries(args)
    elif command == "scheduled":
        result = scheduled(int(args[0]))
    else:
        result = targets()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
