"""The shared browser fixtures work as their users expect (see conftest.py)."""

import pytest

from tests.utils import setup_site

pytestmark = pytest.mark.browser


def test_admin_page_is_logged_in_and_anonymous_pages_are_not(admin_page, open_page):
    setup_site()
    page = admin_page(viewport="mobile")
    response = page.goto("/admin/")
    assert response.status == 200
    assert "/admin/login/" not in page.url
    assert page.viewport_size == {"width": 375, "height": 740}

    anonymous = open_page()
    anonymous.goto("/admin/")
    assert "/admin/login/" in anonymous.url
