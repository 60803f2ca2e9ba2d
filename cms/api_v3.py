"""Wagtail's v3 API as this site mounts it: token reads only (see cms.middleware).

The schema says what this site serves: reads only (writes answer 405) unless
``API_V3_WRITES_ENABLED`` is set, and Wagtail's own "read and write API" description is
replaced accordingly.

Wagtail 8.0 declares anonymous access as an HTTP security scheme without a ``scheme``, which
makes ``/api/v3/openapi.json`` invalid OpenAPI. This site refuses anonymous v3 requests
anyway: the schema is mended to say so, every operation requiring the bearer token.

The schema takes seconds to build and depends only on the code: it is built once per process.
Operations that cannot be called on this site (a path parameter whose only value is the empty
string: snippet revisions, when no snippet keeps revisions) are left out of it.

``openapi_json`` serves that schema: cms.urls mounts it at ``/api/v3/openapi.json``, ahead of
Wagtail's own view at that URL, where the interactive docs (``/api/v3/docs/``) look for it.
The API object stays the one Wagtail builds and asks projects to mount: Wagtail's apps add
their routers to it (images, documents, snippets, redirects, locales), so a NinjaAPI subclass
of ours would have to copy that private list of routers.

Bad input that Wagtail 8.0's v3 views let through to the database (a page number too large for
an integer, a text key for a numeric one) answers 400 with the reason, not 500.
"""

import logging
import threading

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError
from wagtail.api.v3.urls import api

logger = logging.getLogger(__name__)

_schemas = {}
_lock = threading.Lock()


READ_ONLY = (
    "Wagtail's v3 API as this site serves it: read-only. Every operation needs an API token "
    "(Authorization: Bearer <token>, created in the admin) and answers with what the token's "
    "user may edit in the admin, drafts included; writes answer 405. Public content is at "
    "/api/v2/."
)
READ_WRITE = (
    "Wagtail's v3 API as this site serves it: reads and writes (API_V3_WRITES_ENABLED). Every "
    "operation needs an API token (Authorization: Bearer <token>, created in the admin) and "
    "may do what the token's user may do in the admin. Public content is at /api/v2/."
)
READ_METHODS = ("get", "head", "options")


def writes_enabled():
    return getattr(settings, "API_V3_WRITES_ENABLED", False)


def openapi_schema():
    """Wagtail's schema for the v3 API as mounted here, mended; built once per process."""
    path_prefix = api.get_root_path({})
    writes = writes_enabled()
    with _lock:
        if (path_prefix, writes) not in _schemas:
            schema = api.get_openapi_schema(path_prefix=path_prefix)
            _schemas[path_prefix, writes] = _mend(schema, writes)
        return _schemas[path_prefix, writes]


def openapi_json(request):
    return api.create_response(request, openapi_schema(), status=200)


# Behind WAGTAILAPI_DOCS_ENABLED, as Wagtail's own schema and docs views are.
openapi_json = api.docs_decorator(openapi_json)


def _unreachable(operation):
    return any(
        parameter.get("in") == "path" and parameter.get("schema", {}).get("const") == ""
        for parameter in operation.get("parameters", [])
    )


def _mend(schema, writes):
    schema.setdefault("info", {})["description"] = READ_WRITE if writes else READ_ONLY
    schemes = schema.get("components", {}).get("securitySchemes", {})
    anonymous = {
        name
        for name, scheme in schemes.items()
        if scheme.get("type") == "http" and "scheme" not in scheme
    }
    for name in anonymous:
        del schemes[name]
    for path, operations in list(schema.get("paths", {}).items()):
        for method, operation in list(operations.items()):
            if isinstance(operation, dict) and _unreachable(operation):
                del operations[method]
            elif method.lower() not in READ_METHODS and not writes:
                del operations[method]  # answered 405 (cms.middleware)
        if not operations:
            del schema["paths"][path]
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict) and "security" in operation:
                operation["security"] = [
                    requirement
                    for requirement in operation["security"]
                    if not set(requirement) <= anonymous
                ]
    return schema


def bad_request(request, exc):
    """Input the views did not validate: a 400 naming the problem, logged to fix upstream.

    A read that the database refuses (SQLite says "datatype mismatch" for an offset beyond
    64 bits) is bad input too; a write that it refuses is not, and stays an error.
    """
    if isinstance(exc, IntegrityError) and request.method not in ("GET", "HEAD"):
        raise exc
    logger.warning("v3 API: bad input for %s: %r", request.get_full_path(), exc)
    message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    return api.create_response(request, {"detail": f"Invalid request: {message}"}, status=400)


# django-ninja's public hook for errors, on the instance Wagtail has projects mount; these
# take precedence over Wagtail's own (ValidationError: 422) for this site's answers.
for _exception in (ValueError, OverflowError, ValidationError, DataError, IntegrityError):
    api.add_exception_handler(_exception, bad_request)
