"""What a reader types into a search box, as a query for Wagtail search.

Text between double quotes is searched as a phrase, the rest as words; no other character
means anything. Wagtail's own parser (``parse_query_string``, as its admin uses) splits the
text, so that no quote reaches a database's query syntax: given the raw text, the SQLite
backend put a stray ``"`` into an FTS5 expression, a syntax error.
"""

import re

from wagtail.search.utils import parse_query_string

# Neither a word's character nor a quote: the backends' parsers split words on these anyway.
NOT_WORDS = re.compile(r"[^\w\s\"']")


def reader_query(text, operator=None):
    """The search query for ``text``; words combine with ``operator`` ("and" or "or"; None
    is the backend's default, "and"). Text with no words matches nothing."""
    # Left in, other characters only harm: Wagtail's parser takes "word:word" for a filter
    # and drops it, and the PostgreSQL backend fails on a part with no word beside a phrase
    # ('- "a b"').
    _filters, query = parse_query_string(NOT_WORDS.sub(" ", text), operator=operator)
    return query
