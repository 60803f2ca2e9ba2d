import re

import nh3
from bs4 import BeautifulSoup
from django import template
from django.utils.safestring import mark_safe
from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The site root's live, public children marked "show in menus"."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    current_page = context.get("page")
    if site is None:
        return {"menu_pages": [], "current_page": current_page, "ancestor_ids": set()}
    root = site.root_page
    menu_pages = root.get_children().live().public().in_menu()
    ancestor_ids = set()
    if current_page is not None:
        ancestor_ids = set(current_page.get_ancestors().values_list("pk", flat=True))
    return {
        "menu_pages": menu_pages,
        "current_page": current_page,
        "ancestor_ids": ancestor_ids,
    }


@register.inclusion_tag("includes/breadcrumb.html", takes_context=True)
def breadcrumb(context, page):
    """The page's ancestors from its site's home page down."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    root_depth = site.root_page.depth if site else 2
    ancestors = page.get_ancestors().filter(depth__gte=root_depth)
    return {"page": page, "ancestors": ancestors}


@register.filter
def with_iframe_title(html, title):
    """Give an embed's iframe a title, which screen readers announce (RGAA 2.1)."""
    soup = BeautifulSoup(str(html), "html.parser")
    for iframe in soup.find_all("iframe"):
        iframe["title"] = title
    return mark_safe(str(soup))  # noqa: S308 - the embed HTML comes from a trusted oEmbed finder


SAFE_SCHEMES = ("http", "https", "mailto", "tel")


@register.filter
def safe_href(url):
    """An address fit for a link: web, mail or phone, or relative; anything else (javascript:,
    data:...) becomes an empty link. Forms check addresses already; this holds for content
    written by other means."""
    url = str(url or "")
    scheme, colon, _ = re.sub(r"[\s\x00-\x1f]", "", url).partition(":")
    if colon and "/" not in scheme and scheme.lower() not in SAFE_SCHEMES:
        return ""
    return url


@register.filter
def brand_html(html):
    """The header and footer brand ("République<br>française"): line breaks, nothing else."""
    return mark_safe(nh3.clean(str(html), tags={"br"}, attributes={}))  # noqa: S308 - cleaned
