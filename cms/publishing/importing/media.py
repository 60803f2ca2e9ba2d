"""Files referenced as ``/uploads/...``, made into Wagtail images and documents.

Files are found under the media folder given to the importer, and deduplicated by content: the
same bytes give the same image or document, within a run and across runs (Wagtail keeps the
SHA-1 of each file in ``file_hash``).

References are taken as the former site wrote them: escaped (``%20``) or not, accents composed
or not (as a Mac saves them), the extension in capitals, or its dot lost
(``/uploads/cp/pdf`` for ``/uploads/cp.pdf``). An image is accepted by what it is, not by its
name: any format Pillow reads and the site serves (``WAGTAILIMAGES_EXTENSIONS``), stored under
the extension of its format (a ``.jfif`` is a JPEG, stored as ``.jpg``).
"""

import hashlib
import unicodedata
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


# Formats Pillow names apart that are stored as another: a JPEG with several pictures (MPO, as
# some cameras write them) is served as a JPEG.
PILLOW_FORMAT_ALIASES = {"MPO": "JPEG"}


def image_extension(path, image_format):
    """The extension to store an image of ``image_format`` (Pillow's name) under, or None if
    the site does not serve that format: the file's own when it fits, else the first of
    ``WAGTAILIMAGES_EXTENSIONS`` that names the format."""
    image_format = PILLOW_FORMAT_ALIASES.get(image_format, image_format)
    registered = PILImage.registered_extensions()  # {".jpg": "JPEG", ".jfif": "JPEG", ...}
    accepted = [
        ext.lower()
        for ext in getattr(settings, "WAGTAILIMAGES_EXTENSIONS", [])
        if registered.get("." + ext.lower()) == image_format
    ]
    own = path.suffix.lstrip(".").lower()
    if own in accepted:
        return own
    return accepted[0] if accepted else None


def known_extensions():
    return image_extensions() | (document_extensions() or set())


def file_suffix(path):
    """The extension of a file's path, lower case, with its dot; a path whose dot was lost
    (``/uploads/cp/pdf``) has the extension its last part names. "" for a page's path."""
    if path.endswith("/"):
        return ""
    path = PurePosixPath(path)
    if path.suffix:
        return path.suffix.lower()
    if len(path.parts) > 2 and path.name.lower() in known_extensions():
        return "." + path.name.lower()
    return ""


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
        written = urlsplit(target).path.lstrip("/")
        if not written:
            return None
        spellings = [unquote(written)]
        if written != spellings[0]:
            spellings.append(written)  # a file named with its "%20"
        for spelling in spellings:
            relative = PurePosixPath(spelling)
            forms = [relative]
            if not relative.suffix and file_suffix("/" + spelling):
                # The dot was lost: /uploads/cp/pdf is /uploads/cp.pdf.
                forms.append(relative.parent.with_name(f"{relative.parent.name}.{relative.name}"))
            for form in forms:
                # The folder given may be the site root (holding uploads/) or the uploads one.
                candidates = (
                    [form, PurePosixPath(*form.parts[1:])] if len(form.parts) > 1 else [form]
                )
                for candidate in candidates:
                    path = self.on_disk(candidate)
                    if path is not None:
                        return path
        return None

    def on_disk(self, relative):
        """The file at ``relative`` under the media folder, its accents composed or not."""
        path = (self.media_root / relative).resolve()
        if not path.is_relative_to(self.media_root):
            return None
        if path.is_file():
            return path
        # Names are compared composed (NFC): a Mac writes "é" as "e" and an accent (NFD).
        wanted = unicodedata.normalize("NFC", path.name)
        if wanted == unicodedata.normalize("NFD", path.name) or not path.parent.is_dir():
            return None
        for entry in path.parent.iterdir():
            if unicodedata.normalize("NFC", entry.name) == wanted and entry.is_file():
                return entry
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
        data = path.read_bytes()
        try:
            with PILImage.open(BytesIO(data)) as opened:
                size, image_format = opened.size, opened.format
                opened.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, PILImage.DecompressionBombError):
            return None, _("the file is not a readable image")
        extension = image_extension(path, image_format)
        if extension is None:
            return None, _("%(format)s images are not accepted (accepted: %(extensions)s)") % {
                "format": image_format,
                "extensions": ", ".join(sorted(image_extensions())),
            }
        if self.dry_run:
            return None, None
        width, height = size
        name = f"{path.stem}.{extension}"
        return self._get_or_create(
            get_image_model(), data, path, name=name, width=width, height=height
        ), None

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
        name = path.stem + path.suffix.lower()
        return self._get_or_create(get_document_model(), path.read_bytes(), path, name=name), None

    def _get_or_create(self, model, data, path, name, **fields):
        # Titled by file name: the library then lists them as the former site named them (its
        # accents composed, as typed in a search).
        digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()
        key = (model, digest)
        if key not in self._by_hash:
            existing = model.objects.filter(file_hash=digest).first()
            if existing is None:
                existing = model(
                    title=unicodedata.normalize("NFC", path.stem),
                    file=File(BytesIO(data), name=unicodedata.normalize("NFC", name)),
                    file_hash=digest,
                    file_size=len(data),
                    **fields,
                )
                existing.save()
                self.created["images" if model is get_image_model() else "documents"] += 1
                self._new.append(key)
            self._by_hash[key] = existing
        return self._by_hash[key]
