"""What the public may see: one rule for every listing, feed, sitemap, search and API answer.

A page is visible when it is live (a scheduled, embargoed page is not), not under a view
restriction, and not past its expiry date, even when the scheduler has not unpublished it yet.
"""

from django.utils import timezone
from wagtail.models import Page


def exclude_expired(queryset):
    """``queryset`` without the live pages whose expiry date has passed."""
    # By id, which the search index can filter on; there are few such pages, and only
    # between their expiry and the scheduler's next run.
    expired = Page.objects.live().filter(expire_at__lte=timezone.now()).values_list("pk", flat=True)
    return queryset.exclude(pk__in=list(expired))


def public_pages(queryset):
    """The pages of ``queryset`` (a ``PageQuerySet``) that anyone may see now."""
    return exclude_expired(queryset.live().public())
