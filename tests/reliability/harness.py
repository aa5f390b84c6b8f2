"""Helpers for the reliability scripts: run the real prokat binary, talk JSON to it, read its
database file directly (read-only, after the server is down). Standard library only."""
import http.client
import json
import os
import re
import signal
import socket
import struct
import sqlite3
import subprocess
import tempfile
import time
import zlib

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def binary():
    """The prokat binary: $PROKAT_BINARY, else the first build that has one."""
    if os.environ.get("PROKAT_BINARY"):
        return os.environ["PROKAT_BINARY"]
    for d in ("build/rel-release", "build/release", "build/rel-asan", "build/test"):
        p = os.path.join(SOURCE_DIR, d, "web", "prokat")
        if os.path.exists(p):
            return p
    raise SystemExit("no prokat binary found; set PROKAT_BINARY")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run(args, **kw):
    return subprocess.run([binary()] + args, check=True, capture_output=True, text=True, **kw)


class Server:
    """`prokat serve` as a child process on a fixed port (so that clients survive restarts)."""

    def __init__(self, db, port=None, extra=(), access_log=None, stderr_path=None, wrapper=()):
        self.db, self.port = db, port or free_port()
        self.extra, self.wrapper = list(extra), list(wrapper)
        self.access_log = access_log or db + ".access.log"
        self.stderr_path = stderr_path or db + ".stderr.log"
        self.proc = None

    def start(self, timeout=30):
        args = self.wrapper + [binary(), "serve", "--db", self.db, "--listen", f"127.0.0.1:{self.port}",
                               "--access-log", self.access_log] + self.extra
        self.err = open(self.stderr_path, "ab")
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=self.err)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"prokat exited with {self.proc.returncode}; see {self.stderr_path}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/healthz")
                if c.getresponse().status in (200, 503):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("prokat did not start listening")

    def kill(self, sig=signal.SIGKILL):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
        if self.proc:
            self.proc.wait(timeout=60)
            self.err.close()
        return self.proc.returncode

    def alive(self):
        return self.proc is not None and self.proc.poll() is None


class Client:
    """A signed-in user: cookie, CSRF token, JSON in and out. A new connection per request."""

    def __init__(self, port, login=None, password=None, timeout=30):
        self.port, self.timeout = port, timeout
        self.cookie, self.csrf = "", ""
        if login:
            r = self.request("POST", "/api/v1/session", {"login": login, "password": password})
            if r[0] != 201:
                raise RuntimeError(f"sign-in as {login}: {r}")

    def request(self, method, path, body=None, headers=None, raw=None):
        """(status, parsed JSON or None, headers). Raises OSError/HTTPException when the
        connection fails or closes before an answer (the server died)."""
        h = {"Content-Type": "application/json"} if (body is not None or raw is not None) else {}
        if self.cookie:
            h["Cookie"] = self.cookie
        if self.csrf:
            h["X-CSRF-Token"] = self.csrf
        h.update(headers or {})
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            c.request(method, path, body=data, headers=h)
            r = c.getresponse()
            text = r.read()
        finally:
            c.close()
        try:
            parsed = json.loads(text) if text else None
        except ValueError:
            parsed = None
        if path == "/api/v1/session" and method == "POST" and r.status == 201:
            self.cookie = r.getheader("Set-Cookie").split(";")[0]
            self.csrf = parsed["csrf_token"]
        return r.status, parsed, dict(r.getheaders())

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, body=None, key=None):
        return self.request("POST", path, body if body is not None else {},
                            {"Idempotency-Key": key} if key else None)


def png_1x1():
    """A one-pixel PNG: a signature image as small as the server takes."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


def demo_database(directory):
    """A new demo database (users admin, ivanova, sokolova, petrov, sidorov, zaveduyushaya;
    password "prokat-" + login)."""
    db = os.path.join(directory, "prokat.db")
    run(["demo-data", "--db", db])
    return db


def read_only(db):
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True)


def journal_mismatches(db):
    """Items whose last movement's to_status differs from item.status."""
    c = read_only(db)
    try:
        return c.execute(
            "SELECT i.id, i.status, m.to_status FROM item i LEFT JOIN movement m ON m.id = "
            "(SELECT max(id) FROM movement WHERE item_id = i.id) "
            "WHERE m.to_status IS NULL OR m.to_status <> i.status").fetchall()
    finally:
        c.close()


def integrity(db):
    c = read_only(db)
    try:
        return [r[0] for r in c.execute("PRAGMA integrity_check")]
    finally:
        c.close()


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        m = re.search(r"VmRSS:\s+(\d+)", f.read())
    return int(m.group(1)) if m else 0


def open_fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def temp_dir(prefix):
    return tempfile.mkdtemp(prefix=prefix, dir=os.environ.get("TMPDIR", "/tmp"))
