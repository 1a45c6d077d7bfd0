// Comparing scenarios: key indicators per replicate, paired differences (common random
// numbers), sweeps over parameters and one-at-a-time sensitivity. Every run here uses the same
// seed and replicates, so differences are paired replicate by replicate.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine.h"
#include "summary.h"

namespace kohorte {

// One key indicator: a yearly measure (calendar year) or a cohort share (arrival year).
struct Indicator {
    std::string name;  // e.g. persons_job, starts_igu, cohort_wage_employment_36m
    int year = 0;
    std::string unit;  // persons, persons/year, share
};

struct IndicatorTable {
    std::vector<Indicator> rows;
    std::vector<std::vector<double>> values;  // [row][replicate]; NaN where undefined
    // The row of (name, year), or -1.
    int find(const std::string& name, int year) const;
};

// Yearly: persons in each activity and in wage employment / job or education (mean over the
// year's reported months), queues (mean), starts, Danish passes and arrivals (sums). Cohorts:
// every cohort outcome at every horizon, both sexes together.
IndicatorTable indicators(const Results& r);

// The indicators that indicators() gives for a run of `s`, by name, with the years they can
// have (calendar years; for cohort indicators the arrival years whose horizon ends by the end).
struct IndicatorYears {
    std::string name;
    int first_year = 0, last_year = 0;
};
std::vector<IndicatorYears> available_indicators(const Scenario& s);
// Throws InputError (before anything runs) unless every (NAME, YEAR) names an indicator of `s`
// in a year it has: the message lists the names, or gives the years.
void check_outcomes(const Scenario& s, const std::vector<std::pair<std::string, int>>& outcomes);

// Statistics of a paired difference.
struct Difference {
    double base_mean = 0, alt_mean = 0;
    double mean = 0, p05 = 0, p95 = 0;  // replicate-wise alt - base: mean and 90 % interval
    double mcse = 0;
    double unpaired_p05 = 0, unpaired_p95 = 0;  // the same with replicates paired at random
    bool identical = false;  // the difference is exactly 0 in every replicate (e.g. a lever before it starts)
};
Difference difference(const std::vector<double>& base, const std::vector<double>& alt);

// comparison.csv and its JSON: one row per indicator, year and alternative.
struct Comparison {
    std::string base_name;
    std::vector<std::string> alt_names;
    IndicatorTable base;
    std::vector<IndicatorTable> alts;
};
std::string comparison_csv(const Comparison& c);
nlohmann::json comparison_json(const Comparison& c);

// A sweep dimension: a JSON pointer into the scenario and the values it takes.
struct SweepAxis {
    std::string pointer;
    std::vector<double> values;
};
// Parses "PATH=FROM:TO:STEP" or "PATH=a,b,c". Throws InputError.
SweepAxis parse_sweep_axis(const std::string& text);
// Sets a number in resolved scenario JSON (the `value` of a labelled value), creating the key
// if it is missing. Throws InputError if the pointer goes through something that is not an object.
void set_number(nlohmann::json& resolved, const std::string& pointer, double value);

struct SweepPoint {
    std::vector<double> values;  // one per axis
    IndicatorTable table;
};
struct Sweep {
    std::vector<SweepAxis> axes;
    std::vector<SweepPoint> points;
};
// A value outside a labelled value's low–high range is set all the same, and the range dropped at
// that point (a sweep explores; the range is the source's uncertainty). One note per such --vary,
// to show before the runs: "--vary /p: 1.8 lies outside the labelled value's range 1.25 to 1.6; ...".
std::vector<std::string> sweep_notes(const nlohmann::json& resolved, const std::vector<SweepAxis>& axes);
// Runs every point of the grid (each with all replicates, in parallel over replicates).
Sweep run_sweep(const nlohmann::json& resolved, const std::string& origin, const std::vector<SweepAxis>& axes,
                const RunOptions& options);
std::string sweep_csv(const Sweep& s);
nlohmann::json sweep_json(const Sweep& s);

// One-at-a-time sensitivity over every labelled value with a `low`/`high` range.
struct SensitivityRow {
    std::string pointer;
    double low = 0, value = 0, high = 0;
    std::string outcome;
    int year = 0;
    double at_low = 0, at_value = 0, at_high = 0;  // outcome means
    double swing = 0;                              // at_high - at_low
};
struct Sensitivity {
    std::vector<SensitivityRow> rows;  // ranked by |swing| of the first outcome, descending
};
// Every labelled value with a range, as (pointer, low, value, high).
struct RangedParameter {
    std::string pointer;
    double low, value, high;
};
std::vector<RangedParameter> ranged_parameters(const nlohmann::json& resolved);
Sensitivity run_sensitivity(const nlohmann::json& resolved, const std::string& origin,
                            const std::vector<std::pair<std::string, int>>& outcomes, const RunOptions& options);
std::string sensitivity_csv(const Sensitivity& s);
nlohmann::json sensitivity_json(const Sensitivity& s);

// The default outcomes of sensitivity: the wage-employment share at 36 months of the first
// cohort with such data, and persons in ordinary jobs in the last reported year.
std::vector<std::pair<std::string, int>> default_sensitivity_outcomes(const Results& r);

}  // namespace kohorte
