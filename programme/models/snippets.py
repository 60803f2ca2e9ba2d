"""The people and organisations of the programme, entered once and chosen from pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.models import Orderable
from wagtail.search import index


class Administration(index.Indexed, models.Model):
    """A host administration ("administration d'accueil"): a ministry, an agency, a court..."""

    name = models.CharField(
        _("name"),
        max_length=255,
        unique=True,
        help_text=_("Its full name, e.g. “Agence centrale des organismes de sécurité sociale”."),
    )
    acronym = models.CharField(
        _("acronym"), max_length=40, blank=True, help_text=_("E.g. “ACOSS”.")
    )
    ministry = models.CharField(
        _("ministry"),
        max_length=255,
        blank=True,
        help_text=_("The ministry it reports to, when it is not a ministry itself."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Its name is used as the logo's alternative text."),
    )
    website = models.URLField(_("website"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("acronym"),
        FieldPanel("ministry"),
        FieldPanel("logo"),
        FieldPanel("website"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("acronym"),
        index.AutocompleteField("name"),
    ]
    api_fields = [APIField("name"), APIField("acronym"), APIField("ministry"), APIField("website")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("administration")
        verbose_name_plural = _("administrations")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Profile(models.TextChoices):
    DATA = "data", _("Data science")
    DEVELOPMENT = "development", _("Development")
    DESIGN = "design", _("Design")


class Entrepreneur(index.Indexed, ClusterableModel):
    """An entrepreneur of general interest ("EIG"), member of one or more défis' teams."""

    name = models.CharField(_("name"), max_length=255)
    profile = models.CharField(
        _("profile"),
        max_length=20,
        choices=Profile.choices,
        blank=True,
        help_text=_("The entrepreneur's field of expertise."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    photo_alt = models.CharField(
        _("photo alternative text"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty when the photo only shows the person named next to it."),
    )
    bio = models.TextField(_("biography"), blank=True, help_text=_("A few sentences."))

    panels = [
        FieldPanel("name"),
        FieldPanel("profile"),
        FieldPanel("photo"),
        FieldPanel("photo_alt"),
        FieldPanel("bio"),
        InlinePanel("links", heading=_("Links"), label=_("Link")),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    api_fields = [APIField("name"), APIField("profile"), APIField("bio"), APIField("links")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("entrepreneur")
        verbose_name_plural = _("entrepreneurs")

    def __str__(self):
        return self.name


class EntrepreneurLink(Orderable):
    """A page about an entrepreneur elsewhere: a portfolio, a code forge, a network."""

    entrepreneur = ParentalKey(Entrepreneur, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(_("label"), max_length=100, help_text=_("E.g. “GitHub”."))
    url = models.URLField(_("address"))

    panels = [FieldPanel("label"), FieldPanel("url")]
    api_fields = [APIField("label"), APIField("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("link")
        verbose_name_plural = _("links")


class MentorKind(models.TextChoices):
    OPERATIONAL = "operational", _("Operational")
    STRATEGIC = "strategic", _("Strategic")


class Mentor(index.Indexed, models.Model):
    """An agent of a host administration who guides a défi's team."""

    name = models.CharField(_("name"), max_length=255)
    role = models.CharField(_("role"), max_length=255, blank=True, help_text=_("Their position."))
    administration = models.ForeignKey(
        Administration,
        verbose_name=_("administration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentors",
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=MentorKind.choices,
        blank=True,
        help_text=_(
            "An operational mentor works with the team every day; a strategic mentor "
            "supports the challenge in the administration's management."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("administration"),
        FieldPanel("kind"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    api_fields = [APIField("name"), APIField("role"), APIField("kind")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")

    def __str__(self):
        return self.name


class JuryMember(index.Indexed, models.Model):
    """A member of the jury that selects a promotion's entrepreneurs."""

    name = models.CharField(_("name"), max_length=255)
    role = models.CharField(
        _("role"),
        max_length=255,
        blank=True,
        help_text=_("Position and organisation, e.g. “Directrice, Etalab”."),
    )

    panels = [FieldPanel("name"), FieldPanel("role")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    api_fields = [APIField("name"), APIField("role")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("jury member")
        verbose_name_plural = _("jury members")

    def __str__(self):
        return self.name
