"""Generated query strings never make the v2 API fail: every answer is JSON, 200, 400 or 404;
nor does any search typed into the site's search page.

`make test` runs a quick pass; `make fuzz` runs the same properties with many more cases.
"""

import datetime as dt
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from cms.models import HomePage
from news.models import NewsIndexPage
from tests.factories.media import DocumentFactory, ImageFactory
from tests.factories.news import NewsCategoryFactory, PressReleasePageFactory
from tests.factories.programme import (
    CallPageFactory,
    ChallengePageFactory,
    ProgrammePageFactory,
    PromotionPageFactory,
)
from tests.utils import setup_site

PARAMETERS = [
    "type", "fields", "limit", "offset", "order", "search", "search_operator", "child_of",
    "descendant_of", "ancestor_of", "translation_of", "locale", "site", "tags", "category",
    "date_after", "date_before", "promotion", "format", "rich_text_format", "html_path", "id",
    "token", "title", "slug", "date", "show_in_menus", "first_published_at", "status",
]  # fmt: skip
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
