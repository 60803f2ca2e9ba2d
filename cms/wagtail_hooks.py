from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.models import DsfrConfig
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.editor_guide import EditorGuideView
from cms.media import guard_document
from cms.models import WebhookDelivery, WebhookEndpoint
from cms.preview import HeadlessPreviewMenuItem, HeadlessPreviewView


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


class WebhookEndpointViewSet(SnippetViewSet):
    """Webhook endpoints, for the people given the webhook permissions."""

    model = WebhookEndpoint
    icon = "link-external"
    menu_label = _("Webhooks")
    add_to_settings_menu = True
    list_display = ["name", "url", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Deliveries are a record: they may be viewed and deleted, never written by hand."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class WebhookDeliveryViewSet(ModelViewSet):
    """The delivery log: each event sent, its status and every attempt."""

    model = WebhookDelivery
    icon = "history"
    menu_label = _("Webhook deliveries")
    add_to_settings_menu = True
    inspect_view_enabled = True
    inspect_view_fields = [
        "endpoint",
        "event",
        "page_title",
        "page_id",
        "status",
        "attempts_count",
        "created_at",
        "delivered_at",
        "payload",
    ]
    list_display = ["page_title", "event", "endpoint", "status", "attempts_count", "created_at"]
    list_filter = ["status", "event", "endpoint"]
    exclude_form_fields = []
    form_fields = []

    def get_queryset(self, request):
        return WebhookDelivery.objects.select_related("endpoint")


register_permission_policy(WebhookDelivery, ReadOnlyPermissionPolicy(WebhookDelivery))
register_snippet(WebhookEndpointViewSet)


@hooks.register("register_admin_viewset")
def register_webhook_deliveries():
    return WebhookDeliveryViewSet("webhook_deliveries")


@hooks.register("register_admin_urls")
def register_headless_preview_url():
    return [
        path(
            "headless-preview/<int:page_id>/",
            HeadlessPreviewView.as_view(),
            name="cms_headless_preview",
        )
    ]


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


@hooks.register("register_page_header_buttons")
def headless_preview_header_button(page, user, view_name, next_url=None):
    yield HeadlessPreviewMenuItem(page=page, priority=66)


@hooks.register("register_page_listing_more_buttons")
def headless_preview_listing_button(page, user, next_url=None):
    yield HeadlessPreviewMenuItem(page=page, priority=5)


# Documents of pages under embargo are downloaded by editors only until go-live.
hooks.register("before_serve_document", guard_document)


@hooks.register("before_serve_page")
def refuse_expired_pages(page, request, serve_args, serve_kwargs):
    """A page past its expiry date is gone at that minute, not at the scheduler's next pass."""
    if page.expire_at is not None and page.expire_at <= timezone.now():
        raise Http404
