"""Tags are case-insensitive: "écologie" typed beside the existing "Écologie" is that tag.

TAGGIT_CASE_INSENSITIVE makes taggit look an existing tag up with ``name__iexact``, which
SQLite (and PostgreSQL under a "C" locale) compares case-insensitively for ASCII letters only:
"É" and "é" would still make two tags. The admin's tag field therefore spells every typed tag
as the existing one, compared in Python, before taggit looks it up.
"""

from django.db.models.functions import Length
from taggit.managers import TaggableManager
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.forms.tags import TagField


class CaseInsensitiveTagField(TagField):
    """Wagtail's tag field, which gives a typed tag the spelling of the tag that exists."""

    def clean(self, value):
        names = super().clean(value)
        if not names:
            return names
        # Two spellings of a word in another case have the same length: fetch only those.
        existing = {}
        candidates = self.tag_model.objects.annotate(length=Length("name")).filter(
            length__in={len(name) for name in names}
        )
        for name in candidates.order_by("pk").values_list("name", flat=True):
            existing.setdefault(name.casefold(), name)
        spelled = [existing.get(name.casefold(), name) for name in names]
        return list(dict.fromkeys(spelled))


def register():
    """Use the field for every tag field of the admin (pages, images, documents)."""
    register_form_field_override(
        TaggableManager,
        override=lambda db_field: {
            "form_class": CaseInsensitiveTagField,
            "tag_model": db_field.related_model,
        },
    )
