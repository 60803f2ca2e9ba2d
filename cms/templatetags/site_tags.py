import datetime as dt
import json
import re
import unicodedata

import nh3
from bs4 import BeautifulSoup
from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from wagtail.models import Site

from cms.context_processors import site_chrome
from cms.views import page_description

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The site root's live, public children marked "show in menus" (``cms.context_processors``),
    the
    current page and its section marked for assistive technologies."""
    request = context.get("request")
    current = context.get("page")
    path = getattr(current, "path", None) or ""
    items = []
    for item in site_chrome(request)["menu"] if request else []:
        if current is not None and item["pk"] == current.pk:
            item = {**item, "current": "page"}
        elif path.startswith(item["path"]):
            item = {**item, "current": "true"}
        items.append(item)
    return {"menu_items": items}


def _ancestors_from_routing(page, root_depth):
    """The ancestors that routing fetched on its way to ``page``, or None if it did not."""
    ancestors = []
    node = page
    while node.depth > root_depth:
        node = getattr(node, "_cached_parent_obj", None)
        if node is None:
            return None
        ancestors.append(node)
    return ancestors[::-1]


@register.inclusion_tag("includes/breadcrumb.html", takes_context=True)
def breadcrumb(context, page):
    """The page's ancestors from its site's home page down; nothing on the home page itself.
    Routing already fetched them: no query then."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    root_depth = site.root_page.depth if site else 2
    if page.depth <= root_depth:
        return {"page": None, "ancestors": []}
    ancestors = _ancestors_from_routing(page, root_depth)
    if ancestors is None:
        ancestors = page.get_ancestors().filter(depth__gte=root_depth)
    return {"page": page, "ancestors": ancestors}


@register.filter
def video_player(html, title):
    """An embed's iframe as the DSFR's video player: the width of its box whatever the
    width and height the oEmbed answer gave it, and titled, as screen readers announce it
    (RGAA 2.1)."""
    soup = BeautifulSoup(str(html), "html.parser")
    for iframe in soup.find_all("iframe"):
        iframe["title"] = title
        iframe["class"] = [*iframe.get("class", []), "fr-responsive-vid__player"]
    return mark_safe(str(soup))  # noqa: S308 - the embed HTML comes from a trusted oEmbed finder


@register.inclusion_tag("includes/social_meta.html", takes_context=True)
def social_meta(context, page):
    """OpenGraph and Twitter card of a page: title, summary, image (feeds' rendition)."""
    request = context.get("request")
    page = page.specific
    image = page.social_image() if hasattr(page, "social_image") else None
    site = Site.find_for_request(request) if request else None
    return {
        "title": page.seo_title or page.title,
        "description": page_description(page),
        "url": page.get_full_url(request),
        "image_url": request.build_absolute_uri(image.url) if image and request else "",
        "image_alt": page.hero_image.alt if image else "",
        "type": "article" if hasattr(page, "date") else "website",
        "site_name": (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME,
    }


@register.simple_tag(takes_context=True)
def news_feeds(context):
    """The addresses of the site's news feeds (``rss``, ``atom``), which every page announces
    (``<link rel="alternate">``), or None."""
    request = context.get("request")
    return site_chrome(request)["feeds"] if request else None


# The characters that would end a <script> element early, escaped as json_script does.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """Structured data (schema.org) as a ``<script type="application/ld+json">`` element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        _JSON_SCRIPT_ESCAPES
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


def _fold(text):
    """Lower case without accents, one character for one: positions stay those of ``text``."""
    folded = []
    for char in text:
        base = "".join(
            c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
        ).lower()
        folded.append(base if len(base) == 1 else char.lower()[:1] or char)
    return "".join(folded)


@register.filter
def highlight(text, query):
    """``text`` escaped, with the words of ``query`` marked, whatever their case and accents."""
    text = str(text or "")
    terms = {_fold(word) for word in re.findall(r"\w{2,}", str(query or ""))}
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)))
    parts, end = [], 0
    for match in pattern.finditer(_fold(text)):
        parts.append(escape(text[end : match.start()]))
        parts.append(format_html("<mark>{}</mark>", text[match.start() : match.end()]))
        end = match.end()
    parts.append(escape(text[end:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


@register.filter(expects_localtime=True)
def datetime_attribute(value):
    """A date or a moment as the ``datetime`` attribute of ``<time>``: ISO 8601, to the second,
    in the current time zone (as ``date`` shows it). Not ``date:"c"``: it prints microseconds,
    which HTML refuses (three decimals at most)."""
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return ""


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
