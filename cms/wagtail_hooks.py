"""The site in the admin: its header and footer settings, the editors' guide, its style."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from dsfr.models import DsfrConfig
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.editor_guide import EditorGuideView


class SiteConfigViewSet(SnippetViewSet):
    """Edits django-dsfr's site configuration (title, tagline, notice, footer) in Wagtail."""

    model = DsfrConfig
    icon = "site"
    menu_label = _("Header and footer")
    add_to_settings_menu = True
    list_display = ["site_title", "language"]
    panels = [
        MultiFieldPanel(
            [FieldPanel("site_title"), FieldPanel("site_tagline"), FieldPanel("beta_tag")],
            heading=_("Site"),
        ),
        MultiFieldPanel(
            [FieldPanel("header_brand"), FieldPanel("header_brand_html")],
            heading=_("Header"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("notice_title"),
                FieldPanel("notice_description"),
                FieldPanel("notice_type"),
                FieldPanel("notice_link"),
            ],
            heading=_("Important notice"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("footer_brand"),
                FieldPanel("footer_brand_html"),
                FieldPanel("footer_description"),
                FieldPanel("accessibility_status"),
            ],
            heading=_("Footer"),
        ),
    ]


register_snippet(SiteConfigViewSet)


@hooks.register("register_admin_urls")
def register_editor_guide_url():
    return [path("guide/", EditorGuideView.as_view(), name="cms_editor_guide")]


@hooks.register("construct_help_menu")
def use_the_french_editor_guide(request, menu_items):
    """The help menu's guide is the site's own, in French; Wagtail's release notes (English,
    about Wagtail's new features) are left out."""
    for index, item in enumerate(menu_items):
        if item.name == "editor-guide":
            menu_items[index] = MenuItem(
                item.label,
                reverse("cms_editor_guide"),
                name=item.name,
                icon_name=item.icon_name,
                order=item.order,
            )
    menu_items[:] = [item for item in menu_items if not item.name.startswith("whats-new-")]


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))
