#!/usr/bin/env python3
"""Runs every Prokat benchmark and writes BENCHMARKS.md (called by scripts/bench after the build).

Each figure stands beside a ceiling measured in the same run on the same machine, as a ratio.
Options: --build DIR (build/bench) --out FILE (BENCHMARKS.md) --items/--agreements/--journal
(regional database size) --wrk-seconds N --only SECTION[,SECTION] --samples DIR.
"""
import argparse, datetime, http.client, json, os, base64, re, shutil, signal, socket, statistics
import subprocess, sys, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def log(*a):
    print("[bench]", *a, file=sys.stderr, flush=True)


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(p * len(v)))] if v else float("nan")


def load():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def busy_note(before, after):
    n = os.cpu_count() or 1
    worst = max(before, after)
    return f"load average {before:.1f} -> {after:.1f} on {n} cores" + (" (**machine loaded**)" if worst > 0.5 * n else "")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def wait_port(port, proc, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server did not listen")


def stop(proc):
    if proc and proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Server:
    """prokat serve on a database, with a signed-in admin session."""

    def __init__(self, a, db, extra=(), login="bench"):
        self.port = free_port()
        self.proc = subprocess.Popen([a.prokat, "serve", "--db", db, "--listen", f"127.0.0.1:{self.port}",
                                      "--access-log", "/dev/null", *extra],
                                     stdout=subprocess.DEVNULL, stderr=open(os.path.join(a.work, "serve.log"), "a"))
        wait_port(self.port, self.proc)
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        body = json.dumps({"login": login, "password": "prokat-" + login})
        self.conn.request("POST", "/api/v1/session", body, {"Content-Type": "application/json"})
        r = self.conn.getresponse()
        r.read()
        m = re.search(r"prokat_session=([^;]+)", r.getheader("Set-Cookie") or "")
        if r.status >= 300 or not m:
            raise RuntimeError(f"sign-in failed: {r.status}")
        self.cookie = "prokat_session=" + m.group(1)

    def get(self, path):
        t0 = time.perf_counter()
        self.conn.request("GET", path, headers={"Cookie": self.cookie})
        r = self.conn.getresponse()
        body = r.read()
        ms = (time.perf_counter() - t0) * 1000
        if r.status != 200:
            raise RuntimeError(f"GET {path}: {r.status} {body[:200]!r}")
        return ms, body

    def rss_kb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            d = dict(l.split(":", 1) for l in f if ":" in l)
        return int(d["VmRSS"].split()[0]), int(d["VmHWM"].split()[0])

    def close(self):
        self.conn.close()
        stop(self.proc)


def run(cmd, **kw):
    log("$", " ".join(cmd))
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw).stdout


def add_user(a, db, login, role="admin"):
    subprocess.run([a.prokat, "user", "add", "--db", db, "--login", login, "--name", login, "--role", role,
                    "--point", "1"], input="prokat-" + login + "\n", text=True, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# ---------------------------------------------------------------------------------------------
def section_scanner(a, out):
    samples = a.samples
    text = run(["taskset", "-c", "0", os.path.join(a.build, "tests/bench/scanner/scanner_bench"), samples, a.work])
    out.append("## Scanner\n")
    out.append(f"`scanner_bench {os.path.relpath(samples, ROOT)}` pinned to one core with `taskset -c 0`; "
               "\"plain\" is `ZXing::ReadBarcode` (tryHarder + tryRotate, the same six formats) on the same "
               "images in the same run: it is the ceiling each Prokat figure is divided by.\n")
    out.append(text)


def section_inventory(a, out):
    data = os.path.join(a.work, "inventory")
    os.makedirs(data, exist_ok=True)
    env = {**os.environ, "PROKAT_BENCH_DIR": data}
    regional = os.path.join(a.work, f"regional-{a.items}-{a.agreements}-{a.journal}.db")
    if os.path.exists(regional + ".done"):  # made by the web section of an earlier run
        env["PROKAT_BENCH_REGIONAL_DB"] = regional
    before = load()
    raw = run([os.path.join(a.build, "tests/bench/inventory/inventory_bench"), "--benchmark_format=json"],
              env=env)
    after = load()
    benchmarks = [b for b in json.loads(raw)["benchmarks"] if not b.get("error_occurred")]
    res = {b["name"].split("/")[0]: b for b in benchmarks}
    ceil = res["BM_RawSqliteInsertTransaction"]["tx_per_s"]
    out.append("## Inventory\n")
    out.append(f"`inventory_bench` (Google Benchmark) with `PROKAT_BENCH_DIR` on the repository's disk "
               f"(`{os.path.relpath(data, ROOT)}`), WAL, `synchronous=FULL`, 2000 transactions each; "
               f"{busy_note(before, after)}.\n")
    out.append("| benchmark | what one transaction does | tx/s | ceiling tx/s | ratio | target |")
    out.append("|---|---|---|---|---|---|")
    out.append(f"| raw SQLite insert (ceiling) | `BEGIN IMMEDIATE; INSERT one row; COMMIT` | {ceil:.0f} | | | |")
    for name, what in (("BM_Lend", "`AgreementService::Activate` of a 2-item draft: checks, number, handover act, "
                                   "2 item moves + journal rows, audit"),
                       ("BM_Return", "`AgreementService::Return` of both items: return act, 2 moves + journal rows, "
                                     "agreement closed, audit")):
        v = res[name]["tx_per_s"]
        out.append(f"| {name[3:].lower()} | {what} | {v:.0f} | {ceil:.0f} | **{v / ceil:.2f}** | >= 0.3 "
                   f"{'met' if v / ceil >= 0.3 else 'NOT met'} |")
    out.append("")
    out.append("Queries on 1,000,000 agreements in-process (no HTTP; `million.db`, generated once into the bench dir):\n")
    out.append("| benchmark | result | time per call |")
    out.append("|---|---|---|")
    for name in ("BM_DueNextWeek_FirstPage", "BM_Overdue_FirstPage", "BM_Overdue_AllPages", "BM_ReportCounts_OneYear"):
        b = res.get(name)
        if not b:
            continue
        unit = b["time_unit"]
        t = b["real_time"] / (1000.0 if unit == "us" else 1.0 if unit == "ms" else 1e6)
        result = f"{b['rows']:.0f} rows" if "rows" in b else f"{b.get('agreements', 0):.0f} agreements"
        out.append(f"| `{name[3:]}` | {result} | {t:.2f} ms |")
    for b in benchmarks:
        if b["name"].startswith("BM_ReportCounts_Regional/"):
            period = b["name"].split("/")[1].lower()
            out.append(f"| `ReportCounts` for a {period} on the regional database (the web section's, "
                       f"in-process) | {b['agreements']:.0f} agreements | {b['real_time']:.2f} ms |")
    single, multi = res.get("BM_DueNextWeek_FirstPage"), res.get("BM_DueNextWeek_8Threads")
    if single and multi:
        one = 1e6 / single["real_time"] if single["time_unit"] == "us" else 1e3 / single["real_time"]
        out.append("")
        out.append(f"Due-week reads from 8 threads at once (each read's \"viewed\" audit row through the "
                   f"writer's group commit): {multi['items_per_second']:.0f} reads/s against "
                   f"{one:.0f} reads/s from one thread (**{multi['items_per_second'] / one:.1f}x**), "
                   f"{multi.get('reads_per_commit', 0):.1f} reads per commit.")
    demo = res.get("BM_DemoData")
    if demo:
        out.append("")
        out.append(f"Demo data (`GenerateDemoData` defaults): {demo['agreements']:.0f} agreements "
                   f"({demo['open']:.0f} open, {demo['overdue']:.0f} overdue), {demo['real_time']:.0f} ms.")
    out.append("")


def regional_db(a):
    db = os.path.join(a.work, f"regional-{a.items}-{a.agreements}-{a.journal}.db")
    done = db + ".done"
    if not os.path.exists(done):
        t0 = time.time()
        gen = run([os.path.join(a.build, "tests/bench/web/bench_data"), "--db", db, "--items", str(a.items),
                   "--agreements", str(a.agreements), "--journal", str(a.journal)])
        log(gen.strip())
        add_user(a, db, "bench")
        open(done, "w").write(f"{time.time() - t0:.0f}\n")
    return db, float(open(done).read())


def wrk(url, seconds, cookie=None, conns=64):
    cmd = ["wrk", "-t2", f"-c{conns}", f"-d{seconds}s", "--latency"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    text = run(cmd + [url])
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", text)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
    conv = lambda m: float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)] if m else float("nan")
    return {"rps": rps, "non2xx": int(non2xx.group(1)) if non2xx else 0, "p50": conv(p50), "p99": conv(p99)}


def wrk_with_rss(server, url, seconds, cookie=None):
    import threading
    peak = [0]
    stop_flag = [False]

    def sample():
        while not stop_flag[0]:
            try:
                peak[0] = max(peak[0], server.rss_kb()[0])
            except Exception:
                pass
            time.sleep(0.2)

    t = threading.Thread(target=sample)
    t.start()
    try:
        r = wrk(url, seconds, cookie)
    finally:
        stop_flag[0] = True
        t.join()
    r["rss_mb"] = peak[0] / 1024
    return r


def read_through(path):
    """Reads a file once, so that its pages are in the OS cache, as on a server that has run a while."""
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


def section_web(a, out):
    db, gen_s = regional_db(a)
    size_mb = sum(os.path.getsize(db + s) for s in ("", "-wal") if os.path.exists(db + s)) / 1e6
    out.append("## Web: the regional database through HTTP\n")
    out.append(f"Regional database generated by `bench_data --items {a.items} --agreements {a.agreements} "
               f"--journal {a.journal}` ({a.items:,} items and families, {a.agreements:,} agreements in "
               f"chronological order over ten years, the last {min(20000, a.items // 2):,} open and due around "
               f"today, {a.journal:,} movement-journal rows; {size_mb:.0f} MB; generated in {gen_s:.0f} s, "
               f"reused while its size flags stay the same). `prokat serve` with default threads (2 io, 4 workers), "
               "access log to /dev/null. The database file is read through once before the queries, so that they "
               "start from the operating system's cache as on a server that has been running: an item's history reads "
               "about 200 rows scattered over the 10,000,000 of the journal, and with the file's pages dropped from "
               "the cache it measures the disk (41-48 ms median against 1.4-3.8 ms, one run each, 2026-12-02).\n")
    srv = Server(a, db)
    try:
        for suffix in ("", "-wal"):
            if os.path.exists(db + suffix):
                read_through(db + suffix)
        # -- queries: median over n requests on one keep-alive connection
        n = a.query_runs
        hz = [srv.get("/healthz")[0] for _ in range(n)]
        floor = statistics.median(hz)
        # pick a family and an item with a typical history
        today = json.loads(srv.get("/api/v1/clock")[1])["today"]
        d = datetime.date.fromisoformat(today)
        week = (d + datetime.timedelta(days=7)).isoformat()
        m_to = d.replace(day=1) - datetime.timedelta(days=1)
        m_from = m_to.replace(day=1)
        y = d.year - 1
        queries = [
            ("due returns for a week", f"/api/v1/due?from={today}&to={week}"),
            ("overdue list (first page)", "/api/v1/overdue"),
            ("a family's history", "/api/v1/families/{fam}/history"),
            ("an item's history (movement journal)", "/api/v1/items/{item}/history"),
            ("items by status (the board's chart)", "/api/v1/items/status-counts"),
            ("period report, one month", f"/api/v1/reports/counts?from={m_from}&to={m_to}"),
            ("period report, one year", f"/api/v1/reports/counts?from={y}-01-01&to={y}-12-31"),
        ]
        out.append(f"Server's today: {today}. Each query {n} times on one keep-alive connection from a "
                   "Python client; the floor is `GET /healthz` on the same connection in the same run.\n")
        out.append("| query (HTTP GET) | rows | median ms | p95 ms | floor: /healthz median ms | target < 20 ms median |")
        out.append("|---|---|---|---|---|---|")
        before = load()
        for i, (name, path) in enumerate(queries):
            times, rows = [], 0
            for k in range(n):
                p = path.format(fam=1 + (k * 7919) % a.items, item=1 + (k * 104729) % a.items)
                ms, body = srv.get(p)
                times.append(ms)
                j = json.loads(body)
                rows = (len(j["items"]) if isinstance(j.get("items"), list) else
                        j["total"] if "total" in j else j.get("agreements", 0))
            med = statistics.median(times)
            out.append(f"| {name} `{path}` | {rows} | {med:.2f} | {pct(times, 0.95):.2f} | {floor:.2f} | "
                       f"{'met' if med < 20 else 'NOT met'} |")
        out.append(f"\n({busy_note(before, load())}; rows: of the last request; family and item ids vary.)\n")

        # -- HTTP throughput against the constant server
        secs = a.wrk_seconds
        cport = free_port()
        const = subprocess.Popen([os.path.join(a.build, "tests/bench/web/const_server"), str(cport), "2"])
        try:
            wait_port(cport, const)
            before = load()
            ceiling = wrk(f"http://127.0.0.1:{cport}/healthz", secs)
        finally:
            stop(const)
        hz = wrk_with_rss(srv, f"http://127.0.0.1:{srv.port}/healthz", secs)
        due = wrk_with_rss(srv, f"http://127.0.0.1:{srv.port}/api/v1/due?from={today}&to={week}", secs,
                           srv.cookie)
        after = load()
        rss, hwm = srv.rss_kb()
        out.append(f"### HTTP throughput, `wrk -t2 -c64 -d{secs}s` (wrk runs on the same 2 cores)\n")
        out.append("| target | requests/s | latency p50 / p99 ms | non-2xx | ceiling requests/s | ratio | target |")
        out.append("|---|---|---|---|---|---|---|")
        out.append(f"| minimal Beast server answering a constant (`const_server`, 2 threads) — the ceiling | "
                   f"{ceiling['rps']:.0f} | {ceiling['p50']:.2f} / {ceiling['p99']:.2f} | {ceiling['non2xx']} | | | |")
        out.append(f"| prokat `GET /healthz` | {hz['rps']:.0f} | {hz['p50']:.2f} / {hz['p99']:.2f} | {hz['non2xx']} | "
                   f"{ceiling['rps']:.0f} | **{hz['rps'] / ceiling['rps']:.2f}** | >= 0.5 "
                   f"{'met' if hz['rps'] / ceiling['rps'] >= 0.5 else 'NOT met'} |")
        out.append(f"| prokat `GET /api/v1/due` (a week, signed in) | {due['rps']:.0f} | {due['p50']:.2f} / "
                   f"{due['p99']:.2f} | {due['non2xx']} | {ceiling['rps']:.0f} | **{due['rps'] / ceiling['rps']:.2f}** | "
                   "(none) |")
        out.append(f"\n({busy_note(before, after)}.)\n")
        out.append("### Resident memory of the server on the regional database\n")
        peak = max(hz["rss_mb"], due["rss_mb"], hwm / 1024)
        out.append(f"Peak RSS sampled every 0.2 s during the wrk runs: /healthz {hz['rss_mb']:.0f} MB, due page "
                   f"{due['rss_mb']:.0f} MB; VmHWM after the runs {hwm / 1024:.0f} MB (VmRSS {rss / 1024:.0f} MB). "
                   f"Target < 150 MB: **{'met' if peak < 150 else 'NOT met'}** ({peak:.0f} MB).\n")
    finally:
        srv.close()


# ---------------------------------------------------------------------------------------------
def ws_connect(port, path, cookie):
    s = socket.create_connection(("127.0.0.1", port), 10)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1:{port}\r\n"
               f"Cookie: {cookie}\r\n\r\n").encode())
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(4096)
        if not chunk:
            raise RuntimeError("websocket handshake: closed")
        buf += chunk
    head, rest = buf.split(b"\r\n\r\n", 1)
    if b" 101 " not in head.split(b"\r\n")[0]:
        raise RuntimeError("websocket handshake: " + head.split(b"\r\n")[0].decode())
    return s, rest


def ws_messages(s, buf, until):
    """Yields (receive time, text) of server frames until the deadline."""
    while time.time() < until:
        while len(buf) >= 2:
            ln = buf[1] & 0x7F
            off = 2
            if ln == 126:
                if len(buf) < 4: break
                ln = int.from_bytes(buf[2:4], "big"); off = 4
            elif ln == 127:
                if len(buf) < 10: break
                ln = int.from_bytes(buf[2:10], "big"); off = 10
            if len(buf) < off + ln:
                break
            op = buf[0] & 0x0F
            payload, buf = buf[off:off + ln], buf[off + ln:]
            if op == 1:
                yield time.time(), payload.decode()
            elif op == 8:
                return
        s.settimeout(max(0.05, until - time.time()))
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            continue
        if not chunk:
            return
        buf += chunk


def section_scan(a, out):
    video = os.path.join(a.work, "scan30.avi")
    run([os.path.join(a.build, "tests/bench/scanner/scanner_bench"), "--write-video", video])
    db = os.path.join(a.work, "scan.db")
    for s in ("", "-wal", "-shm"):
        if os.path.exists(db + s):
            os.remove(db + s)
    run([a.prokat, "demo-data", "--db", db])
    add_user(a, db, "bench")
    # The video starts playing when the server starts; it opens with 2 s without a label.
    srv = Server(a, db, ["--scan-source", video])
    lat, codes = [], set()
    try:
        s, rest = ws_connect(srv.port, "/api/v1/events", srv.cookie)
        for _, text in ws_messages(s, rest, time.time() + a.video_seconds + 5):
            m = json.loads(text)
            if m.get("type") == "scan":
                lat.append(m["capture_to_report_ms"])
                codes.add(m.get("code"))
            elif m.get("type") == "scanner" and m.get("state") in ("ended", "stopped"):
                break
        s.close()
    finally:
        srv.close()
    labels = a.video_seconds // 2 - 1
    out.append("## Scan to screen\n")
    out.append(f"`prokat serve --scan-source scan30.avi`: a {a.video_seconds} s 30 fps 1280x720 MJPG video "
               f"(written by `scanner_bench --write-video`) played at its rate, a new Code 128 label every 2 s, "
               f"{labels} in all, each one fifth of the frame's width; the figure is the `capture_to_report_ms` of "
               "each `scan` message received on `/api/v1/events` (from the frame being read from the source to "
               "the message being handed to the WebSocket sessions; whole milliseconds, measured by the server). "
               "Ceiling: the frame period, 33.3 ms.\n")
    if lat:
        p95 = pct(lat, 0.95)
        out.append(f"| labels reported | median ms | p95 ms | max ms | frame period ms | p95 / frame period | target p95 < 40 ms |")
        out.append("|---|---|---|---|---|---|---|")
        out.append(f"| {len(lat)} scan messages, {len(codes)} distinct of {labels} labels | {statistics.median(lat):.0f} | {p95:.0f} | {max(lat):.0f} | 33.3 | "
                   f"{p95 / 33.3:.2f} | {'met' if p95 < 40 else 'NOT met'} |\n")
    else:
        out.append("No scan message arrived: **not measured**.\n")


def section_ui(a, out):
    script = os.path.join(ROOT, "tests/bench/ui_first_render.mjs")
    if not os.path.isdir(os.path.join(ROOT, "tests/e2e/node_modules/playwright-core")):
        out.append("## UI first render\n\nplaywright-core is not installed in tests/e2e/node_modules: **not measured**.\n")
        return
    db, _ = regional_db(a)
    srv = Server(a, db)
    try:
        r = subprocess.run(["node", script, f"http://127.0.0.1:{srv.port}", "bench", "prokat-bench", str(a.ui_runs)],
                           text=True, capture_output=True, cwd=os.path.join(ROOT, "tests/e2e"))
        if r.returncode != 0:
            raise RuntimeError("ui_first_render.mjs: " + r.stderr.strip()[-600:])
        text = r.stdout
    finally:
        srv.close()
    out.append("## UI first render\n")
    out.append(text)


def section_documents(a, out):
    data = os.path.join(a.work, "documents")
    os.makedirs(data, exist_ok=True)
    before = load()
    raw = run(["taskset", "-c", "0", os.path.join(a.build, "tests/bench/documents/documents_bench"),
               "--benchmark_format=json"], env={**os.environ, "PROKAT_BENCH_DIR": data})
    after = load()

    def key(b):  # "BM_HandoverAct/60/min_time:1.000/repeats:5/real_time" -> "BM_HandoverAct/60"
        return "/".join(p for p in b["run_name"].split("/") if not re.match(r"(min_time|repeats|real_time)", p))
    benches = json.loads(raw)["benchmarks"]
    res = {key(b): b for b in benches if b.get("aggregate_name") == "median"}
    spread = {key(b): b for b in benches if b.get("aggregate_name") == "stddev"}
    ceil = res["BM_OnePagePdf"]["real_time"]
    out.append("## Documents: rendering the handover act\n")
    out.append("`documents_bench` (Google Benchmark) pinned to one core with `taskset -c 0`: `HandoverActPdf` from a "
               "file database (the act's snapshot, the family, the letterhead, the rules acknowledged, the signatures, "
               "then Cairo + Pango into a PDF in memory), each item with 2 components, 2 documents and a serial number; "
               "median of 5 repetitions of at least 1 s each. Ceiling: a one-page PDF with one bold and one regular "
               f"line from the same `PdfWriter` (the same fonts embedded), the fixed cost of any document; "
               f"{busy_note(before, after)}.\n")
    out.append("| what is rendered | pages | PDF KiB | median ms | stddev ms | ceiling ms | ratio to ceiling | ms per page |")
    out.append("|---|---|---|---|---|---|---|---|")
    rows = (("BM_OnePagePdf", "one-page PDF, same fonts (ceiling)"),
            ("BM_HandoverActData/5", "its data alone (`LoadAgreementData`: records, no drawing), 5 items"),
            ("BM_HandoverAct/5", "handover act, 5 items, signed on paper"),
            ("BM_HandoverActSigned/5", "handover act, 5 items, two signatures drawn on screen (PNG)"),
            ("BM_HandoverActData/60", "its data alone, 60 items"),
            ("BM_HandoverAct/60", "handover act, 60 items, signed on paper"),
            ("BM_HandoverActSigned/60", "handover act, 60 items, two signatures drawn on screen (PNG)"))
    for name, what in rows:
        b = res.get(name)
        if not b:
            continue
        t = b["real_time"]
        pages = b.get("pages", 0)
        kib = f"{b['bytes'] / 1024:.0f}" if "bytes" in b else ""
        per_page = f"{t / pages:.1f}" if pages else ""
        out.append(f"| {what} | {f'{pages:.0f}' if pages else ''} | {kib} | **{t:.1f}** | "
                   f"{spread.get(name, {}).get('real_time', float('nan')):.1f} | {ceil:.1f} | {t / ceil:.1f} | "
                   f"{per_page} |")
    out.append("")


SECTIONS = {"scanner": section_scanner, "inventory": section_inventory, "web": section_web, "scan": section_scan,
            "ui": section_ui, "documents": section_documents}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--build", default=os.path.join(ROOT, "build/bench"))
    p.add_argument("--out", default=os.path.join(ROOT, "BENCHMARKS.md"))
    p.add_argument("--samples", default=os.path.join(ROOT, "..", "shared", "samples"))
    p.add_argument("--items", type=int, default=50_000)
    p.add_argument("--agreements", type=int, default=1_000_000)
    p.add_argument("--journal", type=int, default=10_000_000)
    p.add_argument("--wrk-seconds", type=int, default=10)
    p.add_argument("--query-runs", type=int, default=31)
    p.add_argument("--video-seconds", type=int, default=20)
    p.add_argument("--ui-runs", type=int, default=5)
    p.add_argument("--only", default=",".join(SECTIONS))
    p.add_argument("--notes", default=os.path.join(ROOT, "tests/bench/NOTES.md"))
    a = p.parse_args()
    a.samples = os.path.abspath(a.samples)
    a.prokat = os.path.join(a.build, "web/prokat")
    a.work = os.path.join(a.build, "bench-data")
    os.makedirs(a.work, exist_ok=True)
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], text=True, capture_output=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"], text=True,
                           capture_output=True).stdout.strip()
    out = ["# Benchmarks", "",
           f"Written by `scripts/bench` on {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')} — machine: "
           f"{os.cpu_count()} cores (`nproc`), {cpu}, {os.uname().release}; commit {commit}"
           f"{' with uncommitted changes in the tree' if dirty else ''}; Release build in "
           f"`{os.path.relpath(a.build, ROOT)}`. Load average at the start: {load():.1f}. The machine is shared "
           "with other engineers' builds: absolute figures are noisy, the ratios to the ceilings measured in "
           "the same run are the figures to compare. Do not edit by hand: rerun `scripts/bench`.", ""]
    t_all = time.time()
    for name in a.only.split(","):
        t0 = time.time()
        log("section", name)
        try:
            SECTIONS[name](a, out)
        except Exception as e:  # keep the other sections
            log("section", name, "failed:", e)
            out.append(f"## {name}\n\n**Failed in this run**: `{e}`\n")
        out.append(f"<sub>section took {time.time() - t0:.0f} s</sub>\n")
    if os.path.exists(a.notes):
        out.append(open(a.notes).read())
    out.append(f"\nWhole run: {time.time() - t_all:.0f} s.\n")
    with open(a.out, "w") as f:
        f.write("\n".join(out))
    log("wrote", a.out)


if __name__ == "__main__":
    main()
