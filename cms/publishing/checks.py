"""System checks: ``manage.py check`` names whatever a host site is missing, and how to fix it."""

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from cms.publishing.conf import DEFAULTS, setting

REQUIRED_APPS = ("wagtail.api.v2", "rest_framework", "django_tasks", "django_tasks_db")


def missing_apps():
    return [name for name in REQUIRED_APPS if not apps.is_installed(name)]


@register(Tags.compatibility)
def check_installed_apps(app_configs=None, **kwargs):
    errors = [
        Error(
            f"The publishing plugin needs “{name}” in INSTALLED_APPS.",
            hint=f'Add "{name}" to INSTALLED_APPS.',
            id="publishing.E001",
        )
        for name in missing_apps()
    ]
    # App configs come in the order of INSTALLED_APPS, whether named by module or by config.
    labels = [config.label for config in apps.get_app_configs()]
    if "wagtailadmin" in labels and labels.index("publishing") > labels.index("wagtailadmin"):
        errors.append(
            Warning(
                "“cms.publishing” comes after “wagtail.admin” in INSTALLED_APPS: the admin "
                "will not show when scheduled pages go live.",
                hint='Put "cms.publishing" before the Wagtail apps.',
                id="publishing.W001",
            )
        )
    return errors


@register(Tags.compatibility)
def check_task_backends(app_configs=None, **kwargs):
    tasks = getattr(settings, "TASKS", {})
    errors = []
    if "default" not in tasks:
        errors.append(
            Error(
                "TASKS has no “default” backend: snapshots, indexing, purges and webhook "
                "deliveries run in it.",
                hint='TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}',
                id="publishing.E002",
            )
        )
    backend = setting("WEBHOOKS_TASK_BACKEND")
    if backend not in tasks:
        if backend != "default":  # a missing "default" is said above
            errors.append(
                Error(
                    f"PUBLISHING['WEBHOOKS_TASK_BACKEND'] names “{backend}”, which TASKS lacks.",
                    hint="Add that backend to TASKS, or leave the setting out to use “default”.",
                    id="publishing.E003",
                )
            )
    else:
        queues = tasks[backend].get("QUEUES")
        queue = setting("WEBHOOKS_QUEUE")
        if queues is not None and queue not in queues:
            errors.append(
                Error(
                    f"The task backend “{backend}” has no queue “{queue}” for webhooks.",
                    hint=f"Add “{queue}” to its QUEUES, or set PUBLISHING['WEBHOOKS_QUEUE'].",
                    id="publishing.E004",
                )
            )
    return errors


@register(Tags.security)
def check_document_serving(app_configs=None, **kwargs):
    if getattr(settings, "WAGTAILDOCS_SERVE_METHOD", None) == "direct":
        return [
            Error(
                "WAGTAILDOCS_SERVE_METHOD is “direct”: documents of scheduled pages would be "
                "downloadable before their go-live.",
                hint='Leave it unset or set it to "serve_view".',
                id="publishing.E005",
            )
        ]
    return []


@register(Tags.compatibility)
def check_settings(app_configs=None, **kwargs):
    unknown = sorted(set(getattr(settings, "PUBLISHING", {})) - set(DEFAULTS))
    return [
        Error(
            f"PUBLISHING has an unknown key “{name}”.",
            hint="Known keys: " + ", ".join(sorted(DEFAULTS)) + ".",
            id="publishing.E006",
        )
        for name in unknown
    ]


@register(Tags.urls)
def check_urls(app_configs=None, **kwargs):
    errors = []
    try:
        reverse("wagtailapi_v2:pages:listing")
        if settings.MEDIA_URL.startswith("/"):  # media served by the site, through the plugin
            reverse("publishing_media", args=("x",))
    except NoReverseMatch:
        errors.append(
            Error(
                "The publishing plugin's URLs are not included: no public API, and images of "
                "scheduled pages are not protected.",
                hint='Add path("", include("cms.publishing.urls")) to your URLs, just before '
                'path("", include(wagtail_urls)).',
                id="publishing.E007",
            )
        )
        return errors
    if settings.MEDIA_URL.startswith("/"):
        try:
            match = resolve(settings.MEDIA_URL + "original_images/check.jpg")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "publishing_media":
            errors.append(
                Warning(
                    f"Another view answers under MEDIA_URL ({settings.MEDIA_URL}) before the "
                    "plugin's: images of scheduled pages can be read before their go-live.",
                    hint="The plugin serves media files itself, checking the embargo: remove "
                    "the static(settings.MEDIA_URL, …) line of your URLs (in development, "
                    'wagtail start\'s urls.py has one), or include "cms.publishing.urls" '
                    "before it.",
                    id="publishing.W002",
                )
            )
    return errors
