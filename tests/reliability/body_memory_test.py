#!/usr/bin/env python3
"""Anonymous memory exhaustion: 60 connections send 10 MiB each (chunked, so that no
Content-Length lets the server refuse them by size) to POST /api/v1/scan/decode without signing
in, then 60 signed-in connections send 8 MiB photos at once. The server's RSS must stay bounded:
anonymous bodies are refused from the header (401) and never read; signed-in bodies beyond the
body budget (--max-body-memory, 64 MiB) get 503 before they are read. Prints the RSS figures.
Usage: body_memory_test.py [--connections 60] [--mib 10]"""
import argparse
import os
import shutil
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

failures = []


def fail(m):
    failures.append(m)
    print("FAIL:", m)


def status_of(sock):
    """The status of the first response line the server sends, or 0 when none came."""
    sock.settimeout(30)
    data = b""
    try:
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    try:
        return int(data.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return 0


def send_body(port, header, body_chunks, statuses, index, start):
    """Sends header and body; records the status answered (read as soon as the server answers,
    also while the body is still being sent)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=60)
    start.wait()
    result = [0]

    def reader():
        result[0] = status_of(s)

    t = threading.Thread(target=reader)
    t.start()
    try:
        s.sendall(header)
        for chunk in body_chunks():
            s.sendall(chunk)
    except OSError:
        pass  # the server refused and closed: the rest of the body is never sent
    t.join()
    s.close()
    statuses[index] = result[0]


def attack(port, header, body_chunks, n, pid):
    statuses = [None] * n
    start = threading.Event()
    threads = [threading.Thread(target=send_body, args=(port, header, body_chunks, statuses, i, start))
               for i in range(n)]
    for t in threads:
        t.start()
    peak = harness.rss_kib(pid)
    began = time.time()
    start.set()
    while any(t.is_alive() for t in threads):
        peak = max(peak, harness.rss_kib(pid))
        time.sleep(0.02)
    for t in threads:
        t.join()
    return statuses, peak, time.time() - began


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--connections", type=int, default=60)
    ap.add_argument("--mib", type=int, default=10)
    args = ap.parse_args()
    work = harness.temp_dir("prokat-body-memory-")
    db = harness.demo_database(work)
    server = harness.Server(db, extra=["--max-connections-per-address", "1000"]).start()
    c = harness.Client(server.port, "ivanova", "prokat-ivanova")
    for _ in range(20):
        c.get("/api/v1/items?limit=5")
    base = harness.rss_kib(server.proc.pid)

    piece = b"\xff" * (64 * 1024)
    chunk = b"%x\r\n" % len(piece) + piece + b"\r\n"

    def chunked():
        for _ in range(args.mib * 16):
            yield chunk
        yield b"0\r\n\r\n"

    anonymous = (b"POST /api/v1/scan/decode HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/jpeg\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\n")
    statuses, peak_anonymous, seconds = attack(server.port, anonymous, chunked, args.connections, server.proc.pid)
    refused = sum(1 for s in statuses if s == 401)
    print(f"anonymous: {args.connections} x {args.mib} MiB chunked: {refused} answered 401 in {seconds:.1f} s; "
          f"RSS {base // 1024} -> peak {peak_anonymous // 1024} MB")
    if refused != args.connections:
        fail(f"anonymous statuses {sorted(set(statuses))}, expected 401 for all")
    if peak_anonymous - base > 64 * 1024:
        fail(f"anonymous bodies grew the server by {(peak_anonymous - base) // 1024} MB")

    photo = 8 * 1024 * 1024
    signed_in = (f"POST /api/v1/scan/decode HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/jpeg\r\n"
                 f"Cookie: {c.cookie}\r\nX-CSRF-Token: {c.csrf}\r\nContent-Length: {photo}\r\n\r\n").encode()

    def whole():
        for _ in range(photo // len(piece)):
            yield piece

    before = harness.rss_kib(server.proc.pid)
    statuses, peak_signed, seconds = attack(server.port, signed_in, whole, args.connections, server.proc.pid)
    budget = sum(1 for s in statuses if s == 503)
    read = sum(1 for s in statuses if s not in (503, 0))
    print(f"signed in: {args.connections} x 8 MiB: {read} read and answered, {budget} answered 503 "
          f"(budget) in {seconds:.1f} s; RSS {before // 1024} -> peak {peak_signed // 1024} MB")
    if budget == 0:
        fail("no signed-in body was refused for the budget")
    if 0 in statuses:
        fail(f"{statuses.count(0)} signed-in requests got no answer")
    if peak_signed - before > 3 * 64 * 1024:
        fail(f"signed-in bodies grew the server by {(peak_signed - before) // 1024} MB")
    if harness.Client(server.port).get("/healthz")[0] != 200:
        fail("healthz after the attack")
    server.kill()
    if not failures:
        shutil.rmtree(work, ignore_errors=True)
    print("body memory test:", "ok" if not failures else f"{len(failures)} failures (kept {work})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
