// The printable report: one self-contained HTML file (UTF-8, A4 print stylesheet, charts as
// base64 PNG), with a plain-language summary generated from the numbers, the charts, the key
// tables, the assumptions and sources, and how to reproduce the run.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "ledger.h"
#include "person.h"
#include "report.h"
#include "tables.h"

namespace kohorte::report {

using nlohmann::json;

namespace {

std::string esc(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string base64(const std::string& in) {
    static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
        out += t[v >> 18 & 63], out += t[v >> 12 & 63], out += t[v >> 6 & 63], out += t[v & 63];
    }
    if (i + 1 == in.size()) {
        const unsigned v = (unsigned char)in[i] << 16;
        out += t[v >> 18 & 63], out += t[v >> 12 & 63], out += "==";
    } else if (i + 2 == in.size()) {
        const unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8;
        out += t[v >> 18 & 63], out += t[v >> 12 & 63], out += t[v >> 6 & 63], out += '=';
    }
    return out;
}

// Persons: whole numbers from 100, else one decimal.
std::string persons(double x, Lang lang) { return fmt_num(x, std::abs(x) >= 100 ? 0 : 1, lang); }

double jget(const json& j, const char* a, const char* b) {
    if (!j.contains(a) || !j[a].contains(b) || !j[a][b].is_number()) return std::nan("");
    return j[a][b].get<double>();
}

// A row of a table with (indicator, year, alternative), or -1.
long find_row(const Table& t, const std::string& indicator, int year, const std::string& alt) {
    for (std::size_t i = 0; i < t.rows.size(); ++i)
        if (t.str(i, "indicator") == indicator && int(t.num(i, "year")) == year &&
            (alt.empty() || t.str(i, "alternative") == alt))
            return long(i);
    return -1;
}

std::string scenario_of(const Folder& f, const std::string& folder) {
    for (auto& r : f.runs)
        if (r.folder == folder) return r.scenario;
    return folder;
}

void run_sentences(const Inputs& in, const RunData& r, std::vector<std::string>& out) {
    const Lang lang = in.lang;
    const json& s = r.summary;
    if (s.contains("period") && r.expected_value)
        out.push_back(trf("s.run_expected", lang,
                          {{"scenario", r.scenario},
                           {"from", fmt_month(s["period"][0].get<std::string>(), lang)},
                           {"to", fmt_month(s["period"][1].get<std::string>(), lang)},
                           {"persons", fmt_num(s.value("persons_simulated_mean", 0.0), 0, lang)}}));
    else if (s.contains("period"))
        out.push_back(trf("s.run", lang,
                          {{"scenario", r.scenario},
                           {"replicates", std::to_string(s.value("replicates", 0))},
                           {"seed", s.contains("seed") ? s["seed"].dump() : "?"},
                           {"from", fmt_month(s["period"][0].get<std::string>(), lang)},
                           {"to", fmt_month(s["period"][1].get<std::string>(), lang)},
                           {"persons", fmt_num(s.value("persons_simulated_mean", 0.0), 0, lang)}}));
    // The largest cohort with a 36-month result.
    const json* best = nullptr;
    static const json kNone = json::array();
    for (auto& c : s.contains("cohorts") ? s["cohorts"] : kNone)
        if (c.contains("wage_employment_36m") &&
            (!best || c["wage_employment_36m"].value("persons", 0.0) > (*best)["wage_employment_36m"].value("persons", 0.0)))
            best = &c;
    if (best) {
        const double m = jget(*best, "wage_employment_36m", "mean");
        auto rel = [&](double level) {
            return tr(std::abs(m - level) < 0.005 ? "s.at" : m < level ? "s.below" : "s.above", lang);
        };
        const std::string year = std::to_string((*best)["arrival_year"].get<int>());
        out.push_back(trf(r.expected_value ? "s.cohort_wage_expected" : "s.cohort_wage", lang,
                          {{"year", year},
                           {"share", fmt_pct(m, 0, lang)},
                           {"p10", fmt_pct(jget(*best, "wage_employment_36m", "p10"), 0, lang)},
                           {"p90", fmt_pct(jget(*best, "wage_employment_36m", "p90"), 0, lang)},
                           {"target", rel(0.5)},
                           {"national", rel(0.38)}}));
        if (best->contains("danish_test_passed_60m"))
            out.push_back(trf("s.danish60", lang,
                              {{"year", year},
                               {"share", fmt_pct(jget(*best, "danish_test_passed_60m", "mean"), 0, lang)},
                               {"p10", fmt_pct(jget(*best, "danish_test_passed_60m", "p10"), 0, lang)},
                               {"p90", fmt_pct(jget(*best, "danish_test_passed_60m", "p90"), 0, lang)}}));
    }
    if (s.contains("last_month") && s["last_month"].contains("persons")) {
        const json& p = s["last_month"]["persons"];
        auto mean = [&](const char* k) { return p.contains(k) ? p[k].value("mean", 0.0) : 0.0; };
        out.push_back(trf("s.last_month", lang,
                          {{"month", fmt_month(s["last_month"].value("month", ""), lang)},
                           {"job", persons(mean("job"), lang)},
                           {"igu", persons(mean("igu"), lang)},
                           {"waiting", persons(mean("waiting"), lang)}}));
    }
    if (s.contains("longest_mean_queue")) {
        std::string what;
        double worst = 0;
        for (auto& [k, v] : s["longest_mean_queue"].items())
            if (v.is_number() && v.get<double>() > worst) worst = v.get<double>(), what = k;
        if (worst >= 0.5)
            out.push_back(trf("s.queue", lang, {{"persons", persons(worst, lang)}, {"what", tr("q." + what, lang)}}));
    }
    if (s.contains("budget_forecast") && s["budget_forecast"].is_object()) {
        const json& b = s["budget_forecast"];
        const int year = b.value("year", 0);
        // From the numbers, formatted like every other sentence (summary.json's own sentence is
        // the fallback for a file without them).
        const char* key = lang == Lang::da ? "sentence_da" : "sentence_en";
        if (b.contains("result_grants_mean") && b["result_grants_mean"].is_number())
            out.push_back(trf("s.result_grants", lang,
                              {{"year", std::to_string(year)},
                               {"mean", fmt_num(b.value("result_grants_mean", 0.0), 0, lang)},
                               {"p10", fmt_num(b.value("result_grants_p10", 0.0), 0, lang)},
                               {"p90", fmt_num(b.value("result_grants_p90", 0.0), 0, lang)}}));
        else if (b.contains(key))
            out.push_back(b[key].get<std::string>());
        for (std::size_t i = 0; i < r.budget.rows.size(); ++i)
            if (r.budget.str(i, "line") == "net_municipal_result" && int(r.budget.num(i, "year")) == year)
                out.push_back(trf("s.net", lang,
                                  {{"year", std::to_string(year)},
                                   {"mean", fmt_num(r.budget.num(i, "mean"), 0, lang)},
                                   {"p10", fmt_num(r.budget.num(i, "p10"), 0, lang)},
                                   {"p90", fmt_num(r.budget.num(i, "p90"), 0, lang)}}));
    }
}

// An alternative's description (its scenario's `description`), "" if none.
std::string description_of(const Folder& f, const std::string& folder) {
    for (auto& r : f.runs)
        if (r.folder == folder) return r.summary.value("description", "");
    return "";
}

void compare_sentences(const Inputs& in, const Folder& f, std::vector<std::string>& out) {
    const Lang lang = in.lang;
    const Table& t = f.comparison;
    std::vector<std::string> alts;
    for (std::size_t i = 0; i < t.rows.size(); ++i)
        if (std::find(alts.begin(), alts.end(), t.str(i, "alternative")) == alts.end()) alts.push_back(t.str(i, "alternative"));
    // Judged where the alternatives can differ: the latest cohort with a 36-month result and the
    // budget year (comparison_years).
    const ComparisonYears years = comparison_years(f);
    const std::string base = f.runs.empty() ? t.str(0, "base") : f.runs.front().scenario;
    for (auto& alt : alts) {
        const std::string description = description_of(f, alt);
        if (!description.empty())
            out.push_back(trf("s.alt_description", lang, {{"alt", scenario_of(f, alt)}, {"description", description}}));
        for (auto [indicator, year] : {std::pair<std::string, int>{"cohort_wage_employment_36m", years.cohort},
                                       std::pair<std::string, int>{"persons_job", years.year},
                                       std::pair<std::string, int>{"budget_net_municipal_result", years.year}}) {
            const long i = find_row(t, indicator, year, alt);
            if (i < 0) continue;
            const bool share = indicator.rfind("cohort_", 0) == 0, kr = indicator.rfind("budget_", 0) == 0;
            const double sc = share ? 100 : 1;
            const double m = t.num(i, "diff_mean") * sc, lo = t.num(i, "diff_p05") * sc, hi = t.num(i, "diff_p95") * sc;
            if (!std::isfinite(m)) continue;
            const bool none = no_difference(t, std::size_t(i));
            const bool sure = lo > 0 || hi < 0;
            auto n = [&](double x) { return share ? fmt_num(x, 1, lang) : kr ? fmt_num(x, 0, lang) : persons(x, lang); };
            out.push_back(trf(none ? "s.diff_none" : sure ? "s.diff_sure" : "s.diff_unsure", lang,
                              {{"alt", scenario_of(f, alt)},
                               {"base", base},
                               {"indicator", indicator_label(indicator, lang)},
                               {"year", share ? trf("s.cohort_year", lang, {{"year", std::to_string(year)}})
                                              : std::to_string(year)},
                               {"direction", tr(m > 0 ? "s.higher" : "s.lower", lang)},
                               {"diff", n(sure ? std::abs(m) : m)},
                               {"unit", tr(share ? "u.pp" : kr ? "u.kr" : "u.persons", lang)},
                               {"p05", n(lo)},
                               {"p95", n(hi)}}));
        }
    }
}

// A swept value: a whole number (a quota, places) without decimals, else with two.
std::string swept(double x, Lang lang) { return fmt_num(x, std::floor(x) == x ? 0 : 2, lang); }

void sweep_sentences(const Inputs& in, const Folder& f, std::vector<std::string>& out) {
    const Table& t = f.sweep;
    const int ind = t.col("indicator");
    if (ind < 2) return;
    const std::string axis = t.header[1];
    int last = 0;
    for (std::size_t i = 0; i < t.rows.size(); ++i)
        if (t.str(i, "indicator") == "persons_job") last = std::max(last, int(t.num(i, "year")));
    long a = -1, b = -1;
    for (std::size_t i = 0; i < t.rows.size(); ++i)
        if (t.str(i, "indicator") == "persons_job" && int(t.num(i, "year")) == last) {
            bool others_first = true;  // the other axes at the first point's values
            for (int c = 2; c < ind; ++c) others_first = others_first && t.rows[i][c] == t.rows[0][c];
            if (!others_first) continue;
            if (a < 0 || t.num(i, axis) < t.num(a, axis)) a = long(i);
            if (b < 0 || t.num(i, axis) > t.num(b, axis)) b = long(i);
        }
    if (a < 0 || a == b) return;
    out.push_back(trf("s.sweep", in.lang,
                      {{"parameter", axis},
                       {"from", swept(t.num(a, axis), in.lang)},
                       {"to", swept(t.num(b, axis), in.lang)},
                       {"indicator", indicator_label("persons_job", in.lang)},
                       {"year", std::to_string(last)},
                       {"at_from", persons(t.num(a, "mean"), in.lang)},
                       {"at_to", persons(t.num(b, "mean"), in.lang)}}));
}

void sensitivity_sentences(const Inputs& in, const Folder& f, std::vector<std::string>& out) {
    const Table& t = f.sensitivity;
    if (t.empty()) return;
    const std::string outcome = t.str(0, "outcome");
    const bool share = outcome.rfind("cohort_", 0) == 0;
    auto v = [&](double x) { return share ? fmt_pct(x, 1, in.lang) : persons(x, in.lang); };
    out.push_back(trf("s.sensitivity", in.lang,
                      {{"indicator", indicator_label(outcome, in.lang)},
                       {"year", share ? trf("s.cohort_year", in.lang, {{"year", t.str(0, "year")}}) : t.str(0, "year")},
                       {"parameter", t.str(0, "parameter")},
                       {"at_low", v(t.num(0, "at_low"))},
                       {"at_high", v(t.num(0, "at_high"))}}));
}

// ---- tables ---------------------------------------------------------------------------------

std::string table(const std::vector<std::string>& head, const std::vector<std::vector<std::string>>& rows,
                  const std::string& cls = "") {
    std::string h = "<table" + (cls.empty() ? "" : " class=\"" + cls + "\"") + "><thead><tr>";
    for (std::size_t c = 0; c < head.size(); ++c) h += std::string(c ? "<th class=\"n\">" : "<th>") + esc(head[c]) + "</th>";
    h += "</tr></thead><tbody>\n";
    for (auto& r : rows) {
        h += "<tr>";
        for (std::size_t c = 0; c < r.size(); ++c) h += std::string(c ? "<td class=\"n\">" : "<td>") + esc(r[c]) + "</td>";
        h += "</tr>\n";
    }
    return h + "</tbody></table>\n";
}

std::string activities_table(const Inputs& in, const RunData& r) {
    const Lang lang = in.lang;
    std::map<std::string, std::map<std::string, double>> months;
    for (std::size_t i = 0; i < r.monthly.rows.size(); ++i) months[r.monthly.str(i, "month")][r.monthly.str(i, "measure")] = r.monthly.num(i, "mean");
    if (months.empty()) return "";
    std::vector<std::string> head = {tr("c.month", lang)};
    for (int k = 0; k < kLivingActivities; ++k) head.push_back(lang == Lang::da ? measure_label(k).da : measure_label(k).en);
    std::vector<std::vector<std::string>> rows;
    for (auto& [month, m] : months) {
        if (month.substr(5) != "12" && month != months.rbegin()->first) continue;
        std::vector<std::string> row = {month};
        for (int k = 0; k < kLivingActivities; ++k) row.push_back(persons(m[measure_label(k).name], lang));
        rows.push_back(std::move(row));
    }
    return "<h3>" + esc(tr("h.table_activities", lang)) + "</h3>\n" + table(head, rows, "small");
}

std::string cohorts_table(const Inputs& in, const RunData& r) {
    const Lang lang = in.lang;
    if (!r.summary.contains("cohorts") || r.summary["cohorts"].empty()) return "";
    std::vector<std::string> head = {tr("c.arrival_year", lang), tr("c.persons", lang),
                                     indicator_label("cohort_wage_employment_36m", lang),
                                     indicator_label("cohort_ordinary_employment_60m", lang),
                                     indicator_label("cohort_danish_test_passed_60m", lang)};
    std::vector<std::vector<std::string>> rows;
    for (auto& c : r.summary["cohorts"]) {
        std::vector<std::string> row = {std::to_string(c.value("arrival_year", 0))};
        row.push_back(c.contains("wage_employment_36m") ? persons(jget(c, "wage_employment_36m", "persons"), lang) : "–");
        for (const char* k : {"wage_employment_36m", "ordinary_employment_60m", "danish_test_passed_60m"})
            row.push_back(!c.contains(k)      ? "–"
                          : r.expected_value ? fmt_pct(jget(c, k, "mean"), 0, lang)
                                             : fmt_pct(jget(c, k, "mean"), 0, lang) + " (" + fmt_pct(jget(c, k, "p10"), 0, lang) +
                                                   "–" + fmt_pct(jget(c, k, "p90"), 0, lang) + ")");
        rows.push_back(std::move(row));
    }
    return "<h3>" + esc(tr(r.expected_value ? "h.table_cohorts_expected" : "h.table_cohorts", lang)) + "</h3>\n" +
           table(head, rows);
}

std::string budget_table(const Inputs& in, const RunData& r) {
    const Lang lang = in.lang;
    if (r.budget.empty()) return "";
    // Every line of the municipal result and the result itself, so that each year's row adds up
    // (the IGU firm bonus is the state's, not the municipality's).
    std::vector<std::string> lines;
    for (int k = 0; k < kLineCount; ++k)
        if (line_label(k).sign != 0 || k == int(Line::net_municipal_result)) lines.push_back(line_label(k).name);
    std::map<int, std::map<std::string, std::string>> years;
    bool any_uncertain = false;
    for (std::size_t i = 0; i < r.budget.rows.size(); ++i) {
        const bool uncertain = r.budget.str(i, "uncertain_amounts") == "yes";
        any_uncertain = any_uncertain || uncertain;
        years[int(r.budget.num(i, "year"))][r.budget.str(i, "line")] =
            fmt_num(r.budget.num(i, "mean"), 0, lang) + (uncertain ? "*" : "");
    }
    std::vector<std::string> head = {tr("c.year", lang)};
    std::vector<std::string> shown;
    for (auto& l : lines)
        if (r.budget.col("line") >= 0)
            for (std::size_t i = 0; i < r.budget.rows.size(); ++i)
                if (r.budget.str(i, "line") == l) {
                    shown.push_back(l);
                    head.push_back(budget_line_name(l, lang));
                    break;
                }
    std::vector<std::vector<std::string>> rows;
    for (auto& [y, m] : years) {
        std::vector<std::string> row = {std::to_string(y)};
        for (auto& l : shown) row.push_back(m.count(l) ? m[l] : "–");
        rows.push_back(std::move(row));
    }
    std::string h = "<h3>" + esc(tr("h.table_budget", lang)) + "</h3>\n" + table(head, rows, "small");
    if (any_uncertain) h += "<p class=\"note\">* " + esc(tr("c.uncertain", lang)) + "</p>\n";
    return h;
}

std::string comparison_table(const Inputs& in, const Folder& f) {
    const Lang lang = in.lang;
    const Table& t = f.comparison;
    const ComparisonYears y = comparison_years(f);
    std::vector<std::vector<std::string>> rows;
    const std::vector<std::pair<std::string, int>> key = {
        {"persons_job", y.year}, {"persons_wage_employment", y.year}, {"persons_igu", y.year},
        {"persons_waiting", y.year}, {"danish_passes", y.year}, {"budget_net_municipal_result", y.year},
        {"cohort_wage_employment_36m", y.cohort}, {"cohort_ordinary_employment_36m", y.cohort},
        {"cohort_danish_test_passed_36m", y.cohort}};
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const std::string ind = t.str(i, "indicator");
        const int year = int(t.num(i, "year"));
        if (std::find(key.begin(), key.end(), std::pair{ind, year}) == key.end()) continue;
        const bool share = ind.rfind("cohort_", 0) == 0, kr = ind.rfind("budget_", 0) == 0;
        auto v = [&](const char* c) {
            return share ? fmt_pct(t.num(i, c), 1, lang) : kr ? fmt_num(t.num(i, c), 0, lang) : persons(t.num(i, c), lang);
        };
        auto dv = [&](const char* c) {
            return share ? fmt_num(t.num(i, c) * 100, 1, lang) : kr ? fmt_num(t.num(i, c), 0, lang) : persons(t.num(i, c), lang);
        };
        rows.push_back({indicator_label(ind, lang), std::to_string(year), scenario_of(f, t.str(i, "alternative")),
                        v("base_mean"), v("alt_mean"), dv("diff_mean"),
                        no_difference(t, i) ? tr("c.no_difference", lang) : dv("diff_p05") + " ; " + dv("diff_p95")});
    }
    if (rows.empty()) return "";
    return "<h3>" + esc(tr("h.table_comparison", lang)) + "</h3>\n" +
           table({tr("c.indicator", lang), tr("c.year", lang), tr("c.alternative", lang), tr("c.base_mean", lang),
                  tr("c.alt_mean", lang), tr("c.diff_mean", lang), "90 %"},
                 rows);
}

std::string sweep_table(const Inputs& in, const Folder& f) {
    const Lang lang = in.lang;
    const Table& t = f.sweep;
    const int ind = t.col("indicator");
    if (ind < 2) return "";
    int last = 0;
    for (std::size_t i = 0; i < t.rows.size(); ++i)
        if (t.str(i, "indicator") == "persons_job") last = std::max(last, int(t.num(i, "year")));
    std::vector<std::string> head = {tr("c.point", lang)};
    for (int c = 1; c < ind; ++c) head.push_back(t.header[c]);
    head.push_back(indicator_label("persons_job", lang) + " " + std::to_string(last));
    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        if (t.str(i, "indicator") != "persons_job" || int(t.num(i, "year")) != last) continue;
        std::vector<std::string> row = {t.str(i, "point")};
        for (int c = 1; c < ind; ++c) row.push_back(swept(t.num(i, t.header[c]), lang));
        row.push_back(persons(t.num(i, "mean"), lang) + " (" + persons(t.num(i, "p10"), lang) + "–" +
                      persons(t.num(i, "p90"), lang) + ")");
        rows.push_back(std::move(row));
    }
    return "<h3>" + esc(tr("h.table_sweep", lang)) + "</h3>\n" + table(head, rows);
}

std::string sensitivity_table(const Inputs& in, const Folder& f) {
    const Lang lang = in.lang;
    const Table& t = f.sensitivity;
    if (t.empty()) return "";
    const std::string outcome = t.str(0, "outcome"), year = t.str(0, "year");
    const bool share = outcome.rfind("cohort_", 0) == 0;
    auto v = [&](double x) { return share ? fmt_pct(x, 1, lang) : persons(x, lang); };
    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = 0; i < t.rows.size() && rows.size() < 10; ++i) {
        if (t.str(i, "outcome") != outcome || t.str(i, "year") != year) continue;
        rows.push_back({t.str(i, "rank") + ". " + t.str(i, "parameter"),
                        fmt_num(t.num(i, "low"), 3, lang) + " / " + fmt_num(t.num(i, "value"), 3, lang) + " / " +
                            fmt_num(t.num(i, "high"), 3, lang),
                        v(t.num(i, "at_low")), v(t.num(i, "at_value")), v(t.num(i, "at_high"))});
    }
    return "<h3>" + esc(tr("h.table_sensitivity", lang)) + " – " + esc(indicator_label(outcome, lang)) + " (" + year +
           ")</h3>\n" +
           table({tr("parameter", lang), tr("low", lang) + " / " + tr("value", lang) + " / " + tr("high", lang),
                  tr("c.at_low", lang), tr("c.at_value", lang), tr("c.at_high", lang)},
                 rows, "small");
}

std::string assumptions(const Inputs& in) {
    const Lang lang = in.lang;
    const json* resolved = nullptr;
    for (auto& f : in.folders)
        if (f.manifest.is_object() && f.manifest.contains("resolved_scenario")) {
            resolved = &f.manifest["resolved_scenario"];
            break;
        }
    if (!resolved) return "";
    const auto params = parameters(*resolved);
    std::map<std::string, int> count;
    std::vector<std::vector<std::string>> rows;
    std::string body;
    int total = 0;
    for (auto& p : params) {
        if (p.source.empty() && p.status.empty()) continue;
        ++total;
        ++count[p.status];
        const bool flag = p.status == "assumption" || p.status == "uncertain";
        body += flag ? "<tr class=\"flag\">" : "<tr>";
        std::string range = p.low.empty() ? "" : fmt_value(p.low, lang) + " – " + fmt_value(p.high, lang);
        body += "<td class=\"ptr\">" + esc(p.pointer) + "</td><td class=\"n\">" + esc(fmt_value(p.value, lang)) +
                "</td><td>" + esc(unit_name(p.unit, lang)) +
                "</td><td class=\"n\">" + esc(range) + "</td><td>" +
                esc(p.status.empty() ? "" : tr("status." + p.status, lang)) + "</td><td>" +
                esc(p.source.empty() ? tr("no_source", lang) : p.source) + "</td></tr>\n";
    }
    std::string h = "<p>" + esc(tr("h.assumptions_intro", lang)) + "</p>\n<p>" +
                    esc(trf("h.assumption_counts", lang,
                            {{"total", std::to_string(total)},
                             {"assumption", std::to_string(count["assumption"])},
                             {"uncertain", std::to_string(count["uncertain"])}})) +
                    "</p>\n";
    h += "<table class=\"params\"><thead><tr><th>" + esc(tr("parameter", lang)) + "</th><th class=\"n\">" +
         esc(tr("value", lang)) + "</th><th>" + esc(tr("unit", lang)) + "</th><th class=\"n\">" + esc(tr("low", lang)) +
         " – " + esc(tr("high", lang)) + "</th><th>" + esc(tr("status", lang)) + "</th><th>" + esc(tr("source", lang)) +
         "</th></tr></thead><tbody>\n" + body + "</tbody></table>\n";
    return h;
}

const char* kStyle = R"(
:root { --ink: #1a1a1a; --muted: #555; --rule: #c8c8c8; --flag: #fce4c4; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: var(--ink); font-size: 10pt;
       line-height: 1.4; max-width: 180mm; margin: 12mm auto; padding: 0 6mm; }
h1 { font-size: 20pt; margin: 0 0 2mm; }
h2 { font-size: 14pt; border-bottom: 1.5pt solid var(--ink); padding-bottom: 1mm; margin-top: 9mm;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 6mm 0 2mm; break-after: avoid; page-break-after: avoid; }
.meta { color: var(--muted); font-size: 9pt; }
ul.summary li { margin-bottom: 1.5mm; }
figure { margin: 5mm 0; break-inside: avoid; page-break-inside: avoid; }
figure img { width: 100%; height: auto; display: block; border: 0.5pt solid var(--rule); }
figcaption { font-size: 8.5pt; color: var(--muted); margin-top: 1.5mm; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 2mm 0 4mm; }
th, td { border-bottom: 0.5pt solid var(--rule); padding: 1mm 1.5mm; vertical-align: top; text-align: left; }
th { background: #eef2f6; }
th.n { white-space: normal; }
.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.small { font-size: 7.5pt; }
table.params { font-size: 7pt; }
td.ptr { font-family: "DejaVu Sans Mono", monospace; font-size: 6.5pt; word-break: break-all; }
tr.flag td { background: var(--flag); }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
pre { background: #f4f4f4; padding: 2mm; white-space: pre-wrap; word-break: break-all; font-size: 8pt; }
.note { font-size: 8pt; color: var(--muted); }
@page { size: A4; margin: 15mm 14mm 16mm; }
@media print { body { margin: 0; padding: 0; max-width: none; } h2 { margin-top: 6mm; }
               section.charts, section.assumptions { break-before: page; page-break-before: always; } }
)";

}  // namespace

std::vector<std::string> summary_sentences(const Inputs& in) {
    std::vector<std::string> out;
    for (const Folder& f : in.folders) {
        if (!f.runs.empty()) run_sentences(in, f.runs.front(), out);
        if (!f.comparison.empty()) compare_sentences(in, f, out);
        if (!f.sweep.empty()) sweep_sentences(in, f, out);
        if (!f.sensitivity.empty()) sensitivity_sentences(in, f, out);
    }
    return out;
}

std::string html_report(const Inputs& in, const std::vector<Chart>& charts) {
    const Lang lang = in.lang;
    const std::string title = tr("report.title", lang) + ": " + in.scenario;
    std::string h = "<!DOCTYPE html>\n<html lang=\"" + std::string(lang == Lang::da ? "da" : "en") +
                    "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width\">\n"
                    "<title>" + esc(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
    h += "<header><h1>" + esc(title) + "</h1>\n<p class=\"meta\">";
    const Folder& first = in.folders.front();
    std::string meta = "kohorte " + in.version;
    if (!first.runs.empty() && !first.runs.front().run_date.empty())
        meta += " · " + tr("run_date", lang) + " " + first.runs.front().run_date;
    meta += " · " + tr("report_date", lang) + " " + in.date;
    h += esc(meta) + "</p>";
    if (first.manifest.is_object() && first.manifest.contains("resolved_scenario") &&
        first.manifest["resolved_scenario"].contains("description"))
        h += "<p>" + esc(first.manifest["resolved_scenario"]["description"].get<std::string>()) + "</p>";
    h += "</header>\n";

    h += "<section class=\"summary\"><h2>" + esc(tr("h.summary", lang)) + "</h2>\n<ul class=\"summary\">\n";
    for (auto& s : summary_sentences(in)) h += "<li>" + esc(s) + "</li>\n";
    h += "</ul></section>\n";

    if (!charts.empty()) {
        h += "<section class=\"charts\"><h2>" + esc(tr("h.charts", lang)) + "</h2>\n";
        int n = 0;
        for (const Chart& c : charts)
            h += "<figure id=\"fig-" + esc(c.spec.name) + "\"><img src=\"data:image/png;base64," + base64(c.png) +
                 "\" alt=\"" + esc(c.spec.title) + "\"><figcaption><b>" + esc(tr("h.figure", lang)) + " " +
                 std::to_string(++n) + ".</b> " + esc(c.spec.title) + ". " + esc(c.spec.caption) + "</figcaption></figure>\n";
        h += "</section>\n";
    }

    std::string tables;
    for (const Folder& f : in.folders) {
        if (!f.runs.empty()) {
            const RunData& r = f.runs.front();
            tables += cohorts_table(in, r) + activities_table(in, r) + budget_table(in, r);
        }
        if (!f.comparison.empty()) tables += comparison_table(in, f);
        if (!f.sweep.empty()) tables += sweep_table(in, f);
        if (!f.sensitivity.empty()) tables += sensitivity_table(in, f);
    }
    if (!tables.empty()) h += "<section class=\"tables\"><h2>" + esc(tr("h.tables", lang)) + "</h2>\n" + tables + "</section>\n";

    const std::string a = assumptions(in);
    if (!a.empty()) h += "<section class=\"assumptions\"><h2>" + esc(tr("h.assumptions", lang)) + "</h2>\n" + a + "</section>\n";

    h += "<section class=\"reproduce\"><h2>" + esc(tr("h.reproduce", lang)) + "</h2>\n<p>" +
         esc(tr("h.reproduce_intro", lang)) + "</p>\n";
    // The report command names the program as the runs' commands do (e.g. build/kohorte).
    std::string program = "kohorte";
    for (const Folder& f : in.folders)
        if (!f.command.empty()) {
            program = f.command.substr(0, f.command.find(' '));
            break;
        }
    std::string report_cmd = program + " report";
    for (const Folder& f : in.folders) {
        if (!f.command.empty()) h += "<pre>" + esc(f.command) + "</pre>\n";
        report_cmd += " " + f.dir;
    }
    if (!in.out.empty()) report_cmd += " --out " + in.out;
    if (lang == Lang::en) report_cmd += " --lang en";
    h += "<p>" + esc(tr("h.report_command", lang)) + "</p>\n<pre>" + esc(report_cmd) + "</pre>\n";
    if (first.manifest.is_object() && first.manifest.contains("git_commit"))
        h += "<p class=\"note\">" + esc(tr("version", lang)) + ": " + esc(first.manifest.value("version", in.version)) +
             " · " + esc(tr("git_commit", lang)) + ": " + esc(first.manifest["git_commit"].get<std::string>()) + "</p>\n";
    h += "</section>\n</body>\n</html>\n";
    return h;
}

}  // namespace kohorte::report
