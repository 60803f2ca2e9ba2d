"""What every public page shows around its content: the DSFR configuration (site title,
notice), the main menu, the footer's mandatory links and the news feeds announced in the
head. Built once per site, language and change (``cms.publishing.caching.fragments``),
read once per request.
"""

from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from dsfr.models import DsfrConfig
from wagtail.models import Site

from cms.models import FooterSettings
from cms.publishing.caching import fragments
from cms.publishing.visibility import public_pages
from news.models import NewsIndexPage


def _page_url(page, request):
    return page.get_url(request) if page is not None and page.live else ""


def _feeds(site, request):
    index = public_pages(NewsIndexPage.objects.descendant_of(site.root_page, inclusive=True))
    index = index.first()
    if index is None:
        return None
    base = index.get_url(request)
    if not base.endswith("/"):
        base += "/"
    return {name: base + index.reverse_subpage(f"{name}_feed") for name in ("rss", "atom")}


def build(request, site, language):
    config = DsfrConfig.objects.filter(language=language).first() or DsfrConfig.objects.first()
    chrome = {"config": config, "menu": [], "feeds": None, "footer": {}}
    if site is None:
        return chrome
    chrome["menu"] = [
        {"pk": page.pk, "path": page.path, "title": page.title, "url": page.get_url(request)}
        for page in public_pages(site.root_page.get_children().in_menu())
    ]
    chrome["feeds"] = _feeds(site, request)
    links = FooterSettings.LINKS
    footer = (
        FooterSettings.objects.filter(site=site)
        .select_related(*(f"{link}_page" for link in links))
        .first()
    )
    chrome["footer"] = {
        link: _page_url(getattr(footer, f"{link}_page", None), request) for link in links
    }
    return chrome


def site_chrome(request):
    """The chrome of the site that answers ``request``, computed at most once per request."""
    chrome = getattr(request, "_site_chrome", None)
    if chrome is None:
        site = Site.find_for_request(request)
        language = get_language()
        chrome = fragments.cached(
            "chrome",
            [site.pk if site else "", language],
            lambda: build(request, site, language),
        )
        request._site_chrome = chrome
    return chrome


def site_chrome_context(request):
    """``SITE_CONFIG`` (as django-dsfr's context processor gives it) and ``site_chrome``,
    evaluated only by the templates that use them."""
    return {
        "SITE_CONFIG": SimpleLazyObject(lambda: site_chrome(request)["config"]),
        "site_chrome": SimpleLazyObject(lambda: site_chrome(request)),
    }
