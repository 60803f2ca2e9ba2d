"""Media storage for production: a private S3-compatible bucket read through the app.

Files are stored private (no public ACL) and their URLs point at ``MEDIA_URL`` on the site,
where ``media_embargo.serve_media`` checks the embargo before streaming them; a CDN in front of
the site caches the public ones. A bucket that readers could reach directly would serve the
images of embargoed pages to anyone who guessed their names.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class AppServedS3Storage(S3Storage):
    default_acl = "private"
    querystring_auth = False

    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))
