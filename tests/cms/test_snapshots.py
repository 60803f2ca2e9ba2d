"""Materialized API answers: the same bytes as serializing, never stale, constant queries."""

import datetime as dt

from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from cms.models import ContentPage, HomePage
from cms.publishing.models import APISnapshot
from cms.publishing.snapshots import build, store
from news.models import (
    NewsIndexPage,
    PressContactPhone,
    PressReleaseAttachment,
    PressReleaseHeroImage,
    PressReleasePage,
)
from tests.factories.media import DocumentFactory, ImageFactory
from tests.factories.news import NewsCategoryFactory, PressContactFactory, PressReleasePageFactory
from tests.utils import development_addresses, publishing_settings, setup_site

VIDEO = "https://www.dailymotion.com/video/x6y009x"


def body(linked, image, document):
    """One block of every type, linking to ``linked`` twice."""
    return [
        (
            "paragraph",
            f'<p>Voir <a linktype="page" id="{linked.pk}">un autre</a> et '
            f'<a linktype="document" id="{document.pk}">le règlement</a>.</p>',
        ),
        ("heading", {"text": "Le programme", "level": "h2"}),
        ("callout", {"title": "En bref", "text": "<ul><li>13 défis</li></ul>", "style": "callout"}),
        ("quote", {"text": "Bienvenue", "author": "M. M.", "author_role": "ministre"}),
        ("important_link", {"label": "Lire", "page": linked, "url": "", "new_tab": True}),
        (
            "image",
            {
                "image": {"image": image, "alt_text": "La promotion", "decorative": False},
                "caption": "En 2018",
            },
        ),
        ("document", {"document": document, "label": ""}),
        ("embed", {"video": VIDEO, "title": "Archifiltre", "caption": "", "transcript": "Oui"}),
        ("key_figures", {"title": "Chiffres", "figures": [{"figure": "13", "label": "défis"}]}),
        (
            "table",
            {
                "data": [["A", "B"], ["1", "2"]],
                "table_header_choice": "row",
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": "",
            },
        ),
        ("html", '<p onclick="x()">Gardé</p><script>alert(1)</script>'),
    ]


class SnapshotTestCase(TestCase):
    maxDiff = None

    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.home = HomePage.objects.get()
        cls.index = NewsIndexPage.objects.get()
        Embed.objects.create(
            hash=get_embed_hash(VIDEO),
            url=VIDEO,
            type="video",
            html='<iframe src="https://www.dailymotion.com/embed/video/x6y009x"></iframe>',
        )
        cls.image = ImageFactory(title="Promotion 2018")
        cls.document = DocumentFactory(title="Règlement")
        cls.contact = PressContactFactory(name="Service presse", phones=["01 23 45 67 89"])
        cls.category = NewsCategoryFactory(name="Communiqué de presse")
        cls.linked = PressReleasePageFactory(parent=cls.index, title="Autre communiqué")

    def publish(self, page):
        """Publish as the admin does, and run what waits for the commit (snapshot builds)."""
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()
        page.refresh_from_db()
        return page

    def release(self, number=0, publish=True, **fields):
        page = PressReleasePageFactory(
            parent=self.index,
            live=False,
            title=f"Communiqué {number}",
            date=timezone.now() - dt.timedelta(days=number),
            chapeau="Lancé en janvier 2017…",
            author="Etalab",
            press_contact=self.contact,
            **{"body": body(self.linked, self.image, self.document), **fields},
        )
        page.tags.add("datascience", "design", "santé")
        page.categories.add(self.category)
        page.hero_images.add(
            PressReleaseHeroImage(image=self.image, alt_text="Une promotion", caption="2018")
        )
        page.attachments.add(
            PressReleaseAttachment(document=self.document, label="Télécharger le CP"),
            PressReleaseAttachment(url="/uploads/ancien.pdf", label="Ancien CP"),
        )
        page.save()
        return self.publish(page) if publish else page

    def get(self, url, **headers):
        response = self.client.get(url, **headers)
        self.assertEqual(response.status_code, 200, response.content[:500])
        return response


class SnapshotEquivalenceTests(SnapshotTestCase):
    """Answers picked out of snapshots are byte for byte those serialization gives."""

    URLS = [
        "/api/v2/pages/",
        "/api/v2/pages/?fields=*",
        "/api/v2/pages/?type=news.PressReleasePage",
        "/api/v2/pages/?type=news.PressReleasePage&fields=*",
        "/api/v2/pages/?type=news.PressReleasePage&fields=date,tags,hero_images,-title&order=-date",
        "/api/v2/pages/?type=news.PressReleasePage&fields=_,id,body",
        "/api/v2/pages/?child_of={index}&limit=2&offset=1",
        "/api/v2/pages/?type=news.PressReleasePage,news.NewsIndexPage&fields=*",
        "/api/v2/pages/{page}/",
        "/api/v2/pages/{page}/?fields=*",
        "/api/v2/pages/{page}/?fields=-body,-tags",
        "/api/v2/pages/{page}/?fields=_,id,chapeau",
        "/api/v2/pages/{index}/",
        "/api/v2/pages/{home}/",
    ]

    def test_snapshots_give_the_bytes_serialization_gives(self):
        self.publish(self.linked)
        self.publish(self.index)
        pages = [self.release(number) for number in range(3)]
        self.assertEqual(APISnapshot.objects.count(), 6)  # index, linked, 3 releases, home
        urls = [
            url.format(page=pages[0].pk, index=self.index.pk, home=self.home.pk)
            for url in self.URLS
        ]
        self.assertSameAnswers(urls)
        with development_addresses():  # built for the placeholder host, served for the request's
            for page_id in APISnapshot.objects.values_list("page_id", flat=True):
                build.build(page_id)
            self.assertSameAnswers(urls)

    def assertSameAnswers(self, urls):
        for host in ("testserver", "localhost"):
            with_snapshots = {url: self.get(url, HTTP_HOST=host).content for url in urls}
            saved = list(APISnapshot.objects.all())
            APISnapshot.objects.all().delete()
            for url in urls:
                with self.subTest(url=url, host=host):
                    self.assertEqual(with_snapshots[url], self.get(url, HTTP_HOST=host).content)
            APISnapshot.objects.bulk_create(saved)

    def test_answers_come_from_the_snapshots(self):
        page = self.release()
        snapshot = APISnapshot.objects.get(page=page)
        snapshot.data = snapshot.data.replace("Lancé en janvier", "Materialized in January")
        snapshot.save()
        detail = self.get(f"/api/v2/pages/{page.pk}/").json()
        self.assertEqual(detail["chapeau"], "Materialized in January 2017…")
        listing = self.get("/api/v2/pages/?type=news.PressReleasePage&fields=chapeau").json()
        self.assertIn("Materialized in January 2017…", [i["chapeau"] for i in listing["items"]])

    def test_addresses_follow_the_host_asked_when_no_base_is_configured(self):
        page = self.release()
        with development_addresses():
            build.build(page.pk)
            data = self.get(f"/api/v2/pages/{page.pk}/", HTTP_HOST="localhost").json()
            self.assertEqual(APISnapshot.objects.get(page=page).signature, store.signature())
            other = self.get(f"/api/v2/pages/{page.pk}/").content.decode()
        rendition = data["hero_images"][0]["image"]["renditions"][0]["url"]
        self.assertTrue(rendition.startswith("http://localhost/"), rendition)
        self.assertEqual(data["meta"]["detail_url"], f"http://localhost/api/v2/pages/{page.pk}/")
        self.assertEqual(data["meta"]["html_url"], "http://localhost" + page.url)
        self.assertNotIn("localhost", other)
        self.assertNotIn("invalid", other)

    def test_addresses_start_with_the_configured_base(self):
        page = self.release()
        data = self.get(f"/api/v2/pages/{page.pk}/", HTTP_HOST="localhost").json()
        rendition = data["hero_images"][0]["image"]["renditions"][0]["url"]
        self.assertTrue(rendition.startswith("http://testserver/"), rendition)
        self.assertEqual(data["meta"]["html_url"], "http://testserver" + page.url)


class SnapshotFreshnessTests(SnapshotTestCase):
    """What a snapshot shows changes: it is dropped at once and rebuilt after the commit."""

    def setUp(self):
        self.page = self.release()
        self.url = f"/api/v2/pages/{self.page.pk}/"

    def detail(self):
        return self.get(self.url).json()

    def test_image_alt_text_and_title(self):
        self.image.description = "Nouvelle description"
        self.image.title = "Nouveau titre"
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            self.image.save()
        # Dropped before the commit: nothing stale is served meanwhile.
        self.assertFalse(APISnapshot.objects.filter(page=self.page).exists())
        self.assertEqual(self.detail()["hero_images"][0]["image"]["title"], "Nouveau titre")
        for callback in callbacks:
            callback()
        self.assertTrue(APISnapshot.objects.filter(page=self.page).exists())
        image_block = self.detail()["body"][5]["value"]["image"]
        self.assertEqual(image_block["title"], "Nouveau titre")
        self.assertEqual(self.detail()["hero_images"][0]["image"]["title"], "Nouveau titre")

    def test_linked_page_title_and_address(self):
        self.publish(self.linked)
        self.page.refresh_from_db()
        self.publish(self.page)
        linked = PressReleasePage.objects.get(pk=self.linked.pk)
        linked.title = "Titre changé"
        linked.slug = "adresse-changee"
        self.publish(linked)
        self.assertTrue(APISnapshot.objects.filter(page=self.page).exists())
        link = self.detail()["body"][4]["value"]
        self.assertEqual(link["page"]["title"], "Titre changé")
        self.assertTrue(link["url"].endswith("/adresse-changee/"), link["url"])
        self.assertIn("/adresse-changee/", self.detail()["body"][0]["value"])

    def test_document_title(self):
        self.document.title = "Règlement modifié"
        with self.captureOnCommitCallbacks(execute=True):
            self.document.save()
        self.assertTrue(APISnapshot.objects.filter(page=self.page).exists())
        self.assertEqual(self.detail()["body"][6]["value"]["label"], "Règlement modifié")

    def test_category_name(self):
        self.category.name = "Dossier de presse"
        with self.captureOnCommitCallbacks(execute=True):
            self.category.save()
        self.assertEqual(self.detail()["categories"][0]["name"], "Dossier de presse")

    def test_press_contact_and_its_phone_numbers(self):
        with self.captureOnCommitCallbacks(execute=True):
            PressContactPhone.objects.create(contact=self.contact, number="06 00 00 00 00")
        self.assertEqual(
            self.detail()["press_contact"]["phone_numbers"], ["01 23 45 67 89", "06 00 00 00 00"]
        )
        self.contact.name = "Cabinet"
        with self.captureOnCommitCallbacks(execute=True):
            self.contact.save()
        self.assertEqual(self.detail()["press_contact"]["name"], "Cabinet")

    def test_tag_renamed(self):
        from taggit.models import Tag

        tag = Tag.objects.get(name="design")
        tag.name = "Design de services"
        with self.captureOnCommitCallbacks(execute=True):
            tag.save()
        self.assertIn("Design de services", [t["name"] for t in self.detail()["tags"]])

    def test_a_snippet_shown_through_another(self):
        from programme.models import ChallengeMentor
        from tests.factories.programme import (
            AdministrationFactory,
            ChallengePageFactory,
            MentorFactory,
            PromotionPageFactory,
        )

        administration = AdministrationFactory(name="DINUM")
        promotion = self.publish(PromotionPageFactory(parent=self.home, live=False))
        challenge = ChallengePageFactory(parent=promotion, live=False)
        challenge.mentorships.add(
            ChallengeMentor(mentor=MentorFactory(administration=administration))
        )
        challenge = self.publish(challenge)
        self.assertTrue(APISnapshot.objects.filter(page=challenge).exists())
        administration.name = "Direction interministérielle du numérique"
        with self.captureOnCommitCallbacks(execute=True):
            administration.save()
        mentors = self.get(f"/api/v2/pages/{challenge.pk}/").json()["mentorships"]
        self.assertEqual(mentors[0]["administration"], "Direction interministérielle du numérique")

    def test_parent_renamed(self):
        index = NewsIndexPage.objects.get()
        index.title = "Presse"
        self.publish(index)
        self.assertEqual(self.detail()["meta"]["parent"]["title"], "Presse")
        self.assertTrue(APISnapshot.objects.filter(page=self.page).exists())

    def test_moved(self):
        other = ContentPage(title="Archives", slug="archives")
        self.home.add_child(instance=other)
        other = self.publish(other)
        linked = PressReleasePage.objects.get(pk=self.linked.pk)
        self.publish(linked)
        self.publish(self.page)
        with self.captureOnCommitCallbacks(execute=True):
            NewsIndexPage.objects.get().move(other, pos="last-child")
        self.assertIn("/archives/actualites/", self.detail()["meta"]["html_url"])

    def test_new_revision_without_snapshot_is_served_fresh(self):
        old = APISnapshot.objects.get(page=self.page)
        self.page.chapeau = "Nouveau chapeau"
        with self.captureOnCommitCallbacks(execute=False):  # the rebuild never runs
            self.page.save_revision().publish()
        self.assertEqual(self.detail()["chapeau"], "Nouveau chapeau")
        # Even a snapshot of the previous revision left behind is not served.
        APISnapshot.objects.bulk_create([old])
        self.assertEqual(self.detail()["chapeau"], "Nouveau chapeau")
        listing = self.get("/api/v2/pages/?type=news.PressReleasePage&fields=chapeau").json()
        self.assertIn("Nouveau chapeau", [item["chapeau"] for item in listing["items"]])

    def test_unpublished_and_expired_pages_are_not_served(self):
        with self.captureOnCommitCallbacks(execute=True):
            PressReleasePage.objects.get(pk=self.page.pk).unpublish()
        self.assertFalse(APISnapshot.objects.filter(page=self.page).exists())
        self.assertEqual(self.client.get(self.url).status_code, 404)
        other = self.release(1)
        PressReleasePage.objects.filter(pk=other.pk).update(
            expire_at=timezone.now() - dt.timedelta(minutes=1)
        )
        self.assertTrue(APISnapshot.objects.filter(page=other).exists())
        self.assertEqual(self.client.get(f"/api/v2/pages/{other.pk}/").status_code, 404)
        listing = self.get("/api/v2/pages/?type=news.PressReleasePage").json()
        self.assertNotIn(other.pk, [item["id"] for item in listing["items"]])

    def test_scheduled_page_is_not_materialized(self):
        page = self.release(2, publish=False)
        page.go_live_at = timezone.now() + dt.timedelta(days=1)
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()
        self.assertFalse(PressReleasePage.objects.get(pk=page.pk).live)
        self.assertFalse(APISnapshot.objects.filter(page=page).exists())
        self.assertEqual(self.client.get(f"/api/v2/pages/{page.pk}/").status_code, 404)


def imported_body(image):
    """A body as the importer makes it of the former site's Markdown (``bench/``'s corpus)."""
    return [
        ("paragraph", "<p>Les entrepreneurs <b>relèvent</b> des défis.</p>"),
        ("heading", {"text": "Le programme", "level": "h2"}),
        ("paragraph", '<p>Voir <a href="https://www.data.gouv.fr/">data.gouv.fr</a>.</p>'),
        ("callout", {"title": "En bref", "text": "<ul><li>13 défis</li></ul>", "style": "callout"}),
        (
            "important_link",
            {"label": "Consulter l’appel", "page": None, "url": "https://example.gouv.fr/"},
        ),
        ("quote", {"text": "Bienvenue", "author": "M. M.", "author_role": "ministre"}),
        (
            "image",
            {"image": {"image": image, "alt_text": "Photo", "decorative": False}, "caption": ""},
        ),
        ("key_figures", {"title": "", "figures": [{"figure": "13", "label": "défis"}]}),
        (
            "table",
            {
                "data": [["Promotion", "Défis"], ["EIG 2", "13"]],
                "table_header_choice": "row",
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": "",
            },
        ),
    ]


class QueryCountTests(SnapshotTestCase):
    """Reads cost a constant number of queries, whatever the number of items."""

    def queries(self, url):
        with CaptureQueriesContext(connection) as captured:
            self.get(url)
        return len(captured)

    def test_api_listing_is_constant_and_at_most_eight(self):
        self.publish(self.linked)
        self.publish(self.index)
        for number in range(20):
            self.release(number)
        for limit in (1, 20):
            for url in (
                f"/api/v2/pages/?limit={limit}",
                f"/api/v2/pages/?type=news.PressReleasePage&fields=*&limit={limit}",
                f"/api/v2/pages/?type=news.PressReleasePage&limit={limit}"
                "&fields=date,chapeau,tags,categories,hero_images&order=-date",
            ):
                with (
                    self.subTest(url=url),
                    self.assertNumQueries(
                        self.queries(f"{url.replace(f'limit={limit}', 'limit=2')}")
                    ),
                ):
                    self.get(url)
                self.assertLessEqual(self.queries(url), 8, url)

    def test_api_detail_at_most_ten(self):
        page = self.release()
        self.assertLessEqual(self.queries(f"/api/v2/pages/{page.pk}/"), 10)

    @publishing_settings(FRAGMENT_CACHE_TIMEOUT=300)  # as deployed: the site's chrome cached
    def test_press_release_html_at_most_twelve(self):
        """Routing (site, home page, index, release), view restrictions, one query per
        relation (tags, categories, hero images, attachments, contact's phones) and the body's
        image: the menu, breadcrumb, feeds and footer cost none once cached."""
        cache.clear()
        self.publish(self.index)
        page = self.release(body=imported_body(self.image))
        self.get(page.url)  # the chrome, the routes and the renditions are cached
        with CaptureQueriesContext(connection) as captured:
            response = self.get(page.url)
        self.assertLessEqual(len(captured), 12, "\n".join(q["sql"] for q in captured))
        html = response.content.decode()
        for shown in (
            "Communiqué 0",
            "datascience",
            "Communiqué de presse",
            "Une promotion",
            "Télécharger le CP",
            "01 23 45 67 89",
            "Consulter l’appel",
            "EIG 2",
        ):
            self.assertIn(shown, html)

    @publishing_settings(FRAGMENT_CACHE_TIMEOUT=300)
    def test_press_release_html_is_constant_in_blocks_and_relations(self):
        """More tags, hero images, attachments and chooser blocks cost no more queries. (Each
        rich text paragraph looks up its own links, and each video its embed.)"""
        cache.clear()
        self.publish(self.index)
        small = self.release(1)
        full = body(self.linked, self.image, self.document)
        chosen = [block for block in full if block[0] not in ("paragraph", "embed")]
        large = self.release(2, body=full + chosen * 2)
        large.tags.add("justice", "agriculture")
        large.hero_images.add(PressReleaseHeroImage(image=ImageFactory(), alt_text="Deux"))
        large.attachments.add(PressReleaseAttachment(url="/uploads/b.pdf", label="B"))
        self.publish(large)
        for page in (small, large):
            self.get(page.url)
        self.assertEqual(self.queries(large.url), self.queries(small.url))

    def test_news_index_is_constant(self):
        self.publish(self.index)
        for number in range(3):
            self.release(number)
        self.get(self.index.url)  # the site's caches warm
        few = self.queries(self.index.url)
        for number in range(3, 12):
            self.release(number)
        self.assertEqual(self.queries(self.index.url), few)
