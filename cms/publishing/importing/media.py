"""Files referenced as ``/uploads/...``, made into Wagtail images and documents.

Files are found under the media folder given to the importer, and deduplicated by content: the
same bytes give the same image or document, within a run and across runs (Wagtail keeps the
SHA-1 of each file in ``file_hash``).
"""

import hashlib
from io import BytesIO
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files import File
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import UnidentifiedImageError
from wagtail.documents import get_document_model
from wagtail.images import get_image_model


def is_site_path(target):
    """A path on the former site (``/uploads/cp.pdf``), not an address elsewhere."""
    parts = urlsplit(target or "")
    return not parts.scheme and not parts.netloc and (target or "").startswith("/")


def image_extensions():
    return {ext.lower() for ext in getattr(settings, "WAGTAILIMAGES_EXTENSIONS", [])}


def document_extensions():
    extensions = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
    return {ext.lower() for ext in extensions} if extensions else None


class MediaResolver:
    """Finds referenced files and returns the Wagtail image or document made of each."""

    def __init__(self, media_root=None, dry_run=False):
        self.media_root = Path(media_root).resolve() if media_root else None
        self.dry_run = dry_run
        self.created = {"images": 0, "documents": 0}
        self._by_hash = {}
        self._new = []

    def begin(self):
        """Start a file: what it creates is forgotten again if its transaction rolls back."""
        self._new = []

    def new_objects(self):
        """Images and documents created since begin()."""
        return [self._by_hash[key] for key in self._new if key in self._by_hash]

    def rollback(self):
        for key in self._new:
            media = self._by_hash.pop(key, None)
            if media is not None:
                media.file.storage.delete(media.file.name)
                self.created["images" if key[0] is get_image_model() else "documents"] -= 1
        self._new = []

    def find(self, target):
        """The file on disk for a site path, or None."""
        if self.media_root is None or not is_site_path(target):
            return None
        relative = PurePosixPath(unquote(urlsplit(target).path).lstrip("/"))
        # The folder given may be the site root (holding uploads/) or the uploads folder itself.
        candidates = (
            [relative, PurePosixPath(*relative.parts[1:])]
            if len(relative.parts) > 1
            else [relative]
        )
        for candidate in candidates:
            path = (self.media_root / candidate).resolve()
            if path.is_relative_to(self.media_root) and path.is_file():
                return path
        return None

    def missing_reason(self, target):
        if self.media_root is None:
            return _("no media folder was given (--media-root)")
        return _("not found in %(folder)s") % {"folder": self.media_root}

    def image(self, target):
        """(image or None, problem or None) for a referenced image file."""
        path = self.find(target)
        if path is None:
            return None, self.missing_reason(target)
        if path.suffix.lstrip(".").lower() not in image_extensions():
            return None, _("“%(ext)s” files are not accepted as images") % {"ext": path.suffix}
        data = path.read_bytes()
        try:
            with PILImage.open(path) as opened:
                size = opened.size
                opened.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, PILImage.DecompressionBombError):
            return None, _("the file is not a readable image")
        if self.dry_run:
            return None, None
        width, height = size
        return self._get_or_create(get_image_model(), data, path, width=width, height=height), None

    def document(self, target):
        """(document or None, problem or None) for a referenced file to download."""
        path = self.find(target)
        if path is None:
            return None, self.missing_reason(target)
        allowed = document_extensions()
        if allowed is not None and path.suffix.lstrip(".").lower() not in allowed:
            return None, _("“%(ext)s” files are not accepted as documents") % {"ext": path.suffix}
        if self.dry_run:
            return None, None
        return self._get_or_create(get_document_model(), path.read_bytes(), path), None

    def _get_or_create(self, model, data, path, **fields):
        # Titled by file name: the library then lists them as the former site named them.
        digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()
        key = (model, digest)
        if key not in self._by_hash:
            existing = model.objects.filter(file_hash=digest).first()
            if existing is None:
                existing = model(
                    title=path.stem,
                    file=File(BytesIO(data), name=path.name),
                    file_hash=digest,
                    file_size=len(data),
                    **fields,
                )
                existing.save()
                self.created["images" if model is get_image_model() else "documents"] += 1
                self._new.append(key)
            self._by_hash[key] = existing
        return self._by_hash[key]
