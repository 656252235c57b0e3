"""Checks JSON values against the OpenAPI 3.0 schemas of serve/openapi.json: the subset it uses
(type, nullable, properties, required, items, enum, additionalProperties, allOf, $ref)."""


class Spec:
    def __init__(self, doc):
        self.doc = doc

    def resolve(self, node):
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            assert ref.startswith("#/"), ref
            node_ = self.doc
            for part in ref[2:].split("/"):
                node_ = node_[part]
            node = node_
        return node

    def response_schema(self, path, method, status, content_type):
        """The schema the spec gives for this response, or raises AssertionError if undocumented."""
        op = self.doc["paths"][path][method.lower()]
        responses = op["responses"]
        assert str(status) in responses, "%s %s: status %s is not documented" % (method, path, status)
        resp = self.resolve(responses[str(status)])
        ctype = content_type.split(";")[0].strip()
        content = resp.get("content", {})
        assert ctype in content, "%s %s %s: content type %s is not documented" % (method, path, status, ctype)
        return content[ctype]["schema"]

    def check(self, value, schema, where="$"):
        """Every problem, as a list of strings."""
        schema = self.resolve(schema)
        problems = []
        if value is None:
            if schema.get("nullable") or not schema:
                return problems
            if "type" in schema or "allOf" in schema:
                return ["%s: null is not allowed" % where]
        for sub in schema.get("allOf", []):
            problems += self.check(value, sub, where)
        t = schema.get("type")
        kinds = {"object": dict, "array": list, "string": str, "boolean": bool}
        if t in kinds and not isinstance(value, kinds[t]):
            return problems + ["%s: expected %s, found %r" % (where, t, type(value).__name__)]
        if t in ("integer", "number"):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or (t == "integer" and not isinstance(value, int)):
                return problems + ["%s: expected %s, found %r" % (where, t, value)]
        if "enum" in schema and value not in schema["enum"]:
            problems.append("%s: %r is not one of %r" % (where, value, schema["enum"]))
        if isinstance(value, dict):
            for k in schema.get("required", []):
                if k not in value:
                    problems.append("%s: required %r is missing" % (where, k))
            props = schema.get("properties", {})
            extra = schema.get("additionalProperties", True)
            for k, v in value.items():
                if k in props:
                    problems += self.check(v, props[k], "%s.%s" % (where, k))
                elif isinstance(extra, dict):
                    problems += self.check(v, extra, "%s.%s" % (where, k))
                elif extra is False:
                    problems.append("%s: %r is not a documented property" % (where, k))
        if isinstance(value, list) and "items" in schema:
            for i, v in enumerate(value):
                problems += self.check(v, schema["items"], "%s[%d]" % (where, i))
        return problems
