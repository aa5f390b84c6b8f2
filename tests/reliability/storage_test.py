#!/usr/bin/env python3
"""Storage faults: the disk fills up, the file-size limit is reached, the database turns
read-only. Each time a write is answered 503 with error category "storage" and a reason
("disk_full", "database_read_only"), the server stays up and keeps answering reads, and writes
succeed again once the fault is gone.
  - tmpfs: a small tmpfs is mounted (needs root/CAP_SYS_ADMIN; skipped otherwise), the database
    copied onto it, the rest of the space taken by a filler file; removing it frees the space.
  - fsize: the server runs under `prlimit --fsize` (RLIMIT_FSIZE, no privileges needed); prokat
    ignores SIGXFSZ so write() fails with EFBIG; `prlimit --pid` lifts the limit.
  - immutable: the database file, its WAL and its directory are made immutable (`chattr +i`)
    under the running server: the kernel then refuses every write to them, through the server's
    open descriptors too and even for root (chmod would not: permissions are checked at open,
    and the server has its files open). `chattr -i` makes them writable again. Needs a file
    system with attributes (ext4, xfs, ...) and CAP_LINUX_IMMUTABLE; skipped otherwise.
  - ext4-ro: the file system turns read-only under the server the way a failing disk makes it
    (ext4 with errors=remount-ro, on a loop device, after an error triggered through
    /sys/fs/ext4/DEV/trigger_fs_error; root only, skipped otherwise). The kernel keeps such a
    file system read-only until it is unmounted, so recovery is: stop the server, unmount, fsck,
    mount, start it again.
A read-only remount of a bind mount under the running server is not possible: the kernel
refuses it ("mount point is busy") while files on it are open for writing."""
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
started = []  # every server of the run, stopped at the end even when a case fails


def new_server(*args, **kw):
    server = harness.Server(*args, **kw)
    started.append(server)
    return server


def fail(message):
    failures.append(message)
    print("FAIL:", message, flush=True)


def family(n):
    return {"representative": f"Проверка Места {n}", "phone": "+7 900 000-00-00", "address": "ул. Тестовая, 1",
            "consent_on": "2026-01-10", "notes": "x" * 1500}


def write(c, n):
    return c.post("/api/v1/families", family(n), key=str(uuid.uuid4()))


def exercise(name, server, break_it, mend_it, reason):
    """Writes until refused, checks the refusal (503, category storage, code `reason`), mends,
    checks recovery. mend_it may return a new server (restarted) to check recovery on."""
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
        error = (body or {}).get("error", {})
        print(f"{name}: write {n} refused: {status} {body}")
        if status != 503 or error.get("category") != "storage" or error.get("code") != reason:
            fail(f"{name}: refused with {status} {body}, expected 503 storage {reason}")
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
    restarted = mend_it()
    if isinstance(restarted, harness.Server):
        server = restarted
        c = harness.Client(server.port, "ivanova", "prokat-ivanova")
    time.sleep(0.2)
    status = write(c, 9999)[0]
    print(f"{name}: after mending, a write answers {status}")
    if status != 201:
        fail(f"{name}: no recovery: {status}")
    s, health, _ = c.get("/healthz")
    if s != 200:
        fail(f"{name}: /healthz {s} after recovery")


def family_count(db):
    c = harness.read_only(db)
    try:
        return c.execute("SELECT count(*) FROM family").fetchone()[0]
    finally:
        c.close()


def chattr(flags, paths):
    return subprocess.run(["chattr"] + flags + paths, capture_output=True).returncode == 0


def ext4_read_only(work, demo):
    image, mnt = os.path.join(work, "ext4.img"), os.path.join(work, "ext4")
    os.makedirs(mnt)
    with open(image, "wb") as f:
        f.truncate(64 * 1024 * 1024)
    subprocess.run(["mkfs.ext4", "-q", "-F", image], check=True)

    def mount():
        subprocess.run(["mount", "-o", "loop,errors=remount-ro", image, mnt], check=True)
        return subprocess.run(["findmnt", "-n", "-o", "SOURCE", mnt], check=True, capture_output=True,
                              text=True).stdout.strip()

    device = mount()
    db = os.path.join(mnt, "prokat.db")
    shutil.copy(demo, db)
    os.sync()  # the copy is on the disk before the disk "fails"; after that only fsynced commits count
    counts = []
    servers = [new_server(db, access_log="/dev/null", stderr_path=os.path.join(work, "ext4.err")).start()]
    try:
        def break_it():
            counts.append(family_count(db))
            with open(f"/sys/fs/ext4/{os.path.basename(device)}/trigger_fs_error", "w") as f:
                f.write("prokat storage test: simulated disk error")

        def mend_it():
            servers[0].kill(signal.SIGTERM)
            subprocess.run(["umount", mnt], check=True)
            fsck = subprocess.run(["e2fsck", "-f", "-y", image], capture_output=True, text=True)
            print(f"ext4-ro: e2fsck exit {fsck.returncode}")
            mount()
            servers.append(new_server(db, access_log="/dev/null",
                                          stderr_path=os.path.join(work, "ext4.err")).start())
            return servers[-1]

        exercise("ext4-ro", servers[0], break_it, mend_it, "database_read_only")
        servers[-1].kill(signal.SIGTERM)
        if harness.integrity(db) != ["ok"]:
            fail("ext4-ro: integrity_check after the file system was read-only")
        # Every family answered 201 before the failure is there, and the one after recovery.
        after = family_count(db)
        print(f"ext4-ro: families before the failure {counts[0]}, after recovery {after}")
        if after != counts[0] + 1:
            fail(f"ext4-ro: {counts[0]} families before the failure, {after} after recovery (expected one more)")
    finally:
        for s in servers:
            s.kill(signal.SIGTERM)
        subprocess.run(["umount", "-l", mnt], capture_output=True)


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
            server = new_server(db, access_log="/dev/null", stderr_path=os.path.join(work, "tmpfs.err")).start()
            filler = os.path.join(mnt, "filler")

            def fill():
                with open(filler, "wb") as f:
                    try:
                        while True:
                            f.write(b"\0" * 65536)
                            f.flush()
                    except OSError:
                        pass
            exercise("tmpfs", server, fill, lambda: os.remove(filler), "disk_full")
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
    server = new_server(db, access_log="/dev/null", stderr_path=os.path.join(work, "fsize.err"),
                            wrapper=["prlimit", f"--fsize={limit}:unlimited"]).start()
    exercise("fsize", server, lambda: None,
             lambda: subprocess.run(["prlimit", "--pid", str(server.proc.pid), "--fsize=unlimited:unlimited"], check=True),
             "disk_full")
    server.kill(signal.SIGTERM)
    if harness.integrity(db) != ["ok"]:
        fail("fsize: integrity_check after EFBIG")
    ran.append("fsize")

    # 3. The database turns read-only under the running server: immutable files.
    d = os.path.join(work, "immutable")
    os.makedirs(d)
    db = os.path.join(d, "prokat.db")
    shutil.copy(demo, db)
    if chattr(["+i"], [db]) and chattr(["-i"], [db]):
        server = new_server(db, access_log="/dev/null", stderr_path=os.path.join(work, "immutable.err")).start()
        files = [db, db + "-wal", d]
        try:
            exercise("immutable", server, lambda: chattr(["+i"], files) or fail("chattr +i failed"),
                     lambda: chattr(["-i"], files) or fail("chattr -i failed"), "database_read_only")
        finally:
            chattr(["-i"], files)
        server.kill(signal.SIGTERM)
        if harness.integrity(db) != ["ok"]:
            fail("immutable: integrity_check after the files were read-only")
        ran.append("immutable")
    else:
        print("immutable: skipped (chattr +i not supported here)")

    # 4. The file system turns read-only under the running server (ext4 errors=remount-ro).
    if mountable and shutil.which("mkfs.ext4") and os.path.isdir("/sys/fs/ext4"):
        ext4_read_only(work, demo)
        ran.append("ext4-ro")
    else:
        print("ext4-ro: skipped (no mount, mkfs.ext4 or ext4 here)")
    print("storage test:", ", ".join(ran), "ran;", "ok" if not failures else f"{len(failures)} failures")
    if not failures:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print("kept", work)
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        code = main()
    finally:
        for s in started:
            s.kill(signal.SIGTERM)
    sys.exit(code)
