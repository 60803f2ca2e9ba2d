"""Revisions for changes only: saving a page's content again adds nothing to its history.

Wagtail 8 autosaves the editor's form. The first autosave of each editing session makes a
revision and an "Edited" entry in the page's history even when nothing changed (opening the
page is enough: the editor's widgets write their values back), so a page's history filled with
edits whose comparison says there is no difference. Later autosaves of the session overwrite
that revision, and the history shows them as one entry (Wagtail groups them).
"""

import json

from django.core.serializers.json import DjangoJSONEncoder

# What Wagtail itself keeps up to date on a page (tree, publication, locking, revisions): a
# difference there is not an edit.
BOOKKEEPING_FIELDS = frozenset(
    {
        "pk",
        "path",
        "depth",
        "numchild",
        "url_path",
        "draft_title",
        "live",
        "has_unpublished_changes",
        "first_published_at",
        "last_published_at",
        "live_revision",
        "latest_revision",
        "latest_revision_created_at",
        "expired",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def edited_content(data):
    """A page's serialized data without bookkeeping, as a revision stores it (JSON)."""
    content = {key: value for key, value in data.items() if key not in BOOKKEEPING_FIELDS}
    return json.loads(json.dumps(content, cls=DjangoJSONEncoder))


class ChangedRevisionsMixin:
    """For page models: an edit that changes nothing makes no revision and no history entry.

    Saving from the editor (``log_action``) content identical to the latest revision returns
    that revision instead: publishing or submitting it then acts on the same content. An
    autosave that names a revision of another editor to overwrite (the one it was given back)
    makes a revision of its own, as Wagtail only lets editors overwrite theirs.
    """

    def save_revision(
        self,
        user=None,
        approved_go_live_at=None,
        changed=True,
        log_action=False,
        previous_revision=None,
        clean=True,
        overwrite_revision=None,
    ):
        latest = self.get_latest_revision()
        if (
            log_action in (True, "wagtail.edit")
            and latest is not None
            and previous_revision is None  # a rollback is always recorded
            and approved_go_live_at is None
        ):
            if edited_content(self.serializable_data()) == edited_content(latest.content):
                return latest
            if overwrite_revision is not None and overwrite_revision.user_id != getattr(
                user, "pk", None
            ):
                overwrite_revision = None
        return super().save_revision(
            user=user,
            approved_go_live_at=approved_go_live_at,
            changed=changed,
            log_action=log_action,
            previous_revision=previous_revision,
            clean=clean,
            overwrite_revision=overwrite_revision,
        )
