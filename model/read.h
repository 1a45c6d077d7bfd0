// Helpers for turning validated scenario JSON into typed parameters. Readers throw
// ScenarioError with the JSON pointer of the offending value; the loader adds the file name.
#pragma once
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "calendar.h"
#include "spec.h"

namespace kohorte {

struct ScenarioError : std::runtime_error {
    std::string pointer;
    ScenarioError(std::string ptr, const std::string& message)
        : std::runtime_error(message), pointer(std::move(ptr)) {}
};

// A value per calendar year. A year not listed takes the latest earlier year listed; before the
// first listed year it takes `before_first` (0 for counts such as quotas, 1 for multipliers,
// infinity for capacities, i.e. unlimited).
struct YearSeries {
    std::map<int, double> values;
    double before_first = 0.0;
    bool carry_forward = true;  // false: a year not listed is `before_first` (used for quotas)
    double at(int year) const {
        // Dense lookup for the years the model runs in (read_year_series fills it).
        const int i = year - kDenseFirstYear;
        if (i >= 0 && i < int(dense.size())) return dense[i];
        return lookup(year);
    }
    double lookup(int year) const;
    void densify();

    static constexpr int kDenseFirstYear = 1900;
    std::vector<double> dense;  // years 1900..2200
};
YearSeries read_year_series(const spec::json& j, double before_first, bool carry_forward = true);

// Age bands written "18-29": inclusive ages.
struct AgeBand {
    int low = 18, high = 64;
    bool contains(int age) const { return age >= low && age <= high; }
};
AgeBand parse_age_band(const std::string& key, const std::string& pointer);

// A discrete distribution from a shares object or array, in key order.
struct Shares {
    std::vector<std::string> keys;
    std::vector<double> weights;
    std::vector<double> cumulative;  // of the weights over their total, in key order (read_shares)
    // The index chosen by a uniform u in [0,1) (inverse CDF in key order).
    std::size_t pick(double u) const;
};
Shares read_shares(const spec::json& j);

inline double num(const spec::json& j, const char* key) { return spec::value_of(j.at(key)); }
inline int integer(const spec::json& j, const char* key) { return j.at(key).get<int>(); }
Month month_at(const spec::json& j, const char* key);

}  // namespace kohorte
