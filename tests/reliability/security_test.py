#!/usr/bin/env python3
"""Hostile text and personal data: SQL and markup in every text field of a family are stored
verbatim and come back as JSON text (the schema is intact afterwards); NUL and control characters
are refused; the family's name, phone and address never appear in the access log or stderr."""
import os
import shutil
import signal
import sys
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

HOSTILE = ["'); DROP TABLE item;--", "<script>alert(1)</script>", "\" OR 1=1 --", "Robert'); DELETE FROM family;--",
           "<img src=x onerror=alert(1)>", "%s%n{}\\'\\\""]
failures = []


def fail(m):
    failures.append(m)
    print("FAIL:", m)


def main():
    work = harness.temp_dir("prokat-security-")
    db = harness.demo_database(work)
    server = harness.Server(db).start()
    c = harness.Client(server.port, "ivanova", "prokat-ivanova")
    secret_name, secret_phone, secret_address = "Тайнова Секрета Приватовна", "+7 913 555-12-34", "ул. Скрытая, д. 77"
    ids = []
    for text in HOSTILE:
        body = {"representative": text, "phone": "+7 900 000-00-01", "address": text, "district": text, "notes": text,
                "consent_on": "2026-01-10"}
        s, b, _ = c.post("/api/v1/families", body, key=str(uuid.uuid4()))
        if s != 201:
            fail(f"hostile text refused: {s} {b}")
            continue
        s, got, _ = c.get(f"/api/v1/families/{b['id']}")
        for field in ("representative", "address", "district", "notes"):
            if got.get(field) != text:
                fail(f"{field}: stored {got.get(field)!r}, sent {text!r}")
        ids.append(b["id"])
    for bad in ["a\u0000b", "a\u0007b", "a\u001bb"]:
        s, b, _ = c.post("/api/v1/families", {"representative": bad, "phone": "1", "address": "x",
                                               "consent_on": "2026-01-10"}, key=str(uuid.uuid4()))
        if s != 400:
            fail(f"control character {bad!r} answered {s}")
    s, b, _ = c.post("/api/v1/families", {"representative": secret_name, "phone": secret_phone,
                                           "address": secret_address, "consent_on": "2026-01-10"}, key="pii")
    fid = b["id"]
    c.get(f"/api/v1/families/{fid}")
    c.get("/api/v1/families?limit=5&q=" + urllib.parse.quote("Тайнова"))
    c.request("PATCH", f"/api/v1/families/{fid}", {"phone": "+7 913 555-99-99"})
    c.get("/api/v1/items?status=available&limit=5")
    server.kill(signal.SIGTERM)
    con = harness.read_only(db)
    if con.execute("SELECT count(*) FROM item").fetchone()[0] == 0:
        fail("item table emptied")
    con.close()
    if harness.integrity(db) != ["ok"]:
        fail("integrity_check")
    logs = open(server.access_log, encoding="utf-8", errors="replace").read() + \
        open(server.stderr_path, encoding="utf-8", errors="replace").read()
    for secret in (secret_name, "Тайнова", secret_phone, "555-12-34", "555-99-99", secret_address, "Скрытая"):
        if secret in logs:
            fail(f"personal data {secret!r} in the logs")
    print(f"{len(ids)} hostile families stored verbatim; logs: {len(logs.splitlines())} lines without personal data")
    if not failures:
        shutil.rmtree(work, ignore_errors=True)
    print("security test:", "ok" if not failures else f"{len(failures)} failures (kept {work})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
