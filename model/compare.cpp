#include "compare.h"
#include "output.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <sstream>

#include "ledger.h"
#include "scenario.h"
#include "tables.h"

namespace kohorte {

using nlohmann::json;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string num(double x, int decimals = 4) { return format_number(x, decimals); }

double round4(double x) { return std::isnan(x) ? x : std::round(x * 1e4) / 1e4; }
json jnum(double x) { return std::isnan(x) ? json(nullptr) : json(round4(x)); }

std::vector<double> finite(const std::vector<double>& v) {
    std::vector<double> out;
    for (double x : v)
        if (!std::isnan(x)) out.push_back(x);
    return out;
}

double mean_of(const std::vector<double>& v) {
    auto f = finite(v);
    if (f.empty()) return kNaN;
    double s = 0;
    for (double x : f) s += x;
    return s / double(f.size());
}

}  // namespace

int IndicatorTable::find(const std::string& name, int year) const {
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (rows[i].name == name && rows[i].year == year) return int(i);
    return -1;
}

IndicatorTable indicators(const Results& r) {
    IndicatorTable t;
    const auto& sim = r.scenario->simulation;
    const auto& shape = r.shape;
    const std::size_t n = r.replicates.size();
    const int first_month = sim.report_from - sim.start;

    struct Yearly {
        std::string name, unit;
        std::vector<int> measures;
        bool sum;  // flows are summed over the year, stocks averaged
    };
    std::vector<Yearly> yearly;
    for (int a = 0; a < kLivingActivities; ++a) yearly.push_back({std::string("persons_") + kActivityNames[a], "persons", {a}, false});
    yearly.push_back({"persons_wage_employment", "persons",
                      {int(Activity::job), int(Activity::igu), int(Activity::loentilskud)}, false});
    yearly.push_back({"persons_job_or_education", "persons", {int(Activity::job), int(Activity::education)}, false});
    for (int q = int(Measure::queue_praktik); q <= int(Measure::queue_igu); ++q)
        yearly.push_back({measure_label(q).name, "persons", {q}, false});
    for (int q = int(Measure::starts_praktik); q <= int(Measure::starts_job); ++q)
        yearly.push_back({measure_label(q).name, "persons/year", {q}, true});
    yearly.push_back({"danish_passes", "persons/year", {int(Measure::danish_passes)}, true});
    yearly.push_back({"arrivals", "persons/year", {int(Measure::arrivals)}, true});

    for (const auto& y : yearly)
        for (int year = sim.report_from.year(); year <= sim.end.year(); ++year) {
            std::vector<double> v(n, 0.0);
            int months = 0;
            for (int m = first_month; m < shape.months; ++m) {
                if ((sim.start + m).year() != year) continue;
                ++months;
                for (std::size_t i = 0; i < n; ++i)
                    for (int k : y.measures) v[i] += r.replicates[i].monthly[shape.monthly_index(m, k)];
            }
            if (months == 0) continue;
            if (!y.sum)
                for (auto& x : v) x /= months;
            t.rows.push_back({y.name, year, y.unit});
            t.values.push_back(std::move(v));
        }

    // Every budget line by calendar year (kr), when the scenario has a budget.
    if (shape.budget)
        for (int l = 0; l < kLineCount; ++l)
            for (int year = sim.report_from.year(); year <= sim.end.year(); ++year) {
                const int y = year - shape.budget_first_year;
                std::vector<double> v(n, 0.0);
                for (std::size_t i = 0; i < n; ++i) {
                    const auto& rep = r.replicates[i];
                    if (l == int(Line::net_municipal_result))
                        for (int k = 0; k < l; ++k) v[i] += line_label(k).sign * rep.budget_amount[shape.budget_index(y, k)];
                    else
                        v[i] = rep.budget_amount[shape.budget_index(y, l)];
                }
                t.rows.push_back({std::string("budget_") + line_label(l).name, year, "kr"});
                t.values.push_back(std::move(v));
            }

    for (int o = 0; o < kOutcomeCount; ++o)
        for (std::size_t h = 0; h < shape.horizons.size(); ++h)
            for (int c = 0; c < shape.cohorts; ++c) {
                const std::size_t cell = shape.cohort_index(c, 0, int(h));
                std::vector<double> v(n);
                bool any = false;
                for (std::size_t i = 0; i < n; ++i) {
                    const double den = r.replicates[i].cohort_den[cell];
                    v[i] = den > 0 ? r.replicates[i].cohort_num[cell * kOutcomeCount + o] / den : kNaN;
                    any = any || den > 0;
                }
                if (!any) continue;
                t.rows.push_back({std::string("cohort_") + outcome_label(o).name + "_" +
                                      std::to_string(shape.horizons[h]) + "m",
                                  shape.first_cohort + c, "share"});
                t.values.push_back(std::move(v));
            }
    return t;
}

std::vector<IndicatorYears> available_indicators(const Scenario& s) {
    // The same names, in the same order, as indicators() (a test checks the two agree).
    std::vector<IndicatorYears> out;
    const int first = s.simulation.report_from.year(), last = s.simulation.end.year();
    for (int a = 0; a < kLivingActivities; ++a) out.push_back({std::string("persons_") + kActivityNames[a], first, last});
    out.push_back({"persons_wage_employment", first, last});
    out.push_back({"persons_job_or_education", first, last});
    for (int q = int(Measure::queue_praktik); q <= int(Measure::queue_igu); ++q) out.push_back({measure_label(q).name, first, last});
    for (int q = int(Measure::starts_praktik); q <= int(Measure::starts_job); ++q) out.push_back({measure_label(q).name, first, last});
    out.push_back({"danish_passes", first, last});
    out.push_back({"arrivals", first, last});
    if (s.budget)
        for (int l = 0; l < kLineCount; ++l) out.push_back({std::string("budget_") + line_label(l).name, first, last});
    for (int o = 0; o < kOutcomeCount; ++o)
        for (int h : s.outputs.cohort_horizons_months) {
            // A cohort's horizon is reached by its January arrivals first.
            const int latest = (s.simulation.end - h).year();
            out.push_back({std::string("cohort_") + outcome_label(o).name + "_" + std::to_string(h) + "m",
                           s.simulation.start.year(), std::min(latest, last)});
        }
    return out;
}

void check_outcomes(const Scenario& s, const std::vector<std::pair<std::string, int>>& outcomes) {
    const auto available = available_indicators(s);
    std::vector<std::string> names, problems;
    for (auto& a : available) names.push_back(a.name);
    for (auto& [name, year] : outcomes) {
        const std::string what = "--outcome " + name + ":" + std::to_string(year) + ": ";
        auto it = std::find_if(available.begin(), available.end(), [&](auto& a) { return a.name == name; });
        if (it == available.end()) {
            const std::string near = spec::nearest(name, names);
            std::string all;
            for (auto& n : names) all += (all.empty() ? "" : ", ") + n;
            problems.push_back(what + (name.empty() ? "no indicator name before the year" : "unknown indicator \"" + name + "\"") +
                               (near.empty() ? "" : " (did you mean \"" + near + "\"?)") + "; expected NAME:YEAR with one of " + all);
        } else if (it->first_year > it->last_year) {
            problems.push_back(what + name + " has no year in this scenario (the horizon lies beyond its end " +
                               format_month(s.simulation.end) + ")");
        } else if (year < it->first_year || year > it->last_year) {
            problems.push_back(what + name + " exists for the " +
                               (name.rfind("cohort_", 0) == 0 ? "arrival years " : "years ") +
                               std::to_string(it->first_year) + "-" + std::to_string(it->last_year) + ", not " +
                               std::to_string(year));
        }
    }
    if (!problems.empty()) throw InputError(problems);
}

Difference difference(const std::vector<double>& base, const std::vector<double>& alt) {
    Difference d;
    d.base_mean = mean_of(base);
    d.alt_mean = mean_of(alt);
    std::vector<double> paired, unpaired;
    const std::size_t n = std::min(base.size(), alt.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isnan(base[i]) && !std::isnan(alt[i])) paired.push_back(alt[i] - base[i]);
        // Replicate i of one scenario against replicate i+1 of the other: independent streams,
        // i.e. what two separately seeded runs would give.
        const std::size_t j = (i + 1) % n;
        if (!std::isnan(base[j]) && !std::isnan(alt[i])) unpaired.push_back(alt[i] - base[j]);
    }
    if (paired.empty()) {
        d.mean = d.p05 = d.p95 = d.mcse = d.unpaired_p05 = d.unpaired_p95 = kNaN;
        return d;
    }
    d.identical = std::all_of(paired.begin(), paired.end(), [](double x) { return x == 0.0; });
    const Stats s = summarize(paired);
    d.mean = s.mean;
    d.mcse = s.mcse;
    d.p05 = percentile(paired, 0.05);
    d.p95 = percentile(paired, 0.95);
    d.unpaired_p05 = unpaired.empty() ? kNaN : percentile(unpaired, 0.05);
    d.unpaired_p95 = unpaired.empty() ? kNaN : percentile(unpaired, 0.95);
    return d;
}

namespace {
// Every (alternative, indicator) pair the comparison files list, with its difference.
struct ComparisonRow {
    const Indicator* row;
    const std::string* alternative;
    Difference d;
};
std::vector<ComparisonRow> comparison_rows(const Comparison& c) {
    std::vector<ComparisonRow> out;
    for (std::size_t a = 0; a < c.alts.size(); ++a)
        for (std::size_t i = 0; i < c.base.rows.size(); ++i) {
            const int j = c.alts[a].find(c.base.rows[i].name, c.base.rows[i].year);
            if (j >= 0) out.push_back({&c.base.rows[i], &c.alt_names[a], difference(c.base.values[i], c.alts[a].values[j])});
        }
    return out;
}
}  // namespace

std::string comparison_csv(const Comparison& c) {
    std::string out =
        "indicator,year,unit,base,alternative,base_mean,alt_mean,diff_mean,diff_p05,diff_p95,diff_mcse,"
        "unpaired_p05,unpaired_p95\n";
    for (const auto& [row, alternative, d] : comparison_rows(c))
        out += row->name + "," + std::to_string(row->year) + "," + row->unit + "," + c.base_name + "," + *alternative +
               "," + num(d.base_mean) + "," + num(d.alt_mean) + "," + num(d.mean) + "," + num(d.p05) + "," +
               num(d.p95) + "," + num(d.mcse) + "," + num(d.unpaired_p05) + "," + num(d.unpaired_p95) + "\n";
    return out;
}

json comparison_json(const Comparison& c) {
    json rows = json::array();
    for (const auto& [row, alternative, d] : comparison_rows(c))
        rows.push_back({{"indicator", row->name}, {"year", row->year}, {"unit", row->unit},
                        {"alternative", *alternative}, {"base_mean", jnum(d.base_mean)},
                        {"alt_mean", jnum(d.alt_mean)}, {"diff_mean", jnum(d.mean)}, {"diff_p05", jnum(d.p05)},
                        {"diff_p95", jnum(d.p95)}, {"diff_mcse", jnum(d.mcse)},
                        {"unpaired_p05", jnum(d.unpaired_p05)}, {"unpaired_p95", jnum(d.unpaired_p95)},
                        {"identical", d.identical}});
    return {{"base", c.base_name}, {"alternatives", c.alt_names}, {"rows", rows}};
}

SweepAxis parse_sweep_axis(const std::string& text) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || text[0] != '/')
        throw InputError({"--vary " + text + ": expected /json/pointer=FROM:TO:STEP or /json/pointer=a,b,c"});
    SweepAxis axis;
    axis.pointer = text.substr(0, eq);
    const std::string spec = text.substr(eq + 1);
    auto parse = [&](const std::string& s) {
        try {
            std::size_t used = 0;
            double v = std::stod(s, &used);
            if (used == s.size() && std::isfinite(v)) return v;
        } catch (...) {
        }
        throw InputError({"--vary " + text + ": \"" + s + "\" is not a number"});
    };
    std::vector<std::string> parts;
    const char sep = spec.find(':') != std::string::npos ? ':' : ',';
    std::size_t start = 0;
    for (std::size_t i = 0; i <= spec.size(); ++i)
        if (i == spec.size() || spec[i] == sep) parts.push_back(spec.substr(start, i - start)), start = i + 1;
    if (sep == ':') {
        if (parts.size() != 3) throw InputError({"--vary " + text + ": expected FROM:TO:STEP"});
        const double from = parse(parts[0]), to = parse(parts[1]), step = parse(parts[2]);
        if (step <= 0 || to < from) throw InputError({"--vary " + text + ": need FROM <= TO and STEP > 0"});
        const int count = int(std::floor((to - from) / step + 1e-9)) + 1;
        if (count > 10000) throw InputError({"--vary " + text + ": more than 10000 points"});
        for (int k = 0; k < count; ++k) axis.values.push_back(from + k * step);
    } else {
        for (auto& p : parts) axis.values.push_back(parse(p));
    }
    return axis;
}

void set_number(json& resolved, const std::string& pointer, double value) {
    json* node = &resolved;
    std::size_t pos = 1;
    while (pos <= pointer.size()) {
        std::size_t next = pointer.find('/', pos);
        if (next == std::string::npos) next = pointer.size();
        std::string token = pointer.substr(pos, next - pos);
        for (std::size_t k; (k = token.find("~1")) != std::string::npos;) token.replace(k, 2, "/");
        for (std::size_t k; (k = token.find("~0")) != std::string::npos;) token.replace(k, 2, "~");
        if (node->is_array()) {
            std::size_t used = 0;
            std::size_t index = 0;
            try {
                index = std::stoul(token, &used);
            } catch (...) {
                used = 0;
            }
            if (used != token.size() || index >= node->size())
                throw InputError({pointer + ": \"" + token + "\" is not an index of the array there"});
            node = &(*node)[index];
        } else if (node->is_object() || node->is_null()) {
            node = &(*node)[token];
        } else {
            throw InputError({pointer + ": \"" + token + "\" goes into a value that is not an object"});
        }
        pos = next + 1;
    }
    if (node->is_object() && node->contains("follows")) {  // set here, it no longer follows
        node->erase("follows"), node->erase("times");
        (*node)["value"] = value;
    } else if (node->is_object() && node->contains("value")) (*node)["value"] = value;
    else if (node->is_object() && !node->empty())
        throw InputError({pointer + ": names an object, not a number"});
    else *node = (std::floor(value) == value && std::abs(value) < 1e15) ? json(static_cast<long long>(value)) : json(value);
}

namespace {

// The labelled value at `pointer` if `value` lies outside its low–high range, else nullptr.
const json* outside_range(const json& resolved, const std::string& pointer, double value) {
    try {
        const json::json_pointer p(pointer);
        if (!resolved.contains(p)) return nullptr;
        const json& node = resolved.at(p);
        if (!node.is_object() || !node.contains("value")) return nullptr;
        auto beyond = [&](const char* key, bool low) {
            return node.contains(key) && node[key].is_number() &&
                   (low ? value < node[key].get<double>() : value > node[key].get<double>());
        };
        return beyond("low", true) || beyond("high", false) ? &node : nullptr;
    } catch (const json::exception&) {
        return nullptr;  // not a pointer into the scenario: set_number says why
    }
}

std::string plain_number(double x) {
    std::ostringstream s;
    s << x;
    return s.str();
}

}  // namespace

std::vector<std::string> sweep_notes(const json& resolved, const std::vector<SweepAxis>& axes) {
    std::vector<std::string> notes;
    for (const SweepAxis& a : axes) {
        std::string values;
        const json* node = nullptr;
        int count = 0;
        for (double v : a.values)
            if (const json* n = outside_range(resolved, a.pointer, v)) {
                node = n;
                values += (values.empty() ? "" : ", ") + plain_number(v);
                ++count;
            }
        if (!node) continue;
        auto bound = [&](const char* key) { return node->contains(key) ? plain_number((*node)[key].get<double>()) : "–"; };
        notes.push_back("--vary " + a.pointer + ": " + values + (count == 1 ? " lies" : " lie") +
                        " outside the labelled value's range " + bound("low") + " to " + bound("high") +
                        "; the sweep sets " + (count == 1 ? "it" : "them") + " and drops the range at " +
                        (count == 1 ? "that point" : "those points"));
    }
    return notes;
}

Sweep run_sweep(const json& resolved, const std::string& origin, const std::vector<SweepAxis>& axes,
                const RunOptions& options) {
    // A pointer varied twice would be set twice per point, the last value winning while the
    // point is labelled with both: the grid would claim runs it never made.
    for (std::size_t a = 0; a < axes.size(); ++a)
        for (std::size_t b = 0; b < a; ++b)
            if (axes[a].pointer == axes[b].pointer || axes[a].pointer == axes[b].pointer + "/value" ||
                axes[b].pointer == axes[a].pointer + "/value")
                throw InputError({"--vary " + axes[a].pointer + ": the pointer is varied twice (also by --vary " +
                                  axes[b].pointer + "); give all its values in one --vary, e.g. " + axes[b].pointer +
                                  "=0.1,0.2,0.3"});
    Sweep sweep;
    sweep.axes = axes;
    std::size_t total = 1;
    for (auto& a : axes) total *= a.values.size();
    if (total > 10000) throw InputError({"the sweep grid has more than 10000 points"});
    for (std::size_t k = 0; k < total; ++k) {
        SweepPoint point;
        json j = resolved;
        std::size_t rest = k;
        for (std::size_t a = axes.size(); a-- > 0;) {
            const double v = axes[a].values[rest % axes[a].values.size()];
            rest /= axes[a].values.size();
            point.values.insert(point.values.begin(), v);
        }
        for (std::size_t a = 0; a < axes.size(); ++a) {
            // A sweep explores: a value outside the source's range is set, without the range
            // (which would reject it, and which no longer describes the value).
            if (outside_range(resolved, axes[a].pointer, point.values[a])) {
                json& node = j.at(json::json_pointer(axes[a].pointer));
                node.erase("low");
                node.erase("high");
            }
            set_number(j, axes[a].pointer, point.values[a]);
        }
        const Scenario s = scenario_from_json(j, origin + " (sweep point " + std::to_string(k + 1) + ")");
        point.table = indicators(run(s, options));
        sweep.points.push_back(std::move(point));
    }
    return sweep;
}

std::string sweep_csv(const Sweep& s) {
    std::string out = "point";
    for (auto& a : s.axes) out += "," + a.pointer;
    out += ",indicator,year,unit,mean,p10,p50,p90,mcse\n";
    for (std::size_t k = 0; k < s.points.size(); ++k) {
        const auto& p = s.points[k];
        std::string prefix = std::to_string(k + 1);
        for (double v : p.values) prefix += "," + num(v, 6);
        for (std::size_t i = 0; i < p.table.rows.size(); ++i) {
            const auto& row = p.table.rows[i];
            const Stats st = summarize(finite(p.table.values[i]));
            out += prefix + "," + row.name + "," + std::to_string(row.year) + "," + row.unit + "," + num(st.mean) +
                   "," + num(st.p10) + "," + num(st.p50) + "," + num(st.p90) + "," + num(st.mcse) + "\n";
        }
    }
    return out;
}

json sweep_json(const Sweep& s) {
    json axes = json::array();
    for (auto& a : s.axes) axes.push_back({{"pointer", a.pointer}, {"values", a.values}});
    json points = json::array();
    for (auto& p : s.points) {
        json rows = json::array();
        for (std::size_t i = 0; i < p.table.rows.size(); ++i) {
            const Stats st = summarize(finite(p.table.values[i]));
            rows.push_back({{"indicator", p.table.rows[i].name}, {"year", p.table.rows[i].year},
                            {"mean", jnum(st.mean)}, {"p10", jnum(st.p10)}, {"p90", jnum(st.p90)}});
        }
        points.push_back({{"values", p.values}, {"rows", rows}});
    }
    return {{"axes", axes}, {"points", points}};
}

std::vector<RangedParameter> ranged_parameters(const json& resolved) {
    std::vector<RangedParameter> out;
    std::function<void(const json&, const std::string&)> walk = [&](const json& j, const std::string& ptr) {
        if (j.is_object()) {
            if (j.contains("value") && j["value"].is_number() && j.contains("low") && j.contains("high")) {
                const double lo = j["low"].get<double>(), v = j["value"].get<double>(), hi = j["high"].get<double>();
                if (hi > lo) out.push_back({ptr, lo, v, hi});
                return;
            }
            for (auto& [k, v] : j.items()) walk(v, spec::pointer_append(ptr, k));
        } else if (j.is_array()) {
            for (std::size_t i = 0; i < j.size(); ++i) walk(j[i], ptr + "/" + std::to_string(i));
        }
    };
    walk(resolved, "");
    return out;
}

std::vector<std::pair<std::string, int>> default_sensitivity_outcomes(const Results& r) {
    std::vector<std::pair<std::string, int>> out;
    const IndicatorTable t = indicators(r);
    for (auto& row : t.rows)
        if (row.name == "cohort_wage_employment_36m") {
            out.emplace_back(row.name, row.year);
            break;
        }
    out.emplace_back("persons_job", r.scenario->simulation.end.year());
    return out;
}

Sensitivity run_sensitivity(const json& resolved, const std::string& origin,
                            const std::vector<std::pair<std::string, int>>& outcomes, const RunOptions& options) {
    Sensitivity result;
    // A misspelt outcome or a year outside the run would give empty results after every run.
    check_outcomes(scenario_from_json(resolved, origin), outcomes);
    auto outcome_means = [&](const json& j, const std::string& what) {
        const Scenario s = scenario_from_json(j, origin + " (" + what + ")");
        const IndicatorTable t = indicators(run(s, options));
        std::vector<double> means;
        for (auto& [name, year] : outcomes) {
            const int i = t.find(name, year);
            means.push_back(i < 0 ? kNaN : mean_of(t.values[i]));
        }
        return means;
    };
    const auto at_value = outcome_means(resolved, "as given");
    for (const auto& p : ranged_parameters(resolved)) {
        json lo = resolved, hi = resolved;
        set_number(lo, p.pointer, p.low);
        set_number(hi, p.pointer, p.high);
        const auto at_low = outcome_means(lo, p.pointer + " low");
        const auto at_high = outcome_means(hi, p.pointer + " high");
        for (std::size_t o = 0; o < outcomes.size(); ++o)
            result.rows.push_back({p.pointer, p.low, p.value, p.high, outcomes[o].first, outcomes[o].second, at_low[o],
                                   at_value[o], at_high[o], at_high[o] - at_low[o]});
    }
    // Rank parameters by the swing of the first outcome (stable: ties keep scenario order).
    std::vector<std::string> order;
    std::vector<std::pair<double, std::string>> swings;
    for (auto& row : result.rows)
        if (row.outcome == outcomes.front().first && row.year == outcomes.front().second)
            swings.emplace_back(std::isnan(row.swing) ? -1.0 : std::abs(row.swing), row.pointer);
    std::stable_sort(swings.begin(), swings.end(), [](auto& a, auto& b) { return a.first > b.first; });
    std::vector<SensitivityRow> ranked;
    for (auto& [swing, pointer] : swings)
        for (auto& row : result.rows)
            if (row.pointer == pointer) ranked.push_back(row);
    result.rows = std::move(ranked);
    return result;
}

std::string sensitivity_csv(const Sensitivity& s) {
    std::string out = "rank,parameter,low,value,high,outcome,year,at_low,at_value,at_high,swing\n";
    int rank = 0;
    std::string last;
    for (auto& r : s.rows) {
        if (r.pointer != last) ++rank, last = r.pointer;
        out += std::to_string(rank) + "," + r.pointer + "," + num(r.low, 6) + "," + num(r.value, 6) + "," +
               num(r.high, 6) + "," + r.outcome + "," + std::to_string(r.year) + "," + num(r.at_low) + "," +
               num(r.at_value) + "," + num(r.at_high) + "," + num(r.swing) + "\n";
    }
    return out;
}

json sensitivity_json(const Sensitivity& s) {
    json rows = json::array();
    for (auto& r : s.rows)
        rows.push_back({{"parameter", r.pointer}, {"low", r.low}, {"value", r.value}, {"high", r.high},
                        {"outcome", r.outcome}, {"year", r.year}, {"at_low", jnum(r.at_low)},
                        {"at_value", jnum(r.at_value)}, {"at_high", jnum(r.at_high)}, {"swing", jnum(r.swing)}});
    return {{"rows", rows}};
}

}  // namespace kohorte
