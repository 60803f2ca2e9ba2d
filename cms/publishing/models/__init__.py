"""The plugin's records: API snapshots, webhooks and their deliveries, import bookkeeping.

Their tables keep the names the site's apps gave them before the plugin took them over
(``cms_*``, ``news_importrecord``): existing databases move nothing (migration 0001).
"""

from cms.publishing.models.imports import ImportedPageMixin, ImportRecord
from cms.publishing.models.snapshots import APISnapshot, APISnapshotReference
from cms.publishing.models.webhooks import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)

__all__ = [
    "APISnapshot",
    "APISnapshotReference",
    "ImportRecord",
    "ImportedPageMixin",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
]
