"""The admin panel of imported pages (``ImportedPageMixin``)."""

import json

from wagtail.admin.panels import Panel


class ImportMetadataPanel(Panel):
    """Shows editors, read-only, what the import of a former file kept aside.

    Hidden on pages written in the admin, which have no import data.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "publishing/panels/import_metadata.html"

        def is_shown(self):
            return bool(getattr(self.instance, "import_metadata", None))

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            data = self.instance.import_metadata or {}
            context.update(
                {
                    "source": data.get("source", ""),
                    "warnings": data.get("warnings", []),
                    "missing_media": data.get("missing_media", []),
                    "kept": [
                        (key, json.dumps(value, ensure_ascii=False, indent=2))
                        for key, value in {
                            **data.get("unknown", {}),
                            **data.get("kept", {}),
                        }.items()
                    ],
                }
            )
            return context
