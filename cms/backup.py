"""Backup and restore of the site: the database and the media files, with a manifest.

A backup is a folder holding ``database.sqlite3`` (SQLite's online backup, consistent while
the site runs) or ``database.dump`` (``pg_dump`` custom format), ``media.tar.gz`` (the media
folder; media kept in an S3 bucket are left to the bucket's own versioning), and
``manifest.json``: what was saved, with the site's fingerprint (counts and content digests of
pages, revisions, images and documents). Restoring checks the restored site against it.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"


class BackupError(Exception):
    pass


def _digest(rows):
    hasher = hashlib.sha256()
    for row in rows:
        hasher.update(json.dumps(row, sort_keys=True, default=str).encode())
    return hasher.hexdigest()


def _files_digest(queryset):
    rows = []
    for name in queryset.order_by("pk").values_list("file", flat=True):
        try:
            with default_storage.open(name) as file:
                rows.append([name, hashlib.sha256(file.read()).hexdigest()])
        except FileNotFoundError:
            rows.append([name, None])
    return _digest(rows)


def fingerprint():
    """Counts and digests of what a backup must bring back unchanged."""
    images, documents = get_image_model().objects.all(), get_document_model().objects.all()
    pages = Page.objects.order_by("pk").values_list(
        "pk", "path", "title", "slug", "live", "latest_revision_id", "go_live_at"
    )
    revisions = Revision.objects.order_by("pk").values_list("pk", "object_id", "content")
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": images.count(),
        "documents": documents.count(),
        "pages_digest": _digest(pages),
        "revisions_digest": _digest(revisions),
        "image_files_digest": _files_digest(images),
        "document_files_digest": _files_digest(documents),
    }


def _database():
    db = settings.DATABASES["default"]
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Unsupported database: {vendor}")
    return vendor, db


def _pg_env(db):
    env = {**os.environ}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    return env


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _media_root():
    if not isinstance(default_storage, FileSystemStorage):
        return None
    return Path(settings.MEDIA_ROOT)


def backup(folder):
    """Write a backup into ``folder`` (created); return its manifest."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=False)
    vendor, db = _database()
    if vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(folder / "database.sqlite3")
        with target:
            connection.connection.backup(target)
        target.close()
        database_file = "database.sqlite3"
    else:
        database_file = "database.dump"
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--file",
                str(folder / database_file),
                db["NAME"],
            ],
            _pg_env(db),
        )
    media_root = _media_root()
    if media_root is not None:
        with tarfile.open(folder / MEDIA_ARCHIVE, "w:gz") as archive:
            if media_root.exists():
                archive.add(media_root, arcname="media")
    manifest = {
        "created_at": timezone.now().isoformat(),
        "database": vendor,
        "database_file": database_file,
        "media": MEDIA_ARCHIVE if media_root is not None else None,
        "fingerprint": fingerprint(),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return manifest


def _restore_media(archive_path, media_root):
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent) as staging:
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(staging, filter="data")
        restored = Path(staging) / "media"
        restored.mkdir(exist_ok=True)
        # Swap folders so that a failed extraction leaves the current media untouched.
        previous = Path(staging) / "previous"
        if media_root.exists():
            media_root.rename(previous)
        restored.rename(media_root)


def restore(folder):
    """Replace the database and media by the backup in ``folder``; return (expected, found)
    fingerprints."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} holds no readable {MANIFEST}: {error}") from error
    vendor, db = _database()
    if manifest["database"] != vendor:
        raise BackupError(f"This backup is of a {manifest['database']} database, not {vendor}.")
    dump = folder / manifest["database_file"]
    if not dump.exists():
        raise BackupError(f"{dump} is missing.")
    if vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        with source:
            source.backup(connection.connection)
        source.close()
    else:
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                db["NAME"],
                str(dump),
            ],
            _pg_env(db),
        )
    media_root = _media_root()
    if manifest.get("media") and media_root is not None:
        _restore_media(folder / manifest["media"], media_root)
    connection.close()
    return manifest["fingerprint"], fingerprint()
