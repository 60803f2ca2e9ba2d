"""`make soak`: the site under load while releases go live, with faults, on this machine only.

Starts its own PostgreSQL (initdb in a temporary folder, a free port) and Redis (a free port),
so the machine's own services are left alone; then two gunicorn app servers, two schedulers
and one webhooks worker, on the production settings. While 20 readers fetch pages and the
API for SOAK_SECONDS (60) and an editor saves drafts, 50 scheduled releases go live, each
telling a local webhook receiver. Faults: the worker is killed with SIGKILL mid-delivery,
PostgreSQL is restarted, Redis is stopped for a while.

Then it checks: no 5xx outside the injected faults, every release published once with one
revision and one delivered webhook, no embargoed release read before its time. Figures go to
var/soak/summary.json and summary.md; the exit status is 0 only when every check holds.
Everything listens on 127.0.0.1 and stops by itself.
"""

import collections
import http.server
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "soak"
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
DURATION = int(os.environ.get("SOAK_SECONDS", "60"))
READERS = 20
RELEASES = 50
SCHEDULER_INTERVAL = 2
STALLED_SECONDS = 8


def log(message):
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_postgres(command):
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class Postgres:
    def __init__(self, folder):
        self.data, self.port = folder / "pg", free_port()
        self.log = folder / "pg.log"

    def init(self):
        self.data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.data.parent, "postgres")
            shutil.chown(self.data, "postgres")
        subprocess.run(
            as_postgres(["initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust"]),
            check=True,
            capture_output=True,
        )

    def start(self):
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            as_postgres(
                ["pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "start"]
            ),
            check=True,
            capture_output=True,
        )

    def stop(self):
        subprocess.run(
            as_postgres(["pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop"]),
            capture_output=True,
        )

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/soak"


class Redis:
    def __init__(self):
        self.port, self.process = free_port(), None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(50):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(10)


class Receiver:
    """The webhook receiver: records delivery ids; slow on demand, to be killed mid-way."""

    def __init__(self):
        self.deliveries = collections.Counter()
        self.slow, self.in_flight = threading.Event(), threading.Event()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                receiver.deliveries[self.headers["webhook-id"]] += 1
                if receiver.slow.is_set():
                    receiver.in_flight.set()
                    time.sleep(5)
                try:
                    self.send_response(200)
                    self.end_headers()
                    self.wfile.write(b"ok")
                except BrokenPipeError:  # the worker was killed while waiting: expected
                    pass

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


class Site:
    def __init__(self, folder, postgres, redis):
        self.folder, self.processes, self.worker = folder, [], None
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DATABASE"))},
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": postgres.url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_ROOT": str(folder / "static"),
            "MEDIA_ROOT": str(folder / "media"),
            "AWS_STORAGE_BUCKET_NAME": "",
            "WEBHOOKS_ALLOW_INSECURE": "true",
            "WEBHOOKS_RETRY_BASE_SECONDS": "1",
            "WEBHOOKS_STALLED_SECONDS": str(STALLED_SECONDS),
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING",
        }
        self.ports = [free_port(), free_port()]
        # Both app servers stand behind one public address, as behind a load balancer.
        self.env["WAGTAILADMIN_BASE_URL"] = f"http://127.0.0.1:{self.ports[0]}"

    def manage(self, *args, code=None):
        command = [PYTHON, "manage.py", *args] + (["-c", code] if code else [])
        result = subprocess.run(
            command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=600
        )
        if result.returncode:
            raise RuntimeError(f"{args}: {result.stderr[-2000:]}")
        return result.stdout

    def spawn(self, name, command):
        logfile = (self.folder / f"{name}.log").open("w")
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=logfile, stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        return process

    def start(self):
        for number, port in enumerate(self.ports):
            self.spawn(
                f"web{number}",
                [
                    GUNICORN,
                    "cms.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                    "--threads",
                    "4",
                    "--timeout",
                    "30",
                ],
            )
        for number in range(2):
            self.spawn(
                f"scheduler{number}",
                [PYTHON, "manage.py", "run_scheduler", "--interval", str(SCHEDULER_INTERVAL)],
            )
        self.start_worker()
        for port in self.ports:
            wait_for(f"http://127.0.0.1:{port}/api/v2/pages/")

    def start_worker(self):
        self.worker = self.spawn(
            "worker",
            [
                PYTHON,
                "manage.py",
                "db_worker",
                "--backend",
                "webhooks",
                "--queue-name",
                "webhooks",
                "--no-reload",
                "--interval",
                "0.2",
            ],
        )

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310 - loopback
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise RuntimeError(f"{url} does not answer")


SEED = """
import json, datetime as dt
from django.utils import timezone
from cms.publishing.models import WebhookEndpoint
from news.models import NewsIndexPage
from tests.factories.news import PressReleasePageFactory
start = timezone.now()
news = NewsIndexPage.objects.get()
WebhookEndpoint.objects.create(name="Soak", url="{url}")
editor_page = PressReleasePageFactory(parent=news, title="Brouillons de l'éditeur")
editor_page.save_revision().publish()
releases = []
for number in range({count}):
    go_live = start + dt.timedelta(seconds={first} + number * {spread} / {count})
    page = PressReleasePageFactory(parent=news, title=f"Sous embargo {{number}}", live=False)
    page.go_live_at = go_live
    page.save_revision(approved_go_live_at=go_live)
    releases.append({{"id": page.pk, "url": page.url, "go_live": go_live.timestamp()}})
print(json.dumps({{"editor_page": editor_page.pk, "releases": releases}}))
"""

EDITOR = """
import time
from wagtail.models import Page
from django.db import close_old_connections
saved, failed, end = 0, 0, time.time() + {seconds}
while time.time() < end:
    try:
        close_old_connections()
        page = Page.objects.get(pk={pk}).specific
        page.title = f"Brouillon n° {{saved}}"
        page.save_revision()
        saved += 1
    except Exception:
        failed += 1
    time.sleep(0.5)
print(saved, failed)
"""

CHECK = """
import json
from wagtail.models import PageLogEntry, Page
from cms.publishing.models import WebhookDelivery
ids = {ids}
result = []
for pk in ids:
    page = Page.objects.get(pk=pk)
    deliveries = WebhookDelivery.objects.filter(page_id=pk)
    result.append({{
        "id": pk, "live": page.live,
        "publications": PageLogEntry.objects.filter(
            page_id=pk, action__in=["wagtail.publish", "wagtail.publish.scheduled"]
        ).count(),
        "revisions": page.revisions.count(),
        "live_revision_is_latest": page.live_revision_id == page.latest_revision_id,
        "deliveries": deliveries.count(),
        "delivered": deliveries.filter(status="delivered").count(),
        "delivery_ids": [str(d) for d in deliveries.values_list("pk", flat=True)],
        "statuses": list(deliveries.values_list("status", "attempts_count")),
    }})
print(json.dumps(result))
"""


class Readers:
    def __init__(self, ports, releases):
        self.ports, self.releases = ports, releases
        self.results, self.lock = [], threading.Lock()
        self.answered_at_go_live = []
        self.stop = threading.Event()

    def urls(self):
        release = random.choice(self.releases)  # noqa: S311
        return random.choice(  # noqa: S311
            [
                ("/", None),
                ("/actualites/", None),
                ("/api/v2/pages/?type=news.PressReleasePage&fields=chapeau", None),
                (release["url"], release),
                (f"/api/v2/pages/{release['id']}/", release),
            ]
        )

    def run(self):
        while not self.stop.is_set():
            path, release = self.urls()
            port = random.choice(self.ports)  # noqa: S311
            started = time.time()
            try:
                with urllib.request.urlopen(  # noqa: S310 - loopback
                    f"http://127.0.0.1:{port}{path}", timeout=10
                ) as response:
                    status, body = response.status, response.read()
            except urllib.error.HTTPError as error:
                status, body = error.code, b""
            except (urllib.error.URLError, OSError) as error:
                status, body = f"connection: {type(error).__name__}", b""
            ended = time.time()
            # Embargoed content received before its go-live time. A request sent just before
            # and answered after it may show the release, rightly: it is noted apart.
            early = release is not None and status == 200 and b"Sous embargo" in body
            leaked = early and ended < release["go_live"]
            if early and started < release["go_live"] <= ended:
                with self.lock:
                    self.answered_at_go_live.append(
                        {
                            "path": path,
                            "sent_before_go_live_s": round(release["go_live"] - started, 3),
                            "answered_after_go_live_s": round(ended - release["go_live"], 3),
                        }
                    )
            with self.lock:
                self.results.append((started, ended, path, status, leaked))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="eig-soak-"))
    postgres, redis = Postgres(folder), Redis()
    site, receiver = None, Receiver()
    faults = {}
    try:
        log(f"PostgreSQL on port {postgres.port}, Redis on {redis.port}, in {folder}")
        postgres.init()
        postgres.start()
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(postgres.port),
                "-U",
                "postgres",
                "-c",
                "CREATE DATABASE soak",
            ],
            check=True,
            capture_output=True,
        )
        redis.start()
        site = Site(folder, postgres, redis)
        log("migrate, collectstatic, site")
        site.manage("migrate", "--noinput")
        site.manage("collectstatic", "--noinput")
        site.manage("setup_site", "--hostname", "127.0.0.1", "--port", str(site.ports[0]))
        site.start()
        seed = json.loads(
            site.manage(
                "shell",
                code=SEED.format(url=receiver.url, count=RELEASES, first=8, spread=DURATION - 25),
            )
            .strip()
            .splitlines()[-1]
        )
        releases = seed["releases"]
        log(f"{len(releases)} releases scheduled; {READERS} readers for {DURATION} s")

        readers = Readers(site.ports, releases)
        threads = [threading.Thread(target=readers.run) for _ in range(READERS)]
        editor = subprocess.Popen(
            [
                PYTHON,
                "manage.py",
                "shell",
                "-c",
                EDITOR.format(seconds=DURATION, pk=seed["editor_page"]),
            ],
            cwd=ROOT,
            env=site.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        start = time.time()
        for thread in threads:
            thread.start()

        def at(second):
            time.sleep(max(0, start + second - time.time()))

        # Fault 1: the worker killed with SIGKILL while a delivery is in flight.
        at(DURATION * 0.2)
        receiver.slow.set()
        in_flight = receiver.in_flight.wait(DURATION * 0.3)
        killed_at = time.time()
        site.worker.send_signal(signal.SIGKILL)
        receiver.slow.clear()
        time.sleep(1)
        site.start_worker()
        faults["worker SIGKILL"] = {"at": round(killed_at - start, 1), "in_flight": in_flight}
        log("worker killed mid-delivery and restarted")

        def outage(name, fraction, service, seconds):
            at(DURATION * fraction)
            down = time.time()
            service.stop()
            time.sleep(seconds)
            service.start()
            up = time.time()
            faults[name] = {"from": round(down - start, 1), "to": round(up - start, 1)}
            log(f"{name}: {up - down:.1f} s down")
            return down, up

        # Fault 2: PostgreSQL restarted. Fault 3: Redis stopped for a while.
        pg_down, pg_up = outage("postgres restart", 0.4, postgres, 4)
        redis_down, redis_up = outage("redis stop", 0.65, redis, 8)

        at(DURATION)
        readers.stop.set()
        for thread in threads:
            thread.join()
        editor_saved, editor_failed = map(int, editor.communicate(timeout=60)[0].split()[-2:])

        log("waiting for the last releases and deliveries")
        ids = [release["id"] for release in releases]
        deadline = time.time() + 90
        while True:
            check = json.loads(
                site.manage("shell", code=CHECK.format(ids=ids)).strip().splitlines()[-1]
            )
            done = all(r["live"] and r["delivered"] == 1 for r in check)
            if done or time.time() > deadline:
                break
            time.sleep(3)

        # A request counts against a fault when it overlapped its window (plus 2 s to recover).
        def cause(started, ended, status):
            if isinstance(status, int) and status < 500:
                return None
            if started <= pg_up + 2 and ended >= pg_down:
                return "postgres restart"
            if started <= redis_up + 2 and ended >= redis_down:
                return "redis stop (should be none)"
            return "unexpected"

        errors = collections.Counter()
        for started, ended, _path, status, _leak in readers.results:
            reason = cause(started, ended, status)
            if reason:
                errors[f"{reason}: {status}"] += 1
        unexpected = sum(n for k, n in errors.items() if not k.startswith("postgres restart"))
        outage_errors = sorted(
            ended - started
            for started, ended, _path, status, _leak in readers.results
            if cause(started, ended, status) == "postgres restart"
        )
        first_success = min(
            (
                ended
                for started, ended, _p, status, _l in readers.results
                if status == 200 and started >= pg_up
            ),
            default=None,
        )
        served_without_redis = sum(
            1
            for started, ended, _p, status, _l in readers.results
            if status == 200 and started >= redis_down and ended <= redis_up
        )
        leaks = sum(1 for *_, leak in readers.results if leak)
        published_once = sum(
            1 for r in check if r["live"] and r["publications"] == 1 and r["revisions"] == 1
        )
        not_delivered_once = [
            r for r in check if not (r["deliveries"] == 1 and r["delivered"] == 1)
        ]
        delivered_once = RELEASES - len(not_delivered_once)
        repeated_at_receiver = sum(1 for n in receiver.deliveries.values() if n > 1)
        summary = {
            "duration_seconds": DURATION,
            "readers": READERS,
            "requests": len(readers.results),
            "requests_per_second": round(len(readers.results) / DURATION, 1),
            "errors_by_cause": dict(errors),
            "unexpected_errors": unexpected,
            "embargo_leaks": leaks,
            "sent_before_go_live_answered_after": readers.answered_at_go_live,
            "releases": RELEASES,
            "releases_published_once_with_one_revision": published_once,
            "releases_with_one_delivered_webhook": delivered_once,
            # What to look at when the check fails: each such release's deliveries.
            "releases_not_delivered_once": [
                {key: r[key] for key in ("id", "live", "deliveries", "statuses")}
                for r in not_delivered_once
            ],
            "deliveries_received": sum(receiver.deliveries.values()),
            "deliveries_received_twice (at-least-once after the kill)": repeated_at_receiver,
            "postgres_outage_failure_seconds_median": (
                round(outage_errors[len(outage_errors) // 2], 3) if outage_errors else None
            ),
            "postgres_outage_failure_seconds_max": (
                round(outage_errors[-1], 3) if outage_errors else None
            ),
            "served_after_postgres_restart_within_seconds": (
                round(first_success - pg_up, 2) if first_success else None
            ),
            "requests_served_while_redis_was_down": served_without_redis,
            "releases_with_live_revision_latest": sum(
                1 for r in check if r["live_revision_is_latest"]
            ),
            "editor_drafts_saved": editor_saved,
            "editor_saves_failed": editor_failed,
            "faults": faults,
        }
        checks = {
            "no 5xx outside the PostgreSQL outage": unexpected == 0,
            "no embargoed release read before its time": leaks == 0,
            "every release published once with one revision": published_once == RELEASES,
            "every release's webhook delivered once": delivered_once == RELEASES,
            "no inconsistent page rows": summary["releases_with_live_revision_latest"] == RELEASES,
            "pages served while Redis was down": served_without_redis > 0,
        }
        checks["the worker was killed mid-delivery"] = in_flight
        summary["checks"] = checks
        summary["ok"] = all(checks.values())
        (OUT / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
        lines = ["# Soak run", "", "| figure | value |", "| --- | --- |"]
        lines += [f"| {key} | {value} |" for key, value in summary.items()]
        (OUT / "summary.md").write_text("\n".join(lines) + "\n")
        print(json.dumps(summary, indent=2, ensure_ascii=False))
        for name, passed in checks.items():
            log(f"{'PASS' if passed else 'FAIL'} {name}")
        failed = sum(1 for passed in checks.values() if not passed)
        print(f"soak: {len(checks) - failed} passed, {failed} failed", flush=True)
        return 0 if summary["ok"] else 1
    finally:
        if site:
            site.stop()
        redis.stop()
        postgres.stop()
        receiver.server.shutdown()
        if not os.environ.get("SOAK_KEEP"):
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
