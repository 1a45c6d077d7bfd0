#!/usr/bin/env python3
"""Prints the calibration targets of the README's Validation section next to a run's cohorts.csv.
Usage: scripts/calibration-report.py RESULTS_DIR [ARRIVAL_YEAR]"""
import csv, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from calibrate import TARGETS  # the fitted targets: one list for the fit and this report

results = sys.argv[1]
year = sys.argv[2] if len(sys.argv) > 2 else "2015"
rows = {(r["arrival_year"], r["sex"], r["months_after_arrival"], r["outcome"]): r
        for r in csv.DictReader(open(f"{results}/cohorts.csv"))}
targets = [(name, sex, str(months), outcome, target - tol, target + tol)
           for name, sex, months, outcome, target, tol in TARGETS] + [
    ("Danish test passed within 3 years (57 % in 2013)", "all", "36", "danish_test_passed", None, None),
    ("wage employment at 12 months (far below 36 m)", "all", "12", "wage_employment", None, None),
]
print(f"{'target':52} {'simulated':>9} {'P10-P90':>13}  tolerance")
for name, sex, months, outcome, lo, hi in targets:
    r = rows.get((year, sex, months, outcome))
    if r is None:
        print(f"{name:52} {'n/a':>9}")
        continue
    mean = float(r["mean"])
    ok = "" if lo is None else ("ok" if lo <= mean <= hi else "OUTSIDE")
    tol = "" if lo is None else f"{lo:.2f}-{hi:.2f} {ok}"
    print(f"{name:52} {mean:9.3f} {float(r['p10']):6.3f}-{float(r['p90']):.3f}  {tol}")
