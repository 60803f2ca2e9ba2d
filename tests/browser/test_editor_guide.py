"""An editor finds the site's guide, in French, from the admin's help menu."""

import pytest

from tests.utils import setup_site

pytestmark = pytest.mark.browser


def test_the_help_menu_opens_the_french_guide(admin_page, screenshot, assert_accessible):
    setup_site()
    page = admin_page()
    page.goto("/admin/")
    page.get_by_role("button", name="Aide").click()
    page.get_by_role("list", name="Aide").get_by_role("link", name="Guide de rédaction").click()
    page.wait_for_url("**/admin/guide/")
    assert page.get_by_role("heading", level=1).inner_text().strip() == "Guide de rédaction"
    breadcrumbs = page.get_by_role("navigation", name="Fil d'Ariane")
    assert "Guide de rédaction" in breadcrumbs.inner_text()
    assert page.get_by_role("heading", name="Programmation et embargo").is_visible()
    screenshot(page, "admin-editor-guide")
    assert_accessible(page)
