#!/usr/bin/env python3
"""GET /openapi.json serves src/openapi.json as built in, with an ETag and
304; and the real answers of needled fit the schemas it documents: each
reply of a resource, a list, /next-session and a problem is checked against
the documented response of its operation and status, strictly (every
member of a reply is a documented property, every required one is there,
of its type, enum and bounds)."""

import json
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import REPO, DaemonTestCase, Needled, ago, main  # noqa: E402

DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}"
                       r"(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: (isinstance(v, (int, float))
                         and not isinstance(v, bool)),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


class Schema(object):
    """The document, and a strict check of a value against its schemas:
    the JSON Schema keywords src/openapi.json uses, and no member that is
    not a documented property (the document must name every field)."""

    def __init__(self, doc):
        self.doc = doc

    def deref(self, node):
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            assert ref.startswith("#/"), ref
            node = self.doc
            for tok in ref[2:].split("/"):
                node = node[tok.replace("~1", "/").replace("~0", "~")]
        return node

    def flatten(self, schema):
        """(the schema's own keywords, properties, required) with $ref and
        allOf merged."""
        schema = self.deref(schema)
        own = dict(schema)
        props = dict(schema.get("properties", {}))
        req = set(schema.get("required", []))
        for sub in schema.get("allOf", []):
            o, p, r = self.flatten(sub)
            for k, v in o.items():
                own.setdefault(k, v)
            props.update(p)
            req |= r
        return own, props, req

    def errors(self, value, schema, where="$"):
        own, props, req = self.flatten(schema)
        out = []
        t = own.get("type")
        if t is not None:
            types = t if isinstance(t, list) else [t]
            if not any(TYPES[x](value) for x in types):
                return ["%s: %r is not %s" % (where, value, t)]
        if "enum" in own and value not in own["enum"]:
            out.append("%s: %r not in %r" % (where, value, own["enum"]))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if "minimum" in own and value < own["minimum"]:
                out.append("%s: %r < minimum" % (where, value))
            if "maximum" in own and value > own["maximum"]:
                out.append("%s: %r > maximum" % (where, value))
            if ("exclusiveMinimum" in own
                    and value <= own["exclusiveMinimum"]):
                out.append("%s: %r <= exclusiveMinimum" % (where, value))
        if isinstance(value, str):
            if own.get("format") == "date-time" and \
                    not DATE_TIME.match(value):
                out.append("%s: %r is not a date-time" % (where, value))
            if "pattern" in own and not re.search(own["pattern"], value):
                out.append("%s: %r does not match" % (where, value))
        if isinstance(value, dict):
            for k in sorted(req - set(value)):
                out.append("%s: required %r missing" % (where, k))
            for k, v in value.items():
                if k not in props:
                    out.append("%s: %r is not documented" % (where, k))
                else:
                    out += self.errors(v, props[k], "%s.%s" % (where, k))
        if isinstance(value, list) and "items" in own:
            for i, v in enumerate(value):
                out += self.errors(v, own["items"], "%s[%d]" % (where, i))
        return out

    def response(self, method, path, status):
        """The documented (content type, schema) of an answer, or fails."""
        op = self.doc["paths"][path][method.lower()]
        assert str(status) in op["responses"], \
            "%s %s does not document %d" % (method, path, status)
        r = self.deref(op["responses"][str(status)])
        ((ctype, media),) = r["content"].items()
        return ctype, media["schema"]


class OpenAPI(DaemonTestCase):

    @classmethod
    def setUpClass(cls):
        super(OpenAPI, cls).setUpClass()
        r = cls.d.request("GET", "/openapi.json")
        assert r.status == 200, r
        cls.reply = r
        cls.schema = Schema(r.body)

    def fits(self, method, path, resp, status=None):
        """resp (a harness Response) is a documented answer of the
        operation (method, documented path): its status, Content-Type and
        body."""
        st, h, body = resp
        if status is not None:
            self.assertEqual(st, status, resp)
        ctype, schema = self.schema.response(method, path, st)
        self.assertTrue(h.get("Content-Type", "").startswith(ctype),
                        (ctype, resp))
        errs = self.schema.errors(body, schema)
        self.assertEqual(errs, [], "%s %s %d: %s" % (method, path, st,
                                                     json.dumps(body)))
        if ctype == "application/problem+json":
            self.assertEqual(body["status"], st)
        return body

    # -- the document itself

    def test_serves_the_source_document(self):
        st, h, body = self.reply
        self.assertTrue(h["Content-Type"].startswith("application/json"), h)
        with open(os.path.join(REPO, "src", "openapi.json"), "rb") as f:
            src = json.loads(f.read().decode("utf-8"))
        self.assertEqual(body, src, "the binary embeds an old "
                         "src/openapi.json")
        self.assertTrue(body["openapi"].startswith("3.1."), body["openapi"])
        self.assertEqual(body["info"]["version"],
                         self.d.get("/health")["version"])

    def test_etag_and_304(self):
        etag = self.reply.headers.get("ETag")
        self.assertTrue(etag and etag.startswith('"'), self.reply.headers)
        r = self.d.request("GET", "/openapi.json",
                           headers={"If-None-Match": etag})
        self.assertEqual(r.status, 304, r)
        self.assertEqual(r.headers.get("ETag"), etag)
        self.assertEqual(r.body, b"")
        again = self.d.request("GET", "/openapi.json")
        self.assertEqual(again.headers.get("ETag"), etag)
        r = self.d.request("GET", "/openapi.json",
                           headers={"If-None-Match": '"0000000000000000"'})
        self.assertEqual(r.status, 200)

    def test_documents_itself_and_allows_only_get(self):
        self.assertEqual(sorted(self.reply.body["paths"]["/openapi.json"]),
                         ["get"])
        r = self.d.request("POST", "/openapi.json", {})
        self.assertProblem(r, 405)
        self.assertAllow(r, ["GET", "HEAD", "OPTIONS"], ["POST"])

    # -- real answers against the documented schemas

    def test_health_and_next_session(self):
        self.fits("GET", "/health", self.d.request("GET", "/health"), 200)
        area = self.d.create_area(max_home_depth_mm=0.5)["slug"]
        empty = self.d.request("GET", "/next-session?area=" + area)
        self.fits("GET", "/next-session", empty, 200)
        self.d.session(area, 0.5, at=ago(days=3))
        ns = self.fits("GET", "/next-session",
                       self.d.request("GET", "/next-session"), 200)
        mine = [a for a in ns["areas"] if a["area"] == area]
        self.assertEqual(len(mine), 1, ns)
        self.assertEqual(mine[0]["reasons"][0]["code"], "healing", ns)
        self.fits("GET", "/areas/{slug}",
                  self.d.request("GET", "/areas/" + area), 200)

    def test_resources_and_lists(self):
        area = self.d.create_area()["slug"]
        self.fits("GET", "/areas", self.d.request("GET", "/areas?limit=2"),
                  200)
        self.fits("PATCH", "/areas/{slug}", self.d.request(
            "PATCH", "/areas/" + area, {"name": "Left cheek"}), 200)
        for body in ({"name": "r", "kind": "roller", "needle_length_mm": 0.5},
                     {"name": "p", "kind": "pen"}):
            self.fits("POST", "/devices",
                      self.d.request("POST", "/devices", body), 201)
        self.fits("GET", "/devices", self.d.request("GET", "/devices"), 200)
        p = self.fits("POST", "/products", self.d.request(
            "POST", "/products", {"name": "Serum", "category": "retinoid"}),
            201)
        self.fits("GET", "/products/{id}",
                  self.d.request("GET", "/products/%d" % p["id"]), 200)
        self.fits("GET", "/product-categories",
                  self.d.request("GET", "/product-categories"), 200)
        self.fits("PATCH", "/product-categories/{slug}", self.d.request(
            "PATCH", "/product-categories/makeup", {"avoid_after_h": 48}),
            200)
        rules = self.fits("GET", "/rules/intervals",
                          self.d.request("GET", "/rules/intervals"), 200)
        self.fits("PUT", "/rules/intervals", self.d.request(
            "PUT", "/rules/intervals", rules), 200)
        self.fits("PATCH", "/profile", self.d.request(
            "PATCH", "/profile", {"fitzpatrick": None}), 200)
        self.fits("GET", "/profile", self.d.request("GET", "/profile"), 200)

    def test_session_with_warnings_aftercare_and_logs(self):
        area = self.d.create_area(max_home_depth_mm=0.5)["slug"]
        dev = self.d.create_device("roller", 0.5)
        prod = self.d.create_product("retinoid")
        self.d.session(area, 0.5, at=ago(days=2))
        r = self.d.request("POST", "/sessions", {
            "treatments": [{"area": area, "depth_mm": 1.0, "passes": 3}],
            "device_id": dev["id"], "products": [{"product_id": prod["id"]}],
            "started_at": ago(days=1), "notes": "second"})
        s = self.fits("POST", "/sessions", r, 201)
        self.assertIn("early_session", [w["code"] for w in s["warnings"]])
        self.assertTrue(s["aftercare"], s)
        self.assertTrue(r.headers.get("Location"), r.headers)
        self.fits("GET", "/sessions/{id}",
                  self.d.request("GET", "/sessions/%d" % s["id"]), 200)
        self.fits("PATCH", "/sessions/{id}", self.d.request(
            "PATCH", "/sessions/%d" % s["id"], {"notes": "fixed"}), 200)
        self.fits("GET", "/sessions", self.d.request(
            "GET", "/sessions?area=%s&since=%s" % (area, ago(days=30))), 200)
        self.fits("POST", "/applications", self.d.request(
            "POST", "/applications", {"product_id": prod["id"],
                                      "areas": [area]}), 201)
        self.fits("GET", "/applications",
                  self.d.request("GET", "/applications"), 200)
        c = self.fits("POST", "/checkins", self.d.request(
            "POST", "/checkins", {"area": area, "redness": 2,
                                  "conditions": ["sunburn"]}), 201)
        self.fits("GET", "/checkins/{id}",
                  self.d.request("GET", "/checkins/%d" % c["id"]), 200)
        self.fits("GET", "/checkins", self.d.request("GET", "/checkins"),
                  200)
        self.fits("GET", "/areas/{slug}",
                  self.d.request("GET", "/areas/" + area), 200)

    def test_problems(self):
        area = self.d.create_area()["slug"]
        self.fits("GET", "/sessions/{id}",
                  self.d.request("GET", "/sessions/999999"), 404)
        self.fits("GET", "/sessions", self.d.request(
            "GET", "/sessions?limit=0"), 400)
        self.fits("GET", "/checkins", self.d.request(
            "GET", "/checkins?area=no-such-area"), 422)
        self.fits("POST", "/sessions", self.d.request(
            "POST", "/sessions", {"treatments": [{"area": "elbow-x"}],
                                  "mood": 1}), 422)
        self.fits("POST", "/checkins", self.d.request(
            "POST", "/checkins", "{", {"Content-Type": "application/json"}),
            400)
        self.fits("POST", "/checkins", self.d.request(
            "POST", "/checkins", "area", {"Content-Type": "text/plain"}),
            415)
        self.fits("POST", "/areas", self.d.request(
            "POST", "/areas", {"slug": area}), 409)
        # A strict refusal: 409 with the warnings, Preference-Applied.
        self.d.session(area, 0.25, at=ago(days=1))
        r = self.d.request("POST", "/sessions",
                           {"treatments": [{"area": area, "depth_mm": 0.25}]},
                           {"Prefer": "handling=strict"})
        p = self.fits("POST", "/sessions", r, 409)
        self.assertEqual(p["type"], "urn:needled:problem:strict-warning")
        self.assertTrue(p["warnings"], p)
        self.assertEqual(r.headers.get("Preference-Applied"),
                         "handling=strict")


class OpenAPIWithToken(DaemonTestCase):
    """With a token, /openapi.json needs it (the document says read)."""

    TOKEN = "openapi-token-0123456789"

    @classmethod
    def setUpClass(cls):
        cls.d = Needled()
        try:
            cls.d.start(config_text="token = %s\n" % cls.TOKEN)
        except BaseException:
            cls.d.cleanup()
            raise

    def test_needs_the_token(self):
        r = self.d.request("GET", "/openapi.json")
        self.assertProblem(r, 401)
        self.assertIn("Bearer", r.headers.get("WWW-Authenticate", ""))
        r = self.d.request("GET", "/openapi.json", headers={
            "Authorization": "Bearer " + self.TOKEN})
        self.assertEqual(r.status, 200)
        sec = r.body["paths"]["/openapi.json"]["get"]["security"]
        self.assertEqual(sec, [{"bearer": ["read"]}])
        self.assertEqual(r.body["paths"]["/health"]["get"]["security"], [])
        self.assertEqual(self.d.request("GET", "/health").status, 200)


if __name__ == "__main__":
    main()
