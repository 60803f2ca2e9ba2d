"""What an import reports, file by file (or entry by entry), and how it publishes.

Every importer imports each source in its own transaction, keyed by an ``ImportRecord`` so that
a second run changes nothing, and reports each one as a ``FileResult``; the run ends with the
``Report``'s summary line, which scripts and CI parse.
"""

from dataclasses import dataclass, field

from wagtail.models import Page


@dataclass
class Notice:
    """Something the import report tells the editor about a file."""

    message: str
    line: int | None = None


@dataclass
class FileResult:
    key: str
    # imported, updated, unchanged, failed; or created: a page the import made for its sources
    # to go under, from none of them (not counted in the summary line, which counts sources).
    status: str
    page: Page | None = None
    notices: list = field(default_factory=list)
    error: str = ""
    details: list = field(default_factory=list)  # what else the import did, not warnings


@dataclass
class Report:
    results: list = field(default_factory=list)

    def count(self, status):
        return sum(1 for result in self.results if result.status == status)

    @property
    def warnings(self):
        return sum(len(result.notices) for result in self.results)

    @property
    def failed(self):
        return self.count("failed")

    def summary(self):
        # A fixed, machine-readable line: scripts and CI parse it.
        return (
            f"imported {self.count('imported')}, updated {self.count('updated')}, "
            f"unchanged {self.count('unchanged')}, failed {self.failed}, "
            f"warnings {self.warnings}"
        )


def publish_revision(revision, page):
    """Publish ``revision`` with Wagtail's own action, given the page it was just made from.

    The action would rebuild the page from the revision's JSON, checking each of its foreign
    keys again (seventeen queries for a press release, a sixth of an import's time); the page
    that was serialized a moment ago is that very object.
    """
    # The action takes the object from ``revision.as_object()`` and has no public way to be
    # given it: this revision, made a moment ago from ``page``, answers with ``page`` itself.
    revision.as_object = lambda: page
    revision.publish(log_action=True)
