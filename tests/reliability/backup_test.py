#!/usr/bin/env python3
"""Scheduled online backups under write load, then `prokat restore`.

The server runs with --backup-dir/--backup-interval/--backup-keep while desks lend and return
and signatures (photos) are attached. Checks: backups appear on schedule under timestamped
names, at most --backup-keep are kept, requests keep being answered while a backup runs; the
newest backup restores (`prokat restore`) into a database that passes integrity_check, whose
journal agrees with every item, in which every operation answered before the backup began is
present with its effect (and nothing half-present: every agreement has its stored answer),
and whose every photo row has its file restored. `prokat restore` refuses an existing database
without --force and a database a running server has open."""
import argparse
import glob
import json
import os
import random
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
import uuid
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

def png_1x1():
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


PNG = png_1x1()

failures = []


def fail(message):
    failures.append(message)
    print("FAIL:", message, flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--interval", type=float, default=0.05, help="minutes between backups")
    p.add_argument("--keep", type=int, default=3)
    a = p.parse_args()
    work = harness.temp_dir("prokat-backup-")
    db = harness.demo_database(work)
    backups = os.path.join(work, "backups")
    server = harness.Server(db, extra=["--backup-dir", backups, "--backup-interval", str(a.interval),
                                       "--backup-keep", str(a.keep)]).start()
    answered = []  # (time answered, path, status, body)
    lock = threading.Lock()
    stop = threading.Event()
    latencies = []

    def desk(login, worker):
        rnd = random.Random(worker)
        c = harness.Client(server.port, login, "prokat-" + login)
        fams = c.get("/api/v1/families?limit=50")[1]["items"]

        def post(path, body, raw=None, ctype=None):
            t0 = time.time()
            if raw is not None:
                s, b, _ = c.request("POST", path, raw=raw, headers={"Content-Type": ctype, "Idempotency-Key": str(uuid.uuid4())})
            else:
                s, b, _ = c.post(path, body, key=str(uuid.uuid4()))
            with lock:
                latencies.append(time.time() - t0)
                answered.append((time.time(), path, s, b))
            return s, b
        while not stop.is_set():
            items = [i["id"] for i in c.get("/api/v1/items?status=available&limit=500")[1]["items"]
                     if i["id"] % 2 == worker and not i.get("kit_id")]
            if not items:
                time.sleep(0.1)
                continue
            item = rnd.choice(items)
            s, ag = post("/api/v1/agreements", {"family_id": rnd.choice(fams)["id"], "items": [item], "term_months": 1})
            if s != 201:
                continue
            for r in c.get(f"/api/v1/agreements/{ag['id']}/rules")[1]["items"]:
                post(f"/api/v1/agreements/{ag['id']}/acknowledgments", {"rules_version_id": r["rules_version_id"]})
            post(f"/api/v1/agreements/{ag['id']}/signatures", None, raw=PNG, ctype="image/png")
            post(f"/api/v1/agreements/{ag['id']}/activate", {})
            post(f"/api/v1/agreements/{ag['id']}/returns", {"items": [{"item_id": item}]})
            post(f"/api/v1/items/{item}/inspection", {"outcome": "cleaned_and_inspected"})

    threads = [threading.Thread(target=desk, args=(login, n), daemon=True)
               for n, login in enumerate(["ivanova", "sokolova"])]
    for t in threads:
        t.start()
    time.sleep(a.seconds)
    stop.set()
    for t in threads:
        t.join(60)
    with open(server.access_log) as f:
        events = [json.loads(line) for line in f if '"backup_' in line]
    server.kill(signal.SIGTERM)

    written = [e for e in events if e.get("event") == "backup_written"]
    failed = [e for e in events if e.get("event") == "backup_failed"]
    kept = sorted(glob.glob(os.path.join(backups, "prokat-*.db")))
    print(f"{len(answered)} writes answered, {len(written)} backups written, {len(failed)} failed, {len(kept)} kept")
    if len(written) < a.keep + 1:
        fail(f"only {len(written)} backups written in {a.seconds} s")
    if failed:
        fail(f"backups failed: {failed}")
    if len(kept) != min(a.keep, len(written)):
        fail(f"{len(kept)} backups kept, expected {a.keep}")
    for k in kept:
        if not os.path.isdir(k + ".photos"):
            fail(f"{k} has no photos directory")
    if any(s >= 500 for _, _, s, _ in answered):
        fail("a write was answered 5xx during backups")
    latencies.sort()
    print("write latency p50 %.1f ms, p99 %.1f ms, max %.1f ms" % (
        1000 * latencies[len(latencies) // 2], 1000 * latencies[int(len(latencies) * 0.99)], 1000 * latencies[-1]))

    newest = kept[-1]
    stamp = os.path.basename(newest)[len("prokat-"):].split(".")[0].split("-")[0]
    began = time.mktime(time.strptime(stamp, "%Y%m%dT%H%M%SZ")) - time.timezone
    target = os.path.join(work, "restored", "prokat.db")
    r = subprocess.run([harness.binary(), "restore", "--from", newest, "--db", target], capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"restore failed: {r.stderr}")
        return 1
    print(r.stdout.strip())
    if harness.integrity(target) != ["ok"]:
        fail("restored database fails integrity_check")
    for m in harness.journal_mismatches(target):
        fail(f"restored: item {m[0]} status {m[1]} but journal says {m[2]}")
    c = harness.read_only(target)
    before = [x for x in answered if x[0] < began and x[2] < 300]
    checked = 0
    for _, path, status, body in before:
        if path == "/api/v1/agreements":
            ok = c.execute("SELECT 1 FROM agreement WHERE id = ?", (body["id"],)).fetchone()
        elif path.endswith("/activate"):
            ok = c.execute("SELECT 1 FROM handover_act WHERE agreement_id = ?", (int(path.split("/")[4]),)).fetchone()
        elif path.endswith("/returns"):
            ok = c.execute("SELECT 1 FROM return_act WHERE id = ?", (body["id"],)).fetchone()
        elif path.endswith("/signatures"):
            ok = c.execute("SELECT 1 FROM photo WHERE id = ?", (body["photo_id"],)).fetchone()
        else:
            continue
        checked += 1
        if not ok:
            fail(f"{path} answered {status} before the backup began but is not in it")
    # Every agreement made after the first keyed request has its stored answer in the same
    # backup (they commit together). Timestamps have whole seconds: agreements made without a
    # key during setup in that first second are not counted, nor demo agreements, which are
    # stamped at simulated times of the point's "today" (after 21:00 UTC that is tomorrow).
    orphans = c.execute(
        "SELECT count(*) FROM agreement WHERE created_at > (SELECT min(created_at) FROM idempotency) "
        "AND created_at <= (SELECT max(created_at) FROM idempotency) "
        "AND id NOT IN (SELECT json_extract(body, '$.id') FROM idempotency "
        "WHERE fingerprint LIKE 'POST /api/v1/agreements %' AND status = 201)").fetchone()[0]
    if orphans:
        fail(f"restored: {orphans} agreements made during the run have no stored answer")
    photos = c.execute("SELECT file_name FROM photo").fetchall()
    missing = [f for (f,) in photos if not os.path.exists(os.path.join(target + ".photos", f))]
    if missing:
        fail(f"restored photos missing: {missing[:5]} ({len(missing)} of {len(photos)})")
    print(f"restored backup {os.path.basename(newest)}: {checked} earlier operations found, "
          f"{len(photos)} photos with files, {len(after_ops(answered, began))} operations after it began")

    c.close()  # this script's own connection counts as "open in another process"
    # Refusals: an existing database without --force; one that a running server has open.
    r = subprocess.run([harness.binary(), "restore", "--from", newest, "--db", target], capture_output=True, text=True)
    if r.returncode == 0 or "--force" not in r.stderr:
        fail(f"restore over an existing database without --force: {r.returncode} {r.stderr}")
    running = harness.Server(target).start()
    r = subprocess.run([harness.binary(), "restore", "--from", newest, "--db", target, "--force"],
                       capture_output=True, text=True)
    if r.returncode == 0 or "running" not in r.stderr:
        fail(f"restore over a database in use: {r.returncode} {r.stderr}")
    running.kill(signal.SIGTERM)
    r = subprocess.run([harness.binary(), "restore", "--from", newest, "--db", target, "--force"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"restore --force over a stopped database: {r.stderr}")
    with open(kept[0], "r+b") as f:  # a damaged backup is refused
        f.seek(4096 * 3)
        f.write(b"\xff" * 4096)
    r = subprocess.run([harness.binary(), "restore", "--from", kept[0], "--db", os.path.join(work, "x", "p.db")],
                       capture_output=True, text=True)
    if r.returncode == 0:
        fail("a damaged backup was restored")
    else:
        print("damaged backup refused:", r.stderr.strip()[:160])
    if not failures:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print("kept", work)
    print("backup test:", "ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


def after_ops(answered, began):
    return [x for x in answered if x[0] >= began]


if __name__ == "__main__":
    sys.exit(main())
