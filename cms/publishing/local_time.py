"""Dates and times as the admin shows them: in the editor's time zone, which it names.

Go-live and expiry times are typed and shown in the admin's time zone (``TIME_ZONE``, Paris,
unless an editor chose another in their account) and stored in UTC. Wagtail shows them without
saying which zone they are in; these helpers say it ("02/12/2026 à 09:30 (heure de Paris)").
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm


def time_zone_label():
    """The current time zone as editors say it, e.g. "heure de Paris"."""
    city = timezone.get_current_timezone_name().rsplit("/", 1)[-1].replace("_", " ")
    return _("%(city)s time") % {"city": city}


def format_moment(value):
    """``value`` in the current time zone, e.g. "02/12/2026 à 09:30 (heure de Paris)"."""
    value = timezone.localtime(value)
    return _("%(date)s at %(time)s (%(time_zone)s)") % {
        "date": value.strftime(getattr(settings, "WAGTAIL_DATE_FORMAT", "%Y-%m-%d")),
        "time": value.strftime(getattr(settings, "WAGTAIL_TIME_FORMAT", "%H:%M")),
        "time_zone": time_zone_label(),
    }


class LocalTimePageForm(WagtailAdminPageForm):
    """The page form, whose publishing schedule says which time zone its dates are in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "expire_at" in self.fields:
            # Below both fields of the schedule dialog, above its button.
            self.fields["expire_at"].help_text = _("Dates and times are in %(time_zone)s.") % {
                "time_zone": time_zone_label()
            }
