"""What a host site includes, just before handing the rest to Wagtail's page serving::

    path("", include("cms.publishing.urls")),
    path("", include(wagtail_urls)),

It mounts the public API at ``api/v2/`` (pages, images, documents, and the headless preview
at ``api/v2/preview/<id>/``) and, where media are served by the site (a local ``MEDIA_URL``),
media files through the embargo check (``media_embargo``). Documents keep Wagtail's own
``documents/`` route, whose ``before_serve_document`` hook applies the embargo.
"""

import re

from django.conf import settings
from django.urls import path, re_path

from cms.publishing.api.router import api_router
from cms.publishing.media_embargo import serve_media

urlpatterns = [path("api/v2/", api_router.urls)]

if settings.MEDIA_URL.startswith("/"):
    urlpatterns.append(
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$",
            serve_media,
            name="publishing_media",
        )
    )
