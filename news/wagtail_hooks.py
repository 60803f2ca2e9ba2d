from django.apps import apps
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.publishing.models import ImportedPageMixin
from news.models import NewsCategory, PressContact


def phone_numbers_text(contact):
    return ", ".join(contact.phone_numbers)


class PressContactViewSet(SnippetViewSet):
    model = PressContact
    icon = "user"
    menu_label = _("Press contacts")
    list_display = [
        "name",
        "email",
        Column("phone_numbers", label=_("Phone numbers"), accessor=phone_numbers_text),
    ]
    search_fields = ["name", "email"]
    ordering = ["name"]

    def get_queryset(self, request):
        return PressContact.objects.prefetch_related("phones")


class NewsCategoryViewSet(SnippetViewSet):
    model = NewsCategory
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    list_display = ["name", "slug", "default_press_contact"]
    search_fields = ["name"]
    ordering = ["name"]


class NewsViewSetGroup(SnippetViewSetGroup):
    items = (NewsCategoryViewSet, PressContactViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("News")
    menu_name = "news"


register_snippet(NewsViewSetGroup)


# -- The report of imported pages to complete ----------------------------------------------
CHAPEAU_ORIGINS = {
    "paragraph": _("Chapeau taken from the first paragraph"),
    "text": _("Chapeau taken from the beginning of the text"),
    "title": _("Chapeau taken from the title"),
}


def to_complete(page):
    """What the import of ``page`` asks an editor to complete or check, one line each."""
    items = (page.import_metadata or {}).get("to_complete", {})
    lines = []
    if "chapeau" in items:
        chapeau = items["chapeau"]
        lines.append(
            _("%(origin)s: “%(text)s”")
            % {
                "origin": CHAPEAU_ORIGINS.get(chapeau.get("from"), CHAPEAU_ORIGINS["text"]),
                "text": chapeau.get("text", ""),
            }
        )
    if items.get("alt_text"):
        lines.append(
            _("Missing alternative text: %(files)s") % {"files": ", ".join(items["alt_text"])}
        )
    if items.get("kept_html"):
        count = items["kept_html"]
        lines.append(
            ngettext("Kept HTML: %(count)d block", "Kept HTML: %(count)d blocks", count)
            % {"count": count}
        )
    if items.get("missing_media"):
        lines.append(_("Missing files: %(files)s") % {"files": ", ".join(items["missing_media"])})
    return lines


class ToCompleteColumn(Column):
    """The list of what to complete, one item a line."""

    def get_value(self, instance):
        lines = to_complete(instance)
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((line,) for line in lines))
        )


class ImportedPagesReportView(ReportView):
    """Pages imported from the former site that an editor should complete or check: a chapeau
    made from their text, images without alternative text, HTML kept as is, files missing."""

    title = _("Imported pages to complete")
    header_icon = "doc-full"
    index_url_name = "news_imported_pages_report"
    index_results_url_name = "news_imported_pages_report_results"
    page_title = title
    columns = [
        TitleColumn(
            "title",
            label=_("Page"),
            get_url=lambda page: reverse("wagtailadmin_pages:edit", args=[page.pk]),
        ),
        Column("status_string", label=_("Status")),
        ToCompleteColumn("to_complete", label=_("To complete")),
    ]
    list_export = ["title", "url_path", "status_string", "to_complete_text"]
    export_headings = {
        "title": _("Page"),
        "url_path": _("Address"),
        "status_string": _("Status"),
        "to_complete_text": _("To complete"),
    }

    def get_queryset(self):
        # Every page type that may come from an import: the site's content pages too.
        pages = set()
        for model in apps.get_models():
            if issubclass(model, ImportedPageMixin) and issubclass(model, Page):
                pages.update(
                    model.objects.filter(import_metadata__has_key="to_complete").values_list(
                        "pk", flat=True
                    )
                )
        editable = PagePermissionPolicy().instances_user_has_permission_for(
            self.request.user, "change"
        )
        return editable.filter(pk__in=pages).specific().order_by("path")

    def decorate_paginated_queryset(self, object_list):
        for page in object_list:
            page.to_complete_text = "\n".join(str(line) for line in to_complete(page))
        return object_list


@hooks.register("register_admin_urls")
def register_report_urls():
    view = ImportedPagesReportView
    return [
        path("reports/imported-pages/", view.as_view(), name=view.index_url_name),
        path(
            "reports/imported-pages/results/",
            view.as_view(results_only=True),
            name=view.index_results_url_name,
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return MenuItem(
        _("Imported pages to complete"),
        reverse(ImportedPagesReportView.index_url_name),
        icon_name="doc-full",
        order=900,
    )
