"""The site's URLs for browser tests: media files are served by the site itself
(cms.publishing.media_embargo)."""

from cms.urls import urlpatterns  # noqa: F401 - the URLconf live servers use
