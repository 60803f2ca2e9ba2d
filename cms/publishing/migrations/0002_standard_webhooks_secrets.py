"""Webhooks are signed per Standard Webhooks, whose secrets are "whsec_" + the key in base64.

The former signature keyed the HMAC with the secret's UTF-8 bytes: each stored secret becomes
"whsec_" + the base64 of those bytes, the same key. A receiver that held the former secret
verifies with its bytes as they are, or with the new form shown in the admin.
"""

import base64
import binascii

import cms.publishing.webhooks.signing
from django.db import migrations, models

PREFIX = "whsec_"


def to_standard(apps, schema_editor):
    WebhookEndpoint = apps.get_model("publishing", "WebhookEndpoint")
    for endpoint in WebhookEndpoint.objects.only("secret"):
        endpoint.secret = PREFIX + base64.b64encode(endpoint.secret.encode()).decode()
        endpoint.save(update_fields=["secret"])


def to_former(apps, schema_editor):
    """Back to the former secrets. A key made since, random bytes that are no text, cannot be
    written in the former form: that secret is left as it is (its receiver must be given it)."""
    WebhookEndpoint = apps.get_model("publishing", "WebhookEndpoint")
    for endpoint in WebhookEndpoint.objects.only("secret"):
        if not endpoint.secret.startswith(PREFIX):
            continue
        try:
            key = base64.b64decode(endpoint.secret.removeprefix(PREFIX), validate=True)
            endpoint.secret = key.decode()
        except (binascii.Error, UnicodeDecodeError):
            continue
        endpoint.save(update_fields=["secret"])


class Migration(migrations.Migration):

    dependencies = [
        ('publishing', '0001_initial'),
    ]

    # Widened before the conversion (base64 is longer), narrowed back after it when reversed.
    operations = [
        migrations.AlterField(
            model_name='webhookendpoint',
            name='secret',
            field=models.CharField(default=cms.publishing.webhooks.signing.new_secret, help_text="The whsec_… key that the receiver gives to its Standard Webhooks library to check each message's signature.", max_length=600, verbose_name='secret'),
        ),
        migrations.RunPython(to_standard, to_former),
    ]
