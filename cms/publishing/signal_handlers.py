"""One place where publication events reach everything that depends on them.

Each event enters here once, with Wagtail's quirks handled once, and is handed to each
consumer, none of which listens to signals of its own:

- snapshots (``snapshots.invalidation``): the affected pages' snapshots are dropped and
  rebuilt in the background; every drop purges cached answers and fragments
  (``caching.responses``);
- the CDN (``caching.frontend``): the listings and referrers that show the page (Wagtail's
  ``frontend_cache`` purges the page's own addresses);
- webhooks (``webhooks.events``): one delivery per endpoint that wants the event, recorded in
  the same transaction;
- the embargo of files (``visibility``): Wagtail's reference index, which tells which pages use
  a file, is brought up to date when a page is saved, not when a worker gets to Wagtail's task.

Events: a page published (live now: Wagtail also fires ``page_published`` when a page is merely
scheduled, wagtail issue #13959), unpublished (also by expiry), moved or deleted; a watched
object saved or deleted (``registry``); a site or a page's view restrictions changed.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail import signal_handlers as wagtail_signal_handlers
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.publishing.caching import frontend, responses
from cms.publishing.models import WebhookEvent
from cms.publishing.registry import is_watched
from cms.publishing.snapshots import invalidation
from cms.publishing.webhooks import events

# Pages being deleted: Wagtail unpublishes a live page it deletes, which is one event
# ("deleted") for webhook receivers, not two.
_deleting = set()


def on_published(sender, instance, **kwargs):
    if not instance.live:  # merely scheduled (wagtail issue #13959): nothing changed yet
        return
    event = events.publication_event(instance)
    invalidation.page_changed(instance)
    frontend.purge_related(instance)
    events.notify(event, instance)


def on_unpublished(sender, instance, **kwargs):
    invalidation.page_changed(instance)
    frontend.purge_related(instance)
    if instance.pk in _deleting:
        _deleting.discard(instance.pk)  # told as "deleted" already
    else:
        events.notify(WebhookEvent.UNPUBLISHED, instance)


def on_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    invalidation.page_changed(instance)
    frontend.purge_moved(instance, url_path_before, url_path_after)


def on_page_deleting(sender, instance, **kwargs):
    if instance.live:
        _deleting.add(instance.pk)
        events.notify(WebhookEvent.DELETED, instance)


def index_page_references(page):
    """Record now what ``page`` uses, as it is being saved.

    Wagtail updates its reference index in a background task: until a worker runs it, the
    images and documents of a page just scheduled are used by no page, hence public. This is
    that task's work, done in the transaction that saves the page, from the page being saved:
    its inline rows (hero images, attachments, tags) are read from memory, where modelcluster
    holds them until it writes them just after this signal. The queued task later finds it
    done.
    """
    # Wagtail's disable_reference_index_auto_update() (bulk imports): its flag is private.
    if getattr(wagtail_signal_handlers.reference_index_auto_update_disabled, "value", False):
        return
    if type(page) is Page:  # a base Page saved (a move, a rename): its type's fields from the row
        page = page.specific
    if ReferenceIndex.is_indexed(type(page)):
        with transaction.atomic():
            ReferenceIndex.create_or_update_for_object(page)


def on_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    # Only a save of the whole page writes what it shows (creation, publication): saving a
    # revision writes bookkeeping fields of a page whose memory holds the draft, which a
    # live page does not show (fixtures: what they use may not exist yet).
    if not raw and update_fields is None and isinstance(instance, Page):
        index_page_references(instance)
    on_object_changed(sender, instance, raw=raw, update_fields=update_fields, **kwargs)


def on_object_changed(sender, instance, raw=False, **kwargs):
    """Any model saved or deleted: watched objects drop the snapshots that show them; sites
    and view restrictions change what pages show (the menu, what is public)."""
    if raw:  # loading fixtures
        return
    if sender in (Site, PageViewRestriction):
        responses.purge()
    elif is_watched(sender):
        invalidation.object_changed(instance)


def connect():
    """Called once, when the app is ready."""
    page_published.connect(on_published, dispatch_uid="publishing-published")
    page_unpublished.connect(on_unpublished, dispatch_uid="publishing-unpublished")
    post_page_move.connect(on_moved, dispatch_uid="publishing-moved")
    pre_delete.connect(on_page_deleting, sender=Page, dispatch_uid="publishing-page-deleting")
    post_save.connect(on_saved, dispatch_uid="publishing-object-saved")
    post_delete.connect(on_object_changed, dispatch_uid="publishing-object-deleted")
