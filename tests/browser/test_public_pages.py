"""The public site in a real browser: filters and pagination, the slideshow by keyboard,
search, screenshots at desktop and mobile widths, and axe-core on every kind of page."""

import re

import pytest

from news.models import NewsIndexPage
from tests.browser.content import SLIDE_ALTS, build_public_site

pytestmark = pytest.mark.browser


@pytest.fixture
def site(site_url):
    # After site_url, which sets up the transactional database the live server reads.
    return build_public_site(releases=NewsIndexPage.page_size + 2)


def card_titles(page):
    return page.locator(".fr-card__title a").all_inner_texts()


def test_index_filters_and_pagination_keep_each_other(site, page):
    page.goto(site["index"].url)
    page.select_option("#filter-tag", "data")
    page.select_option("#filter-year", "2017")
    page.get_by_role("button", name="Filtrer", exact=True).click()
    page.wait_for_url(re.compile(r"tag=data"))
    assert "year=2017" in page.url
    assert len(card_titles(page)) == NewsIndexPage.page_size
    assert "Lancement de la troisième promotion" not in card_titles(page)

    page.get_by_role("link", name="Page suivante").first.click()
    page.wait_for_url(re.compile(r"page=2"))
    assert "tag=data" in page.url and "year=2017" in page.url
    assert card_titles(page) == ["Données ouvertes 02", "Données ouvertes 01"]
    assert page.locator("#filter-tag").input_value() == "data"
    assert page.locator("#filter-year").input_value() == "2017"

    page.get_by_role("link", name="Réinitialiser").click()
    page.wait_for_url(re.compile(r"/actualites/$"))
    assert card_titles(page)[0] == "Lancement de la troisième promotion"
    assert page.js_errors == []


def visible_slide(page):
    slides = page.locator("[data-slideshow-slide]")
    shown = [i for i in range(slides.count()) if slides.nth(i).is_visible()]
    assert len(shown) == 1, shown
    return shown[0]


def test_slideshow_by_keyboard_with_pause_and_alt_texts(site, open_page):
    page = open_page()
    page.clock.install()
    page.goto(site["release"].url)
    slideshow = page.locator("[data-slideshow]")
    assert (
        page.locator("[data-slideshow] img").evaluate_all(
            "images => images.map(image => image.alt)"
        )
        == SLIDE_ALTS
    )
    assert visible_slide(page) == 0

    # It turns by itself...
    page.clock.run_for(6500)
    assert visible_slide(page) == 1
    # ...and stops for good once paused.
    toggle = page.get_by_role("button", name="Mettre le diaporama en pause")
    toggle.focus()
    page.keyboard.press("Enter")
    assert slideshow.get_attribute("data-state") == "paused"
    assert (
        page.get_by_role("button", name="Reprendre le diaporama").get_attribute("aria-pressed")
        == "true"
    )
    page.locator("body").click(position={"x": 5, "y": 5})  # focus leaves the slideshow
    page.clock.run_for(20000)
    assert visible_slide(page) == 1

    # Keyboard: Tab to the next button, Enter, then the arrow keys, Home and End.
    page.get_by_role("button", name="Reprendre le diaporama").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Photo suivante"
    page.keyboard.press("Enter")
    assert visible_slide(page) == 2
    page.keyboard.press("ArrowRight")
    assert visible_slide(page) == 0
    page.keyboard.press("ArrowLeft")
    assert visible_slide(page) == 2
    page.keyboard.press("Home")
    assert visible_slide(page) == 0
    page.keyboard.press("End")
    assert visible_slide(page) == 2
    assert page.locator(".slideshow__slides").get_attribute("aria-live") == "polite"
    assert page.js_errors == []


def test_slideshow_does_not_turn_for_readers_who_ask_for_less_motion(site, open_page):
    page = open_page(reduced_motion="reduce")
    page.clock.install()
    page.goto(site["release"].url)
    assert page.locator("[data-slideshow]").get_attribute("data-state") == "paused"
    page.clock.run_for(20000)
    assert visible_slide(page) == 0


def test_search_from_the_header_highlights_the_words(site, page):
    page.goto("/")
    page.fill("#header-search-input", "promotion")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/recherche/\?q=promotion"))
    titles = page.locator(".search-result h2 a").all_inner_texts()
    assert "Lancement de la troisième promotion" in titles
    assert "Promotion 3" in titles
    marks = page.locator(".search-result mark").all_inner_texts()
    assert marks and all(mark.lower() == "promotion" for mark in marks)
    assert page.locator("#search-page-input").input_value() == "promotion"


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_screenshots_of_the_press_release_and_the_index(site, open_page, screenshot, viewport):
    page = open_page(viewport, reduced_motion="reduce")
    for name, url in (("press-release", site["release"].url), ("news-index", site["index"].url)):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        path = screenshot(page, f"{name}-{viewport}")
        assert path.stat().st_size > 10_000
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], f"{name} scrolls sideways at {viewport}"
    if viewport == "mobile":
        # The menu button replaces the navigation, and opens it: a dialog the DSFR's script
        # names after the button (the served HTML may not, see includes/header.html).
        page.get_by_role("button", name="Menu").click()
        assert page.locator("#fr-menu-mobile .fr-nav__link").first.is_visible()
        assert page.get_by_role("dialog", name="Menu").is_visible()


def test_pages_have_no_serious_accessibility_violation(site, open_page, assert_accessible):
    page = open_page(reduced_motion="reduce")
    urls = [
        site["home"].url,
        site["index"].url,
        site["index"].url + "?tag=data&page=2",
        site["index"].url + "?tag=nothing",
        site["release"].url,
        site["promotion"].url,
        site["challenge"].url,
        site["call"].url,
        "/recherche/?q=promotion",
        "/nulle-part/",
    ]
    for url in urls:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert_accessible(page)
    assert page.js_errors == []
