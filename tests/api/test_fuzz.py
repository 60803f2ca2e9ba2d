"""Generated query strings never make the APIs fail: every answer is JSON, 200, 400 or 404;
nor does any search typed into the site's search page.

`make test` runs a quick pass; `make fuzz` runs the same properties with many more cases. The
parameters are read off the API's own endpoints, so that a new one cannot be forgotten, and
every parameter of every endpoint also gets whole numbers far beyond 64 bits, which no database
holds (``HUGE_INTEGERS``).
"""

import datetime as dt
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from wagtail.models import APIToken, Page, get_page_models

from cms.models import HomePage
from cms.publishing.api.router import api_router
from cms.publishing.preview import make_token
from news.models import NewsIndexPage
from tests.factories.media import DocumentFactory, ImageFactory
from tests.factories.news import NewsCategoryFactory, PressReleasePageFactory
from tests.factories.programme import (
    CallPageFactory,
    ChallengePageFactory,
    ProgrammePageFactory,
    PromotionPageFactory,
)
from tests.fuzz.integers import HUGE_INTEGERS, v3_integer_requests
from tests.utils import setup_site


def endpoint_models(viewset):
    """The models an endpoint serves: every page type for pages (chosen with ``type=``)."""
    if issubclass(viewset.model, Page):
        return [model for model in get_page_models() if model is not Page]
    return [viewset.model]


def endpoint_parameters(viewset, model):
    """Every query parameter the endpoint knows for ``model``: operations, find and detail
    parameters, and the fields it filters on."""
    return (
        set(viewset.known_query_parameters)
        | set(viewset.find_query_parameters)
        | set(getattr(viewset, "detail_query_parameters", ()))
        | set(viewset.get_available_fields(model, db_fields_only=True))
    )


PARAMETERS = sorted(
    {
        name
        for viewset in api_router._endpoints.values()
        for model in endpoint_models(viewset)
        for name in endpoint_parameters(viewset, model)
    }
)
TRICKY = [
    "", "*", "-", "_", ",", "-date", "date,-title", "-title,date", "random", "title,*",
    "*,-title", "-*", "_,title", "body(*)", "tags(name)", "promotion(title,-id)", "root", "0",
    "-1", "1.5", "99999999999999999999999", "news.PressReleasePage",
    "news.PressReleasePage,programme.ChallengePage", "programme.CallPage", "wagtailcore.Page",
    "nope.Nope", "Page", "2018-01-15", "2018-13-45", "2018-01-15T10:00:00+02:00",
    "2018-01-15T25:00", "1e9", "true", "false", "null", "and", "or", "fr", "xx", "html",
    "json", "api", "draftail", "EIG 3", "eig-3", "datascience", "communique-de-presse",
    "/actualites/", "//", "%", "'", '"', "\\", "é", "日本", "\u202e", "\x00", "a\x00b",
]  # fmt: skip
# Pieces of search text: quotes, brackets and the operators of the backends' query syntaxes
# (SQLite's FTS5, PostgreSQL's tsquery), balanced or not, between words and spaces.
SEARCH_PIECES = [
    '"', "'", "(", ")", "{", "}", "[", "]", " ", " ", "AND", "OR", "NOT", "NEAR", "NEAR(",
    "*", "^", "-", "+", ":", ",", "&", "|", "!", "<->", "~", "\\", "%", "_",
    "promotion", "CartoBio", "intérêt", "général", "l’État", "é",
]  # fmt: skip
search_text = st.lists(
    st.one_of(st.sampled_from(SEARCH_PIECES), st.text(max_size=3)), max_size=10
).map("".join)
value = st.one_of(
    st.sampled_from(TRICKY),
    search_text,
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    # Beyond 64 bits, as many digits as a query string may carry.
    st.integers(min_value=2**63, max_value=10**300).map(str),
    st.integers(min_value=-(10**300), max_value=-(2**63) - 1).map(str),
    st.sampled_from(HUGE_INTEGERS),
    st.text(max_size=20),
)
query = st.lists(
    st.tuples(st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=8)), value), max_size=4
)


class APIv2FuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site()
        index = NewsIndexPage.objects.get()
        release = PressReleasePageFactory(parent=index, title="Promotion 3")
        release.tags.add("datascience")
        release.categories.add(NewsCategoryFactory(name="Communiqué de presse"))
        release.save_revision().publish()
        programme = ProgrammePageFactory(parent=HomePage.objects.get())
        promotion = PromotionPageFactory(parent=programme, short_name="EIG 3")
        ChallengePageFactory(parent=promotion, title="CartoBio")
        CallPageFactory(
            parent=programme, promotion=promotion, opens_at=dt.datetime(2018, 1, 1, tzinfo=dt.UTC)
        )
        ImageFactory()
        DocumentFactory()
        cls.page_id = release.pk
        cls.paths = [
            "/api/v2/pages/",
            f"/api/v2/pages/{release.pk}/",
            "/api/v2/pages/find/",
            "/api/v2/images/",
            "/api/v2/documents/",
            f"/api/v2/preview/{release.pk}/",
        ]

    @settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(st.sampled_from(range(6)), query)
    def test_no_query_string_makes_a_server_error(self, path_index, pairs):
        path = self.paths[path_index]
        response = self.client.get(f"{path}?{urlencode(pairs)}")
        self.assertLess(response.status_code, 500, (path, pairs))
        if response.status_code in (301, 302):  # find/ redirects to the detail
            return
        self.assertIn(response.status_code, (200, 400, 403, 404), (path, pairs))
        body = response.json()
        if response.status_code != 200:
            self.assertTrue(body.get("message"), (path, pairs, body))

    @settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(
        st.sampled_from(["/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/"]),
        search_text,
        st.sampled_from([None, "and", "or"]),
    )
    def test_no_search_makes_a_server_error(self, path, text, operator):
        query = {"search": text, **({"search_operator": operator} if operator else {})}
        response = self.client.get(path, query)
        self.assertIn(response.status_code, (200, 400), (path, query))
        if response.status_code == 400:  # NUL characters, too many words
            self.assertTrue(response.json()["message"], (path, query))

    @settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(search_text)
    def test_site_search_never_fails(self, text):
        response = self.client.get("/recherche/", {"q": text})
        self.assertEqual(response.status_code, 200, text)


class OutOfRangeIntegerTests(TestCase):
    """Every parameter of every endpoint, read off the endpoints, given numbers beyond 64 bits:
    a 4xx with a reason, never a 500 (SQLite raised on some, PostgreSQL aborted)."""

    @classmethod
    def setUpTestData(cls):
        APIv2FuzzTests.setUpTestData.__func__(cls)
        revision = Page.objects.get(pk=cls.page_id).specific.save_revision()
        cls.token = make_token(revision)
        user = get_user_model().objects.create_superuser("fuzz", "fuzz@example.org", None)
        cls.api_token = APIToken.create_token(user=user, name="fuzz")[1]

    def assertRefused(self, url, response):
        self.assertLess(response.status_code, 500, url)
        if response.status_code not in (200, 302):
            body = response.json()
            self.assertTrue(body.get("message") or body.get("detail"), (url, body))

    def test_v2_parameters(self):
        for name, viewset in api_router._endpoints.items():
            for model in endpoint_models(viewset):
                extra = {"type": model._meta.label} if issubclass(model, Page) else {}
                preview = name == "preview"
                found = model.objects.first()
                detail = f"/api/v2/{name}/{found.pk if found else self.page_id}/"
                parameters = endpoint_parameters(viewset, model)
                if extra:  # the fields of Page itself are tried once, with type=wagtailcore.Page
                    parameters -= endpoint_parameters(viewset, Page) - {"type"}
                integers = (
                    set()
                    if preview
                    else viewset.integer_query_parameters | viewset.integer_fields(model)
                )
                for parameter in sorted(parameters):
                    for number in HUGE_INTEGERS[:: 1 if parameter in integers else 3]:
                        query = {**extra, parameter: number}
                        if preview:
                            query["token"] = self.token
                            urls = [detail]
                        else:
                            urls = [f"/api/v2/{name}/", detail, f"/api/v2/{name}/find/"]
                        for url in urls:
                            with self.subTest(url=url, parameter=parameter, number=number[:30]):
                                response = self.client.get(f"{url}?{urlencode(query)}")
                                self.assertRefused(url, response)
                        if parameter in integers:
                            response = self.client.get(f"/api/v2/{name}/?{urlencode(query)}")
                            self.assertEqual(response.status_code, 400, (name, parameter))
                            self.assertIn(parameter, response.json()["message"])

    def test_v2_ids_in_paths(self):
        for name in api_router._endpoints:
            for number in HUGE_INTEGERS:
                url = f"/api/v2/{name}/{number}/?token={self.token}"
                with self.subTest(url=url[:60]):
                    # A negative or unreadable number matches no API address: the site's 404.
                    self.assertIn(self.client.get(url).status_code, (400, 403, 404))

    def test_v3_parameters(self):
        schema = self.client.get("/api/v3/openapi.json").json()
        headers = {"Authorization": f"Bearer {self.api_token}"}
        requests = list(v3_integer_requests(schema))
        self.assertGreater(len({name for _, _, name in requests}), 5)
        for path, query, _ in requests:
            url = f"{path}?{urlencode(query)}"
            with self.subTest(url=url[:80]):
                self.assertRefused(url, self.client.get(url, headers=headers))

    @settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(search_text)
    def test_v3_search_never_fails(self, text):
        # Wagtail's v3 hands the text to the search backend as it is (wagtail #13227 on SQLite).
        headers = {"Authorization": f"Bearer {self.api_token}"}
        for path in ("/api/v3/pages/", "/api/v3/images/", "/api/v3/documents/"):
            response = self.client.get(path, {"search": text}, headers=headers)
            self.assertIn(response.status_code, (200, 400), (path, text))

    def test_v3_search_reads_a_double_quote_as_itself(self):
        headers = {"Authorization": f"Bearer {self.api_token}"}
        for text in ('a"b', '"', '"intérêt général', 'CartoBio"', " "):
            with self.subTest(text=text):
                response = self.client.get("/api/v3/pages/", {"search": text}, headers=headers)
                self.assertEqual(response.status_code, 200, response.content[:300])
        for text in ("\x00", 'a\x00"'):  # PostgreSQL refuses NUL characters: a 400 there
            with self.subTest(text=text):
                response = self.client.get("/api/v3/pages/", {"search": text}, headers=headers)
                self.assertIn(response.status_code, (200, 400), response.content[:300])
