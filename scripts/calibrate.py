#!/usr/bin/env python3
"""Fits the calibrated parameters of scenarios/base.json to the national targets (README
"Validation"), reproducibly. The simulation runs with a fixed seed, so common random numbers make
the fit deterministic.

1. Employment and Danish (scenarios/base.json, 2015 cohort): the waiting -> job hazard, job loss,
   the women's job-entry multiplier, Danish dropout, the Danish-test effect on job entry and the
   waiting -> løntilskud hazard minimise the sum of squared misses, each in units of its tolerance, over the seven targets
   (wage employment at 36 months, all/men/women; ordinary employment at 60 months,
   all/men/women; a Danish test within 5 years). Nelder-Mead in the log of the parameters, each
   kept inside its low-high range in base.json.
2. IGU starts (scenarios/denmark.json): the waiting -> IGU hazard by the secant method on the
   national starts July 2016 - February 2019 (1,890).
The praktik -> job and løntilskud -> job hazards are derived from waiting -> job (x 1.0 and x 1.2,
evidence.md §1): base.json says so ("follows"), so the model ties them in every run.
3. The IGU breakdown hazard has a closed form: 30 % ending early within 24 months gives
   -ln(1 - 0.30) / 24 = 0.0149 per month (tests/test_calibration.cpp checks the simulated share).

Usage: scripts/calibrate.py [--kohorte build/kohorte] [--replicates 400] [--evaluations 120] [--check]
Prints each evaluation, then the fitted values and a merge patch for base.json; the values in
base.json are this script's output, rounded to 3 significant digits (--check: exit 1 unless they
are). The fit starts from fixed values (START), so it depends on the model only. Takes about
two minutes.
"""
import argparse, csv, json, math, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BASE = os.path.join(ROOT, "scenarios", "base.json")
DENMARK = os.path.join(ROOT, "scenarios", "denmark.json")


def cohort(results, sex, months, outcome, year="2015"):
    for r in csv.DictReader(open(os.path.join(results, "cohorts.csv"))):
        if (r["arrival_year"], r["sex"], r["months_after_arrival"], r["outcome"]) == (year, sex, str(months), outcome):
            return float(r["mean"])
    raise SystemExit(f"calibrate: {results}/cohorts.csv has no row {year},{sex},{months},{outcome}")


def igu_starts(results, first="2016-07", last="2019-02"):
    return sum(float(r["mean"]) for r in csv.DictReader(open(os.path.join(results, "monthly.csv")))
               if r["measure"] == "starts_igu" and first <= r["month"] <= last)


# Employment and Danish targets: (what, sex, months, outcome, target, tolerance)
TARGETS = [
    ("wage employment at 36 months, all", "all", 36, "wage_employment", 0.415, 0.035),
    ("wage employment at 36 months, men", "male", 36, "wage_employment", 0.49, 0.05),
    ("wage employment at 36 months, women", "female", 36, "wage_employment", 0.16, 0.07),
    ("ordinary employment at 60 months, all", "all", 60, "ordinary_employment", 0.42, 0.05),
    ("ordinary employment at 60 months, men", "male", 60, "ordinary_employment", 0.56, 0.05),
    ("ordinary employment at 60 months, women", "female", 60, "ordinary_employment", 0.20, 0.05),
    ("a Danish test passed within 5 years", "all", 60, "danish_test_passed", 0.72, 0.05),
]
# The parameters fitted to them, by JSON path in base.json.
PARAMETERS = [
    ["pathway", "hazards_per_month", "waiting", "job"],
    ["pathway", "hazards_per_month", "job", "waiting"],
    ["pathway", "effects", "female", "job_entry"],
    ["danish", "dropout_per_month"],
    ["pathway", "effects", "danish_passed", "job_entry"],
    ["pathway", "hazards_per_month", "waiting", "loentilskud"],
]
# Hazards derived from a fitted one, which follow it in every run and in the result (evidence.md
# §1: private praktik while in it m = 1.0, private løntilskud m = 1.2, times waiting -> job).
IGU = ["pathway", "hazards_per_month", "waiting", "igu"]
IGU_TARGET = 1890
# Where the fit starts (the values of the fit before this one). Fixed here, not read from
# base.json, so that the fit is a function of the model alone and base.json can hold its result
# (--check compares them).
START = [0.02, 0.003, 0.213, 0.00998, 1.6, 0.01]
IGU_START = 0.02


def strip_comments(text):
    """base.json allows // comments (outside strings); drop them for Python's json."""
    out, in_string, i = [], False, 0
    while i < len(text):
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\":
                out.append(text[i + 1]); i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True; out.append(c)
        elif text.startswith("//", i):
            while i < len(text) and text[i] != "\n":
                i += 1
            continue
        else:
            out.append(c)
        i += 1
    return "".join(out)


def labelled(node):
    return node if isinstance(node, dict) else {"value": node}


def lookup(doc, path):
    for k in path:
        doc = doc[k]
    return labelled(doc)


def patch_for(paths, values):
    patch = {}
    for path, v in zip(paths, values):
        node = patch
        for k in path[:-1]:
            node = node.setdefault(k, {})
        node[path[-1]] = {"value": v}
    return patch


def run(args, work, scenario, paths, values, replicates=None):
    doc = patch_for(paths, values)
    doc["extends"] = scenario
    if replicates:
        doc["simulation"] = {"replicates": replicates}
    path = os.path.join(work, "scenario.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    out = os.path.join(work, "out")
    subprocess.run([args.kohorte, "run", path, "--out", out, "--quiet"], check=True)
    return out


def nelder_mead(f, x0, step, evaluations):
    """Minimises f from x0 (deterministic; enough for a handful of smooth parameters)."""
    pts = [list(x0)] + [[x + (step if j == i else 0) for j, x in enumerate(x0)] for i in range(len(x0))]
    vals = [f(p) for p in pts]
    used = len(pts)
    while used < evaluations:
        order = sorted(range(len(pts)), key=lambda k: vals[k])
        pts, vals = [pts[k] for k in order], [vals[k] for k in order]
        if vals[-1] - vals[0] < 1e-3:
            break
        centre = [sum(p[j] for p in pts[:-1]) / (len(pts) - 1) for j in range(len(x0))]
        def towards(t):
            return [c + t * (w - c) for c, w in zip(centre, pts[-1])]
        r = towards(-1.0); fr = f(r); used += 1
        if fr < vals[0]:
            e = towards(-2.0); fe = f(e); used += 1
            pts[-1], vals[-1] = (e, fe) if fe < fr else (r, fr)
        elif fr < vals[-2]:
            pts[-1], vals[-1] = r, fr
        else:
            c = towards(0.5); fc = f(c); used += 1
            if fc < vals[-1]:
                pts[-1], vals[-1] = c, fc
            else:  # shrink towards the best
                for k in range(1, len(pts)):
                    pts[k] = [b + 0.5 * (x - b) for b, x in zip(pts[0], pts[k])]
                    vals[k] = f(pts[k]); used += 1
    best = min(range(len(pts)), key=lambda k: vals[k])
    return pts[best], vals[best]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kohorte", default=os.path.join(ROOT, "build", "kohorte"))
    ap.add_argument("--replicates", type=int, default=400, help="replicates of base.json per evaluation")
    ap.add_argument("--evaluations", type=int, default=120, help="most runs of base.json for step 1")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 unless the fitted values are the ones in base.json")
    args = ap.parse_args()
    base = json.loads(strip_comments(open(BASE).read()))
    start = START
    ranges = [(lookup(base, p).get("low", 0.5 * v), lookup(base, p).get("high", 2 * v)) for p, v in zip(PARAMETERS, start)]

    def values_of(logs):  # log-parameters -> values inside the ranges
        return [min(hi, max(lo, math.exp(z))) for z, (lo, hi) in zip(logs, ranges)]

    with tempfile.TemporaryDirectory() as work:
        def loss(logs):
            values = values_of(logs)
            out = run(args, work, BASE, PARAMETERS, values, args.replicates)
            misses = [(cohort(out, sex, months, outcome) - target) / tol for _, sex, months, outcome, target, tol in TARGETS]
            total = sum(m * m for m in misses)
            print("  " + " ".join(f"{v:.5g}" for v in values) + f"  -> {total:.4f}  (" +
                  " ".join(f"{m:+.2f}" for m in misses) + ")", flush=True)
            return total

        print("1. employment and Danish: parameters " + ", ".join("/" + "/".join(p) for p in PARAMETERS))
        best, value = nelder_mead(loss, [math.log(v) for v in start], 0.1, args.evaluations)
        fitted = [float(f"{v:.3g}") for v in values_of(best)]
        print(f"   best: {fitted}, sum of squared misses {value:.4f} (in tolerances)")

        print("2. IGU starts: /" + "/".join(IGU))
        lo, hi = lookup(base, IGU).get("low", 0), lookup(base, IGU).get("high", 1)
        def starts(x):
            y = igu_starts(run(args, work, DENMARK, PARAMETERS + [IGU], fitted + [x]))
            print(f"  {x:.5f} -> {y:.0f} (target {IGU_TARGET})", flush=True)
            return y - IGU_TARGET
        x0 = IGU_START; x1 = x0 * 1.1 if x0 * 1.1 <= hi else x0 / 1.1  # the second point inside the range
        f0, f1 = starts(x0), starts(x1)
        for _ in range(6):
            if abs(f1) <= 0.01 * IGU_TARGET or f1 == f0:
                break
            x2 = min(hi, max(lo, x1 - f1 * (x1 - x0) / (f1 - f0)))
            if x2 == x1:
                break  # at the end of the range
            x0, f0, x1, f1 = x1, f1, x2, starts(x2)
        igu = float(f"{(x1 if abs(f1) <= abs(f0) else x0):.3g}")

    paths, values = PARAMETERS + [IGU], fitted + [igu]
    print("\nFitted values (scenarios/base.json):")
    for path, v in zip(paths, values):
        print(f"  /{'/'.join(path)}: {v}")
    print("\nAs a merge patch:\n" + json.dumps(patch_for(paths, values), indent=2))
    if args.check:
        shipped = [lookup(base, p)["value"] for p in paths]
        differ = [f"/{'/'.join(p)}: base.json {a}, fitted {b}" for p, a, b in zip(paths, shipped, values) if a != b]
        if differ:
            print("\ncalibrate: base.json does not hold the fitted values:\n  " + "\n  ".join(differ), file=sys.stderr)
            return 1
        print("\nbase.json holds the fitted values.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
