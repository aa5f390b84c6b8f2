#!/usr/bin/env python3
"""Writes web/ui/openapi.json, the OpenAPI 3 description of the JSON API.

The routes, their roles, body kinds and body limits come from the route table
(web/src/routes/route_table.cpp and .hpp), which a test keeps equal to the routes the server
registers; request fields and query parameters are read from each route's handler in
web/src/routes/*.cpp (the FieldReader and QueryReader calls). A request body's limit is written as x-max-body-bytes.
tests/unit/web/openapi_test.cpp checks the document against the running router, so run this
script again after adding or changing a route:  scripts/gen-openapi.py
"""
import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
TABLE = (ROOT / "web/src/routes/route_table.cpp").read_text()
TABLE_HEADER = (ROOT / "web/src/routes/route_table.hpp").read_text()
SOURCES = "\n".join(p.read_text() for p in sorted((ROOT / "web/src/routes").glob("*.cpp")))

ROLE_SETS = {}
for name, roles in re.findall(r"constexpr RoleSet (k\w+)\{([^}]*)\}", TABLE):
    ROLE_SETS[name] = [r.strip()[1:].lower() for r in roles.split(",")]


def byte_count(expression):
    """A limit as the header writes it: a product of integers (8 * 1024 * 1024) or a constant."""
    expression = expression.strip()
    if re.fullmatch(r"k\w+", expression):
        return byte_count(re.search(r"constexpr std::uint64_t " + expression + r" = ([^;]+);",
                                    TABLE_HEADER).group(1))
    product = 1
    for factor in expression.split("*"):
        product *= int(factor.strip().rstrip("uUlL"))
    return product


BODIES = {}  # name -> (kind, limit in bytes or None for the server's default)
for name, kind, limit in re.findall(
        r"constexpr Body (k\w+)\{BodyKind::(k\w+), ([^}]+)\}", TABLE_HEADER):
    BODIES[name] = (kind, None if limit.strip() == "std::nullopt" else byte_count(limit))

RULES = []
rows = re.findall(r"(Public|Allow)\(V::(\w+), \"([^\"]+)\"(?:, (k\w+))?, (k\w+)\)", TABLE)
assert len(rows) == len(re.findall(r"^\s+(?:Public|Allow)\(", TABLE, re.M)), "a row this script cannot read"
for kind, method, pattern, roles, body in rows:
    RULES.append((method.rstrip("_"), pattern, None if kind == "Public" else ROLE_SETS[roles],
                  BODIES[body]))

# Handler bodies: the text from a router.Add of a literal pattern to the next router.Add.
BLOCKS = {}
adds = list(re.finditer(r"router\.Add\(http::verb::(\w+),\s*\"([^\"]+)\"", SOURCES))
for i, m in enumerate(adds):
    end = adds[i + 1].start() if i + 1 < len(adds) else len(SOURCES)
    BLOCKS[(m.group(1).rstrip("_"), m.group(2))] = SOURCES[m.end():end]

TYPES = {
    "String": "string", "OptionalString": "string", "Strings": "array", "Int": "integer",
    "OptionalInt": "integer", "OptionalNumber": "number", "Bool": "boolean", "Date": "string",
    "OptionalDate": "string", "Id": "integer", "OptionalId": "integer", "Ids": "array",
    "Enum": "string", "OptionalEnum": "string", "Enums": "array", "Array": "array", "Object": "object",
}


def body_fields(block):
    fields = {}
    for call, name in re.findall(r"\bin\.(\w+)(?:<[^>]*>)?\(\"(\w+)\"", block):
        if call in TYPES:
            schema = {"type": TYPES[call]}
            if call in ("Date", "OptionalDate"):
                schema["format"] = "date"
            required = not call.startswith("Optional") and call not in ("Bool", "Array", "Strings", "Ids", "Enums", "Object")
            fields[name] = (schema, required)
    return fields


def query_params(block):
    params = {}
    for call, name in re.findall(r"\b(?:q|query)\.(\w+)(?:<[^>]*>)?\(\"(\w+)\"", block):
        if call in ("String", "Int", "Date", "Id", "Enum"):
            params[name] = {"type": "integer" if call in ("Int", "Id") else "string"}
            if call == "Date":
                params[name]["format"] = "date"
    if re.search(r"\.Page\(\)", block):
        params["after"] = {"type": "string"}
        params["limit"] = {"type": "integer", "minimum": 1, "maximum": 1000}
    return params


ERROR = {"$ref": "#/components/responses/Error"}
paths = {}
for method, pattern, roles, (body_kind, body_limit) in RULES:
    block = BLOCKS.get((method, pattern), "")
    op = {
        "operationId": method + re.sub(r"[^A-Za-z0-9]+", "_", pattern).rstrip("_"),
        "summary": f"{method.upper()} {pattern}",
        "x-roles": roles if roles is not None else ["public"],
        "parameters": [],
        "responses": {"200": {"description": "success (201 for a creation, 204 when empty)",
                              "content": {"application/json": {"schema": {"type": "object"}}}},
                      "default": ERROR},
    }
    if roles is not None:
        op["security"] = [{"session": []}]
    else:
        op["security"] = []
    for name in re.findall(r"\{(\w+)\}", pattern):
        op["parameters"].append({"name": name, "in": "path", "required": True,
                                 "schema": {"type": "integer" if name in ("id", "act") else "string"}})
    for name, schema in query_params(block).items():
        op["parameters"].append({"name": name, "in": "query", "required": False, "schema": schema})
    if body_kind == "kRawImage":
        op["requestBody"] = {"required": True, "x-max-body-bytes": body_limit, "content": {
            "image/jpeg": {"schema": {"type": "string", "format": "binary"}},
            "image/png": {"schema": {"type": "string", "format": "binary"}}}}
    elif body_kind == "kJson":
        fields = body_fields(block)
        schema = {"type": "object", "properties": {k: v[0] for k, v in fields.items()}}
        required = [k for k, v in fields.items() if v[1]]
        if required:
            schema["required"] = required
        op["requestBody"] = {"required": bool(required), "x-max-body-bytes": body_limit,
                             "content": {"application/json": {"schema": schema}}}
    if method in ("post", "put", "patch"):
        op["parameters"].append({"$ref": "#/components/parameters/IdempotencyKey"})
        op["parameters"].append({"$ref": "#/components/parameters/CsrfToken"})
    if pattern.endswith(".pdf"):
        op["responses"]["200"] = {"description": "the document", "content": {"application/pdf": {}}}
    if pattern.endswith(".png") or pattern.endswith(".svg"):
        op["responses"]["200"] = {"description": "the label image", "content": {
            "image/png" if pattern.endswith(".png") else "image/svg+xml": {}}}
    paths.setdefault(pattern, {})[method] = op

document = {
    "openapi": "3.0.3",
    "info": {
        "title": "Prokat API",
        "version": "1",
        "description": "Loan tracking for social-service rental points. Sign in with POST /api/v1/session; "
                       "the session cookie then authenticates every request, and every mutating request "
                       "carries the X-CSRF-Token from the sign-in answer. x-roles lists who may call an "
                       "operation. Errors: {\"error\": {\"code\", \"category\", \"message\", \"field\"}}; "
                       "400 bad input, 401 not signed in, 403 role or CSRF, 404, 409 conflict, "
                       "413 too large (a request body past its x-max-body-bytes, refused unread), 422 rule violation, 429 throttled, 503 storage.",
    },
    "servers": [{"url": "/"}],
    "components": {
        "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "prokat_session"}},
        "parameters": {
            "IdempotencyKey": {"name": "Idempotency-Key", "in": "header", "required": False,
                               "description": "a retried request with the same key returns the first answer "
                                              "and changes nothing", "schema": {"type": "string", "maxLength": 200}},
            "CsrfToken": {"name": "X-CSRF-Token", "in": "header", "required": False,
                          "description": "required on every mutating request of a signed-in session",
                          "schema": {"type": "string"}},
        },
        "schemas": {"Error": {"type": "object", "required": ["error"], "properties": {"error": {
            "type": "object", "required": ["code", "message"], "properties": {
                "code": {"type": "string", "description": "stable machine code, e.g. item_on_loan"},
                "category": {"type": "string"}, "message": {"type": "string"}, "field": {"type": "string"}}}}}},
        "responses": {"Error": {"description": "an error", "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
    },
    "paths": dict(sorted(paths.items())),
}
out = ROOT / "web/ui/openapi.json"
out.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n")
print(f"wrote {out.relative_to(ROOT)}: {sum(len(v) for v in paths.values())} operations")
