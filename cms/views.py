"""The site's views that are not pages: search and robots.txt."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.html import strip_tags
from wagtail.models import Page, Site

from cms.publishing.search import reader_query
from cms.publishing.visibility import public_pages

SEARCH_PAGE_SIZE = 10
# Longer queries are cut: nobody types them, and they cost the database.
SEARCH_MAX_LENGTH = 200
# Where a page's summary is, first found first: for results and social cards.
SUMMARY_FIELDS = ("search_description", "chapeau", "intro", "summary")


def page_description(page):
    """The first non-empty summary field of a specific page, as plain text."""
    for name in SUMMARY_FIELDS:
        value = getattr(page, name, "")
        if value:
            return strip_tags(str(value)).strip()
    return ""


def search(request):
    """Full-text search (Wagtail search, French configuration) among the site's public pages;
    words between double quotes are searched as a phrase."""
    # NUL characters cannot reach PostgreSQL; runs of spaces mean nothing.
    query = " ".join(request.GET.get("q", "").replace("\x00", " ").split())[:SEARCH_MAX_LENGTH]
    results = None
    if query:
        site = Site.find_for_request(request)
        pages = Page.objects.all()
        if site is not None:
            pages = pages.descendant_of(site.root_page, inclusive=True)
        found = public_pages(pages).specific().search(reader_query(query))
        results = Paginator(found, SEARCH_PAGE_SIZE)
        results = results.get_page(request.GET.get("page"))
        results.pages_list = list(
            results.paginator.get_elided_page_range(results.number, on_each_side=1, on_ends=1)
        )
        for result in results:
            result.summary = page_description(result)
    return render(request, "cms/search.html", {"query": query, "results": results})


def robots_txt(request):
    """Crawlers may index everything but the admin; the sitemap's address is absolute."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=3600)
    return response
