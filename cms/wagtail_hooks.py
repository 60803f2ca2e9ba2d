from django.utils.translation import gettext_lazy as _
from dsfr.models import DsfrConfig
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet


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
