// A scenario: JSON with comments, `extends` chains, strict validation. Errors name the file, the
// JSON pointer and what was expected.
#pragma once
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "arrivals.h"
#include "capacity.h"
#include "danish.h"
#include "demography.h"
#include "ledger.h"
#include "pathway.h"
#include "policy.h"
#include "reception.h"
#include "spec.h"

namespace kohorte {

// Bad input: every problem found, each "file: /pointer: message" (or "file:LINE: message").
struct InputError : std::runtime_error {
    std::vector<std::string> problems;
    explicit InputError(std::vector<std::string> list);
};

struct SimulationSettings {
    Month start, end, report_from;
    std::uint64_t seed = 1;
    int replicates = 100;
    int threads = 0;  // 0: all cores
    bool parameter_uncertainty = false;  // probabilistic mode (uncertainty.h)
};

struct OutputSettings {
    std::vector<int> cohort_horizons_months;
    int self_supporting_hours = 20;  // a job of at least this many hours/week counts as off benefits
};

// A row of the initial caseload: a person already in the programme at the start.
struct CaseloadRow {
    int line = 0;
    Person person;
};

struct Scenario {
    std::string name, description, file;
    SimulationSettings simulation;
    ArrivalParams arrivals;
    ReceptionParams reception;
    DanishParams danish;
    PathwayParams pathway;
    DemographyParams demography;
    CapacityParams capacity;
    std::vector<std::pair<Month, PolicyParams>> policy;  // in force from each month; first from start
    std::vector<Person> caseload;
    std::optional<BudgetParams> budget;  // the budget forecast, if the scenario has `budget`
    OutputSettings outputs;
    spec::json resolved;  // the scenario with `extends` resolved and defaults filled in
    // Problems that do not stop a run, "file: /pointer: message" (e.g. quota years after the end
    // inherited by a shortened scenario); the program prints each after "warning: ".
    std::vector<std::string> warnings;

    const PolicyParams& policy_at(Month m) const;
    int months() const { return simulation.end - simulation.start + 1; }
};

spec::NodePtr scenario_spec();

// Reads, resolves and validates a scenario file. Throws InputError.
Scenario load_scenario(const std::string& path);
// Resolves `extends` and returns the merged JSON (with defaults), without reading parameters.
spec::json resolve_scenario_json(const std::string& path);
// Every file a scenario reads: the file, those it extends, its initial caseload, its rule files
// and the rule files they extend (so that results are never written over one of them). Throws
// InputError as load_scenario does.
std::vector<std::string> scenario_files(const std::string& path);
// Builds a scenario from already resolved JSON (e.g. after a sweep changed one value).
// `origin` names the source in error messages.
Scenario scenario_from_json(const spec::json& resolved, const std::string& origin);

// Parses the JSON text of the file `name` (comments allowed), stricter than nlohmann's defaults:
// a key given twice in an object (nlohmann keeps the last silently) and a number too large for a
// double are errors, e.g. "name: /simulation/seed: duplicate key" or "name:3:12: ...".
// Throws InputError.
spec::json parse_json_text(const std::string& text, const std::string& name);
// The bytes of an input file; InputError "path: is a folder, expected WHAT" or "path: cannot
// open the file". `what` reads like "a scenario file (.json)".
std::string read_input_file(const std::string& path, const std::string& what);
// The JSON of an input file (read_input_file, then parse_json_text).
spec::json read_json_file(const std::string& path, const std::string& what);

// `kohorte check` of one file: a rule file (it has "in_force_from"), a scenario, or the JSON
// Schema of scenario files (top-level "$schema" naming json-schema.org: skipped, since the
// README's `check scenarios/*.json` includes scenarios/schema.json). Returns what to print after
// "FILE: " ("ok" or the reason it was skipped), and a scenario's warnings in `warnings`.
// Throws InputError.
std::string check_file(const std::string& path, std::vector<std::string>* warnings = nullptr);

// Reads an initial caseload CSV (see README). Throws InputError naming the line.
std::vector<Person> read_caseload(const std::string& path, const Scenario& scenario);

}  // namespace kohorte
