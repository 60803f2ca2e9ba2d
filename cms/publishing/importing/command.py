"""The base of import commands: a line per source as it is imported, then the summary."""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class ImportCommand(BaseCommand):
    """A management command that imports sources, reporting each ``FileResult`` with
    ``show`` as it comes and the ``Report`` with ``finish``, which exits 1 if any failed."""

    def show(self, result):
        labels = {
            "imported": _("imported"),
            "updated": _("updated"),
            "unchanged": _("unchanged"),
            "failed": _("failed"),
            "created": _("created"),
        }
        line = f"{labels[result.status]:<10} {result.key}"
        if result.page is not None and result.status != "unchanged":
            line += f" → {result.page.url or result.page.url_path}"
        style = (
            self.style.ERROR
            if result.status == "failed"
            else (self.style.WARNING if result.notices else self.style.SUCCESS)
        )
        self.stdout.write(style(line))
        if result.error:
            self.stdout.write(f"    {result.error}")
        for detail in result.details:
            self.stdout.write(f"    ↪ {detail}")
        for notice in result.notices:
            where = _("line %(line)d: ") % {"line": notice.line} if notice.line else ""
            self.stdout.write(f"    {where}{notice.message}")

    def finish(self, report):
        self.stdout.write(report.summary())
        if report.failed:
            sys.exit(1)
