#include "read.h"

#include <cmath>
#include <cstdio>
#include <iterator>
#include <limits>

namespace kohorte {

double YearSeries::lookup(int year) const {
    if (!carry_forward) {
        auto it = values.find(year);
        return it == values.end() ? before_first : it->second;
    }
    auto it = values.upper_bound(year);
    if (it == values.begin()) return before_first;
    return std::prev(it)->second;
}

YearSeries read_year_series(const spec::json& j, double before_first, bool carry_forward) {
    YearSeries s;
    s.before_first = before_first;
    s.carry_forward = carry_forward;
    for (auto& [k, v] : j.items()) s.values[std::stoi(k)] = spec::value_of(v);
    s.densify();
    return s;
}

void YearSeries::densify() {
    dense.resize(301);
    for (int i = 0; i < 301; ++i) dense[i] = lookup(kDenseFirstYear + i);
}

AgeBand parse_age_band(const std::string& key, const std::string& pointer) {
    AgeBand b;
    int consumed = 0;
    if (std::sscanf(key.c_str(), "%d-%d%n", &b.low, &b.high, &consumed) != 2 ||
        consumed != static_cast<int>(key.size()) || b.low < 18 || b.high > 64 || b.low > b.high)
        throw ScenarioError(pointer, "expected an age band \"LOW-HIGH\" within 18-64 as key, got \"" + key + "\"");
    return b;
}

std::size_t Shares::pick(double u) const {
    for (std::size_t i = 0; i < cumulative.size(); ++i)
        if (u < cumulative[i]) return i;
    // u is within rounding of 1: the last key with positive weight.
    for (std::size_t i = weights.size(); i-- > 0;)
        if (weights[i] > 0) return i;
    return 0;
}

Shares read_shares(const spec::json& j) {
    Shares s;
    if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i) {
            s.keys.push_back(std::to_string(i));
            s.weights.push_back(spec::value_of(j[i]));
        }
    } else {
        for (auto& [k, v] : j.items()) {
            s.keys.push_back(k);
            s.weights.push_back(spec::value_of(v));
        }
    }
    double total = 0;
    for (double w : s.weights) total += w;
    double acc = 0;
    for (double w : s.weights) s.cumulative.push_back(acc += w / total);
    return s;
}

Month month_at(const spec::json& j, const char* key) { return *parse_month(j.at(key).get<std::string>()); }

}  // namespace kohorte
