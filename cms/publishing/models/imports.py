"""Import bookkeeping that every importer shares (see ``cms.publishing.importing``)."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedPageMixin(models.Model):
    """A page that may come from an importer, which keeps here what it could not map (shown to
    editors by ``importing.panels.ImportMetadataPanel``)."""

    import_metadata = models.JSONField(
        _("import data"),
        default=dict,
        blank=True,
        encoder=DjangoJSONEncoder,
        help_text=_(
            "What the import of the former site's file brought that has no field here: "
            "unknown front matter keys, missing files, warnings."
        ),
    )

    class Meta:
        abstract = True


class ImportRecord(models.Model):
    """The source file a page was imported from: a second import updates it, never duplicates."""

    source = models.CharField(_("source file"), max_length=500, unique=True)
    # Several sources may feed one page (a promotion: the site's data and a file of facts).
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="import_records",
    )
    checksum = models.CharField(_("checksum"), max_length=64)
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("imported revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        db_table = "news_importrecord"
        verbose_name = _("import record")
        verbose_name_plural = _("import records")

    def __str__(self):
        return self.source
