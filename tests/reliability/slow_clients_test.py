#!/usr/bin/env python3
"""Slow clients: 600 connections from 127.0.0.1 (more than --max-connections 512; the cap per
address raised so that the global limit is what is hit) each send a request header a byte at a
time, one byte every 10 s, reconnecting when the server closes them. Meanwhile GET /healthz is
asked every half second on a new connection: every one must be answered 200. Prints the health
checks' latency and what became of the slow connections.
Usage: slow_clients_test.py [--seconds 15] [--connections 600] [--interval 10]"""
import argparse
import http.client
import os
import shutil
import socket
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

failures = []


def fail(m):
    failures.append(m)
    print("FAIL:", m)


class Trickler:
    """Keeps `n` connections open, each sending "GET /healthz HTTP/1.1\\r\\nX-Slow: ..." one byte
    per `interval` seconds; replaces each one the server closes."""

    def __init__(self, port, n, interval):
        self.port, self.n, self.interval = port, n, interval
        self.stop = threading.Event()
        self.opened = self.closed_by_server = 0
        self.thread = threading.Thread(target=self.run)

    def connect(self):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        s.setblocking(False)
        s.send(b"GET /healthz HTTP/1.1\r\nX-Slow: ")
        self.opened += 1
        return s

    def run(self):
        socks = []
        while len(socks) < self.n and not self.stop.is_set():
            try:
                socks.append(self.connect())
            except OSError:
                time.sleep(0.01)
        next_byte = time.time() + self.interval
        while not self.stop.is_set():
            now = time.time()
            for i, s in enumerate(socks):
                closed = False
                try:
                    if s.recv(4096) == b"":
                        closed = True
                except BlockingIOError:
                    pass
                except OSError:
                    closed = True
                if not closed and now >= next_byte:
                    try:
                        s.send(b"a")
                    except OSError:
                        closed = True
                if closed:
                    self.closed_by_server += 1
                    s.close()
                    try:
                        socks[i] = self.connect()
                    except OSError:
                        pass
            if now >= next_byte:
                next_byte = now + self.interval
            time.sleep(0.1)
        for s in socks:
            s.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--connections", type=int, default=600)
    ap.add_argument("--interval", type=float, default=10)
    args = ap.parse_args()
    work = harness.temp_dir("prokat-slow-clients-")
    db = harness.demo_database(work)
    server = harness.Server(db, extra=["--max-connections", "512", "--max-connections-per-address", "100000"]).start()
    trickler = Trickler(server.port, args.connections, args.interval)
    trickler.thread.start()
    while trickler.opened < args.connections and trickler.thread.is_alive():
        time.sleep(0.05)
    latencies, statuses = [], []
    end = time.time() + args.seconds
    while time.time() < end:
        began = time.time()
        try:
            c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            c.request("GET", "/healthz")
            statuses.append(c.getresponse().status)
            c.close()
        except (OSError, http.client.HTTPException) as e:
            statuses.append(str(e))
        latencies.append((time.time() - began) * 1000)
        time.sleep(0.5)
    trickler.stop.set()
    trickler.thread.join()
    fds = harness.open_fds(server.proc.pid)
    ok = statuses.count(200)
    latencies.sort()
    print(f"{args.connections} slow connections (a byte every {args.interval:g} s) for {args.seconds:g} s: "
          f"{trickler.opened} opened, {trickler.closed_by_server} closed by the server; server fds {fds}")
    print(f"/healthz: {ok}/{len(statuses)} answered 200; latency median {statistics.median(latencies):.1f} ms, "
          f"max {latencies[-1]:.1f} ms")
    if ok != len(statuses):
        fail(f"/healthz answers during the attack: {sorted(set(map(str, statuses)))}")
    server.kill()
    if not failures:
        shutil.rmtree(work, ignore_errors=True)
    print("slow clients test:", "ok" if not failures else f"{len(failures)} failures (kept {work})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
