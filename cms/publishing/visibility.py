"""What the public may see: one rule for every page, listing, feed, sitemap, search, API answer
and file.

A page is visible when it is live (a scheduled, embargoed page is not), not under a view
restriction, and not past its expiry date, even when the scheduler has not unpublished it yet.
An image or a document is visible when no page uses it, or a visible page does: one used only
by pages under embargo is under embargo with them. Which pages use it is read in Wagtail's
reference index, which ``signal_handlers`` keeps up to date in the transaction that saves a
page.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex


def exclude_expired(queryset):
    """``queryset`` without the live pages whose expiry date has passed."""
    # By id, which the search index can filter on; there are few such pages, and only
    # between their expiry and the scheduler's next run.
    expired = Page.objects.live().filter(expire_at__lte=timezone.now()).values_list("pk", flat=True)
    return queryset.exclude(pk__in=list(expired))


def public_pages(queryset):
    """The pages of ``queryset`` (a ``PageQuerySet``) that anyone may see now."""
    return exclude_expired(queryset.live().public())


def public_usage(model, pages):
    """A condition on ``model`` (images, documents): used by no page, or by one of ``pages``
    (the visible ones)."""
    page_type = ContentType.objects.get_for_model(Page)
    references = ReferenceIndex.objects.filter(
        base_content_type=page_type,
        to_content_type=ContentType.objects.get_for_model(model),
    )
    public_ids = pages.annotate(
        id_text=Cast("pk", output_field=ReferenceIndex._meta.get_field("object_id"))
    ).values("id_text")
    # The index keeps ids as text: cast them back to the model's key for the comparison.
    references = references.annotate(target=Cast("to_object_id", output_field=model._meta.pk))
    used = references.values("target")
    used_publicly = references.filter(object_id__in=public_ids).values("target")
    return Q(pk__in=used_publicly) | ~Q(pk__in=used)


def is_embargoed(obj, pages=None):
    """Whether ``obj`` (an image or a document) is used by pages and by no visible one."""
    model = type(obj)
    pages = public_pages(Page.objects.all()) if pages is None else pages
    return not model.objects.filter(pk=obj.pk).filter(public_usage(model, pages)).exists()
