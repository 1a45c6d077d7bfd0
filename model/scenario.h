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

    const PolicyParams& policy_at(Month m) const;
    int months() const { return simulation.end - simulation.start + 1; }
};

spec::NodePtr scenario_spec();

// Reads, resolves and validates a scenario file. Throws InputError.
Scenario load_scenario(const std::string& path);
// Resolves `extends` and returns the merged JSON (with defaults), without reading parameters.
spec::json resolve_scenario_json(const std::string& path);
// Builds a scenario from already resolved JSON (e.g. after a sweep changed one value).
// `origin` names the source in error messages.
Scenario scenario_from_json(const spec::json& resolved, const std::string& origin);

// Reads an initial caseload CSV (see README). Throws InputError naming the line.
std::vector<Person> read_caseload(const std::string& path, const Scenario& scenario);

}  // namespace kohorte
