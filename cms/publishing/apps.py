from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """Safe and fast publication for any Wagtail page type: scheduling, embargo, the public
    API with snapshots, webhooks, headless preview, caching, pre-publication checks."""

    name = "cms.publishing"
    label = "publishing"
    verbose_name = _("Publishing")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.publishing import checks  # registers the checks

        if checks.missing_apps():
            # Only the checks then, which name them: the rest imports those apps' models.
            return
        from cms.publishing import signal_handlers

        signal_handlers.connect()
