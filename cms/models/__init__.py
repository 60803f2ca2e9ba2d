"""The site's models: its own pages and settings in ``pages``, webhooks in ``webhooks``."""

from cms.models.pages import ContentPage, FooterSettings, HomePage
from cms.models.webhooks import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent

__all__ = [
    "ContentPage",
    "FooterSettings",
    "HomePage",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
]
