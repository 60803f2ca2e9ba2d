"""Whole numbers no database column holds, for every integer parameter of the APIs.

SQLite and PostgreSQL hold 64-bit integers: beyond them SQLite raises (an OverflowError, a
"datatype mismatch") and PostgreSQL aborts the transaction. Each API parameter that takes an
integer gets these; generated fuzzing rarely draws them for the right parameter.
"""

import re

HUGE_INTEGERS = tuple(
    str(number) for number in (2**63, -(2**63) - 1, 2**64, 10**30, -(2**70), 2**200)
) + ("9" * 5000,)  # more digits than Python's int() reads (4,300)


def takes_integer(schema):
    """Whether an OpenAPI parameter schema accepts an integer."""
    alternatives = schema.get("anyOf", []) + schema.get("oneOf", [])
    return schema.get("type") == "integer" or any(takes_integer(item) for item in alternatives)


def v3_integer_requests(schema):
    """(path, query parameters, parameter name) of a GET for each integer parameter of each
    GET operation of an OpenAPI schema, with each huge value; other path parameters are 1."""
    for path, operations in schema.get("paths", {}).items():
        operation = operations.get("get")
        if not operation:
            continue
        for parameter in operation.get("parameters", []):
            if parameter.get("in") not in ("path", "query"):
                continue
            if not takes_integer(parameter.get("schema", {})):
                continue
            for value in HUGE_INTEGERS:
                url, query = path, {}
                if parameter["in"] == "path":
                    url = url.replace("{" + parameter["name"] + "}", value)
                else:
                    query[parameter["name"]] = value
                yield re.sub(r"\{[^}]+\}", "1", url), query, parameter["name"]
