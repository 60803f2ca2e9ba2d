"""Wagtail's SQLite search backend, safe with any text (see ``cms.publishing.search_backends``)."""

from modelsearch.backends.database.sqlite import sqlite
from modelsearch.query import PlainText


class QuoteSafeCompilerMixin:
    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            text = query.query_string.replace("\x00", " ").replace('"', '""')
            query = PlainText(text, operator=query.operator, boost=query.boost)
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

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        # Text with no word matches nothing: the base class says so of "" only, and the
        # compiler fails on spaces alone.
        if isinstance(query, str) and not query.replace("\x00", " ").strip():
            query = ""
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)
