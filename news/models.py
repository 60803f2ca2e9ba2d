"""Press releases ("communiqués de presse") and their index.

The fields mirror the front matter of the programme's Jekyll posts; docs/content-model.md maps
each front matter key to its field here and in the API.
"""

import posixpath
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, Site
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms.publishing.api.representations import AbsoluteRichTextFieldSerializer, TagSerializer
from cms.publishing.caching import fragments
from cms.publishing.fast_routing import EfficientRoutingMixin
from cms.publishing.importing.panels import ImportMetadataPanel
from cms.publishing.models import ImportedPageMixin
from cms.publishing.prepublication import PublicationCheckedPageForm
from cms.publishing.revisions import ChangedRevisionsMixin
from cms.publishing.visibility import public_pages
from editorial.blocks import BodyStreamBlock
from news.api import (
    AttachmentSerializer,
    HeroImageSerializer,
    NewsCategorySerializer,
    PressContactSerializer,
    RedirectTargetSerializer,
)
from news.feeds import PressReleaseAtomFeed, PressReleaseRSSFeed
from news.filters import ReleaseFilters
from news.forms import PressReleasePageForm


def validate_link(value):
    """Accept an absolute http(s) address or a path on this site ("/uploads/cp.pdf")."""
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc:
        return
    if not parts.scheme and not parts.netloc and value.startswith("/"):
        return
    raise ValidationError(
        _("Enter an address starting with https://, http:// or / (a path on this site)."),
        code="invalid_link",
    )


# Social networks' card size (1.91:1); feeds use the same rendition as enclosure.
SOCIAL_IMAGE_RENDITION = "fill-1200x630"

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 .()\-]{5,28}[0-9]$",
    message=_("Enter a phone number, e.g. 01 23 45 67 89 or +33 1 23 45 67 89."),
)


class PressContact(ClusterableModel):
    """A press officer named on releases ("contact presse"): name, phone numbers, email."""

    name = models.CharField(
        _("name"),
        max_length=255,
        help_text=_("A person or a service, e.g. “Service de presse de la DINUM”."),
    )
    email = models.EmailField(_("email"), blank=True, help_text=_("Shown as a mail link."))

    panels = [
        FieldPanel("name"),
        FieldPanel("email"),
        InlinePanel("phones", label=_("Phone numbers"), heading=_("Phone numbers")),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("press contact")
        verbose_name_plural = _("press contacts")

    def __str__(self):
        return self.name

    @property
    def phone_numbers(self):
        """The numbers in the editor's order."""
        return [phone.number for phone in self.phones.all()]


class PressContactPhone(Orderable):
    """One phone number of a press contact."""

    contact = ParentalKey(PressContact, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(
        _("phone number"),
        max_length=30,
        validators=[phone_validator],
        help_text=_("As readers dial it, e.g. 01 23 45 67 89."),
    )

    panels = [FieldPanel("number")]

    class Meta(Orderable.Meta):
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")

    def __str__(self):
        return self.number


class NewsCategory(models.Model):
    """A kind of news item, e.g. "Communiqué de presse"; it may bring a default press contact."""

    name = models.CharField(
        _("name"), max_length=100, unique=True, help_text=_("E.g. “Communiqué de presse”.")
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("Used in addresses; filled in from the name when left empty."),
    )
    default_press_contact = models.ForeignKey(
        PressContact,
        verbose_name=_("default press contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown on releases of this category that name no contact of their own."),
    )
    requires_press_contact = models.BooleanField(
        _("requires a press contact"),
        default=False,
        help_text=_(
            "Releases of this category (press releases proper) cannot be published or submitted "
            "without a press contact, their own or this category's default."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("default_press_contact"),
        FieldPanel("requires_press_contact"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:100]
        super().save(*args, **kwargs)


class PressReleaseTag(TaggedItemBase):
    """Links a press release to a (free) tag."""

    content_object = ParentalKey(
        "news.PressReleasePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsIndexPage(RoutablePageMixin, EfficientRoutingMixin, ChangedRevisionsMixin, Page):
    """The "Actualités" page: lists its press releases, newest first, with their feeds.

    It declares no parent types so that any site can place it where its own page types allow.
    Its feeds are at ``flux/rss/`` and ``flux/atom/`` below it, filtered like the list by
    ``?tag=`` and ``?category=``.
    """

    base_form_class = PublicationCheckedPageForm

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A few words shown above the list of press releases."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["news.PressReleasePage"]
    page_size = 12
    feed_size = 30

    api_fields = [APIField("intro", serializer=AbsoluteRichTextFieldSerializer())]

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def published_releases(self):
        return PressReleasePage.objects.child_of(self).published()

    def press_releases(self, tag=None, category=None, year=None):
        filters = ReleaseFilters(self, tag=tag or "", category=category or "", year=year)
        return filters.apply(self.published_releases()).for_listing()

    def filter_choices(self):
        """The tags, categories and years that the published releases use, for the filters;
        they change only with a publication (``cms.publishing.caching.fragments``)."""
        return fragments.cached("news-filters", [self.pk], self._filter_choices)

    def _filter_choices(self):
        releases = self.published_releases()
        return {
            "tags": list(releases.used_tags()),
            "categories": list(releases.used_categories()),
            "years": releases.years(),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = ReleaseFilters.from_query(self, request.GET)
        releases = filters.apply(self.published_releases()).for_listing()
        paginator = Paginator(releases, self.page_size)
        releases = paginator.get_page(request.GET.get("page"))
        releases.pages_list = list(
            paginator.get_elided_page_range(releases.number, on_each_side=1, on_ends=1)
        )
        context.update(
            filters=filters,
            filter_choices=filters.choices,
            press_releases=releases,
        )
        return context

    def get_cached_paths(self):
        # Frontend caches purge the feeds with the list when a release is (un)published.
        return ["/", "/flux/rss/", "/flux/atom/"]

    @path("")
    def list_view(self, request):
        return self.render(request)

    @path("flux/rss/", name="rss_feed")
    def rss_feed(self, request):
        return PressReleaseRSSFeed()(request, index=self)

    @path("flux/atom/", name="atom_feed")
    def atom_feed(self, request):
        return PressReleaseAtomFeed()(request, index=self)


class PressReleasePageQuerySet(PageQuerySet):
    def published(self):
        """What readers may see (live, public, not expired), newest first."""
        return public_pages(self).order_by("-date", "-pk")

    def for_listing(self):
        """Fetch in a few queries what a list of press releases shows."""
        return self.prefetch_related("tags", "categories", "hero_images__image__renditions")

    # What these releases are filed under (facets), e.g. for the filters of a list of the
    # public ones: one query each.

    def used_tags(self):
        releases = self.values("pk")
        return (
            Tag.objects.filter(news_pressreleasetag_items__content_object__in=releases)
            .distinct()
            .order_by("name")
        )

    def used_categories(self):
        releases = self.values("pk")
        return NewsCategory.objects.filter(press_releases__in=releases).distinct().order_by("name")

    def years(self):
        """Years of the release dates (Paris time), latest first."""
        releases = PressReleasePage.objects.filter(pk__in=self.values("pk"))
        return [moment.year for moment in releases.datetimes("date", "year", order="DESC")]


class PressReleasePage(EfficientRoutingMixin, ImportedPageMixin, ChangedRevisionsMixin, Page):  # noqa: DJ008 - Page gives __str__
    """A press release ("communiqué de presse") or news article of the programme."""

    base_form_class = PressReleasePageForm

    # Required to publish, not in drafts: an imported release whose source gives no date is
    # kept as a draft without one rather than dated on the day of its import.
    date = models.DateTimeField(
        _("date"),
        default=timezone.now,
        null=True,
        db_index=True,
        help_text=_(
            "The date shown on the release, in Paris time. It does not schedule publication: "
            "to publish later, set a go-live date from the Status side panel."
        ),
    )
    chapeau = models.TextField(
        _("lead"),
        help_text=_(
            "The “chapeau”: one to three sentences that sum up the release, shown under the "
            "title, in lists and when the release is shared."
        ),
    )
    body = StreamField(
        BodyStreamBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("The text of the release: paragraphs, headings, boxes, quotes, links…"),
    )
    tags = ClusterTaggableManager(
        verbose_name=_("tags"),
        through=PressReleaseTag,
        blank=True,
        help_text=_("Topics of the release, e.g. “datascience”; separate them with commas."),
    )
    categories = ParentalManyToManyField(
        NewsCategory,
        verbose_name=_("categories"),
        blank=True,
        related_name="press_releases",
        help_text=_("Categories are managed in the “News” menu."),
    )
    author = models.CharField(
        _("author"), max_length=255, blank=True, help_text=_("Optional signature.")
    )
    press_contact = models.ForeignKey(
        PressContact,
        verbose_name=_("press contact"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="press_releases",
        help_text=_("Leave empty to use the default contact of the release's category."),
    )
    media_on_request = models.BooleanField(
        _("photos and contacts on request"),
        default=True,
        help_text=_(
            "Adds “Des photos et contacts pour témoignages peuvent être transmis sur demande.”"
        ),
    )

    link_url = models.CharField(
        _("redirect link"),
        max_length=500,
        blank=True,
        validators=[validate_link],
        help_text=_(
            "Only for a news item published elsewhere: lists and feeds link to this address "
            "(https://… or a path on this site starting with /), and the item's own address "
            "sends readers there."
        ),
    )

    objects = PageManager.from_queryset(PressReleasePageQuerySet)()

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("chapeau"),
        FieldPanel("body"),
        FieldPanel("link_url"),
    ]
    media_panels = [
        InlinePanel(
            "hero_images",
            heading=_("Hero image or slideshow"),
            label=_("Image"),
            help_text=_("One image is shown as the hero image, several as a slideshow."),
        ),
        InlinePanel(
            "attachments",
            heading=_("Attachments"),
            label=_("Attachment"),
            help_text=_("Files to download, e.g. the release as a PDF."),
        ),
    ]
    classification_panels = [
        FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        MultiFieldPanel(
            [FieldPanel("press_contact"), FieldPanel("media_on_request"), FieldPanel("author")],
            heading=_("Press contact"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(media_panels, heading=_("Media")),
            ObjectList(classification_panels, heading=_("Classification and contact")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Publishing")),
            ObjectList([ImportMetadataPanel()], heading=_("Import")),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("chapeau"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    api_fields = [
        APIField("date"),
        APIField("chapeau"),
        APIField("body"),
        APIField("tags", serializer=TagSerializer(many=True, source="tags.all")),
        APIField("categories", serializer=NewsCategorySerializer(many=True)),
        APIField("hero_images", serializer=HeroImageSerializer(many=True)),
        APIField("attachments", serializer=AttachmentSerializer(many=True)),
        APIField("author"),
        APIField("press_contact", serializer=PressContactSerializer()),
        APIField("media_on_request"),
        APIField("redirect_to", serializer=RedirectTargetSerializer(source="link_url")),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")

    @classmethod
    def route_queryset(cls, queryset):
        """A release with everything its page shows: one query per relation."""
        return queryset.select_related("press_contact").prefetch_related(
            "tags",
            Prefetch("categories", NewsCategory.objects.select_related("default_press_contact")),
            Prefetch("hero_images", PressReleaseHeroImage.objects.select_related("image")),
            Prefetch("attachments", PressReleaseAttachment.objects.select_related("document")),
            "press_contact__phones",
        )

    def serve(self, request, *args, **kwargs):
        # A redirect item's page is only its card's target. Temporary (302): editors may
        # change or clear the link, and browsers would remember a permanent one for good; the
        # former site's address of the item is the permanent redirect (to this page).
        if self.link_url and not getattr(request, "is_preview", False):
            return redirect(self.link_url)
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        # A redirect is no page to index: search engines follow the target's own sitemap.
        return [] if self.link_url else super().get_sitemap_urls(request)

    @cached_property
    def effective_press_contact(self):
        """The release's own contact, or else the default contact of its first category."""
        if self.press_contact_id:
            return self.press_contact
        for category in self.categories.all():
            if category.default_press_contact_id:
                return category.default_press_contact
        return None

    @property
    def hero_image(self):
        """The first hero image, used in lists, feeds and social cards."""
        items = list(self.hero_images.all())
        return items[0] if items else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["canonical_url"] = self.get_full_url(request)
        context["structured_data"] = self.structured_data(request)
        return context

    def structured_data(self, request):
        """The release as a schema.org ``NewsArticle``, for search engines (JSON-LD)."""
        site = Site.find_for_request(request)
        publisher = (site.site_name if site else "") or self.get_site().site_name
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title,
            "description": self.chapeau,
            "datePublished": self.date,
            "dateModified": self.last_published_at or self.date,
            "url": self.get_full_url(request),
            "mainEntityOfPage": self.get_full_url(request),
            "inLanguage": "fr",
            "keywords": [tag.name for tag in self.tags.all()],
            "publisher": {"@type": "Organization", "name": publisher},
            "author": (
                {"@type": "Person", "name": self.author}
                if self.author
                else {"@type": "Organization", "name": publisher}
            ),
        }
        image = self.social_image()
        if image is not None:
            data["image"] = [request.build_absolute_uri(image.url)]
        return data

    def social_image(self):
        """The rendition of the hero image that feeds and social cards share, or None."""
        hero = self.hero_image
        return hero.image.get_rendition(SOCIAL_IMAGE_RENDITION) if hero else None


class PressReleaseHeroImage(Orderable):
    """An image of a release's hero ("une"); several of them make a slideshow ("diaporama")."""

    page = ParentalKey(PressReleasePage, on_delete=models.CASCADE, related_name="hero_images")
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("At least 1200 pixels wide; it is cropped to fit lists and cards."),
    )
    alt_text = models.CharField(
        _("alternative text"),
        max_length=255,
        blank=True,
        help_text=_(
            "What the image shows, for people who cannot see it "
            "(“alternative textuelle”). Do not start with “Image de”. "
            "Required unless the image is decorative."
        ),
    )
    decorative = models.BooleanField(
        _("decorative image"),
        default=False,
        help_text=_(
            "The image adds nothing to the text (“image décorative”): screen readers skip it "
            "and it needs no alternative text."
        ),
    )
    caption = models.CharField(
        _("caption"), max_length=255, blank=True, help_text=_("Shown under the image.")
    )

    panels = [
        FieldPanel("image"),
        FieldPanel("alt_text"),
        FieldPanel("decorative"),
        FieldPanel("caption"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("hero image")
        verbose_name_plural = _("hero images")

    def clean(self):
        super().clean()
        if not self.decorative and not self.alt_text.strip():
            raise ValidationError(
                {
                    "alt_text": _(
                        "Describe the image, or mark it as decorative if it adds nothing "
                        "to the text."
                    )
                }
            )

    @property
    def alt(self):
        """The image's ``alt`` attribute: empty for a decorative image, as the RGAA asks."""
        return "" if self.decorative else self.alt_text


class PressReleaseAttachment(Orderable):
    """A file to download with a release: a document of the library or an address."""

    page = ParentalKey(PressReleasePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A file of the document library, e.g. the release as a PDF."),
    )
    url = models.CharField(
        _("address"),
        max_length=500,
        blank=True,
        validators=[validate_link],
        help_text=_("Instead of a document: an address starting with https:// or /."),
    )
    label = models.CharField(
        _("label"),
        max_length=255,
        blank=True,
        help_text=_(
            "E.g. “Télécharger le communiqué de presse”. Defaults to the document's title."
        ),
    )

    panels = [FieldPanel("document"), FieldPanel("url"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def clean(self):
        super().clean()
        if self.document_id and self.url:
            raise ValidationError({"url": _("Choose a document or enter an address, not both.")})
        if not self.document_id and not self.url:
            raise ValidationError({"document": _("Choose a document or enter an address.")})

    @property
    def href(self):
        return self.document.url if self.document_id else self.url

    @property
    def display_label(self):
        if self.label:
            return self.label
        if self.document_id:
            return self.document.title
        return posixpath.basename(urlsplit(self.url).path) or self.url

    @property
    def file_extension(self):
        if self.document_id:
            return self.document.file_extension.lower()
        return posixpath.splitext(urlsplit(self.url).path)[1].lstrip(".").lower()

    @property
    def file_size(self):
        """Size in bytes of a library document; unknown for an address."""
        if self.document_id:
            return self.document.get_file_size()
        return None
