"""One place where publication events reach everything that depends on them.

Each event enters here once, with Wagtail's quirks handled once, and is handed to each
consumer, none of which listens to signals of its own:

- snapshots (``snapshots.invalidation``): the affected pages' snapshots are dropped and
  rebuilt in the background; every drop purges cached answers and fragments
  (``caching.responses``);
- the CDN (``caching.frontend``): the listings and referrers that show the page (Wagtail's
  ``frontend_cache`` purges the page's own addresses);
- webhooks (``webhooks.events``): one delivery per endpoint that wants the event, recorded in
  the same transaction.

Events: a page published (live now: Wagtail also fires ``page_published`` when a page is merely
scheduled, wagtail issue #13959), unpublished (also by expiry), moved or deleted; a watched
object saved or deleted (``registry``); a site or a page's view restrictions changed.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction, Site
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
    post_save.connect(on_object_changed, dispatch_uid="publishing-object-saved")
    post_delete.connect(on_object_changed, dispatch_uid="publishing-object-deleted")
