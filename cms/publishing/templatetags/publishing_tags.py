"""Go-live and expiry times in the admin, with their time zone (``cms.publishing.local_time``)."""

from django import template

from cms.publishing.local_time import format_moment, time_zone_label

register = template.Library()

register.simple_tag(time_zone_label)


@register.filter
def moment(value):
    """A date and time with its zone: "02/12/2026 à 09:30 (heure de Paris)"."""
    return format_moment(value) if value else ""


@register.simple_tag
def scheduled_go_live_at(page):
    """When the approved schedule of ``page`` puts it online, or None.

    Explorer listings annotate it (``cms.publishing.wagtail_hooks``); elsewhere it is read
    from the scheduled revision.
    """
    if hasattr(page, "_scheduled_go_live_at"):
        return page._scheduled_go_live_at
    if not page.approved_schedule:
        return None
    revision = page.scheduled_revision
    return revision.approved_go_live_at if revision else None
