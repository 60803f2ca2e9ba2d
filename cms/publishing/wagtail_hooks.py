"""The plugin in the admin: webhooks and their delivery log, headless preview, when scheduled
pages go live, and the embargo of documents and expired pages at Wagtail's serving hooks."""

from django.contrib import messages as django_messages
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page, Revision
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.publishing.local_time import format_moment
from cms.publishing.media_embargo import guard_document
from cms.publishing.models import WebhookDelivery, WebhookEndpoint
from cms.publishing.preview import HeadlessPreviewMenuItem, HeadlessPreviewView


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
            name="publishing_headless_preview",
        )
    ]


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


@hooks.register("after_edit_page")
def say_when_a_scheduled_page_goes_live(request, page):
    """After a publication or approval that scheduled the page, say so and say when.

    Wagtail says the page "has been updated" after an approval in the editor, and "scheduled"
    with no time after a publication: the editor cannot tell it is not online yet, nor until
    when. Its message of this request is replaced (by reading the messages, which spends them,
    and adding back those that are not successes).
    """
    published = "action-publish" in request.POST
    approved = request.POST.get("workflow-action-name") == "approve"
    if not (published or approved):
        return
    # Read afresh: the view's page cached its schedule and workflow before the action.
    page = Page.objects.get(pk=page.pk)
    if page.workflow_in_progress:
        return
    revision = page.scheduled_revision
    if revision is None or revision.approved_go_live_at <= timezone.now():
        return
    storage = django_messages.get_messages(request)
    others = [message for message in storage if message.level != django_messages.SUCCESS]
    for message in others:
        django_messages.add_message(request, message.level, message.message, message.extra_tags)
    messages.success(
        request,
        _("Page '%(page_title)s' is scheduled: it goes live on %(moment)s.")
        % {
            "page_title": page.get_admin_display_title(),
            "moment": format_moment(revision.approved_go_live_at),
        },
        buttons=[messages.button(reverse("wagtailadmin_pages:edit", args=(page.pk,)), _("Edit"))],
    )


@hooks.register("construct_explorer_page_queryset")
def annotate_go_live_times(parent_page, pages, request):
    """When scheduled pages go live, for the explorer's status column, in the same query."""
    scheduled = Revision.page_revisions.filter(
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        approved_go_live_at__isnull=False,
    )
    return pages.annotate(
        _scheduled_go_live_at=Subquery(scheduled.values("approved_go_live_at")[:1])
    )
