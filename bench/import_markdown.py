"""Benchmark: import of generated Jekyll posts with `import_markdown`, on SQLite and PostgreSQL.

Generates N realistic posts (front matter with tags, categories, hero image, attachments and
press contact; bodies with every kramdown construct the importer knows), imports them into a
fresh database, and reports posts per second. Results go to bench/results/import_markdown.json.

    python bench/import_markdown.py [--posts 1000] [--skip-postgres]
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PG_URL = os.environ.get("DATABASE_URL_BENCH", "postgres://postgres@127.0.0.1:5432/eig_cms_bench")

TAGS = [
    "datascience",
    "design",
    "développement",
    "données ouvertes",
    "santé",
    "justice",
    "agriculture",
    "entrepreneur.e d’intérêt général",
    "open source",
    "intelligence artificielle",
]
CATEGORIES = ["Communiqué de presse", "Actualité", "Événement"]
WORDS = (
    "les entrepreneurs d’intérêt général relèvent des défis numériques au sein des ministères "
    "avec leurs mentors et les équipes d’Etalab pour transformer l’action publique grâce aux "
    "données au design et au développement de services utiles aux agents et aux usagers"
).split()


def sentence(rng, n=18):
    words = rng.choices(WORDS, k=n)
    return " ".join(words).capitalize() + "."


def post(rng, index):
    day = f"20{17 + index % 8}-{1 + index % 12:02d}-{1 + index % 28:02d}"
    tags = rng.sample(TAGS, rng.randint(3, 5))
    lines = [
        "---",
        f"title: 'Communiqué {index} : {sentence(rng, 8)[:-1]}'",
        f"date: {day} {9 + index % 9:02d}:{index % 60:02d}:00 +01:00",
        "categories:",
        f"- {rng.choice(CATEGORIES)}",
        "tags:",
        *[f"- {tag}" for tag in tags],
        f"chapeau-text: '{sentence(rng, 30)}'",
        "une-ou-diaporama:",
        f"- image: /uploads/hero-{index % 50}.png",
        f"  alternative-textuelle: Illustration {index}",
        "files:",
        f"- file: /uploads/cp-{index % 50}.pdf",
        "  nom: Télécharger le communiqué de presse",
        "- lien: https://www.etalab.gouv.fr/",
        "  nom: Le site d’Etalab",
        "contact-presse:",
        "  name: Service de presse",
        "  tel: [01 23 45 67 89]",
        "  email: presse@example.gouv.fr",
        "---",
        "",
        sentence(rng, 40) + " **" + sentence(rng, 5) + "** " + sentence(rng, 20),
        "",
        "## " + sentence(rng, 6)[:-1],
        "",
        sentence(rng, 35) + " [Un lien](https://www.data.gouv.fr/) " + sentence(rng, 10),
        "",
        "> ### Le programme en bref",
        "> * 13 défis d’intérêt général",
        "> * 28 talents recrutés en CDD de 10 mois",
        "> * Des mentors dans chaque administration",
        "{: .encadre}",
        "",
        f"> [Consulter l’appel à candidatures](https://example.gouv.fr/appel-{index})"
        + '{: target="_blank"}',
        "> {: .lien-important}",
        "",
        "> " + sentence(rng, 30),
        "> {: .citation}",
        "",
        "> Mounir Mahjoubi, secrétaire d’État chargé du Numérique",
        "> {: .auteur-citation}",
        "",
        f"![Photo {index}](/uploads/photo-{index % 50}.png)",
        "",
        "* **13** défis",
        "* **28** talents",
        "{: .chiffres-cles}",
        "",
        "| Promotion | Défis |",
        "|---|---|",
        "| EIG 2 | 13 |",
        "",
        "*Des photos et contacts pour témoignages peuvent être transmis sur demande.*",
        "",
    ]
    return f"{day}-communique-{index}.md", "\n".join(lines)


def generate(folder, count, seed=2018):
    from PIL import Image

    rng = random.Random(seed)
    uploads = folder / "uploads"
    uploads.mkdir(parents=True)
    for index in range(50):
        Image.new("RGB", (1200, 630), (index * 5, 100, 150)).save(uploads / f"hero-{index}.png")
        Image.new("RGB", (800, 600), (150, index * 5, 100)).save(uploads / f"photo-{index}.png")
        (uploads / f"cp-{index}.pdf").write_bytes(
            b"%PDF-1.4\n%" + str(index).encode() + b"\n%%EOF\n"
        )
    posts = folder / "posts"
    posts.mkdir()
    for index in range(count):
        name, text = post(rng, index)
        (posts / name).write_text(text, encoding="utf-8")
    return posts, folder


def manage(env, *args, capture=True):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=False,
        capture_output=capture,
        text=True,
    )
    if result.returncode:
        sys.exit(
            f"manage.py {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return result


def run(label, database_url, posts, media_root, workdir):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(workdir / f"media-{label}"),
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DEBUG": "false",
    }
    manage(env, "migrate", "--noinput")
    manage(env, "setup_site")
    started = time.perf_counter()
    result = manage(env, "import_markdown", str(posts), "--media-root", str(media_root))
    elapsed = time.perf_counter() - started
    summary = result.stdout.strip().splitlines()[-1]
    # What the import left to the worker, as every publication does: the search index of the
    # imported pages and media, and their API snapshots.
    worker_started = time.perf_counter()
    manage(env, "db_worker", "--batch", "--queue-name", "default")
    worker_elapsed = time.perf_counter() - worker_started
    again = time.perf_counter()
    second = manage(env, "import_markdown", str(posts), "--media-root", str(media_root))
    unchanged_elapsed = time.perf_counter() - again
    return {
        "database": label,
        "seconds": round(elapsed, 2),
        "summary": summary,
        "worker_seconds": round(worker_elapsed, 2),
        "second_run_seconds": round(unchanged_elapsed, 2),
        "second_run_summary": second.stdout.strip().splitlines()[-1],
    }


def postgres_url():
    import environ
    import psycopg

    config = environ.Env.db_url_config(PG_URL)
    try:
        with psycopg.connect(
            dbname="postgres",
            user=config["USER"] or None,
            host=config["HOST"] or None,
            port=config["PORT"] or None,
            autocommit=True,
            connect_timeout=3,
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}"')
            conn.execute(f'CREATE DATABASE "{config["NAME"]}"')
    except psycopg.Error:
        return None
    return PG_URL


def keep_corpus(count, folder):
    """Generate a corpus into a folder and leave it there (for profiling)."""
    return generate(Path(folder), count)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="eig-bench-"))
    try:
        posts, media_root = generate(workdir / "corpus", args.posts)
        results = [
            run("sqlite", f"sqlite:///{workdir / 'bench.sqlite3'}", posts, media_root, workdir)
        ]
        url = None if args.skip_postgres else postgres_url()
        if url:
            results.append(run("postgresql", url, posts, media_root, workdir))
        else:
            print("PostgreSQL not available: SQLite only.")  # noqa: T201
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    for result in results:
        result["posts"] = args.posts
        result["posts_per_second"] = round(args.posts / result["seconds"], 1)
        print(  # noqa: T201
            f"{result['database']:<11} {args.posts} posts in {result['seconds']} s "
            f"({result['posts_per_second']} posts/s); the worker's share (search index, API "
            f"snapshots) {result['worker_seconds']} s; second run {result['second_run_seconds']} s "
            f"— {result['summary']}"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "import_markdown.json").write_text(
        json.dumps(results, indent=2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
