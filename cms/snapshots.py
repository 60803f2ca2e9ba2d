"""Each live page's API representation, materialized when it is published.

Serializing a page (StreamField blocks, renditions, relations) is what bounds the API, not SQL.
So when a page goes live, its whole API representation (every field, as a detail answer with
``fields=*`` gives it) is stored as JSON text beside its live revision (``APISnapshot``); the
API then picks the asked fields out of the stored JSON instead of serializing pages.

Stored JSON is never served stale:

- a snapshot serves only while its revision is the page's live revision and it was built with
  the current settings (``signature``), else the page is serialized as before;
- publishing, unpublishing or moving a page drops the snapshots of the page, its ancestors
  (their figures), its descendants (their addresses, their parent) and the pages that show it
  (links, page choosers); saving or deleting an object a snapshot shows (image, document,
  category, press contact and its phone numbers, tag, programme snippet) drops those that
  show it. Dropped snapshots are rebuilt in a background task, which also generates the
  renditions the page's templates use, so that requests never create one.

Absolute addresses depend on the host a request came to when no base address is configured
(``cms.absolute_urls``): snapshots are then built for a placeholder host, replaced by the
request's own when served; a configured base is in the snapshot and in its signature.
"""

import json
from contextlib import contextmanager
from functools import reduce
from operator import or_

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import F, ManyToManyField, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest
from django_tasks import task
from modelcluster.fields import ParentalKey
from rest_framework.utils.encoders import JSONEncoder
from taggit.models import Tag
from wagtail.models import Page, ReferenceIndex
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms import absolute_urls, response_cache
from cms.models import APISnapshot, APISnapshotReference

PLACEHOLDER_HOST = "api-base.invalid"
PLACEHOLDER = f"http://{PLACEHOLDER_HOST}"
# Renditions the site's templates ask for; built with the snapshot so that reads never do.
TEMPLATE_RENDITIONS = ("width-400", "width-800", "width-1200", "fill-600x338")
# Apps whose snippets pages show (the other models they show are media and tags).
WATCHED_APPS = ("news", "programme")
# Models of the site's own bookkeeping, saved while publishing or importing.
QUIET_MODELS = frozenset(
    {"cms.WebhookEndpoint", "cms.WebhookDelivery", "cms.WebhookAttempt", "news.ImportRecord"}
)


def signature():
    """What a snapshot's content depends on besides the data: a change of these rebuilds it."""
    return "|".join(
        [
            "1",
            getattr(settings, "WAGTAILAPI_BASE_URL", None) or "",
            getattr(settings, "WAGTAILAPI_RICH_TEXT_FORMAT", ""),
        ]
    )


class PlaceholderRequest(HttpRequest):
    """A GET request to the placeholder host, whose addresses are rewritten when served."""

    def __init__(self):
        super().__init__()
        self.method = "GET"
        self.path = self.path_info = "/api/v2/pages/"
        self.META = {"SERVER_NAME": PLACEHOLDER_HOST, "SERVER_PORT": "80"}

    def get_host(self):
        return PLACEHOLDER_HOST


def request_base(request):
    """What the placeholder stands for in this request's answer, e.g.
    ``https://eig.example.gouv.fr``."""
    return absolute_urls.base_url(request)


def representation(page):
    """The page's API representation with every field, for the placeholder host."""
    from cms.api import PublicPagesAPIViewSet, api_router

    request = PlaceholderRequest()
    request.wagtailapi_router = api_router
    view = PublicPagesAPIViewSet(request=request, action="detail_view", format_kwarg=None)
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
        for content_type_id, object_id, *_ in ReferenceIndex._extract_references_from_object(page)
    }
    # Many-to-many relations (categories) are not in Wagtail's reference index.
    for field in page._meta.get_fields():
        if isinstance(field, ManyToManyField):
            content_type = ReferenceIndex._get_base_content_type(field.related_model)
            found.update(
                (content_type.pk, str(pk))
                for pk in getattr(page, field.name).values_list("pk", flat=True)
            )
    return found


def generate_renditions(found):
    """Create the renditions of the images among ``found`` (a page's ``references``) that
    the templates show, now rather than in a request."""
    from wagtail.images import get_image_model

    image_type = ReferenceIndex._get_base_content_type(get_image_model()).pk
    image_ids = [int(pk) for ct, pk in found if ct == image_type and pk.isdigit()]
    for image in get_image_model().objects.filter(pk__in=image_ids):
        image.get_renditions(*TEMPLATE_RENDITIONS)


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


def drop(page_ids):
    """Forget these pages' snapshots now, purge cached answers, rebuild them after commit."""
    page_ids = sorted(set(page_ids))
    if page_ids:
        APISnapshot.objects.filter(page_id__in=page_ids).delete()
        transaction.on_commit(lambda: build_api_snapshots.enqueue(page_ids))
    response_cache.purge()


def _chunks(items, size=100):
    items = list(items)
    return [items[start : start + size] for start in range(0, len(items), size)]


def pages_showing(objects):
    """Ids of pages whose snapshots show any of these (model instance) objects."""
    pairs = {
        (ReferenceIndex._get_base_content_type(obj).pk, str(obj.pk))
        for obj in objects
        if obj.pk is not None
    }
    found = set()
    for chunk in _chunks(pairs):  # a hundred conditions at a time: SQLite limits their depth
        condition = reduce(or_, (Q(content_type_id=ct, object_id=pk) for ct, pk in chunk))
        references = APISnapshotReference.objects.filter(condition)
        found.update(references.values_list("snapshot_id", flat=True).distinct())
    return sorted(found)


def affected_by_pages(pages):
    """Pages whose representation may show these pages: themselves, their trees (ancestors
    and descendants), their referrers."""
    ids = set()
    step = Page.steplen
    for chunk in _chunks(pages):
        paths = [page.path for page in chunk]
        prefixes = {path[:end] for path in paths for end in range(step, len(path), step)}
        tree = Page.objects.filter(
            reduce(or_, (Q(path__startswith=path) for path in paths)) | Q(path__in=prefixes)
        )
        ids.update(tree.values_list("pk", flat=True))
    return [*ids, *pages_showing(pages)]


def affected_by_page(page):
    return affected_by_pages([page])


# Changes noted while ``batched()`` runs, or None.
_batch = None


@contextmanager
def batched():
    """Within it, publications and changes are only noted; at its end, the snapshots they
    affect are dropped and rebuilt in one task, and cached answers purged once. For commands
    that publish many pages (imports), never in a process that serves requests."""
    global _batch
    if _batch is not None:  # nested: the outer batch drops
        yield
        return
    _batch = {"pages": {}, "objects": []}
    try:
        yield
    finally:
        batch, _batch = _batch, None
        pages = Page.objects.filter(pk__in=list(batch["pages"])).only("pk", "path")
        with transaction.atomic():  # one task, enqueued when this commits
            drop([*batch["pages"], *affected_by_pages(pages), *pages_showing(batch["objects"])])


def page_changed(page):
    if _batch is not None:
        _batch["pages"][page.pk] = page
    else:
        drop(affected_by_page(page))


@receiver(page_published)
def on_published(sender, instance, **kwargs):
    if not instance.live:  # merely scheduled (wagtail issue #13959): nothing changed yet
        return
    page_changed(instance)


@receiver(page_unpublished)
def on_unpublished(sender, instance, **kwargs):
    page_changed(instance)


@receiver(post_page_move)
def on_moved(sender, instance, **kwargs):
    page_changed(instance)


def on_object_changed(sender, instance, **kwargs):
    """An image, document, snippet or tag changed: drop the snapshots that show it."""
    if kwargs.get("raw"):
        return
    objects = [instance]
    for field in sender._meta.get_fields():
        if isinstance(field, ParentalKey):
            parent = getattr(instance, field.name, None)
            if isinstance(parent, Page):
                return  # part of a page, saved when the page is: page signals handle it
            if parent is not None:
                objects.append(parent)  # a contact's phone number changes the contact
    objects += pointing_at(instance)
    if _batch is not None:
        _batch["objects"].extend(objects)
        return
    # Also purge cached answers: a page whose snapshot is being rebuilt may show the object.
    drop(pages_showing(objects))


def pointing_at(instance):
    """Watched objects that show this one in their own representation, one level up: the
    mentors of an administration (a défi shows its mentors' administration)."""
    watched = set(watched_models())
    found = []
    for relation in instance._meta.related_objects:
        model = relation.related_model
        if model not in watched or any(
            isinstance(field, ParentalKey) for field in model._meta.get_fields()
        ):
            continue  # rows of a page (its tags, its mentors) are found through the page
        if relation.many_to_many or relation.one_to_many or relation.one_to_one:
            found.extend(model._default_manager.filter(**{relation.field.name: instance.pk}))
    return found


def watched_models():
    """Models a page's representation may show besides pages: media, tags, the apps' snippets."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    models = [get_image_model(), get_document_model(), Tag]
    for app_label in WATCHED_APPS:
        models.extend(
            model
            for model in apps.get_app_config(app_label).get_models()
            if not issubclass(model, Page) and model._meta.label not in QUIET_MODELS
        )
    return models


def connect():
    """Listen to the watched models' saves and deletions (called when the app is ready)."""
    for model in watched_models():
        post_save.connect(on_object_changed, sender=model, dispatch_uid=f"snapshots-{model}")
        post_delete.connect(on_object_changed, sender=model, dispatch_uid=f"snapshots-d-{model}")


def servable(page_ids):
    """The usable snapshots' JSON text of these pages, by page id."""
    return dict(
        APISnapshot.objects.filter(
            page_id__in=page_ids,
            page__live=True,
            page__live_revision_id=F("revision_id"),
            signature=signature(),
        ).values_list("page_id", "data")
    )


def pick(text, base, fields, meta_fields):
    """The answer for the serializer's ``fields`` out of a snapshot, in the same key order."""
    stored = json.loads(text.replace(PLACEHOLDER, base))
    data = {}
    core = [name for name in fields if name not in meta_fields]
    if "id" in core:
        data["id"] = None
    stored_meta = stored.get("meta", {})
    meta = {
        name: stored_meta[name] for name in fields if name in meta_fields and name in stored_meta
    }
    if meta:
        data["meta"] = meta
    for name in core:
        if name in stored:
            data[name] = stored[name]
    return data
