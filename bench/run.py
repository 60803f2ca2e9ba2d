"""Benchmark: this site's API and pages against stock Wagtail's API, on the same data.

For SQLite and, when one answers at DATABASE_URL_BENCH, PostgreSQL:

1. generate and import the corpus (bench/import_markdown.py: N press releases with hero images,
   3-5 tags, attachments and bodies of every block the importer makes; the demo programme's
   promotions and défis), timing the import;
2. build the API snapshots (what publication does in the background);
3. serve it with gunicorn (2 workers) and load it with wrk, side by side in one run: stock
   Wagtail's ``PagesAPIViewSet`` (mounted by bench/settings.py only) against this site's API,
   then this site's pages and API from the response cache (Redis db 7) against a bare Django
   view answering a cached body; SQL queries per request are counted in-process;
4. the memory (RSS) of each worker after the run's requests, and ``publish_scheduled`` with
   100 pages due at once.

Results: bench/results/http.json and bench/results/http.md (a Markdown table).

    python bench/run.py [--posts 1000] [--duration 10] [--skip-postgres]
        [--feed-url /actualites/flux/rss/]
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.import_markdown import RESULTS, ROOT, generate, manage, postgres_url  # noqa: E402
from bench.import_markdown import run as run_import  # noqa: E402

REDIS_URL = os.environ.get("REDIS_URL_BENCH", "redis://127.0.0.1:6379/7")
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format('RESULT {"rps": %.1f, "p50_ms": %.2f, "p95_ms": %.2f, '
    .. '"requests": %d, "errors": %d}\\n', summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, summary.requests, errors))
end
"""
LIST = "type=news.PressReleasePage&fields=date,chapeau,tags,categories,hero_images&order=-date"


def scenarios(targets, feed_url=None):
    """(name, our path, stock path or None) of each measured request."""
    rows = [
        ("API list, 20 items", f"/api/v2/pages/?{LIST}&limit=20", "stock-api"),
        ("API list, 100 items", f"/api/v2/pages/?{LIST}&limit=100", "stock-api"),
        ("API detail", f"/api/v2/pages/{targets['release_id']}/", "stock-api"),
        ("News index HTML", targets["index_url"], None),
        ("Press release HTML", targets["release_url"], None),
    ]
    if feed_url:
        rows.append(("RSS feed", feed_url, None))
    return [
        (name, path, path.replace("/api/", "/stock-api/", 1) if stock else None)
        for name, path, stock in rows
    ]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with 2 workers on the benchmark's settings."""

    def __init__(self, env, cached):
        self.port = free_port()
        self.env = {**env, "RESPONSE_CACHE_ENABLED": "true" if cached else "false"}
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "cms.wsgi:application",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url("/bench/bare/"), timeout=2)  # noqa: S310
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def worker_rss_mb(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        sizes = []
        for pid in children.read_text().split():
            status = Path(f"/proc/{pid}/status").read_text()
            sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
        return [round(size, 1) for size in sizes]


def load(server, path, duration, script):
    """requests/s, p50 and p95 of ``path`` under wrk (1 thread, 4 connections), and errors."""
    server_url = server.url(path)
    urllib.request.urlopen(server_url, timeout=60).read()  # noqa: S310 - warm, and check it answers
    result = subprocess.run(
        [
            shutil.which("wrk"),
            "-t1",
            "-c4",
            f"-d{duration}s",
            # Stock Wagtail takes seconds on 100 items: wait for them rather than count errors.
            "--timeout",
            "60s",
            "-s",
            str(script),
            server_url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT "))
    return json.loads(line[len("RESULT ") :])


def probe(env, *args):
    result = subprocess.run(
        [sys.executable, "-m", "bench.probe", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(f"bench.probe {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def run_database(label, database_url, posts, media_root, workdir, options):
    imported = run_import(label, database_url, posts, media_root, workdir)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(workdir / f"media-{label}"),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "REDIS_URL": REDIS_URL,
        "PYTHONPATH": str(ROOT),
    }
    manage(env, "import_programme", "demo/programme.yml", *options.programme)
    started = time.perf_counter()
    manage(env, "rebuild_api_snapshots")
    imported["snapshots_seconds"] = round(time.perf_counter() - started, 2)
    targets = probe(env, "targets")
    rows = scenarios(targets, options.feed_url or targets.get("feed_url"))
    script = workdir / "report.lua"
    script.write_text(WRK_SCRIPT)

    queries = probe(
        {**env, "RESPONSE_CACHE_ENABLED": "false"},
        "queries",
        *[path for _, ours, stock in rows for path in (ours, stock) if path],
    )
    results = []
    flush_redis()
    with Server(env, cached=False) as server:
        for name, ours, stock in rows:
            row = {"scenario": name, "path": ours}
            row["ours"] = {**load(server, ours, options.duration, script), **queries[ours]}
            if stock:
                row["stock"] = {**load(server, stock, options.duration, script), **queries[stock]}
                row["ratio"] = round(row["ours"]["rps"] / row["stock"]["rps"], 2)
            results.append(row)
        rss_uncached = server.worker_rss_mb()
    flush_redis()
    with Server(env, cached=True) as server:
        bare = load(server, "/bench/bare/", options.duration, script)
        for row in results:
            row["cached"] = load(server, row["path"], options.duration, script)
            row["cached_vs_bare"] = round(row["cached"]["rps"] / bare["rps"], 2)
        rss_cached = server.worker_rss_mb()
    scheduled = probe(env, "scheduled", "100")
    return {
        "database": label,
        "import": imported,
        "scenarios": results,
        "bare_cached_view": bare,
        "worker_rss_mb": {"uncached_run": rss_uncached, "cached_run": rss_cached},
        "publish_scheduled": scheduled,
    }


def latency(part):
    return f"{part['p50_ms']}/{part['p95_ms']}" if part else "—"


def table(runs, machine):
    lines = [f"Machine: {machine['cpu']}, {machine['cores']} cores; load before: {machine['load']}"]
    for run in runs:
        requests = sum(
            part["requests"]
            for row in run["scenarios"]
            for part in (row["ours"], row.get("stock"), row["cached"])
            if part
        )
        lines += [
            "",
            f"### {run['database']}",
            "",
            "| request | stock v2 req/s | ours req/s | ours/stock | stock p50/p95 ms "
            "| ours p50/p95 ms | SQL stock/ours | cached req/s | cached p50/p95 ms "
            "| cached/bare |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for row in run["scenarios"]:
            ours, stock, cached = row["ours"], row.get("stock"), row["cached"]
            cells = [
                row["scenario"],
                stock["rps"] if stock else "—",
                ours["rps"],
                row.get("ratio", "—"),
                latency(stock),
                latency(ours),
                f"{stock['queries'] if stock else '—'}/{ours['queries']}",
                cached["rps"],
                latency(cached),
                row["cached_vs_bare"],
            ]
            lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
        imported, scheduled = run["import"], run["publish_scheduled"]
        inserts = sum(
            part.get("rendition_inserts", 0)
            for row in run["scenarios"]
            for part in (row["ours"], row.get("stock"))
            if part
        )
        lines += [
            "",
            f"Renditions created during warm requests: {inserts}.",
            f"Bare Django view returning a cached body: {run['bare_cached_view']['rps']} req/s.",
            f"Import of {imported['posts']} posts: {imported['seconds']} s "
            f"({imported['posts_per_second']} posts/s); then, in the worker, their search index "
            f"and API snapshots in {imported['worker_seconds']} s; the programme's snapshots in "
            f"{imported['snapshots_seconds']} s.",
            f"`publish_scheduled` with {scheduled['pages']} pages due: {scheduled['seconds']} s, "
            f"{scheduled['queries_per_page']} queries per page ({scheduled['published']} "
            "published).",
            f"Worker RSS after {requests} requests (MB): uncached run "
            f"{run['worker_rss_mb']['uncached_run']}, cached run "
            f"{run['worker_rss_mb']['cached_run']}.",
        ]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--feed-url", help="the feed to load (default: the news index's RSS feed)")
    options = parser.parse_args()
    options.programme = ["demo/eig-data/promos.yml", "demo/eig-data/defis.yml"]
    if not shutil.which("wrk"):
        sys.exit("wrk is required: apt-get install -y wrk")
    machine = {
        "cpu": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": platform.python_version(),
    }
    cpu = Path("/proc/cpuinfo")
    if cpu.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpu.read_text())
        machine["cpu"] = found.group(1).strip() if found else machine["cpu"]
    workdir = Path(tempfile.mkdtemp(prefix="eig-bench-"))
    runs = []
    try:
        posts, media_root = generate(workdir / "corpus", options.posts)
        databases = [("sqlite", f"sqlite:///{workdir / 'bench.sqlite3'}")]
        url = None if options.skip_postgres else postgres_url()
        if url:
            databases.append(("postgresql", url))
        else:
            print("PostgreSQL not available: SQLite only.")
        for label, database_url in databases:
            print(f"== {label}", flush=True)
            result = run_database(label, database_url, posts, media_root, workdir, options)
            result["import"]["posts"] = options.posts
            result["import"]["posts_per_second"] = round(
                options.posts / result["import"]["seconds"], 1
            )
            runs.append(result)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = {"machine": machine, "posts": options.posts, "runs": runs}
    (RESULTS / "http.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    markdown = table(runs, machine)
    (RESULTS / "http.md").write_text(markdown, encoding="utf-8")
    print(markdown)


if __name__ == "__main__":
    main()
