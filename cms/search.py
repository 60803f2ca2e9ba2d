"""What a reader types into a search box, as a query for Wagtail search.

Text between double quotes is searched as a phrase, the rest as words; no other character
means anything. Wagtail's own parser (``parse_query_string``, as its admin uses) splits the
text, so that no quote reaches a database's query syntax: given the raw text, the SQLite
backend put a stray ``"`` into an FTS5 expression, a syntax error.
"""

from wagtail.search.utils import parse_query_string


def reader_query(text, operator=None):
    """The search query for ``text``; words combine with ``operator`` ("and" or "or"; None
    is the backend's default, "and"). Text with no words matches nothing."""
    # Wagtail's parser takes "word:word" for a filter and drops it; a colon means nothing
    # to readers, and the backends' parsers split words on it anyway.
    _filters, query = parse_query_string(text.replace(":", " "), operator=operator)
    return query
