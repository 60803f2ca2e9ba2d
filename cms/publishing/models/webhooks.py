"""Webhooks: addresses told when pages are published, unpublished, updated or deleted."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page, get_page_models

from cms.publishing.webhooks.destinations import check_destination
from cms.publishing.webhooks.signing import MAX_KEY_BYTES, MIN_KEY_BYTES, new_secret, secret_key


class WebhookEvent(models.TextChoices):
    PUBLISHED = "published", _("Published")
    UPDATED = "updated", _("Updated (published again)")
    UNPUBLISHED = "unpublished", _("Unpublished")
    DELETED = "deleted", _("Deleted")


def page_content_types():
    return models.Q(
        pk__in=[
            ContentType.objects.get_for_model(model).pk
            for model in get_page_models()
            if model is not Page
        ]
    )


class WebhookEndpoint(models.Model):
    """An address that receives a signed notification when pages change.

    Receivers check the Standard Webhooks headers with their copy of the ``whsec_`` secret.
    """

    name = models.CharField(_("name"), max_length=100, help_text=_("Who receives it."))
    url = models.URLField(
        _("address"),
        max_length=500,
        help_text=_("An https:// address that accepts JSON sent with POST."),
    )
    secret = models.CharField(
        _("secret"),
        # Room for the secrets of the former scheme, converted (migration 0002): up to 100
        # characters of up to 4 bytes each, in base64.
        max_length=600,
        default=new_secret,
        help_text=_(
            "The whsec_… key that the receiver gives to its Standard Webhooks library to "
            "check each message's signature."
        ),
    )
    on_published = models.BooleanField(
        _("published"), default=True, help_text=_("A page goes live.")
    )
    on_updated = models.BooleanField(
        _("updated"), default=True, help_text=_("A live page is published again with changes.")
    )
    on_unpublished = models.BooleanField(_("unpublished"), default=True)
    on_deleted = models.BooleanField(_("deleted"), default=True)
    page_types = models.ManyToManyField(
        ContentType,
        verbose_name=_("page types"),
        blank=True,
        limit_choices_to=page_content_types,
        related_name="+",
        help_text=_("None chosen: every page type."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("url"),
        FieldPanel("secret"),
        MultiFieldPanel(
            [
                FieldPanel("on_published"),
                FieldPanel("on_updated"),
                FieldPanel("on_unpublished"),
                FieldPanel("on_deleted"),
                FieldPanel("page_types", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("What to send"),
        ),
        FieldPanel("is_active"),
    ]

    class Meta:
        db_table = "cms_webhookendpoint"
        ordering = ["name"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        for field, check in (("secret", self.check_secret), ("url", check_destination)):
            if getattr(self, field):
                try:
                    check(getattr(self, field))
                except ValidationError as error:
                    errors[field] = error.messages
        if errors:
            raise ValidationError(errors)

    def check_secret(self, secret):
        """A ``whsec_`` key of the specification's length (24 to 64 bytes)."""
        try:
            key = secret_key(secret)
        except ValueError as error:
            raise ValidationError(
                _(
                    "Enter a “whsec_…” key: whsec_ followed by the key in base64, as "
                    "Standard Webhooks libraries expect it."
                )
            ) from error
        # A short key carried over from the former scheme is kept while it is not changed:
        # editing the endpoint must not break its receiver.
        kept = (
            self.pk is not None
            and WebhookEndpoint.objects.filter(pk=self.pk, secret=secret).exists()
        )
        if not kept and not MIN_KEY_BYTES <= len(key) <= MAX_KEY_BYTES:
            raise ValidationError(
                _("The key must be %(min)s to %(max)s bytes long (this one is %(length)s).")
                % {"min": MIN_KEY_BYTES, "max": MAX_KEY_BYTES, "length": len(key)}
            )

    def wants(self, event, page):
        if not self.is_active or not getattr(self, f"on_{event}"):
            return False
        type_ids = {content_type.pk for content_type in self.page_types.all()}
        return not type_ids or page.content_type_id in type_ids


class WebhookDelivery(models.Model):
    """One event sent to one endpoint, with all its attempts."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("webhook"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.CharField(_("event"), max_length=20, choices=WebhookEvent.choices)
    page_id = models.PositiveBigIntegerField(_("page id"))
    page_title = models.CharField(_("page"), max_length=255)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    attempts_count = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    # The background task that sends (or will send) the next attempt: a pending delivery whose
    # task is no longer queued nor running was left behind, and is queued again.
    task_id = models.UUIDField(_("task"), null=True, blank=True, editable=False)

    class Meta:
        db_table = "cms_webhookdelivery"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self):
        return f"{self.get_event_display()} — {self.page_title} → {self.endpoint}"


class WebhookAttempt(models.Model):
    """One try at delivering: what the endpoint answered, and how long it took."""

    delivery = models.ForeignKey(
        WebhookDelivery,
        verbose_name=_("delivery"),
        on_delete=models.CASCADE,
        related_name="attempts",
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    attempted_at = models.DateTimeField(_("attempted at"), auto_now_add=True)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    response_excerpt = models.TextField(_("response"), blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        db_table = "cms_webhookattempt"
        ordering = ["delivery", "number"]
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")

    def __str__(self):
        return f"#{self.number} {self.status_code or self.error}"
