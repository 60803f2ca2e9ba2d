"""API representations materialized when a page is published (see ``cms.publishing.snapshots``)."""

from django.db import models


class APISnapshot(models.Model):
    """A live page's whole API representation, as JSON text, for one live revision.

    Listings and details concatenate these instead of serializing pages on every request. A
    snapshot serves only while ``revision_id`` is the page's live revision and ``signature``
    matches the settings it was built with; anything else falls back to serialization.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    revision_id = models.BigIntegerField()
    signature = models.CharField(max_length=255)
    # Text, not JSON: the answer's key order must be kept, which jsonb does not do.
    data = models.TextField()
    built_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "cms_apisnapshot"

    def __str__(self):
        return f"API snapshot of page {self.page_id}"


class APISnapshotReference(models.Model):
    """An object a snapshot shows (image, document, linked page, snippet): when it changes,
    the snapshot is dropped and rebuilt."""

    snapshot = models.ForeignKey(APISnapshot, on_delete=models.CASCADE, related_name="references")
    content_type_id = models.IntegerField()
    object_id = models.CharField(max_length=255)

    class Meta:
        db_table = "cms_apisnapshotreference"
        indexes = [models.Index(fields=["content_type_id", "object_id"])]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}"
