// Budget outputs: budget.csv, budget_by_cohort.csv, budget_explain.json and the one-sentence
// forecast of next year's result grants.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <cstdio>
#include <cstring>

#include "ledger.h"
#include "output.h"
#include "report.h"
#include "summary.h"

namespace kohorte {

using nlohmann::json;

namespace {

std::string num(double x, int decimals) { return format_number(x, decimals); }

constexpr int kNet = int(Line::net_municipal_result);
// The result grants of the forecast sentence: every resultattilskud (the repatriation grant is
// one, rules-and-rates §4.6) and the § 45 b bonus.
constexpr std::array<Line, 5> kResultGrants = {Line::resultattilskud_job, Line::resultattilskud_education,
                                               Line::resultattilskud_danish, Line::repatriation, Line::bonus};

// The amount of a line in one replicate; the net result is derived from the other lines.
double amount(const ReplicateTables& t, const TableShape& s, int year, int line) {
    if (line != kNet) return t.budget_amount[s.budget_index(year, line)];
    double net = 0;
    for (int l = 0; l < kNet; ++l) net += line_label(l).sign * t.budget_amount[s.budget_index(year, l)];
    return net;
}

double cohort_amount(const ReplicateTables& t, const TableShape& s, int cohort, int year, int line) {
    if (line != kNet) return t.budget_cohort_amount[s.budget_cohort_index(cohort, year, line)];
    double net = 0;
    for (int l = 0; l < kNet; ++l) net += line_label(l).sign * t.budget_cohort_amount[s.budget_cohort_index(cohort, year, l)];
    return net;
}

int first_reported_year(const Results& r) { return r.scenario->simulation.report_from.year() - r.shape.budget_first_year; }

std::vector<double> result_grants(const Results& r, int y) {
    std::vector<double> v;
    for (auto& rep : r.replicates) {
        double sum = 0;
        for (Line l : kResultGrants) sum += amount(rep, r.shape, y, int(l));
        v.push_back(sum);
    }
    return v;
}

std::string thousands(double kr, char sep) {
    const long long v = std::llround(kr);
    std::string digits = std::to_string(std::llabs(v)), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += sep;
        out += digits[i];
    }
    return (v < 0 ? "-" : "") + out;
}

}  // namespace

// Whether any amount behind a line in a year is marked uncertain or an assumption.
static bool uncertain(const BudgetParams& b, int year, int line) {
    if (line == kNet) {
        for (int l = 0; l < kNet; ++l)
            if (line_label(l).sign != 0 && uncertain(b, year, l)) return true;
        return false;
    }
    for (auto& p : b.periods) {
        const Month until = p.until.value_or(Month::of(2200, 12));
        if (until < Month::of(year, 1) || p.from > Month::of(year, 12)) continue;
        for (auto& [key, a] : line_amounts(p, Line(line)))
            if (a->uncertain && a->value != 0) return true;
    }
    return false;
}

std::string budget_csv(const Results& r) {
    std::string out = "year,line,unit,persons,mean,p10,p50,p90,mcse,uncertain_amounts\n";
    const auto& s = r.shape;
    for (int y = first_reported_year(r); y < s.budget_years; ++y)
        for (int l = 0; l < kLineCount; ++l) {
            std::vector<double> v, n;
            for (auto& rep : r.replicates) {
                v.push_back(amount(rep, s, y, l));
                n.push_back(l == kNet ? 0.0 : rep.budget_count[s.budget_index(y, l)]);
            }
            const Stats st = summarize(v);
            out += std::to_string(s.budget_first_year + y) + "," + line_label(l).name + ",kr," +
                   (l == kNet ? std::string() : num(summarize(n).mean, 2)) + "," + num(st.mean, 0) + "," +
                   num(st.p10, 0) + "," + num(st.p50, 0) + "," + num(st.p90, 0) + "," + num(st.mcse, 0) + "," +
                   (uncertain(*r.scenario->budget, s.budget_first_year + y, l) ? "yes" : "no") + "\n";
        }
    return out;
}

std::string budget_by_cohort_csv(const Results& r) {
    std::string out = "arrival_year,year,line,unit,persons,mean,p10,p50,p90\n";
    const auto& s = r.shape;
    for (int c = 0; c < s.budget_cohorts; ++c)
        for (int y = first_reported_year(r); y < s.budget_years; ++y)
            for (int l = 0; l < kLineCount; ++l) {
                std::vector<double> v;
                double persons = 0, any = 0;
                for (auto& rep : r.replicates) {
                    v.push_back(cohort_amount(rep, s, c, y, l));
                    for (int k = 0; k < kNet; ++k) any += std::abs(rep.budget_cohort_amount[s.budget_cohort_index(c, y, k)]);
                    if (l != kNet) persons += rep.budget_cohort_count[s.budget_cohort_index(c, y, l)];
                }
                if (any == 0) continue;  // the cohort has no money in that year
                const Stats st = summarize(v);
                const std::string cohort =
                    c == 0 ? "before " + std::to_string(s.budget_first_cohort + 1) : std::to_string(s.budget_first_cohort + c);
                out += cohort + "," + std::to_string(s.budget_first_year + y) + "," + line_label(l).name + ",kr," +
                       (l == kNet ? std::string() : num(persons / double(r.replicates.size()), 2)) + "," +
                       num(st.mean, 0) + "," + num(st.p10, 0) + "," + num(st.p50, 0) + "," + num(st.p90, 0) + "\n";
            }
    return out;
}

json budget_explain_json(const Results& r) {
    const auto& s = r.shape;
    const BudgetParams& b = *r.scenario->budget;
    json lines = json::object();
    for (int l = 0; l < kLineCount; ++l) {
        json years = json::object();
        for (int y = first_reported_year(r); y < s.budget_years; ++y) {
            const int year = s.budget_first_year + y;
            // The median replicate: the lower middle one when ordered by this line's amount in
            // whole kroner, then by number (amounts often tie, e.g. the same months of a grant,
            // and the last bits of a sum must not decide which replicate is shown).
            std::vector<std::pair<double, std::size_t>> order;
            for (std::size_t i = 0; i < r.replicates.size(); ++i)
                order.emplace_back(std::round(amount(r.replicates[i], s, y, l)), i);
            std::sort(order.begin(), order.end());
            const std::size_t median = order[(order.size() - 1) / 2].second;
            const ReplicateTables& rep = r.replicates[median];
            json cohorts = json::array();
            for (int c = 0; c < s.budget_cohorts; ++c) {
                const double a = cohort_amount(rep, s, c, y, l);
                const double n = l == kNet ? 0.0 : rep.budget_cohort_count[s.budget_cohort_index(c, y, l)];
                if (a == 0 && n == 0) continue;
                cohorts.push_back({{"arrival_year", c == 0 ? json("before " + std::to_string(s.budget_first_cohort + 1))
                                                           : json(s.budget_first_cohort + c)},
                                   {"persons", std::round(n * 100) / 100},
                                   {"amount", std::round(a)}});
            }
            json rules = json::array();
            for (auto& p : b.periods) {
                const Month from = p.from, until = p.until.value_or(Month::of(2200, 12));
                if (until < Month::of(year, 1) || from > Month::of(year, 12)) continue;
                json amounts = json::object();
                for (auto& [key, a] : line_amounts(p, Line(l)))
                    amounts[key] = {{"value", a->value},
                                    {"price_level", a->price_level},
                                    {"indexed", a->indexed},
                                    {"in_prices_of_year", std::round(b.in_prices_of(*a, year))},
                                    {"source", a->source},
                                    {"uncertain", a->uncertain}};
                rules.push_back({{"period", p.name},
                                 {"file", p.file},
                                 {"in_force_from", format_month(p.from)},
                                 {"in_force_until", p.until ? json(format_month(*p.until)) : json(nullptr)},
                                 {"amounts", amounts}});
            }
            years[std::to_string(year)] = {{"median_replicate", median},
                                           {"total", std::round(amount(rep, s, y, l))},
                                           {"persons", l == kNet ? 0.0 : std::round(rep.budget_count[s.budget_index(y, l)] * 100) / 100},
                                           {"by_cohort", cohorts},
                                           {"rules", rules}};
        }
        lines[line_label(l).name] = {{"label_da", line_label(l).da},
                                     {"label_en", line_label(l).en},
                                     {"condition", line_label(l).condition},
                                     {"counted_in", line_label(l).monthly ? "full-year persons" : "persons"},
                                     {"years", years}};
    }
    return {{"scenario", r.scenario->name}, {"replicates", r.replicates.size()}, {"lines", lines}};
}

std::string explain_budget_line(const json& explain, const std::string& line, int year) {
    if (!explain.contains("lines") || !explain["lines"].contains(line)) {
        std::string known;
        for (int l = 0; l < kLineCount; ++l) known += std::string(l ? ", " : "") + line_label(l).name;
        throw std::invalid_argument("unknown budget line \"" + line + "\"; expected one of " + known);
    }
    const json& L = explain["lines"][line];
    const std::string y = std::to_string(year);
    if (!L["years"].contains(y)) {
        std::string first, last;  // the keys are years, in order
        for (auto& [k, v] : L["years"].items()) {
            if (first.empty()) first = k;
            last = k;
        }
        throw std::invalid_argument("the results have no budget for " + y +
                                    (first.empty() ? std::string() : "; expected a year from " + first + " to " + last));
    }
    const json& Y = L["years"][y];
    std::string out;
    out += line + " (" + L["label_da"].get<std::string>() + ") in " + y + "\n\n";
    out += "Rule: " + L["condition"].get<std::string>() + "\n\n";
    out += "Rule periods in force in " + y + ":\n";
    for (auto& r : Y["rules"]) {
        out += "  " + r["period"].get<std::string>() + " from " + r["in_force_from"].get<std::string>() +
               (r["in_force_until"].is_null() ? std::string() : " until " + r["in_force_until"].get<std::string>()) +
               " (" + r["file"].get<std::string>() + ")\n";
        for (auto& [k, a] : r["amounts"].items())
            out += "    " + k + ": " + thousands(a["value"].get<double>(), ',') + " kr (" +
                   (a.value("indexed", true) ? std::to_string(a["price_level"].get<int>()) + " prices"
                                             : std::string("a fixed sum, not indexed")) + ") = " +
                   thousands(a["in_prices_of_year"].get<double>(), ',') + " kr in " + y + " prices" +
                   (a["uncertain"].get<bool>() ? "  [UNCERTAIN]" : "") + "\n      source: " +
                   a["source"].get<std::string>() + "\n";
    }
    out += "\nIn the median replicate (#" + std::to_string(Y["median_replicate"].get<int>()) + " of " +
           std::to_string(explain["replicates"].get<int>()) + "): " + thousands(Y["total"].get<double>(), ',') +
           " kr, " + num(Y["persons"].get<double>(), 2) + " " + L["counted_in"].get<std::string>() + "\n";
    out += "By arrival cohort:\n";
    for (auto& c : Y["by_cohort"]) {
        const std::string cohort = c["arrival_year"].is_string() ? c["arrival_year"].get<std::string>()
                                                                 : std::to_string(c["arrival_year"].get<int>());
        out += "  " + cohort + ": " + num(c["persons"].get<double>(), 2) + " " + L["counted_in"].get<std::string>() +
               ", " + thousands(c["amount"].get<double>(), ',') + " kr\n";
    }
    return out;
}

json budget_forecast(const Results& r) {
    const BudgetParams& b = *r.scenario->budget;
    const int y = b.budget_year - r.shape.budget_first_year;
    if (y < 0 || y >= r.shape.budget_years) return json(nullptr);
    const auto v = result_grants(r, y);
    const Stats st = summarize(v);
    const double p10 = percentile(v, 0.10), p90 = percentile(v, 0.90);
    // The report's sentence (report_labels.cpp), so the two say the same in the same words.
    auto forecast_sentence = [&](report::Lang lang) {
        return report::trf("s.result_grants", lang,
                           {{"year", std::to_string(b.budget_year)},
                            {"mean", report::fmt_num(std::round(st.mean), 0, lang)},
                            {"p10", report::fmt_num(std::round(p10), 0, lang)},
                            {"p90", report::fmt_num(std::round(p90), 0, lang)}});
    };
    using report::Lang;
    return {{"year", b.budget_year},
            {"result_grants_mean", std::round(st.mean)},
            {"result_grants_p10", std::round(p10)},
            {"result_grants_p90", std::round(p90)},
            {"sentence_en", forecast_sentence(Lang::en)},
            {"sentence_da", forecast_sentence(Lang::da)}};
}

}  // namespace kohorte
