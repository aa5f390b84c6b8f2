#!/usr/bin/env python3
"""Before/after in one run: the query, wrk and board figures of run_bench.py for two builds.

  tests/bench/compare_builds.py BEFORE_BUILD AFTER_BUILD [--rounds N]

Each build directory needs web/prokat and bench-data/regional-*.db with its .done marker (as
run_bench.py leaves them; the before build's copy at its own schema version). The two servers
run one after the other, round by round, so that the machine's load falls on both alike.
"""
import argparse, datetime, json, os, statistics, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_bench as rb  # noqa: E402


class Build:
    def __init__(self, path, items, agreements, journal):
        self.build = os.path.abspath(path)
        self.prokat = os.path.join(self.build, "web/prokat")
        self.work = os.path.join(self.build, "bench-data")
        self.db = os.path.join(self.work, f"regional-{items}-{agreements}-{journal}.db")


def queries(srv, n):
    today = json.loads(srv.get("/api/v1/clock")[1])["today"]
    d = datetime.date.fromisoformat(today)
    week = (d + datetime.timedelta(days=7)).isoformat()
    y = d.year - 1
    out = {}
    for name, path in (("healthz", "/healthz"), ("report_year", f"/api/v1/reports/counts?from={y}-01-01&to={y}-12-31"),
                       ("due_week", f"/api/v1/due?from={today}&to={week}")):
        out[name] = statistics.median(srv.get(path)[0] for _ in range(n))
    return out, f"/api/v1/due?from={today}&to={week}"


def board(srv, runs):
    r = subprocess.run(["node", os.path.join(rb.ROOT, "tests/bench/ui_first_render.mjs"), f"http://127.0.0.1:{srv.port}",
                        "bench", "prokat-bench", str(runs)], text=True, capture_output=True,
                       cwd=os.path.join(rb.ROOT, "tests/e2e"))
    for line in r.stdout.splitlines():
        if line.startswith("| board"):
            return float(line.split("|")[3])
    raise RuntimeError("ui_first_render.mjs: " + r.stderr[-400:])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("before")
    p.add_argument("after")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--items", type=int, default=50_000)
    p.add_argument("--agreements", type=int, default=1_000_000)
    p.add_argument("--journal", type=int, default=10_000_000)
    p.add_argument("--wrk-seconds", type=int, default=10)
    a = p.parse_args()
    builds = {k: Build(v, a.items, a.agreements, a.journal) for k, v in (("before", a.before), ("after", a.after))}
    res = {k: {"report_year": [], "due_week": [], "healthz": [], "due_rps": [], "board": []} for k in builds}
    for r in range(a.rounds):
        for name, b in builds.items():
            srv = rb.Server(b, b.db)
            try:
                q, due = queries(srv, 31)
                for k, v in q.items():
                    res[name][k].append(v)
                w = rb.wrk(f"http://127.0.0.1:{srv.port}{due}", a.wrk_seconds, srv.cookie)
                res[name]["due_rps"].append(w["rps"])
                res[name]["board"].append(board(srv, 5))
            finally:
                srv.close()
            rb.log(name, "round", r, {k: v[-1] for k, v in res[name].items()})
    med = {n: {k: statistics.median(v) for k, v in d.items()} for n, d in res.items()}
    print(f"load average now {rb.load():.1f}; medians over {a.rounds} rounds")
    print("| figure | before | after | after / before |")
    print("|---|---|---|---|")
    for k, label in (("healthz", "GET /healthz median ms (floor)"), ("report_year", "period report, one year, median ms"),
                     ("due_week", "due returns for a week, median ms"), ("due_rps", "wrk -c64 due page requests/s"),
                     ("board", "board first render median ms")):
        b, f = med["before"][k], med["after"][k]
        print(f"| {label} | {b:.2f} | {f:.2f} | {f / b:.2f} |")


if __name__ == "__main__":
    main()
