"""Wagtail's database search backend, with any text a caller passes made safe on SQLite.

On SQLite, the backend wraps each word in double quotes for FTS5 without escaping the double
quotes inside it, so a search for ``a"b`` is an FTS5 syntax error, a 500 (wagtail #13227,
open), and so is a NUL character, which ends an FTS5 string. Every caller is concerned: the
site's search page, the v2 and v3 APIs, the admin. Here a double quote inside a word is
doubled, as FTS5 strings escape it, and so reads as itself; a NUL character is a space, and
text of spaces alone matches nothing. PostgreSQL's backend needs none of this.
"""

from django.db import connection
from modelsearch.backends import database


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks for in a backend module)
    """The database backend Wagtail would choose for the default database, quote-safe."""
    backend = database.SearchBackend(params)
    if connection.vendor == "sqlite" and database.USE_SQLITE_FTS:  # set by the call above
        # Imported only here, as Wagtail's own chooser does: the SQLite backend's module
        # needs the SQLite full-text index model, which exists on SQLite only.
        from cms.publishing.search_backends.sqlite import SQLiteSearchBackend

        return SQLiteSearchBackend(params)
    return backend
