"""The site's models: its own pages and settings in ``pages``, webhooks in ``webhooks``,
materialized API answers in ``snapshots``."""

from cms.models.pages import ContentPage, FooterSettings, HomePage, SitemapPage
from cms.models.snapshots import APISnapshot, APISnapshotReference
from cms.models.webhooks import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent

__all__ = [
    "APISnapshot",
    "APISnapshotReference",
    "ContentPage",
    "FooterSettings",
    "HomePage",
    "SitemapPage",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
]
