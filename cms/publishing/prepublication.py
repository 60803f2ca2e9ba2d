"""Pre-publication checks: what must hold before a page goes out.

Wagtail 8 validates a page fully only when it is published or submitted to a workflow (a draft
is saved with "deferred validation"). ``PublicationCheckedPageForm`` runs, at those moments,
the checks a communications lead would make on top of the model's own rules, each with a
message next to the field at fault. Page types opt in with
``base_form_class = PublicationCheckedPageForm`` (or a subclass of it).

The checks are a registry, which a site or an app extends:

- ``@field_check``: a function ``check(value, *, label, model_field)`` called for each field
  of the page and of its inline forms, which returns an error (a message or a
  ``ValidationError``) or None;
- ``@form_check``: a function ``check(form)`` called for the page's form and each inline
  form, which returns ``{field name: message}``.

Built in: no placeholder left in any text (``[AJOUTER LIEN]``, ``[À COMPLÉTER]``, ``[TODO]``…);
no internal link to a page that is not published (a dead link for readers); no heading of a
StreamField skips a level (a level 4 right under a level 2: HTML forbids it); every link given
as an address (an inline form's ``url``) has a ``label``.
"""

import re

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.forms.utils import ErrorList
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.blocks import StreamBlockValidationError, StreamValue, StructBlockValidationError
from wagtail.blocks.base import BlockField
from wagtail.models import Page
from wagtail.rich_text import RichText

from cms.publishing.local_time import LocalTimePageForm

FIELD_CHECKS = []
FORM_CHECKS = []


def field_check(check):
    """Register ``check(value, *, label, model_field)`` (a decorator)."""
    FIELD_CHECKS.append(check)
    return check


def form_check(check):
    """Register ``check(form)`` (a decorator)."""
    FORM_CHECKS.append(check)
    return check


# "[AJOUTER LIEN]", "[AJOUTER LIEN DEMARCHES SIMPLIFIEES]", "[À COMPLÉTER]", "[TODO]", "[XXX]"…
PLACEHOLDER = re.compile(
    r"\[\s*(?:[AÀ]\s+)?(?:AJOUTER|COMPL[EÉ]TER|TODO|TBC|TBD|XXX|LIEN|INS[EÉ]RER|A\s+VENIR)"
    r"\b[^\]]*\]",
    re.IGNORECASE,
)


def find_placeholder(text):
    """The first placeholder in ``text``, or None."""
    match = PLACEHOLDER.search(text or "")
    return match.group(0) if match else None


def iter_texts(value):
    """Every piece of text in a field value: strings, rich text, blocks and their children."""
    if value is None:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, RichText):
        yield value.source
    elif isinstance(value, StreamValue):
        for child in value:
            yield from iter_texts(child.value)
    elif isinstance(value, dict):  # StructValue, and table blocks' data
        for item in value.values():
            yield from iter_texts(item)
    elif isinstance(value, (list, tuple)) or hasattr(
        value, "bound_blocks"
    ):  # ListValue and table rows
        for item in value:
            yield from iter_texts(item)


def unpublished_page_references(model_field, value):
    """Pages that ``value`` links to (rich text links, page choosers) and that are not live."""
    extract = getattr(model_field, "extract_references", None)
    if extract is None or value is None:
        return []
    ids = set()
    for model, object_id, *_rest in extract(value):
        if issubclass(model, Page):
            ids.add(str(object_id))
    if not ids:
        return []
    return list(Page.objects.filter(pk__in=ids).not_live().order_by("title"))


@field_check
def no_placeholder(value, *, label, model_field):
    for text in iter_texts(value):
        placeholder = find_placeholder(text)
        if placeholder:
            return _(
                "%(field)s still contains the placeholder “%(placeholder)s”: replace it "
                "before publishing."
            ) % {"field": label, "placeholder": placeholder}
    return None


@field_check
def no_link_to_unpublished_pages(value, *, label, model_field):
    pages = unpublished_page_references(model_field, value) if model_field else []
    if not pages:
        return None
    titles = ", ".join(f"« {page.title} »" for page in pages)
    return ngettext(
        "%(field)s links to a page that is not published: %(pages)s. Publish it "
        "or remove the link before publishing.",
        "%(field)s links to pages that are not published: %(pages)s. Publish them "
        "or remove the links before publishing.",
        len(pages),
    ) % {"field": label, "pages": titles}


def skipped_heading(stream_value):
    """The first heading of a body that skips a level, as (block index, its level, the level
    before it), or None. The page title above the body is the level 1, and HTML forbids going
    down more than one level at a time. Blocks say which heading they show with a
    ``heading_level(value)`` method."""
    previous = 1
    for index, child in enumerate(stream_value):
        level_of = getattr(child.block, "heading_level", None)
        level = level_of(child.value) if level_of else None
        if level is None:
            continue
        if level > previous + 1:
            return index, level, previous
        previous = level
    return None


@field_check
def no_skipped_heading_level(value, *, label, model_field):
    if not isinstance(value, StreamValue):
        return None
    skipped = skipped_heading(value)
    if skipped is None:
        return None
    index, level, previous = skipped
    if previous == 1:
        message = _(
            "A level %(level)d heading cannot be the first heading of the text: the page "
            "title is the level 1. Choose level 2, so that no level is skipped."
        ) % {"level": level}
    else:
        message = _(
            "A level %(level)d heading cannot follow a level %(previous)d heading: choose "
            "level %(allowed)d at most, so that no level is skipped."
        ) % {"level": level, "previous": previous, "allowed": previous + 1}
    # Next to the heading's level field when the block has one, else on the block.
    error = ValidationError(message)
    if "level" in getattr(value[index].block, "child_blocks", {}):
        error = StructBlockValidationError(block_errors={"level": error})
    return StreamBlockValidationError(block_errors={index: error})


@form_check
def links_have_labels(form):
    data = form.cleaned_data
    if "url" in data and "label" in form.fields and data.get("url") and not data.get("label"):
        return {
            "label": _(
                "Give this link a label (e.g. “Télécharger le dossier de presse”) "
                "before publishing."
            )
        }
    return {}


class PublicationCheckedPageForm(LocalTimePageForm):
    """The page form that runs the registered checks before publication or submission."""

    def clean(self):
        cleaned_data = super().clean()
        if self.is_deferred_validation:
            # Saving a draft: everything may still be unfinished.
            return cleaned_data
        self._check_form(self)
        for formset in self.formsets.values():
            for form in formset.forms:
                if not form.is_valid() or form.cleaned_data.get("DELETE"):
                    continue
                self._check_form(form)
        return cleaned_data

    def _check_form(self, form):
        for name, value in list(form.cleaned_data.items()):
            self._check_field(form, name, value)
        for check in FORM_CHECKS:
            for name, message in check(form).items():
                form.add_error(name, message)

    def _check_field(self, form, name, value):
        if name not in form.fields:
            return
        label = capfirst(form.fields[name].label or name)
        try:
            model_field = form._meta.model._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field
            model_field = None
        for check in FIELD_CHECKS:
            error = check(value, label=label, model_field=model_field)
            if error is None:
                continue
            if isinstance(error, str):
                if isinstance(form.fields[name], BlockField):
                    error = StreamBlockValidationError(
                        non_block_errors=ErrorList([ValidationError(error)])
                    )
                else:
                    error = ValidationError(error)
            form.add_error(name, error)
