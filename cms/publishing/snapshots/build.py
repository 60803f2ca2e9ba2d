"""Building a page's snapshot: its whole API representation, with every field, as a detail
answer with ``fields=*`` gives it, and the objects it shows (to know when to drop it).

Runs in a background task (``build_api_snapshots``), which also generates the renditions the
site's templates use (``PUBLISHING["SNAPSHOT_RENDITIONS"]``), so that requests never create one.
"""

import json

from django.db import transaction
from django.db.models import ManyToManyField
from django.http import HttpRequest
from django_tasks import task
from rest_framework.utils.encoders import JSONEncoder
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex

from cms.publishing.api.router import api_router, pages_viewset
from cms.publishing.conf import setting
from cms.publishing.models import APISnapshot, APISnapshotReference
from cms.publishing.snapshots.store import PLACEHOLDER_HOST, signature


class PlaceholderRequest(HttpRequest):
    """A GET request to the placeholder host, whose addresses are rewritten when served."""

    def __init__(self):
        super().__init__()
        self.method = "GET"
        self.path = self.path_info = "/api/v2/pages/"
        self.META = {"SERVER_NAME": PLACEHOLDER_HOST, "SERVER_PORT": "80"}

    def get_host(self):
        return PLACEHOLDER_HOST


def representation(page):
    """The page's API representation with every field, for the placeholder host."""
    request = PlaceholderRequest()
    request.wagtailapi_router = api_router
    view = pages_viewset()(request=request, action="detail_view", format_kwarg=None)
    # The class a detail answer with fields=* uses; the public get_serializer_class() reads
    # them from the request and fetches the object again.
    serializer_class = view._get_serializer_class(
        api_router, type(page), [("*", False, None)], show_details=True
    )
    context = view.get_serializer_context()
    context["_wagtail_rich_text_format"] = view.resolve_rich_text_format()
    return serializer_class(page, context=context).data


def references(page):
    """(content type id, object id) of everything the page's representation shows."""
    found = {
        (content_type_id, object_id)
        # What Wagtail's reference index would record for the page now (its row in the index
        # may not be written yet: no public API extracts them without writing).
        for content_type_id, object_id, *_ in ReferenceIndex._extract_references_from_object(page)
    }
    # Many-to-many relations (categories) are not in Wagtail's reference index.
    for field in page._meta.get_fields():
        if isinstance(field, ManyToManyField):
            # Content types as the reference index keys them (the base model's): private too.
            content_type = ReferenceIndex._get_base_content_type(field.related_model)
            found.update(
                (content_type.pk, str(pk))
                for pk in getattr(page, field.name).values_list("pk", flat=True)
            )
    return found


def generate_renditions(found):
    """Create the renditions of the images among ``found`` (a page's ``references``) that
    the templates show, now rather than in a request."""
    renditions = setting("SNAPSHOT_RENDITIONS")
    if not renditions:
        return
    image_type = ReferenceIndex._get_base_content_type(get_image_model()).pk
    image_ids = [int(pk) for ct, pk in found if ct == image_type and pk.isdigit()]
    for image in get_image_model().objects.filter(pk__in=image_ids):
        image.get_renditions(*renditions)


def build(page_id):
    """Build (or drop) the snapshot of one page; return it, or None if the page is not live."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None or not page.live or page.live_revision_id is None:
        APISnapshot.objects.filter(page_id=page_id).delete()
        return None
    page = page.specific
    found = references(page)
    generate_renditions(found)
    data = json.dumps(representation(page), cls=JSONEncoder, ensure_ascii=False)
    with transaction.atomic():
        snapshot, _ = APISnapshot.objects.update_or_create(
            page_id=page.pk,
            defaults={"revision_id": page.live_revision_id, "signature": signature(), "data": data},
        )
        snapshot.references.all().delete()
        APISnapshotReference.objects.bulk_create(
            APISnapshotReference(snapshot=snapshot, content_type_id=ct, object_id=pk)
            for ct, pk in found
        )
    return snapshot


@task()
def build_api_snapshots(page_ids):
    for page_id in page_ids:
        build(page_id)
