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

from cms.forms import PublicationCheckedPageForm
from cms.revisions import ChangedRevisionsMixin
from cms.routing import EfficientRoutingMixin
from news.models import ImportedPageMixin, PressReleasePage
from news.panels import ImportMetadataPanel
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
    subpage_types = ["news.NewsIndexPage", "programme.ProgrammePage", "cms.ContentPage"]
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


@register_setting(icon="list-ul")
class FooterSettings(BaseSiteSetting):
    """The pages that the footer's mandatory links point to (RGAA and legal obligations)."""

    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        help_text=_("The page of the accessibility statement (RGAA)."),
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    legal_notice_page = models.ForeignKey(
        "wagtailcore.Page",
        help_text=_("The page of the legal notice (“mentions légales”)."),
        verbose_name=_("legal notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    personal_data_page = models.ForeignKey(
        "wagtailcore.Page",
        help_text=_("The page on personal data and cookies."),
        verbose_name=_("personal data"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("accessibility_page"),
        FieldPanel("legal_notice_page"),
        FieldPanel("personal_data_page"),
    ]

    class Meta:
        verbose_name = _("footer links")
