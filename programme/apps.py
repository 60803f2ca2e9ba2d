from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    """The EIG programme's own content: promotions, défis, people and calls."""

    name = "programme"
    verbose_name = _("Programme")
    default_auto_field = "django.db.models.BigAutoField"
