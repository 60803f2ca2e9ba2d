"""The former site's addresses of imported pages, kept alive by permanent redirects.

Jekyll served a document of the collection ``_communiques`` at ``/espace-presse/<name>/`` and
one of ``_actualites`` at ``/actualites/<name>/`` (``permalink: /…/:title/`` in its
``_config.yml``). ``<name>`` is Jekyll's ``:title``: the document's ``slug:``, or else its file
name without the extension, the date (``2018-04-24-``) and trailing dots, "slugified" in the
``pretty`` mode with the case kept. A ``permalink:`` in the front matter wins over both.

The collection is the nearest folder of the file named ``_communiques`` or ``_actualites``,
whether it was given to the command or is inside the folder given.
"""

import re
import unicodedata
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from wagtail.contrib.redirects.models import Redirect

from cms.publishing.redirects import stored_path

COLLECTIONS = {"_communiques": "/espace-presse/", "_actualites": "/actualites/"}
# jekyll/document.rb (populate_title): the date of a dated file name is not part of its slug.
DATED_NAME = re.compile(r"^\d{2,4}-\d{1,2}-\d{1,2}-(.*)$")
# jekyll/utils.rb: what the "pretty" mode keeps besides letters, marks and digits.
PRETTY_KEPT = set("._~!$&'()+,;=@")


def pretty_slugify(text):
    """Jekyll's ``Utils.slugify(text, mode: "pretty", cased: true)``.

    Each run of characters other than letters, marks, decimal digits and ``._~!$&'()+,;=@``
    becomes one hyphen; a hyphen at either end is removed; the case is kept.
    """
    slug, replacing = [], False
    for character in text:
        category = unicodedata.category(character)
        if category[0] in "LM" or category == "Nd" or character in PRETTY_KEPT:
            slug.append(character)
            replacing = False
        elif not replacing:
            slug.append("-")
            replacing = True
    return "".join(slug).removeprefix("-").removesuffix("-")


def jekyll_title(source):
    """Jekyll's ``:title`` of a source: its ``slug:`` or its file name, as URLs have it."""
    if source.front_slug:
        return pretty_slugify(source.front_slug)
    stem = PurePosixPath(source.key).stem
    match = DATED_NAME.match(stem)
    return pretty_slugify((match.group(1) if match else stem).rstrip("."))


def old_address(source, path):
    """The path the former site served ``source`` at, or "" when it cannot be known."""
    if source.permalink:
        permalink = source.permalink.replace(":title", jekyll_title(source))
        if urlsplit(permalink).scheme or ":" in permalink:
            return ""  # another site's address, or placeholders this rule does not know
        return "/" + permalink.lstrip("/")
    for folder in reversed(path.parent.parts):
        if folder in COLLECTIONS:
            name = jekyll_title(source)
            return f"{COLLECTIONS[folder]}{name}/" if name else ""
    return ""


def redirect_path(address):
    """``address`` as redirects store it and the middleware looks it up: normalised by
    Wagtail (no trailing slash, letters as themselves rather than percent-encoded), and held
    in 255 characters even when longer (``cms.publishing.redirects``)."""
    return stored_path(Redirect.normalise_path(escape_uri_path(unquote(address))))


def keep_old_address(page, address, site):
    """Make ``address`` a permanent redirect to ``page``, once.

    Returns what was done ("made", "kept", "own" when it is the page's address, "taken" when
    it already leads elsewhere: another file had the same one, or an editor made it a
    redirect of their own, and it is left as it is) and the sentence that reports it.
    """
    old_path = redirect_path(address)
    if old_path == redirect_path(page.get_url() or page.url_path):
        return "own", _("The former address %(address)s is the page's own.") % {"address": address}
    # The middleware prefers a redirect of the site to one of every site (no site).
    redirects = sorted(
        Redirect.get_for_site(site).filter(old_path=old_path), key=lambda r: r.site_id is None
    )
    redirect = redirects[0] if redirects else None
    if redirect is None:
        Redirect.add_redirect(old_path, redirect_to=page, is_permanent=True, site=site)
        return "made", _("Permanent redirect from the former address %(address)s.") % {
            "address": address
        }
    if redirect.redirect_page_id != page.pk:
        return "taken", _(
            "The former address %(address)s already redirects elsewhere: left as it is."
        ) % {"address": address}
    if not redirect.is_permanent:
        redirect.is_permanent = True
        redirect.save(update_fields=["is_permanent"])
    return "kept", _("Permanent redirect from the former address %(address)s (kept).") % {
        "address": address
    }
