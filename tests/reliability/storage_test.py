#!/usr/bin/env python3
"""Storage faults: the disk fills up, the file-size limit is reached, the file system turns
read-only. Each time a write is answered 503 with error category "storage", the server stays up
and keeps answering reads, and writes succeed again once the fault is gone.
  - tmpfs: a small tmpfs is mounted (needs root/CAP_SYS_ADMIN; skipped otherwise), the database
    copied onto it, the rest of the space taken by a filler file; removing it frees the space.
  - fsize: the server runs under `prlimit --fsize` (RLIMIT_FSIZE, no privileges needed); prokat
    ignores SIGXFSZ so write() fails with EFBIG; `prlimit --pid` lifts the limit.
  - readonly: a bind mount of the database directory is remounted read-only under the running
    server and then read-write again (root only; skipped otherwise)."""
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

failures = []


def fail(message):
    failures.append(message)
    print("FAIL:", message, flush=True)


def family(n):
    return {"representative": f"Проверка Места {n}", "phone": "+7 900 000-00-00", "address": "ул. Тестовая, 1",
            "consent_on": "2026-01-10", "notes": "x" * 1500}


def write(c, n):
    return c.post("/api/v1/families", family(n), key=str(uuid.uuid4()))


def exercise(name, server, break_it, mend_it):
    """Writes until refused, checks the refusal, mends, checks recovery."""
    c = harness.Client(server.port, "ivanova", "prokat-ivanova")
    if write(c, 0)[0] != 201:
        fail(f"{name}: a write failed before the fault")
    break_it()
    refused = None
    for n in range(1, 3000):
        try:
            status, body, _ = write(c, n)
        except OSError as e:
            fail(f"{name}: connection failed during the fault: {e}")
            break
        if status != 201:
            refused = (n, status, body)
            break
    if not refused:
        fail(f"{name}: 3000 writes accepted during the fault")
    else:
        n, status, body = refused
        category = (body or {}).get("error", {}).get("category")
        print(f"{name}: write {n} refused: {status} {body}")
        if status != 503 or category != "storage":
            fail(f"{name}: refused with {status} {body}, expected 503 storage")
        for _ in range(5):  # more refusals, still up
            write(c, 0)
    if not server.alive():
        fail(f"{name}: the server died")
        return
    s, health, _ = c.get("/healthz")
    s2, _, _ = c.get("/api/v1/items?limit=5")
    print(f"{name}: during the fault /healthz {s} {health}, reads {s2}")
    if s2 != 200:
        fail(f"{name}: reads answered {s2} during the fault")
    # Personal data is shown only with its audit row ("log who looked"): without space for the
    # row the family list is refused too, with the same 503.
    s3, body3, _ = c.get("/api/v1/families?limit=5")
    print(f"{name}: family list (audited read) during the fault: {s3} {(body3 or {}).get('error', {}).get('category')}")
    if s3 not in (200, 503):
        fail(f"{name}: audited read answered {s3}")
    mend_it()
    time.sleep(0.2)
    status = write(c, 9999)[0]
    print(f"{name}: after mending, a write answers {status}")
    if status != 201:
        fail(f"{name}: no recovery: {status}")
    s, health, _ = c.get("/healthz")
    if s != 200:
        fail(f"{name}: /healthz {s} after recovery")


def can_mount(path):
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", path], check=True, capture_output=True)
        subprocess.run(["umount", path], check=True)
        return True
    except (OSError, subprocess.CalledProcessError):
        return False


def main():
    work = harness.temp_dir("prokat-storage-")
    demo = harness.demo_database(os.path.join(work))
    probe = os.path.join(work, "probe")
    os.makedirs(probe)
    mountable = can_mount(probe)
    ran = []

    # 1. tmpfs fills up.
    if mountable:
        mnt = os.path.join(work, "tmpfs")
        os.makedirs(mnt)
        size = os.path.getsize(demo) + 4 * 1024 * 1024
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", mnt], check=True)
        try:
            db = os.path.join(mnt, "prokat.db")
            shutil.copy(demo, db)
            server = harness.Server(db, access_log="/dev/null", stderr_path=os.path.join(work, "tmpfs.err")).start()
            filler = os.path.join(mnt, "filler")

            def fill():
                with open(filler, "wb") as f:
                    try:
                        while True:
                            f.write(b"\0" * 65536)
                            f.flush()
                    except OSError:
                        pass
            exercise("tmpfs", server, fill, lambda: os.remove(filler))
            server.kill(signal.SIGTERM)
            if harness.integrity(db) != ["ok"]:
                fail("tmpfs: integrity_check after the disk was full")
            ran.append("tmpfs")
        finally:
            subprocess.run(["umount", "-l", mnt])
    else:
        print("tmpfs: skipped (mount not permitted here)")

    # 2. RLIMIT_FSIZE through prlimit.
    d = os.path.join(work, "fsize")
    os.makedirs(d)
    db = os.path.join(d, "prokat.db")
    shutil.copy(demo, db)
    limit = os.path.getsize(db) + 256 * 1024
    server = harness.Server(db, access_log="/dev/null", stderr_path=os.path.join(work, "fsize.err"),
                            wrapper=["prlimit", f"--fsize={limit}:unlimited"]).start()
    exercise("fsize", server, lambda: None,
             lambda: subprocess.run(["prlimit", "--pid", str(server.proc.pid), "--fsize=unlimited:unlimited"], check=True))
    server.kill(signal.SIGTERM)
    if harness.integrity(db) != ["ok"]:
        fail("fsize: integrity_check after EFBIG")
    ran.append("fsize")

    # 3. The file system turns read-only under the running server.
    if mountable:
        rw, ro = os.path.join(work, "rw"), os.path.join(work, "ro")
        os.makedirs(rw)
        os.makedirs(ro)
        db = os.path.join(ro, "prokat.db")
        shutil.copy(demo, os.path.join(rw, "prokat.db"))
        subprocess.run(["mount", "--bind", rw, ro], check=True)
        try:
            server = harness.Server(db, access_log="/dev/null", stderr_path=os.path.join(work, "ro.err")).start()
            r = subprocess.run(["mount", "-o", "remount,bind,ro", ro], capture_output=True, text=True)
            if r.returncode != 0:
                print("readonly: remount refused:", r.stderr.strip())
            else:
                exercise("readonly", server, lambda: None,
                         lambda: subprocess.run(["mount", "-o", "remount,bind,rw", ro], check=True))
                ran.append("readonly")
            server.kill(signal.SIGTERM)
        finally:
            subprocess.run(["umount", "-l", ro])
    print("storage test:", ", ".join(ran), "ran;", "ok" if not failures else f"{len(failures)} failures")
    if not failures:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print("kept", work)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
