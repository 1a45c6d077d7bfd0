// kohorte: a monthly microsimulation of refugee integration in a Danish municipality.
//
// The public API in three calls (see README for the scenario format and the outputs):
//
//   kohorte::Scenario s = kohorte::load_scenario("scenarios/base.json");  // throws InputError
//   kohorte::Results r = kohorte::run(s);                                  // all replicates
//   kohorte::write_results(r, "results/base", "my-program");               // atomic folder
//
// Everything else (processes, tables, the random streams) has its own header in model/.
#pragma once

#include "compare.h"   // indicators(), comparisons, sweeps, sensitivity
#include "engine.h"    // run(), Results, RunOptions
#include "oracle.h"    // expected_value(): the exact expected-value mode
#include "output.h"    // write_results(), monthly_csv(), cohorts_csv(), summary_json()
#include "scenario.h"  // load_scenario(), Scenario, InputError
#include "summary.h"   // summarize(), Stats
