"""Which models' changes alter what pages show, besides pages: they are "watched".

A page's API snapshot and cached answers show more than the page's own fields: its images and
documents, tags, snippets (a category's press contact, a défi's administration), and site
settings shown around it. Saving or deleting any of those drops the snapshots that show it
and purges cached answers (``signal_handlers``).

Watched without configuration: the image and document models, taggit's tags, every model
registered as a Wagtail snippet or setting, and the models whose rows belong to one of them
(``ParentalKey``: a contact's phone numbers). A site adds others with
``PUBLISHING["WATCHED_MODELS"]`` (``"app_label.ModelName"``) or ``watch(Model)``. The plugin's
own records (webhooks, snapshots, imports) are never watched.
"""

from functools import cache

from django.apps import apps
from modelcluster.fields import ParentalKey
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

from cms.publishing.conf import setting

_watched_by_code = []


def watch(*models):
    """Watch these models too (call it from an ``AppConfig.ready()``)."""
    _watched_by_code.extend(models)
    watched_models.cache_clear()


def _settings_models():
    if not apps.is_installed("wagtail.contrib.settings"):
        return []
    from wagtail.contrib.settings.registry import registry  # only when the app is installed

    return list(registry)


@cache
def watched_models():
    """The watched models, computed once, on first use: snippets and settings are registered
    by then (``wagtail_hooks`` modules are loaded by ``get_snippet_models``)."""
    models = {
        get_image_model(),
        get_document_model(),
        Tag,
        *get_snippet_models(),
        *_settings_models(),
        *(apps.get_model(label) for label in setting("WATCHED_MODELS")),
        *_watched_by_code,
    }
    models = {
        model
        for model in models
        if not issubclass(model, Page) and model._meta.app_label != "publishing"
    }
    children = {
        model
        for model in apps.get_models()
        if any(
            isinstance(field, ParentalKey) and field.related_model in models
            for field in model._meta.get_fields()
        )
    }
    return frozenset(models | children)


def is_watched(model):
    return model in watched_models()
