#!/usr/bin/env python3
"""Kill -9 test: several clients lend, return, inspect and confirm deliveries with
Idempotency-Keys against the real server while it is SIGKILLed at random moments and restarted.

After every kill: PRAGMA integrity_check is ok. Every request that got no answer is retried
with the same key after the restart. At the end (server down, database read directly):
  - every success answer is present: its agreement, handover act, return act, delivery state;
  - exactly once: one idempotency record per operation, one agreement per creating key, one
    journal row per item and transition of an agreement;
  - nothing half-present: every agreement row has its idempotency record (same transaction),
    a refused operation left no trace;
  - the movement journal agrees with every item's current status.
Usage: kill_test.py [--kills N] [--seed S] [--desks D] [--drivers R]
Exit status 0 when everything held; the figures are printed as one JSON line at the end."""
import argparse
import json
import os
import random
import signal
import sys
import threading
import time
import traceback
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

DOWN = (OSError, ConnectionError, harness.http.client.HTTPException)


class Run:
    def __init__(self, args):
        self.args = args
        self.dir = harness.temp_dir("prokat-kill-")
        self.db = harness.demo_database(self.dir)
        self.server = harness.Server(self.db).start()
        self.up = threading.Event()
        self.up.set()
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.ops = []  # (login, key, path, status, body, retried)
        self.failures = []
        self.retried = 0
        self.replayed = 0

    # One operation with its own key: sent until it gets an answer; a connection that fails
    # (the server was killed) is retried with the same key once the server is back.
    def op(self, client, login, path, body, png=None):
        key = str(uuid.uuid4())
        retried = False
        send = {"Idempotency-Key": key}
        if png is not None:
            send["Content-Type"] = "image/png"
        while True:
            self.up.wait()
            try:
                status, answer, headers = client.request("POST", path, body, send, raw=png)
            except DOWN:
                retried = True
                time.sleep(0.05)
                continue
            if status == 503 and not self.server.alive():
                retried = True
                continue
            with self.lock:
                self.ops.append((login, key, path, status, answer, retried))
                if retried:
                    self.retried += 1
                    if headers.get("Idempotent-Replayed") == "true":
                        self.replayed += 1
            if status >= 500:
                self.fail(f"{path} answered {status}: {answer}")
            return status, answer

    def get(self, client, path):
        while True:
            self.up.wait()
            try:
                status, answer, _ = client.get(path)
                if status == 200:
                    return answer
                if self.server.alive():
                    self.fail(f"GET {path} answered {status}: {answer}")
                    return None
            except DOWN:
                time.sleep(0.05)

    def fail(self, message):
        with self.lock:
            self.failures.append(message)

    def sign_in(self, login):
        while True:
            self.up.wait()
            try:
                return harness.Client(self.server.port, login, "prokat-" + login)
            except DOWN:
                time.sleep(0.05)

    def lend(self, desk, login, items, mode, rnd):
        families = self.get(desk, "/api/v1/families?limit=50")
        if not families or not families["items"]:
            return None
        family = rnd.choice(families["items"])["id"]
        status, agreement = self.op(desk, login, "/api/v1/agreements",
                                    {"family_id": family, "items": items, "term_months": 2, "delivery_mode": mode})
        if status != 201:
            return None
        aid = agreement["id"]
        rules = self.get(desk, f"/api/v1/agreements/{aid}/rules") or {"items": []}
        for r in rules["items"]:
            rid = r.get("rules_version_id") or r.get("id")
            self.op(desk, login, f"/api/v1/agreements/{aid}/acknowledgments", {"rules_version_id": rid})
        status, _ = self.op(desk, login, f"/api/v1/agreements/{aid}/activate", {})
        return aid if status == 201 else None

    def give_back(self, desk, login, aid, items):
        self.op(desk, login, f"/api/v1/agreements/{aid}/returns",
                {"items": [{"item_id": i, "condition": "good"} for i in items], "note": "kill test"})
        for i in items:
            self.op(desk, login, f"/api/v1/items/{i}/inspection", {"outcome": "cleaned_and_inspected"})

    def available(self, desk, worker, workers):
        page = self.get(desk, "/api/v1/items?status=available&limit=500") or {"items": []}
        return [i["id"] for i in page["items"] if i["id"] % workers == worker and not i.get("kit_id")]

    def desk_worker(self, worker, workers, login):
        rnd = random.Random(self.args.seed * 100 + worker)
        desk = self.sign_in(login)
        while not self.stop.is_set():
            pool = self.available(desk, worker, workers)
            if not pool:
                time.sleep(0.1)
                continue
            items = rnd.sample(pool, min(len(pool), rnd.randint(1, 2)))
            aid = self.lend(desk, login, items, "at_point", rnd)
            if aid:
                self.give_back(desk, login, aid, items)

    def delivery_worker(self, worker, workers, login, driver_login):
        rnd = random.Random(self.args.seed * 100 + worker)
        desk = self.sign_in(login)
        driver = self.sign_in(driver_login)
        me = self.get(driver, "/api/v1/session")
        driver_id = me["user"]["id"]
        while not self.stop.is_set():
            pool = self.available(desk, worker, workers)
            if not pool:
                time.sleep(0.1)
                continue
            items = rnd.sample(pool, 1)
            aid = self.lend(desk, login, items, "delivery", rnd)
            if not aid:
                continue
            status, trip = self.op(desk, login, "/api/v1/deliveries",
                                   {"agreement_id": aid, "kind": "delivery", "driver_id": driver_id,
                                    "planned_on": time.strftime("%Y-%m-%d", time.gmtime(time.time() + 3 * 3600)), "address": "с. Шелаболиха"})
            if status != 201:
                self.fail(f"planning a delivery answered {status}: {trip}")
                continue
            tid = trip["id"]
            self.op(driver, driver_login, f"/api/v1/deliveries/{tid}/depart", {})
            view = self.get(driver, f"/api/v1/deliveries/{tid}") or {"items": []}
            scans = [{"code": i.get("label") or i["inventory_number"], "scanned_at": "2026-01-10T09:15:00Z"}
                     for i in view["items"]]
            status, sig = self.op(driver, driver_login, f"/api/v1/deliveries/{tid}/signature", None, png=harness.png_1x1())
            if status != 201:
                continue
            status, _ = self.op(driver, driver_login, f"/api/v1/deliveries/{tid}/confirm",
                                {"scans": scans, "received_by": "Кузнецова М.",
                                 "signature_ref": sig["signature_ref"]})
            if status == 200 or status == 201:
                self.give_back(desk, login, aid, items)

    def succeeded(self):
        return sum(1 for o in list(self.ops) if o[3] < 300)

    def killer(self):
        rnd = random.Random(self.args.seed)
        for n in range(self.args.kills):
            # Each kill falls while work is going on: the clients first get one more operation
            # through since the last restart (a loaded machine may take seconds to restart prokat).
            done = self.succeeded()
            deadline = time.time() + 60
            while self.succeeded() <= done and time.time() < deadline:
                time.sleep(0.02)
            if self.succeeded() <= done:
                self.fail(f"kill {n + 1}: no operation succeeded within 60 s of the (re)start")
            time.sleep(rnd.uniform(0.02, self.args.max_gap))
            self.up.clear()
            self.server.kill(signal.SIGKILL)
            problems = harness.integrity(self.db)
            if problems != ["ok"]:
                self.fail(f"kill {n + 1}: integrity_check {problems}")
            self.server.start()
            self.up.set()
        self.stop.set()

    def verify(self):
        db = harness.read_only(self.db)
        q = lambda sql, *a: db.execute(sql, a).fetchall()  # noqa: E731
        if harness.integrity(self.db) != ["ok"]:
            self.fail("final integrity_check failed")
        for item, status, last in harness.journal_mismatches(self.db):
            self.fail(f"item {item}: status {status} but the journal's last row says {last}")
        users = dict(q("SELECT login, id FROM user"))
        stored = {(u, k): (s, b) for u, k, s, b in q("SELECT user_id, key, status, body FROM idempotency")}
        created = 0
        for login, key, path, status, answer, retried in self.ops:
            record = stored.get((users[login], key))
            if record is None:
                self.fail(f"{path} answered {status} but its key has no stored answer")
                continue
            if record[0] != status:
                self.fail(f"{path}: stored {record[0]}, answered {status}")
            if status >= 300:
                continue
            if path == "/api/v1/agreements":
                created += 1
                if not q("SELECT 1 FROM agreement WHERE id = ?", answer["id"]):
                    self.fail(f"agreement {answer['id']} answered 201 but is missing")
            elif path.endswith("/activate"):
                aid = int(path.split("/")[4])
                if len(q("SELECT 1 FROM handover_act WHERE agreement_id = ?", aid)) != 1:
                    self.fail(f"agreement {aid} activated but has no handover act")
            elif path.endswith("/returns"):
                if not q("SELECT 1 FROM return_act WHERE id = ?", answer["id"]):
                    self.fail(f"return act {answer['id']} answered 201 but is missing")
            elif path.endswith("/confirm"):
                tid = int(path.split("/")[4])
                if q("SELECT status FROM delivery WHERE id = ?", tid) != [("done",)]:
                    self.fail(f"delivery {tid} confirmed but not done")
        # Nothing half-present: every agreement of the run came with its stored answer.
        made = q("SELECT count(*) FROM idempotency WHERE fingerprint LIKE 'POST /api/v1/agreements %' AND status = 201")[0][0]
        new_agreements = q("SELECT count(*) FROM agreement WHERE id > ?", self.first_agreement)[0][0]
        if made != new_agreements or made != created:
            self.fail(f"{new_agreements} agreements, {made} stored creations, {created} answered")
        # Exactly once: one return act per agreement of the run (each is returned once), one
        # journal row per item, agreement and target status.
        for aid, n in q("SELECT agreement_id, count(*) FROM return_act WHERE agreement_id > ? GROUP BY 1 HAVING count(*) > 1",
                        self.first_agreement):
            self.fail(f"agreement {aid} has {n} return acts")
        for item, aid, to, n in q("SELECT item_id, agreement_id, to_status, count(*) FROM movement WHERE agreement_id > ? "
                                  "GROUP BY 1, 2, 3 HAVING count(*) > 1", self.first_agreement):
            self.fail(f"item {item} moved to {to} {n} times on agreement {aid}")
        for (aid,) in q("SELECT a.id FROM agreement a WHERE a.id > ? AND a.state NOT IN ('draft', 'cancelled') "
                        "AND NOT EXISTS (SELECT 1 FROM handover_act h WHERE h.agreement_id = a.id)", self.first_agreement):
            self.fail(f"agreement {aid} is past draft without a handover act")
        return q("SELECT count(*) FROM movement")[0][0]

    def main(self):
        with harness.read_only(self.db) as c:
            self.first_agreement = c.execute("SELECT coalesce(max(id), 0) FROM agreement").fetchone()[0]
        workers = [("ivanova", None), ("sokolova", None), ("ivanova", "petrov"), ("sokolova", "sidorov")]
        workers = workers[: self.args.clients]
        threads = []
        for n, (desk, driver) in enumerate(workers):
            target = (lambda n=n, d=desk: self.desk_worker(n, len(workers), d)) if not driver else \
                (lambda n=n, d=desk, r=driver: self.delivery_worker(n, len(workers), d, r))
            t = threading.Thread(target=self.guard(target), daemon=True)
            t.start()
            threads.append(t)
        started = time.time()
        self.killer()
        for t in threads:
            t.join(timeout=120)
        self.server.kill(signal.SIGTERM)
        movements = self.verify()
        ok = [o for o in self.ops if o[3] < 300]
        figures = {"kills": self.args.kills, "seconds": round(time.time() - started, 1), "operations": len(self.ops),
                   "succeeded": len(ok), "refused": len(self.ops) - len(ok), "retried_after_kill": self.retried,
                   "replayed": self.replayed, "movements": movements, "failures": len(self.failures),
                   "by_kind": self.by_kind()}
        for f in self.failures[:50]:
            print("FAIL:", f)
        print(json.dumps(figures))
        if not self.failures and not self.args.keep:
            import shutil
            shutil.rmtree(self.dir, ignore_errors=True)
        else:
            print("database kept in", self.dir)
        return 1 if self.failures or len(ok) < self.args.kills else 0

    def by_kind(self):
        kinds = {}
        for _, _, path, status, _, _ in self.ops:
            kind = path.rstrip("/").split("/")[-1]
            kind = "create_agreement" if kind == "agreements" else "plan_delivery" if kind == "deliveries" else kind
            k = kinds.setdefault(kind, [0, 0])
            k[0 if status < 300 else 1] += 1
        return kinds

    def guard(self, f):
        def run():
            try:
                f()
            except Exception:
                self.fail("worker crashed: " + traceback.format_exc())
                self.stop.set()
        return run


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--kills", type=int, default=10)
    p.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--max-gap", type=float, default=0.6, help="longest pause between kills, seconds")
    p.add_argument("--keep", action="store_true", help="keep the database directory")
    a = p.parse_args()
    print("seed", a.seed, flush=True)
    sys.exit(Run(a).main())
