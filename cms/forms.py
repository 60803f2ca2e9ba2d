"""Pre-publication checks: what must hold before a page goes out.

Wagtail 8 validates a page fully only when it is published or submitted to a workflow (a draft
is saved with "deferred validation"). ``PublicationCheckedPageForm`` adds the checks a
communications lead would make on top of the model's own rules, each with a French message
next to the field at fault:

- no placeholder left in any text (``[AJOUTER LIEN]``, ``[À COMPLÉTER]``, ``[TODO]``…);
- every link given as an address has a label;
- no internal link to a page that is not published (it would be a dead link for readers);
- no heading of a body skips a level (a level 4 right under a level 2: HTML forbids it).

Page types opt in with ``base_form_class = PublicationCheckedPageForm``.
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

from cms.blocks import skipped_heading
from cms.local_time import LocalTimePageForm

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


class PublicationCheckedPageForm(LocalTimePageForm):
    def clean(self):
        cleaned_data = super().clean()
        if self.is_deferred_validation:
            # Saving a draft: everything may still be unfinished.
            return cleaned_data
        for name, value in list(cleaned_data.items()):
            self._check_field(name, value)
        for formset in self.formsets.values():
            for form in formset.forms:
                if not form.is_valid() or formset._should_delete_form(form):
                    continue
                self._check_child_form(form)
        return cleaned_data

    def _field_error(self, form, name, message):
        field = form.fields.get(name)
        if isinstance(field, BlockField):
            error = StreamBlockValidationError(
                non_block_errors=ErrorList([ValidationError(message)])
            )
        else:
            error = ValidationError(message)
        form.add_error(name, error)

    def _check_field(self, name, value, form=None):
        form = form or self
        if name not in form.fields:
            return
        label = capfirst(form.fields[name].label or name)
        for text in iter_texts(value):
            placeholder = find_placeholder(text)
            if placeholder:
                self._field_error(
                    form,
                    name,
                    _(
                        "%(field)s still contains the placeholder “%(placeholder)s”: replace it "
                        "before publishing."
                    )
                    % {"field": label, "placeholder": placeholder},
                )
                break
        if isinstance(value, StreamValue):
            self._check_headings(form, name, value)
        try:
            model_field = form._meta.model._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field
            return
        pages = unpublished_page_references(model_field, value)
        if pages:
            titles = ", ".join(f"« {page.title} »" for page in pages)
            self._field_error(
                form,
                name,
                ngettext(
                    "%(field)s links to a page that is not published: %(pages)s. Publish it "
                    "or remove the link before publishing.",
                    "%(field)s links to pages that are not published: %(pages)s. Publish them "
                    "or remove the links before publishing.",
                    len(pages),
                )
                % {"field": label, "pages": titles},
            )

    def _check_headings(self, form, name, value):
        skipped = skipped_heading(value)
        if skipped is None:
            return
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
        form.add_error(name, StreamBlockValidationError(block_errors={index: error}))

    def _check_child_form(self, form):
        for name, value in list(form.cleaned_data.items()):
            self._check_field(name, value, form=form)
        data = form.cleaned_data
        if "url" in data and "label" in form.fields and data.get("url") and not data.get("label"):
            form.add_error(
                "label",
                _(
                    "Give this link a label (e.g. “Télécharger le dossier de presse”) "
                    "before publishing."
                ),
            )
