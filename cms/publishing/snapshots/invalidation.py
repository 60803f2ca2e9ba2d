"""Which snapshots a change makes stale: they are dropped at once (a dropped snapshot is never
served: the page is serialized instead) and rebuilt in the background.

Publishing, unpublishing or moving a page drops the snapshots of the page, its ancestors
(their figures), its descendants (their addresses, their parent) and the pages that show it
(links, page choosers); saving or deleting a watched object (``registry``) drops those that
show it. Every drop also purges cached answers (``caching.responses``).
"""

from contextlib import contextmanager
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Q
from modelcluster.fields import ParentalKey
from wagtail.models import Page, ReferenceIndex

from cms.publishing.caching import responses
from cms.publishing.models import APISnapshot, APISnapshotReference
from cms.publishing.registry import watched_models
from cms.publishing.snapshots.build import build_api_snapshots


def drop(page_ids):
    """Forget these pages' snapshots now, purge cached answers, rebuild them after commit."""
    page_ids = sorted(set(page_ids))
    if page_ids:
        APISnapshot.objects.filter(page_id__in=page_ids).delete()
        transaction.on_commit(lambda: build_api_snapshots.enqueue(page_ids))
    responses.purge()


def _chunks(items, size=100):
    items = list(items)
    return [items[start : start + size] for start in range(0, len(items), size)]


def pages_showing(objects):
    """Ids of pages whose snapshots show any of these (model instance) objects."""
    pairs = {
        # Keyed as the reference index keys objects (the base model's content type): no public
        # API gives that key.
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


def object_changed(instance):
    """A watched object (image, document, snippet, tag…) changed: drop the snapshots that
    show it, and purge cached answers."""
    objects = [instance]
    for field in type(instance)._meta.get_fields():
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
