"""Steps of the backup round trip, run in their own process on a throwaway database (see
test_backup.py): ``python -c "from tests.cms.backup_site_state import populate; populate()"``."""

import hashlib
import json

import django


def _setup():
    django.setup()


def populate():
    """A site with what a backup must keep: pages, drafts, a scheduled release, media."""
    _setup()
    from django.core.management import call_command
    from django.utils import timezone

    from news.models import NewsIndexPage
    from tests.factories.media import DocumentFactory, ImageFactory
    from tests.factories.news import PressReleasePageFactory

    call_command("migrate", verbosity=0)
    call_command("setup_site", verbosity=0)
    news = NewsIndexPage.objects.get()
    image, document = ImageFactory(title="Photo"), DocumentFactory(title="Rapport")
    body = [
        ("image", {"image": image, "caption": "Légende"}),
        ("document", {"document": document, "label": ""}),
    ]
    release = PressReleasePageFactory(parent=news, title="Publié", body=body)
    release.title = "Brouillon en cours"
    release.save_revision()
    scheduled = PressReleasePageFactory(parent=news, title="Sous embargo", live=False)
    scheduled.save_revision(approved_go_live_at=timezone.now() + timezone.timedelta(days=3))


def damage():
    """What a bad day does: a page deleted, another added, media lost."""
    _setup()
    from django.core.files.storage import default_storage
    from wagtail.documents.models import Document
    from wagtail.images.models import Image

    from news.models import NewsIndexPage, PressReleasePage
    from tests.factories.news import PressReleasePageFactory

    PressReleasePage.objects.get(title="Publié").delete()
    PressReleasePageFactory(parent=NewsIndexPage.objects.get(), title="Intrus")
    for model in (Image, Document):
        for name in model.objects.values_list("file", flat=True):
            default_storage.delete(name)


def state():
    """What the site holds, printed as JSON: counts, page and revision contents, file bytes."""
    _setup()
    from django.core.files.storage import default_storage
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail.models import Page, Revision

    def file_hash(name):
        if not default_storage.exists(name):
            return None
        with default_storage.open(name) as file:
            return hashlib.sha256(file.read()).hexdigest()

    print(  # noqa: T201
        json.dumps(
            {
                "counts": {
                    "pages": Page.objects.count(),
                    "revisions": Revision.objects.count(),
                    "images": Image.objects.count(),
                    "documents": Document.objects.count(),
                },
                "pages": sorted([p.title, p.live, str(p.go_live_at)] for p in Page.objects.all()),
                "revisions": sorted(
                    json.dumps(r.content, sort_keys=True) for r in Revision.objects.all()
                ),
                "files": sorted(
                    [name, file_hash(name)]
                    for model in (Image, Document)
                    for name in model.objects.values_list("file", flat=True)
                ),
            }
        )
    )
