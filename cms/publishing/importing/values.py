"""Values read from import sources: dates, and anything made storable as JSON."""

import datetime as dt
import math
import re

from django.utils import timezone
from django.utils.dateparse import parse_datetime


def json_safe(value):
    """Source values as JSON can store them (dates become ISO strings)."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [json_safe(v) for v in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # YAML's .inf and .nan have no JSON form
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def parse_date(value):
    """A date read from a source: aware datetimes kept, naive ones and bare days in the
    site's time zone (``TIME_ZONE``)."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    else:
        text = str(value).strip()
        # Jekyll writes "2018-01-15 23:00:00 +01:00"; ISO wants no space before the offset.
        text = re.sub(r"\s+([+-]\d{2}:?\d{2}|Z)$", r"\1", text)
        moment = parse_datetime(text.replace(" ", "T", 1)) if text else None
        if moment is None:
            day = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
            if not day:
                raise ValueError(text)
            moment = dt.datetime(*(int(part) for part in day.groups()))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.get_default_timezone())
    # Stored in UTC and shown in local time: both must exist (not so for year 1 or 9999).
    moment.astimezone(dt.UTC).astimezone(timezone.get_default_timezone())
    return moment
