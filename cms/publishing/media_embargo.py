"""Embargoed files: images and documents of pages that are not public yet, for editors only.

An image or a document used by pages, none of which is public (live, not expired, not
view-restricted), is under embargo: readers get a 404 for its file, editors (anyone with
access to the admin) get it, never cached. At go-live it becomes public with no copy or move:
the rule is read at each request. Media used by no page are public, as in the API.

- Documents are always downloaded through Wagtail's serve view (``WAGTAILDOCS_SERVE_METHOD =
  "serve_view"``): the ``before_serve_document`` hook applies the rule.
- Image files (originals and renditions) are served by ``serve_media`` under ``MEDIA_URL``,
  which applies the rule and sets caching headers. Direct URLs of document files are refused
  to readers: their only way is the serve view, which also checks private collections.
"""

import mimetypes
import posixpath

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseNotFound
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from cms.publishing.conf import setting
from cms.publishing.visibility import is_embargoed


def is_editor(user):
    return user.is_active and user.has_perm("wagtailadmin.access_admin")


def not_found():
    """A 404 no cache keeps: the same address answers once the embargo is lifted."""
    response = HttpResponseNotFound()
    patch_cache_control(response, private=True, no_store=True)
    return response


def guard_document(document, request):
    """``before_serve_document`` hook: readers get a 404 for a document under embargo."""
    if is_embargoed(document) and not is_editor(request.user):
        return not_found()
    return None


def _owner(name):
    """The image or document a stored file belongs to, if any."""
    image_model = get_image_model()
    image = image_model.objects.filter(file=name).first()
    if image is not None:
        return image
    rendition = (
        image_model.get_rendition_model().objects.filter(file=name).select_related("image").first()
    )
    if rendition is not None:
        return rendition.image
    return get_document_model().objects.filter(file=name).first()


@require_safe
def serve_media(request, path):
    """A media file, unless it belongs to an embargoed page (readers) or is a document."""
    name = posixpath.normpath(path).lstrip("/")
    if name.startswith("..") or name != path:
        raise Http404
    owner = _owner(name)
    private = False
    if isinstance(owner, get_document_model()):
        # Documents go through /documents/<id>/<name>, which checks privacy and embargo.
        if not is_editor(request.user):
            return not_found()
        private = True
    elif owner is not None and is_embargoed(owner):
        if not is_editor(request.user):
            return not_found()
        private = True
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    content_type, encoding = mimetypes.guess_type(name)
    response = FileResponse(handle, content_type=content_type or "application/octet-stream")
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.headers["X-Content-Type-Options"] = "nosniff"
    if private:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, public=True, max_age=setting("PUBLIC_MEDIA_MAX_AGE"))
    return response
