from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "tests.host_site.pages"
    label = "host_pages"
    default_auto_field = "django.db.models.BigAutoField"
