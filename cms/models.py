"""Page types of this site: its home page and generic content pages.

The reusable apps (news, programme) declare no parent types of their own; this module decides
where they go in this site's tree through ``subpage_types``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.publishing.fast_routing import EfficientRoutingMixin
from cms.publishing.importing.panels import ImportMetadataPanel
from cms.publishing.models import ImportedPageMixin
from cms.publishing.prepublication import PublicationCheckedPageForm
from cms.publishing.revisions import ChangedRevisionsMixin
from cms.publishing.visibility import public_pages
from news.models import PressReleasePage
from programme.blocks import ProgrammeStreamBlock


class HomePage(EfficientRoutingMixin, ChangedRevisionsMixin, Page):
    """The site's home page: an introduction and the latest press releases."""

    base_form_class = PublicationCheckedPageForm

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A sentence or two that present the programme, under the title."),
    )
    body = StreamField(
        ProgrammeStreamBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("Shown under the introduction, above the latest news."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "news.NewsIndexPage",
        "programme.ProgrammePage",
        "cms.ContentPage",
        "cms.SitemapPage",
    ]
    max_count = 1
    latest_count = 3

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def latest_press_releases(self):
        return (
            PressReleasePage.objects.descendant_of(self)
            .published()
            .for_listing()[: self.latest_count]
        )


class ContentPage(EfficientRoutingMixin, ImportedPageMixin, ChangedRevisionsMixin, Page):
    """A page of text: legal notices, accessibility statement, a programme presentation..."""

    base_form_class = PublicationCheckedPageForm

    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown under the title, in larger type.")
    )
    body = StreamField(
        ProgrammeStreamBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("The text of the page: paragraphs, headings, boxes, quotes, links…"),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    promote_panels = Page.promote_panels + [ImportMetadataPanel(heading=_("Import"))]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("body")]

    parent_page_types = ["cms.HomePage", "cms.ContentPage"]
    subpage_types = ["cms.ContentPage"]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")


class SitemapPage(EfficientRoutingMixin, ChangedRevisionsMixin, Page):
    """The "plan du site": every public page of the site as a tree, kept up to date by itself."""

    base_form_class = PublicationCheckedPageForm

    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown under the title, above the tree.")
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("site map")
        verbose_name_plural = _("site maps")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tree"] = self.public_tree(request)
        return context

    def public_tree(self, request):
        """The site's public pages (live, not expired, not private) as nested
        ``{"title", "url", "children"}`` dicts, in the order of the page tree."""
        site = self.get_site()
        if site is None:
            return []
        pages = public_pages(Page.objects.descendant_of(site.root_page, inclusive=True))
        nodes, roots = {}, []
        for page in pages.order_by("path").only("title", "path", "depth", "url_path"):
            node = {"title": page.title, "url": page.get_url(request), "children": []}
            nodes[page.path] = node
            # A page whose parent is not public is left out with it.
            parent = nodes.get(page.path[: -page.steplen])
            if parent is not None:
                parent["children"].append(node)
            elif page.path == site.root_page.path:
                roots.append(node)
        return roots


def footer_page(verbose_name, help_text):
    """A footer link's page: any page, chosen in the site's settings."""
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=verbose_name,
        help_text=help_text,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


@register_setting(icon="list-ul")
class FooterSettings(BaseSiteSetting):
    """The pages that the footer's mandatory links point to (RGAA and legal obligations)."""

    sitemap_page = footer_page(_("site map"), _("The site map (“plan du site”)."))
    accessibility_page = footer_page(
        _("accessibility statement"), _("The page of the accessibility statement (RGAA).")
    )
    legal_notice_page = footer_page(
        _("legal notice"), _("The page of the legal notice (“mentions légales”).")
    )
    personal_data_page = footer_page(_("personal data"), _("The page on personal data."))
    cookies_page = footer_page(
        _("cookie management"),
        _("The page on cookies (“gestion des cookies”), even when there are none."),
    )

    # The links of the footer's bottom list, in the DSFR's order, each with the field of its
    # page ("<link>_page").
    LINKS = ("sitemap", "accessibility", "legal_notice", "personal_data", "cookies")
    panels = [FieldPanel(f"{link}_page") for link in LINKS]

    class Meta:
        verbose_name = _("footer links")
