from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """What the content apps share: StreamField blocks and case-insensitive tags."""

    name = "editorial"
    verbose_name = _("Editorial blocks")

    def ready(self):
        from editorial import tagging

        tagging.register()
