"""Wagtail's database search backend, with any text a caller passes made safe on SQLite.

On SQLite, the backend wraps each word in double quotes for FTS5 without escaping the double
quotes inside it, so a search for ``a"b`` is an FTS5 syntax error, a 500 (wagtail #13227,
open). Every caller is concerned: the site's search page, the v2 and v3 APIs, the admin. Here
a double quote inside a word is doubled, as FTS5 strings escape it, and so reads as itself.
PostgreSQL's backend needs nothing: it hands words to ``plainto_tsquery``.
"""

from modelsearch.backends import database
from modelsearch.backends.database.sqlite import sqlite
from modelsearch.query import PlainText


class QuoteSafeCompilerMixin:
    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText) and '"' in query.query_string:
            query = PlainText(
                query.query_string.replace('"', '""'), operator=query.operator, boost=query.boost
            )
        return super().build_search_query_content(query, config=config)


class SQLiteSearchQueryCompiler(QuoteSafeCompilerMixin, sqlite.SQLiteSearchQueryCompiler):
    pass


class SQLiteAutocompleteQueryCompiler(
    QuoteSafeCompilerMixin, sqlite.SQLiteAutocompleteQueryCompiler
):
    pass


class SQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    query_compiler_class = SQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = SQLiteAutocompleteQueryCompiler


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks for in a backend module)
    """The database backend Wagtail would choose for the default database, quote-safe."""
    backend = database.SearchBackend(params)
    if type(backend) is sqlite.SQLiteSearchBackend:
        return SQLiteSearchBackend(params)
    return backend
