"""The API behaves as a good public HTTP API: caching, revalidation, CORS, v3 schema."""

import json
from unittest import mock

from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings
from django.utils import timezone
from openapi_spec_validator import validate
from wagtail.api.v3.urls import api
from wagtail.models import APIToken, PageViewRestriction

from cms import api_v3
from news.models import NewsIndexPage, PressReleaseAttachment, PressReleaseHeroImage
from tests.factories.media import DocumentFactory, ImageFactory
from tests.factories.news import PressReleasePageFactory
from tests.utils import setup_site


class CachingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        cls.page = PressReleasePageFactory(parent=NewsIndexPage.objects.get(), title="CP")
        cls.page.save_revision().publish()

    def test_public_answers_are_cacheable_and_revalidated_with_etags(self):
        url = f"/api/v2/pages/{self.page.pk}/"
        response = self.client.get(url)
        self.assertEqual(response["Cache-Control"], "public, max-age=60")
        self.assertIn("Accept", response["Vary"])
        self.assertTrue(response["ETag"])
        self.assertTrue(response["Last-Modified"])

        again = self.client.get(url, headers={"if-none-match": response["ETag"]})
        self.assertEqual(again.status_code, 304)
        self.assertEqual(again.content, b"")

        self.page.title = "CP modifié"
        self.page.save_revision().publish()
        changed = self.client.get(url, headers={"if-none-match": response["ETag"]})
        self.assertEqual(changed.status_code, 200)
        self.assertEqual(changed.json()["title"], "CP modifié")

    def test_head_carries_the_etag_of_get_and_is_revalidated(self):
        url = f"/api/v2/pages/{self.page.pk}/"
        etag = self.client.get(url)["ETag"]
        head = self.client.head(url)
        self.assertEqual((head.status_code, head["ETag"]), (200, etag))
        self.assertEqual(head.content, b"")
        again = self.client.head(url, headers={"if-none-match": etag})
        self.assertEqual(again.status_code, 304)
        self.assertEqual(
            self.client.head("/api/v2/pages/")["ETag"], self.client.get("/api/v2/pages/")["ETag"]
        )

    def test_listings_are_revalidated_too(self):
        response = self.client.get("/api/v2/pages/?type=news.PressReleasePage")
        again = self.client.get(
            "/api/v2/pages/?type=news.PressReleasePage", headers={"if-none-match": response["ETag"]}
        )
        self.assertEqual(again.status_code, 304)

    def test_errors_are_not_cached(self):
        response = self.client.get("/api/v2/pages/?nope=1")
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("public", response.get("Cache-Control", ""))


@override_settings(CORS_ALLOWED_ORIGINS=["https://www.example.gouv.fr"])
class CorsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()

    def test_configured_origins_may_read(self):
        response = self.client.get(
            "/api/v2/pages/", headers={"origin": "https://www.example.gouv.fr"}
        )
        self.assertEqual(response["Access-Control-Allow-Origin"], "https://www.example.gouv.fr")

        preflight = self.client.options(
            "/api/v2/pages/",
            headers={
                "origin": "https://www.example.gouv.fr",
                "access-control-request-method": "GET",
            },
        )
        self.assertEqual(preflight.status_code, 200)
        self.assertIn("GET", preflight["Access-Control-Allow-Methods"])

    def test_other_origins_and_other_paths_may_not(self):
        response = self.client.get("/api/v2/pages/", headers={"origin": "https://evil.example"})
        self.assertNotIn("Access-Control-Allow-Origin", response)
        page = self.client.get("/", headers={"origin": "https://www.example.gouv.fr"})
        self.assertNotIn("Access-Control-Allow-Origin", page)


class MediaEndpointTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        index = NewsIndexPage.objects.get()
        cls.public_image, cls.private_image, cls.draft_image, cls.free_image = (
            ImageFactory(title=title) for title in ("public", "private", "draft", "free")
        )
        cls.public_doc, cls.draft_doc, cls.free_doc = (
            DocumentFactory(title=title) for title in ("public", "draft", "free")
        )
        public = PressReleasePageFactory(parent=index, title="Public")
        public.hero_images.add(PressReleaseHeroImage(image=cls.public_image, alt_text="a"))
        public.attachments.add(PressReleaseAttachment(document=cls.public_doc))
        public.save_revision().publish()
        private = PressReleasePageFactory(parent=index, title="Private")
        private.hero_images.add(PressReleaseHeroImage(image=cls.private_image, alt_text="a"))
        private.save_revision().publish()
        PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
        draft = PressReleasePageFactory(parent=index, title="Draft", live=False)
        draft.hero_images.add(PressReleaseHeroImage(image=cls.draft_image, alt_text="a"))
        draft.attachments.add(PressReleaseAttachment(document=cls.draft_doc))
        draft.save_revision()
        draft.save()

    def titles(self, endpoint):
        return sorted(
            item["title"] for item in self.client.get(f"/api/v2/{endpoint}/").json()["items"]
        )

    def test_only_media_of_public_pages_or_of_no_page(self):
        self.assertEqual(self.titles("images"), ["free", "public"])
        self.assertEqual(self.titles("documents"), ["free", "public"])
        self.assertEqual(
            self.client.get(f"/api/v2/images/{self.private_image.pk}/").status_code, 404
        )
        self.assertEqual(
            self.client.get(f"/api/v2/documents/{self.draft_doc.pk}/").status_code, 404
        )


class APIv3Tests(TestCase):
    def test_schema_is_valid_openapi(self):
        response = self.client.get("/api/v3/openapi.json")
        self.assertEqual(response.status_code, 200)
        schema = json.loads(response.content)
        self.assertTrue(schema["openapi"].startswith("3.1"))
        validate(schema)
        # Every operation asks for the token: anonymous reads are refused on this site.
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                self.assertEqual(operation["security"], [{"BearerTokenAuth": []}], (method, path))

    def test_schema_is_built_once_per_process(self):
        build = mock.patch.object(api, "get_openapi_schema", wraps=api.get_openapi_schema)
        with mock.patch.dict(api_v3._schemas, clear=True), build as get_openapi_schema:
            first = self.client.get("/api/v3/openapi.json")
            second = self.client.get("/api/v3/openapi.json")
        self.assertEqual(get_openapi_schema.call_count, 1)
        self.assertEqual(first.content, second.content)

    def test_wagtails_api_keeps_its_own_schema_builder(self):
        # The schema is mended in this site's view (cms.api_v3), not by replacing Wagtail's.
        self.assertNotIn("get_openapi_schema", vars(api))

    def test_reads_need_a_valid_token(self):
        user = get_user_model().objects.create_superuser("api", "api@example.org", "pw")
        token, key = APIToken.create_token(user=user, name="Site partenaire")
        revoked, revoked_key = APIToken.create_token(user=user, name="Ancien")
        revoked.revoked_at = timezone.now()
        revoked.save()
        for path in (
            "/api/v3/pages/",
            "/api/v3/documents/",
            "/api/v3/images/",
            "/api/v3/redirects/",
        ):
            for header in ("", "Bearer", "Bearer wagtail_forged", f"Bearer {revoked_key}", key):
                with self.subTest(path=path, header=header):
                    response = self.client.get(path, HTTP_AUTHORIZATION=header)
                    self.assertEqual(response.status_code, 401)
                    self.assertEqual(response["WWW-Authenticate"], 'Bearer realm="api"')
                    self.assertIn("/api/v2/", response.json()["detail"])
            response = self.client.get(path, HTTP_AUTHORIZATION=f"Bearer {key}")
            self.assertEqual(response.status_code, 200, path)
        # A session does not stand for a token.
        self.client.force_login(user)
        self.assertEqual(self.client.get("/api/v3/pages/").status_code, 401)

    def test_bad_input_found_by_fuzzing_answers_400(self):
        user = get_user_model().objects.create_superuser("api", "api@example.org", "pw")
        key = APIToken.create_token(user=user, name="Fuzz")[1]
        for path in (
            "/api/v3/sites/?offset=445102556788974937964544",
            "/api/v3/snippets/programme.Mentor/%C3%AD%C2%AC%14O/",
            "/api/v3/pages/?offset=99999999999999999999999",
        ):
            with self.subTest(path=path):
                response = self.client.get(path, HTTP_AUTHORIZATION=f"Bearer {key}")
                self.assertEqual(response.status_code, 400)
                self.assertTrue(response.json()["detail"].startswith("Invalid request: "))

    def test_schema_leaves_out_operations_with_no_possible_path(self):
        schema = self.client.get("/api/v3/openapi.json").json()
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                for parameter in operation.get("parameters", []):
                    self.assertNotEqual(parameter["schema"].get("const"), "", path)
        self.assertIn("/api/v3/snippets/{type}/{pk}/", schema["paths"])

    def test_writes_are_refused(self):
        response = self.client.post("/api/v3/pages/", data={}, content_type="application/json")
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response["Allow"], "GET, HEAD, OPTIONS")

    def test_schema_describes_what_is_served(self):
        """Reads only, said so, unless writes are enabled (Wagtail calls it read and write)."""
        schema = self.client.get("/api/v3/openapi.json").json()
        methods = {method for operations in schema["paths"].values() for method in operations}
        self.assertEqual(methods, {"get"})
        self.assertIn("read-only", schema["info"]["description"])
        self.assertNotIn("write API", schema["info"]["description"])
        with override_settings(API_V3_WRITES_ENABLED=True):
            schema = self.client.get("/api/v3/openapi.json").json()
        methods = {method for operations in schema["paths"].values() for method in operations}
        self.assertLessEqual({"get", "post", "delete"}, methods)
        self.assertIn("reads and writes", schema["info"]["description"])
        validate(schema)

    @override_settings(API_V3_WRITES_ENABLED=True)
    def test_writes_go_to_wagtail_when_enabled(self):
        response = self.client.post("/api/v3/pages/", data={}, content_type="application/json")
        self.assertEqual(response.status_code, 401)
