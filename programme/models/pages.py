"""The programme's pages: the programme, its promotions, their défis, and calls.

Each fact is entered once: a promotion's figures (défis, entrepreneurs) are counted from its
défis and teams, and a call's status comes from its dates and the current time.
"""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.publishing.api.representations import TagSerializer
from cms.publishing.fast_routing import EfficientRoutingMixin
from cms.publishing.importing.panels import ImportMetadataPanel
from cms.publishing.models import ImportedPageMixin
from cms.publishing.prepublication import PublicationCheckedPageForm
from cms.publishing.revisions import ChangedRevisionsMixin
from cms.publishing.visibility import public_pages
from programme.api import (
    AchievementImageSerializer,
    AdministrationSerializer,
    ChallengeMentorSerializer,
    ChallengeTeamMemberSerializer,
    DocumentSerializer,
    FiguresSerializer,
    LogoSerializer,
    PromotionSummarySerializer,
)
from programme.blocks import ChallengeFiguresStreamBlock, ProgrammeStreamBlock
from programme.models.snippets import Administration, Entrepreneur, JuryMember, Mentor


class ProgrammePage(EfficientRoutingMixin, ChangedRevisionsMixin, Page):
    """The programme's landing page: its ambition and principles; promotions and calls below."""

    base_form_class = PublicationCheckedPageForm

    intro = models.TextField(
        _("ambition"), blank=True, help_text=_("The programme's ambition, in a sentence or two.")
    )
    body = StreamField(
        ProgrammeStreamBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("Principles, how it works, links…"),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = [
        APIField("intro"),
        APIField("body"),
        APIField("figures", serializer=FiguresSerializer()),
    ]

    subpage_types = ["programme.PromotionPage", "programme.CallPage"]

    class Meta:
        verbose_name = _("programme page")
        verbose_name_plural = _("programme pages")

    def promotions(self):
        return public_pages(PromotionPage.objects.child_of(self)).order_by("-start_date", "-number")

    def calls(self):
        return public_pages(CallPage.objects.child_of(self)).order_by("-opens_at")

    @cached_property
    def figures(self):
        challenges = public_pages(ChallengePage.objects.descendant_of(self))
        return {
            "promotions": self.promotions().count(),
            "challenges": challenges.count(),
            "entrepreneurs": ChallengeTeamMember.objects.filter(page__in=challenges)
            .values("entrepreneur")
            .distinct()
            .count(),
        }

    def figure_items(self):
        """(figure, label) pairs of the programme's figures, in French."""
        figures = self.figures
        return [
            (str(count), label)
            for count, label in (
                (figures["promotions"], ngettext("promotion", "promotions", figures["promotions"])),
                (figures["challenges"], ngettext("challenge", "challenges", figures["challenges"])),
                (
                    figures["entrepreneurs"],
                    ngettext("entrepreneur", "entrepreneurs", figures["entrepreneurs"]),
                ),
            )
        ]


class PromotionJuryMember(Orderable):
    """A member of a promotion's jury."""

    page = ParentalKey("programme.PromotionPage", on_delete=models.CASCADE, related_name="jury")
    member = models.ForeignKey(
        JuryMember, verbose_name=_("jury member"), on_delete=models.PROTECT, related_name="+"
    )

    panels = [FieldPanel("member")]

    class Meta(Orderable.Meta):
        verbose_name = _("jury member")
        verbose_name_plural = _("jury")


class PromotionPage(EfficientRoutingMixin, ImportedPageMixin, ChangedRevisionsMixin, Page):
    """A promotion: a year's entrepreneurs and their défis, which are its children."""

    base_form_class = PublicationCheckedPageForm

    number = models.PositiveSmallIntegerField(
        _("number"),
        null=True,
        blank=True,
        help_text=_("1 for the first promotion, 2 for the second… Empty for a special one."),
    )
    short_name = models.CharField(
        _("short name"), max_length=40, blank=True, help_text=_("E.g. “EIG 3” or “DIG”.")
    )
    start_date = models.DateField(_("start date"), help_text=_("The day the entrepreneurs start."))
    duration_months = models.PositiveSmallIntegerField(
        _("duration in months"), default=10, help_text=_("Usually 10 months.")
    )
    monthly_pay = models.PositiveIntegerField(
        _("monthly pay"), null=True, blank=True, help_text=_("In euros, net, per month: 4000.")
    )
    applicants_count = models.PositiveIntegerField(_("number of applicants"), null=True, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(ProgrammeStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("number"), FieldPanel("short_name")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("duration_months")]),
                FieldRowPanel([FieldPanel("monthly_pay"), FieldPanel("applicants_count")]),
            ],
            heading=_("The promotion"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("jury", heading=_("Jury"), label=_("Jury member")),
    ]
    promote_panels = Page.promote_panels + [ImportMetadataPanel(heading=_("Import"))]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = [
        APIField("number"),
        APIField("short_name"),
        APIField("start_date"),
        APIField("duration_months"),
        APIField("monthly_pay"),
        APIField("applicants_count"),
        APIField("intro"),
        APIField("body"),
        APIField("figures", serializer=FiguresSerializer()),
        APIField("jury_members"),
    ]

    parent_page_types = ["programme.ProgrammePage"]
    subpage_types = ["programme.ChallengePage"]

    class Meta:
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")

    def challenges(self):
        return (
            public_pages(ChallengePage.objects.child_of(self))
            .order_by("title")
            .select_related("administration", "logo")
            .prefetch_related("logo__renditions")
        )

    @property
    def jury_members(self):
        return [{"name": item.member.name, "role": item.member.role} for item in self.jury.all()]

    @cached_property
    def figures(self):
        """What the promotion's pages and feeds show, counted from its défis and teams."""
        challenges = self.challenges()
        programme = self.get_parent()
        return {
            "challenges": challenges.count(),
            "entrepreneurs": ChallengeTeamMember.objects.filter(page__in=challenges)
            .values("entrepreneur")
            .distinct()
            .count(),
            "duration_months": self.duration_months,
            "monthly_pay": self.monthly_pay,
            "applicants": self.applicants_count,
            "promotions": public_pages(PromotionPage.objects.child_of(programme)).count()
            if programme
            else None,
        }

    def figure_items(self, names=None):
        """(figure, label) pairs for a key figures display, in French."""
        figures = self.figures
        names = names or ["challenges", "entrepreneurs", "duration", "pay"]
        items = []
        for name in names:
            if name == "challenges":
                count = figures["challenges"]
                items.append(
                    (
                        str(count),
                        ngettext("public-interest challenge", "public-interest challenges", count),
                    )
                )
            elif name == "entrepreneurs":
                count = figures["entrepreneurs"]
                items.append((str(count), ngettext("entrepreneur", "entrepreneurs", count)))
            elif name == "duration":
                items.append(
                    (_("%(count)d months") % {"count": figures["duration_months"]}, _("of mission"))
                )
            elif name == "pay" and figures["monthly_pay"]:
                items.append((f"{intcomma(figures['monthly_pay'])} €", _("net per month")))
            elif name == "applicants" and figures["applicants"]:
                count = figures["applicants"]
                items.append((str(count), ngettext("applicant", "applicants", count)))
            elif name == "promotions" and figures["promotions"]:
                count = figures["promotions"]
                items.append((str(count), ngettext("promotion", "promotions", count)))
        return items


class ChallengeTheme(TaggedItemBase):
    """Links a défi to a theme (data, web, design, santé...)."""

    content_object = ParentalKey(
        "programme.ChallengePage", on_delete=models.CASCADE, related_name="tagged_themes"
    )


class ChallengePage(EfficientRoutingMixin, ImportedPageMixin, ChangedRevisionsMixin, Page):
    """A défi ("challenge"): the problem an administration brings, and the team that solves it."""

    base_form_class = PublicationCheckedPageForm

    administration = models.ForeignKey(
        Administration,
        verbose_name=_("host administration"),
        null=True,
        blank=False,
        on_delete=models.PROTECT,
        related_name="challenges",
        help_text=_("The administration that hosts the team."),
    )
    summary = models.TextField(
        _("summary"), help_text=_("The challenge in one sentence, e.g. “Lutter contre la fraude”.")
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown on the challenge's page and its card; its title is used as the logo's "
            "alternative text."
        ),
    )
    body = StreamField(ProgrammeStreamBlock(), verbose_name=_("description"), blank=True)
    themes = ClusterTaggableManager(
        verbose_name=_("themes"),
        through=ChallengeTheme,
        blank=True,
        help_text=_("E.g. “data”, “design”, “santé”."),
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration in months"),
        null=True,
        blank=True,
        help_text=_("Leave empty when it is the promotion's."),
    )
    service_url = models.URLField(
        _("service"), blank=True, help_text=_("The service the team built.")
    )
    source_code_url = models.URLField(_("source code"), blank=True)
    poster_url = models.URLField(_("poster"), blank=True, help_text=_("The end-of-project poster."))
    key_figures = StreamField(
        ChallengeFiguresStreamBlock(),
        verbose_name=_("key figures"),
        blank=True,
        help_text=_("What the team achieved, e.g. “1000 utilisateurs uniques”."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("administration"),
        FieldPanel("summary"),
        FieldPanel("logo"),
        FieldPanel("themes"),
        FieldPanel("body"),
        InlinePanel("team", heading=_("Team"), label=_("Entrepreneur")),
        InlinePanel("mentorships", heading=_("Mentors"), label=_("Mentor")),
        MultiFieldPanel(
            [FieldPanel("service_url"), FieldPanel("source_code_url"), FieldPanel("poster_url")],
            heading=_("Outcome"),
        ),
        FieldPanel("key_figures"),
        InlinePanel("videos", heading=_("Videos"), label=_("Video")),
        InlinePanel("achievements", heading=_("Achievements"), label=_("Achievement")),
        FieldPanel("duration_months"),
    ]
    promote_panels = Page.promote_panels + [ImportMetadataPanel(heading=_("Import"))]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields(
            "administration", [index.SearchField("name"), index.SearchField("acronym")]
        ),
    ]
    api_fields = [
        APIField("administration", serializer=AdministrationSerializer()),
        APIField("summary"),
        APIField("logo", serializer=LogoSerializer(source="*")),
        APIField("body"),
        APIField("themes", serializer=TagSerializer(many=True, source="themes.all")),
        APIField("promotion", serializer=PromotionSummarySerializer(source="get_promotion")),
        APIField("duration"),
        APIField("team", serializer=ChallengeTeamMemberSerializer(many=True)),
        APIField("mentorships", serializer=ChallengeMentorSerializer(many=True)),
        APIField("service_url"),
        APIField("source_code_url"),
        APIField("poster_url"),
        APIField("key_figures"),
        APIField("videos"),
        APIField("achievements"),
    ]

    parent_page_types = ["programme.PromotionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")

    def get_promotion(self):
        parent = self.get_parent()
        return parent.specific if parent else None

    def achievement_items(self):
        """The achievements with their images and renditions, in one query each."""
        return self.achievements.select_related("image").prefetch_related("image__renditions")

    @property
    def duration(self):
        promotion = self.get_promotion()
        fallback = promotion.duration_months if isinstance(promotion, PromotionPage) else None
        return self.duration_months or fallback


class ChallengeTeamMember(Orderable):
    """An entrepreneur of a défi's team."""

    page = ParentalKey(ChallengePage, on_delete=models.CASCADE, related_name="team")
    entrepreneur = models.ForeignKey(
        Entrepreneur, verbose_name=_("entrepreneur"), on_delete=models.PROTECT, related_name="teams"
    )

    panels = [FieldPanel("entrepreneur")]

    class Meta(Orderable.Meta):
        verbose_name = _("team member")
        verbose_name_plural = _("team")


class ChallengeMentor(Orderable):
    """A mentor of a défi."""

    page = ParentalKey(ChallengePage, on_delete=models.CASCADE, related_name="mentorships")
    mentor = models.ForeignKey(
        Mentor, verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="mentorships"
    )

    panels = [FieldPanel("mentor")]

    class Meta(Orderable.Meta):
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")


class ChallengeVideo(Orderable):
    """A video about a défi, e.g. its end-of-project presentation."""

    page = ParentalKey(ChallengePage, on_delete=models.CASCADE, related_name="videos")
    url = models.URLField(
        _("video address"), help_text=_("The video's page on Dailymotion, YouTube…")
    )
    title = models.CharField(_("title"), max_length=255, help_text=_("Describes the video."))
    featured = models.BooleanField(_("shown on the page"), default=True)

    panels = [FieldPanel("url"), FieldPanel("title"), FieldPanel("featured")]
    api_fields = [APIField("url"), APIField("title"), APIField("featured")]

    class Meta(Orderable.Meta):
        verbose_name = _("video")
        verbose_name_plural = _("videos")


class ChallengeAchievement(Orderable):
    """Something a défi's team delivered, shown with a picture."""

    page = ParentalKey(ChallengePage, on_delete=models.CASCADE, related_name="achievements")
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("image alternative text"),
        max_length=255,
        blank=True,
        help_text=_(
            "What the image shows, for people who cannot see it (“alternative textuelle”). "
            "Leave empty when it only illustrates the title."
        ),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
    ]
    api_fields = [
        APIField("title"),
        APIField("description"),
        APIField("image", serializer=AchievementImageSerializer(source="*")),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")


class Audience(models.TextChoices):
    TALENTS = "talents", _("Digital talents (call for applications)")
    ADMINISTRATIONS = "administrations", _("Administrations (call for projects)")


class CallStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CallCriterion(Orderable):
    """A selection criterion of a call."""

    page = ParentalKey("programme.CallPage", on_delete=models.CASCADE, related_name="criteria")
    text = models.CharField(_("criterion"), max_length=500)

    panels = [FieldPanel("text")]
    api_fields = [APIField("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("selection criterion")
        verbose_name_plural = _("selection criteria")


class CallPage(EfficientRoutingMixin, ChangedRevisionsMixin, Page):
    """A call for applications (talents) or for projects (administrations).

    Whether it is upcoming, open or closed follows from its dates: there is nothing to tick.
    """

    base_form_class = PublicationCheckedPageForm

    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    promotion = models.ForeignKey(
        PromotionPage,
        verbose_name=_("promotion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
        help_text=_("The promotion it recruits for."),
    )
    opens_at = models.DateTimeField(_("opens at"), help_text=_("Paris time."))
    closes_at = models.DateTimeField(_("closes at"), help_text=_("Paris time."))
    information_meeting_at = models.DateTimeField(_("information meeting"), null=True, blank=True)
    information_meeting_url = models.URLField(
        _("information meeting address"), blank=True, help_text=_("To register or to join.")
    )
    apply_url = models.URLField(
        _("application address"),
        blank=True,
        help_text=_("Shown as a button while the call is open."),
    )
    rules_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("rules"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(ProgrammeStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("audience"),
        FieldPanel("promotion"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Dates")),
        FieldRowPanel(
            [FieldPanel("information_meeting_at"), FieldPanel("information_meeting_url")],
            heading=_("Information meeting"),
        ),
        FieldPanel("apply_url"),
        FieldPanel("intro"),
        InlinePanel("criteria", heading=_("Selection criteria"), label=_("Criterion")),
        FieldPanel("rules_document"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = [
        APIField("audience"),
        APIField("promotion", serializer=PromotionSummarySerializer()),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("status"),
        APIField("information_meeting_at"),
        APIField("information_meeting_url"),
        APIField("apply_url"),
        APIField("criteria"),
        APIField("rules_document", serializer=DocumentSerializer()),
        APIField("intro"),
        APIField("body"),
    ]

    parent_page_types = ["programme.ProgrammePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The call must close after it opens.")})

    def status_at(self, moment):
        if moment < self.opens_at:
            return CallStatus.UPCOMING
        if moment < self.closes_at:
            return CallStatus.OPEN
        return CallStatus.CLOSED

    @property
    def status(self):
        return self.status_at(timezone.now())

    @property
    def is_open(self):
        return self.status == CallStatus.OPEN

    def get_status_display(self):
        return CallStatus(self.status).label
