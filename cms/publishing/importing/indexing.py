"""Indexing what an import saves once, in bulk and in the background, not on every save."""

from contextlib import contextmanager

from django.apps import apps
from django.db.models.signals import post_save
from django_tasks import task
from modelsearch import index as search_index
from modelsearch.backends import get_search_backends_with_name
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update

from cms.publishing.snapshots import invalidation

INDEX_CHUNK = 200


@task()
def index_objects(model_label, pks):
    """Add these objects to the search indexes in bulk (what an import created or changed)."""
    model = apps.get_model(model_label)
    objects = list(model.get_indexed_objects().filter(pk__in=pks))
    for _name, backend in get_search_backends_with_name(with_auto_update=True):
        backend.add_bulk(model, objects)


@contextmanager
def deferred_indexing():
    """Index each object an import saves once, in bulk in the worker, not on each of the
    dozen saves that make a page; drop the API snapshots and cached answers the import
    affects once, at its end.

    Replaces the search index's save handler for the duration: use it in a management
    command, never in a process that serves requests.
    """
    models = [
        model
        for model in search_index.get_indexed_models()
        if getattr(model, "search_auto_update", True)
    ]
    saved = {}

    def note(sender, instance, raw=False, **kwargs):
        if not raw and instance.pk is not None:
            saved.setdefault(sender._meta.label, set()).add(instance.pk)

    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
        post_save.connect(note, sender=model, weak=False, dispatch_uid="deferred-indexing")
    try:
        with disable_reference_index_auto_update(), invalidation.batched():
            yield
    finally:
        for model in models:
            post_save.disconnect(sender=model, dispatch_uid="deferred-indexing")
            post_save.connect(post_save_signal_handler, sender=model)
        # Objects of a file whose transaction rolled back are gone: the task skips them.
        for label, pks in saved.items():
            pks = sorted(pks)
            for start in range(0, len(pks), INDEX_CHUNK):
                index_objects.enqueue(label, pks[start : start + INDEX_CHUNK])
