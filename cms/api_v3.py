"""Wagtail's v3 API as this site mounts it: token reads only (see cms.middleware).

Wagtail 8.0 declares anonymous access as an HTTP security scheme without a ``scheme``, which
makes ``/api/v3/openapi.json`` invalid OpenAPI. This site refuses anonymous v3 requests
anyway: the schema is mended to say so, every operation requiring the bearer token.
"""

from wagtail.api.v3.urls import api

_wagtail_schema = api.get_openapi_schema


def openapi_schema(*args, **kwargs):
    schema = _wagtail_schema(*args, **kwargs)
    schemes = schema.get("components", {}).get("securitySchemes", {})
    anonymous = {
        name
        for name, scheme in schemes.items()
        if scheme.get("type") == "http" and "scheme" not in scheme
    }
    for name in anonymous:
        del schemes[name]
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict) and "security" in operation:
                operation["security"] = [
                    requirement
                    for requirement in operation["security"]
                    if not set(requirement) <= anonymous
                ]
    return schema


api.get_openapi_schema = openapi_schema
