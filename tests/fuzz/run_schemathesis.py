"""`make fuzz`: schemathesis against Wagtail's v3 API on a real server holding the demo content.

Sets up a throwaway SQLite database (or FUZZ_DATABASE_URL) with the demo content of `make run`,
creates an API token, serves the site with `runserver` on a free port, and runs schemathesis
on every GET operation of /api/v3/openapi.json with the token, then gives every integer
parameter of every GET operation numbers far beyond 64 bits (which schemathesis rarely draws),
checking that no answer is a 5xx. Figures: schemathesis' summary, and a JSON report in var/fuzz/.

    FUZZ_MAX_EXAMPLES=200 make fuzz     # more cases per operation (default 50)
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.fuzz.integers import v3_integer_requests  # noqa: E402 - after the path is set

PYTHON = sys.executable
TOKEN_SCRIPT = """
from django.contrib.auth import get_user_model
from wagtail.models import APIToken
user = get_user_model().objects.filter(username="fuzz").first() or \\
    get_user_model().objects.create_superuser("fuzz", "fuzz@example.org", None)
print(APIToken.create_token(user=user, name="fuzz")[1])
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
    ).stdout


def wait_for(url, seconds=180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=60):  # noqa: S310 - our own local server
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer at {url}")


def out_of_range_pass(base, token):
    """Each integer parameter of each GET operation, given numbers beyond 64 bits; returns
    the (status, url) of the answers in the 5xx range."""
    with urllib.request.urlopen(f"{base}/api/v3/openapi.json", timeout=60) as answer:  # noqa: S310
        schema = json.load(answer)
    failures, count = [], 0
    for path, query, _ in v3_integer_requests(schema):
        url = base + path + (f"?{urlencode(query)}" if query else "")
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
                status = answer.status
        except urllib.error.HTTPError as error:
            status = error.code
        count += 1
        if status >= 500:
            failures.append((status, url[:200]))
    print(f"== fuzz: {count} requests with numbers beyond 64 bits, {len(failures)} answered 5xx")
    return failures


def main():
    workdir = Path(tempfile.mkdtemp(prefix="eig-fuzz-"))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": os.environ.get("FUZZ_DATABASE_URL", f"sqlite:///{workdir}/fuzz.sqlite3"),
        "MEDIA_ROOT": str(workdir / "media"),
    }
    print(f"== fuzz: setting up the demo content in {env['DATABASE_URL']}", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "setup_site", "--hostname", "127.0.0.1", "--port", str(port))
    manage(env, "import_demo")
    token = manage(env, "shell", "-c", TOKEN_SCRIPT, capture=True).strip().splitlines()[-1]

    report = ROOT / "var" / "fuzz"
    report.mkdir(parents=True, exist_ok=True)
    server_log = report / "server.log"
    # gunicorn as in production; its access log gives each request's status and duration.
    server = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "cms.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--timeout",
            "120",
            "--access-logfile",
            "-",
            "--access-logformat",
            '%(s)s %(L)ss "%(r)s"',
        ],
        cwd=ROOT,
        env=env,
        stdout=server_log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        schema = f"http://127.0.0.1:{port}/api/v3/openapi.json"
        wait_for(schema)
        print(f"== fuzz: schemathesis on every GET operation of {schema}", flush=True)
        result = subprocess.run(
            [
                str(Path(PYTHON).with_name("st")),
                "run",
                schema,
                "--include-method",
                "GET",
                "--checks",
                "not_a_server_error",
                "--header",
                f"Authorization: Bearer {token}",
                "--max-examples",
                os.environ.get("FUZZ_MAX_EXAMPLES", "50"),
                "--phases",
                "examples,coverage,fuzzing",
                "--generation-database",
                "none",
                "--report",
                "junit",
                "--report-dir",
                str(report),
                "--request-timeout",
                os.environ.get("FUZZ_REQUEST_TIMEOUT", "60"),
                "--no-color",
            ],
            cwd=ROOT,
            check=False,
        )
        out_of_range_failures = out_of_range_pass(f"http://127.0.0.1:{port}", token)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)
    requests = [line.split(" ", 2) for line in server_log.read_text().splitlines()]
    requests = [line for line in requests if len(line) == 3 and line[0].isdigit()]
    server_errors = [line for line in requests if line[0].startswith("5")]
    slowest = sorted(requests, key=lambda line: float(line[1].rstrip("s")), reverse=True)[:5]
    print(f"== fuzz: {len(requests)} requests served, {len(server_errors)} answered 5xx")
    for line in server_errors[:20]:
        print("   ", " ".join(line))
    print("== fuzz: slowest requests")
    for line in slowest:
        print("   ", " ".join(line))
    return result.returncode or (1 if server_errors or out_of_range_failures else 0)


if __name__ == "__main__":
    sys.exit(main())
