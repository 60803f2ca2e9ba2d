from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """The site itself: home page, generic pages and site-wide configuration."""

    name = "cms"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"
