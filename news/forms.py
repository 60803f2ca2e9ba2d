"""The admin form of press releases: the site's pre-publication checks, and a press contact
for the categories that require one."""

from django.utils.translation import gettext as _

from cms.publishing.prepublication import PublicationCheckedPageForm


class PressReleasePageForm(PublicationCheckedPageForm):
    """A release of a category that requires a press contact names one, or one of its
    categories gives a default contact, before it is published or submitted; drafts may still
    lack it. Editors tick « requires a press contact » on those categories (``setup_site``
    creates « Communiqué de presse » so ticked)."""

    def clean(self):
        cleaned_data = super().clean()
        if self.is_deferred_validation or "press_contact" not in self.fields:
            return cleaned_data
        categories = list(cleaned_data.get("categories") or [])
        requiring = [category for category in categories if category.requires_press_contact]
        has_default = any(category.default_press_contact_id for category in categories)
        if requiring and not cleaned_data.get("press_contact") and not has_default:
            self.add_error(
                "press_contact",
                _(
                    "A release of the category “%(category)s” needs a press contact: choose "
                    "one here, or give the category a default contact, before publishing."
                )
                % {"category": requiring[0].name},
            )
        return cleaned_data
