"""The site's URLs, plus media files served from the test storage (in memory), which the
site itself leaves to object storage or to the development server."""

import mimetypes

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.urls import path

from cms.urls import urlpatterns as site_urlpatterns


def serve_media(request, name):
    if not default_storage.exists(name):
        raise Http404(name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(default_storage.open(name), content_type=content_type)


urlpatterns = [path("media/<path:name>", serve_media), *site_urlpatterns]
