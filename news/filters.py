"""The filters of a news index's list and feeds: tag, category and year, from a query string."""

from urllib.parse import urlencode

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class ReleaseFilters:
    """The filters of a news index's list of press releases, read from a query string.

    ``tag`` and ``category`` are slugs, ``year`` a year of the release date (Paris time).
    A value that names nothing is kept, so that the list says what was asked and shows none.
    Tags and categories are known by the index's filter choices, which its public releases
    make: one that only an embargoed, private or expired release carries names nothing, and
    its name is shown nowhere.
    """

    def __init__(self, index, tag="", category="", year=None):
        self.index = index
        self.tag = tag
        self.category = category
        self.year = year

    # Years a release date may filter on; others are ignored (and would overflow datetimes).
    years = range(1900, 2200)

    @classmethod
    def from_query(cls, index, query):
        def value(name):
            # NUL characters cannot reach PostgreSQL: they would make a 500 of a bad link.
            return query.get(name, "").replace("\x00", "").strip()[:100]

        year = value("year")
        return cls(
            index,
            tag=value("tag"),
            category=value("category"),
            year=int(year) if year.isdigit() and int(year) in cls.years else None,
        )

    def __bool__(self):
        return bool(self.tag or self.category or self.year)

    @cached_property
    def choices(self):
        """The tags, categories and years of the index's public releases."""
        return self.index.filter_choices()

    @cached_property
    def tag_object(self):
        return self._choice("tags", self.tag)

    @cached_property
    def category_object(self):
        return self._choice("categories", self.category)

    def _choice(self, kind, slug):
        if not slug:
            return None
        return next((item for item in self.choices[kind] if item.slug == slug), None)

    def apply(self, releases):
        if self.tag:
            releases = releases.filter(tags__slug=self.tag)
        if self.category:
            releases = releases.filter(categories__slug=self.category)
        if self.year:
            releases = releases.filter(date__year=self.year)
        return releases

    def labels(self):
        """What the filters select, in words, e.g. ["tag “open data”", "2018"]."""
        labels = []
        if self.tag:
            name = self.tag_object.name if self.tag_object else self.tag
            labels.append(_("tag “%(name)s”") % {"name": name})
        if self.category:
            name = self.category_object.name if self.category_object else self.category
            labels.append(_("category “%(name)s”") % {"name": name})
        if self.year:
            labels.append(str(self.year))
        return labels

    def query_string(self):
        """The filters as a query string ("tag=data&year=2018"), without the page number."""
        pairs = (("tag", self.tag), ("category", self.category), ("year", self.year))
        return urlencode([(key, value) for key, value in pairs if value])
