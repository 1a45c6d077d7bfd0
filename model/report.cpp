// `kohorte report`: reads result folders, detects what each holds, and assembles the charts, the
// workbook and the HTML report into one folder, written atomically.
#include "report.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include "output.h"
#include "scenario.h"
#include "spec.h"

namespace kohorte::report {

namespace fs = std::filesystem;
using nlohmann::json;

// ---- CSV ------------------------------------------------------------------------------------

int Table::col(const std::string& name) const {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return int(i);
    return -1;
}

std::string Table::str(std::size_t row, const std::string& column) const {
    const int c = col(column);
    if (c < 0 || row >= rows.size() || std::size_t(c) >= rows[row].size()) return "";
    return rows[row][c];
}

double Table::num(std::size_t row, const std::string& column) const {
    const std::string s = str(row, column);
    if (s.empty()) return std::numeric_limits<double>::quiet_NaN();
    try {
        std::size_t used = 0;
        const double v = std::stod(s, &used);
        if (used == s.size()) return v;
    } catch (...) {
    }
    return std::numeric_limits<double>::quiet_NaN();
}

Table parse_csv(const std::string& text) {
    // kohorte's CSVs have no quoted fields; a quoted field is still read correctly.
    Table t;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, any = false;
    auto end_row = [&] {
        row.push_back(field);
        field.clear();
        if (t.header.empty()) t.header = row;
        else t.rows.push_back(row);
        row.clear();
        any = false;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
            else if (c == '"') quoted = false;
            else field += c;
        } else if (c == '"') {
            quoted = any = true;
        } else if (c == ',') {
            row.push_back(field), field.clear(), any = true;
        } else if (c == '\n') {
            if (any || !field.empty()) end_row();
        } else if (c != '\r') {
            field += c, any = true;
        }
    }
    if (any || !field.empty()) end_row();
    return t;
}

// ---- folders --------------------------------------------------------------------------------

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error(p.string() + ": cannot read");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

json read_json(const fs::path& p) { return parse_json_text(slurp(p), p.string()); }

// The columns of each result CSV that kohorte writes, and which of them hold numbers (a sweep's
// varied JSON pointers, "/...", are numbers too). An empty cell is a number kohorte could not
// compute (NaN); anything else must read as a finite number.
struct CsvLayout {
    std::vector<std::string> columns, numeric;
};
const CsvLayout* layout_of(const std::string& file) {
    static const std::map<std::string, CsvLayout> layouts = {
        {"monthly.csv", {{"month", "measure", "unit", "mean", "p10", "p50", "p90", "mcse"},
                         {"mean", "p10", "p50", "p90", "mcse"}}},
        {"cohorts.csv", {{"arrival_year", "sex", "months_after_arrival", "outcome", "persons", "mean", "p10", "p50", "p90", "mcse"},
                         {"arrival_year", "months_after_arrival", "persons", "mean", "p10", "p50", "p90", "mcse"}}},
        // uncertain_amounts came later: older budget files lack it.
        {"budget.csv", {{"year", "line", "unit", "persons", "mean", "p10", "p50", "p90", "mcse"},
                        {"year", "persons", "mean", "p10", "p50", "p90", "mcse"}}},
        {"budget_by_cohort.csv", {{"arrival_year", "year", "line", "unit", "persons", "mean", "p10", "p50", "p90"},
                                  {"year", "persons", "mean", "p10", "p50", "p90"}}},
        {"comparison.csv", {{"indicator", "year", "unit", "base", "alternative", "base_mean", "alt_mean", "diff_mean",
                             "diff_p05", "diff_p95", "diff_mcse", "unpaired_p05", "unpaired_p95"},
                            {"year", "base_mean", "alt_mean", "diff_mean", "diff_p05", "diff_p95", "diff_mcse",
                             "unpaired_p05", "unpaired_p95"}}},
        {"sweep.csv", {{"point", "indicator", "year", "unit", "mean", "p10", "p50", "p90", "mcse"},
                       {"point", "year", "mean", "p10", "p50", "p90", "mcse"}}},
        {"sensitivity.csv", {{"rank", "parameter", "low", "value", "high", "outcome", "year", "at_low", "at_value", "at_high", "swing"},
                             {"rank", "low", "value", "high", "year", "at_low", "at_value", "at_high", "swing"}}},
    };
    auto it = layouts.find(file);
    return it == layouts.end() ? nullptr : &it->second;
}

// The names a column of kohorte's result files may hold (months are checked as months).
const std::set<std::string>* names_of(const std::string& file, const std::string& column) {
    auto names = [](int n, auto label) {
        std::set<std::string> out;
        for (int i = 0; i < n; ++i) out.insert(label(i).name);
        return out;
    };
    static const std::set<std::string> measures = names(kMeasureCount, measure_label),
                                        outcomes = names(kOutcomeCount, outcome_label),
                                        lines = names(kLineCount, line_label), sexes = {"all", "male", "female"};
    if (file == "monthly.csv" && column == "measure") return &measures;
    if (file == "cohorts.csv" && column == "outcome") return &outcomes;
    if (file == "cohorts.csv" && column == "sex") return &sexes;
    if ((file == "budget.csv" || file == "budget_by_cohort.csv") && column == "line") return &lines;
    return nullptr;
}

// A result CSV, checked line by line: a damaged file (cut short, edited with decimal commas,
// a cell that is not a number, a month or a name kohorte does not write) is an input error
// naming the line, never NaN in a chart.
Table read_table(const fs::path& p) {
    if (!fs::exists(p)) return Table{};
    const std::string text = slurp(p);
    const std::string name = p.string();
    if (text.find_first_not_of("\r\n") == std::string::npos)
        throw InputError({name + ":1: empty file; expected a header line"});
    Table t = parse_csv(text);
    std::vector<std::string> problems;
    const CsvLayout* layout = layout_of(p.filename().string());
    std::vector<bool> numeric(t.header.size(), false);
    for (std::size_t c = 0; c < t.header.size(); ++c) {
        for (std::size_t k = 0; k < c; ++k)
            if (t.header[k] == t.header[c]) problems.push_back(name + ":1: column \"" + t.header[c] + "\" appears twice");
        numeric[c] = !t.header[c].empty() && t.header[c][0] == '/';
        if (layout)
            numeric[c] = numeric[c] || std::find(layout->numeric.begin(), layout->numeric.end(), t.header[c]) != layout->numeric.end();
    }
    if (layout)
        for (auto& c : layout->columns)
            if (t.col(c) < 0) problems.push_back(name + ":1: missing column \"" + c + "\"");
    // Line by line (kohorte's CSVs have no line breaks inside fields), for the line numbers.
    std::size_t lineno = 0, start = 0;
    while (start < text.size() && problems.size() < 20) {
        std::size_t end = text.find('\n', start);
        const bool complete = end != std::string::npos;
        if (!complete) end = text.size();
        const std::string line = text.substr(start, end - start);
        start = end + 1;
        ++lineno;
        if (line.empty() || line == "\r") continue;
        if (lineno == 1) continue;
        const Table one = parse_csv(line);
        const auto& fields = one.header;
        const std::string at = name + ":" + std::to_string(lineno) + ": ";
        if (fields.size() != t.header.size()) {
            problems.push_back(at + "expected " + std::to_string(t.header.size()) + " fields, found " +
                               std::to_string(fields.size()) + (complete ? "" : " (the file looks cut short)"));
            continue;
        }
        for (std::size_t c = 0; c < fields.size(); ++c) {
            if (t.header[c] == "month" && !parse_month(fields[c]))
                problems.push_back(at + "\"" + fields[c] + "\" is not a month (column month; expected YYYY-MM)");
            if (const auto* allowed = names_of(p.filename().string(), t.header[c]); allowed && !allowed->count(fields[c]))
                problems.push_back(at + "\"" + fields[c] + "\" is not a name kohorte writes (column " + t.header[c] + ")");
            if (!numeric[c] || fields[c].empty()) continue;
            char* stop = nullptr;
            const double v = std::strtod(fields[c].c_str(), &stop);
            if (*stop != '\0' || !std::isfinite(v) || std::isspace(static_cast<unsigned char>(fields[c][0])))
                problems.push_back(at + "\"" + fields[c] + "\" is not a " + (*stop == '\0' ? "finite " : "") +
                                   "number (column " + t.header[c] + ")");
        }
        if (!complete && problems.empty())
            problems.push_back(at + "the last line ends without a line break; the file looks cut short");
    }
    if (problems.size() >= 20) problems.push_back(name + ": (further problems not listed)");
    if (!problems.empty()) throw InputError(problems);
    return t;
}

// The parts of summary.json, manifest.json and comparison.json that the report reads, checked
// when the file is read: a file that parses but holds the wrong kind of value somewhere (edited
// by hand, written by something else) is an input error naming the file and the JSON pointer,
// not a library exception in the middle of writing the report. Keys the report does not read
// are left alone.
class JsonCheck {
public:
    explicit JsonCheck(std::string file) : file_(std::move(file)) {}
    enum class Kind { object, array, string, number, integer, month };

    // Whether `ptr` (below an already checked object or array) is present; if it is but of
    // another kind, a problem (and false).
    bool optional(const json& root, const std::string& ptr, Kind kind) {
        const json::json_pointer p(ptr);
        if (!root.contains(p)) return false;
        return is(root.at(p), ptr, kind);
    }
    bool required(const json& root, const std::string& ptr, Kind kind) {
        const json::json_pointer p(ptr);
        if (root.contains(p)) return is(root.at(p), ptr, kind);
        problems_.push_back(file_ + ": " + (ptr.empty() ? "(the document)" : ptr) + ": missing; expected " + expected(kind));
        return false;
    }
    bool is(const json& v, const std::string& ptr, Kind kind) {
        const bool ok = kind == Kind::object    ? v.is_object()
                        : kind == Kind::array   ? v.is_array()
                        : kind == Kind::string  ? v.is_string()
                        : kind == Kind::number  ? v.is_number()
                        : kind == Kind::integer ? v.is_number_integer()
                                                : v.is_string() && parse_month(v.get<std::string>()).has_value();
        if (!ok) fail(ptr, expected(kind) + ", got " + found(v));
        return ok;
    }
    void fail(const std::string& ptr, const std::string& what) {
        problems_.push_back(file_ + ": " + (ptr.empty() ? "(the document)" : ptr) + ": expected " + what);
    }
    void done() const {
        if (!problems_.empty()) throw InputError(problems_);
    }

private:
    static std::string expected(Kind kind) {
        switch (kind) {
            case Kind::object: return "an object";
            case Kind::array: return "an array";
            case Kind::string: return "a string";
            case Kind::number: return "a number";
            case Kind::integer: return "a whole number";
            case Kind::month: return "a month \"YYYY-MM\"";
        }
        return "";
    }
    static std::string found(const json& v) {
        if (v.is_null()) return "null";
        if (v.is_boolean()) return "a boolean";
        if (v.is_number()) return "a number (" + v.dump() + ")";
        if (v.is_string()) return "a string (" + v.dump() + ")";
        return v.is_array() ? "an array" : "an object";
    }
    std::string file_;
    std::vector<std::string> problems_;
};
using JK = JsonCheck::Kind;

void check_summary(const json& s, const std::string& file) {
    JsonCheck c(file);
    if (!c.is(s, "", JK::object)) return c.done();
    c.optional(s, "/scenario", JK::string);
    c.optional(s, "/description", JK::string);
    c.optional(s, "/replicates", JK::integer);
    c.optional(s, "/mode", JK::string);
    c.optional(s, "/seed", JK::integer);
    c.optional(s, "/persons_simulated_mean", JK::number);
    if (c.optional(s, "/period", JK::array)) {
        if (s["period"].size() != 2) c.fail("/period", "an array of two months (the first and last reported)");
        else c.is(s["period"][0], "/period/0", JK::month), c.is(s["period"][1], "/period/1", JK::month);
    }
    if (c.optional(s, "/cohorts", JK::array))
        for (std::size_t i = 0; i < s["cohorts"].size(); ++i) {
            const std::string at = "/cohorts/" + std::to_string(i);
            if (!c.is(s["cohorts"][i], at, JK::object)) continue;
            c.required(s, at + "/arrival_year", JK::integer);
            for (const char* k : {"wage_employment_36m", "ordinary_employment_60m", "danish_test_passed_60m"})
                if (c.optional(s, at + "/" + k, JK::object))
                    for (const char* v : {"mean", "p10", "p90", "persons"}) c.optional(s, at + "/" + k + "/" + v, JK::number);
        }
    if (c.optional(s, "/last_month", JK::object)) {
        c.optional(s, "/last_month/month", JK::month);
        if (c.optional(s, "/last_month/persons", JK::object))
            for (auto& [k, v] : s["last_month"]["persons"].items()) {
                const std::string at = "/last_month/persons/" + k;
                if (c.is(v, at, JK::object)) c.optional(s, at + "/mean", JK::number);
            }
    }
    if (c.optional(s, "/longest_mean_queue", JK::object))
        for (auto& [k, v] : s["longest_mean_queue"].items()) {
            if (k != "queue_praktik" && k != "queue_loentilskud" && k != "queue_igu")
                c.fail("/longest_mean_queue/" + k, "only queue_praktik, queue_loentilskud and queue_igu");
            else c.is(v, "/longest_mean_queue/" + k, JK::number);
        }
    // null: written by versions that accepted a budget year outside the run (now an input error).
    if (s.contains("budget_forecast") && !s["budget_forecast"].is_null() &&
        c.optional(s, "/budget_forecast", JK::object)) {
        c.optional(s, "/budget_forecast/year", JK::integer);
        for (const char* k : {"result_grants_mean", "result_grants_p10", "result_grants_p90"})
            c.optional(s, std::string("/budget_forecast/") + k, JK::number);
        for (const char* k : {"sentence_da", "sentence_en"}) c.optional(s, std::string("/budget_forecast/") + k, JK::string);
    }
    c.done();
}

// Every labelled value of a resolved scenario: a text source and a status the report can name.
void check_labelled(JsonCheck& c, const json& j, const std::string& ptr) {
    if (j.is_object() && j.contains("value") && !j["value"].is_object()) {
        if (j.contains("source")) c.is(j["source"], ptr + "/source", JK::string);
        if (j.contains("status") && c.is(j["status"], ptr + "/status", JK::string)) {
            const std::string st = j["status"].get<std::string>();
            if (st != "confirmed" && st != "derived" && st != "assumption" && st != "uncertain" && st != "calibrated")
                c.fail(ptr + "/status", "one of confirmed, derived, calibrated, assumption, uncertain, got \"" + st + "\"");
        }
        return;
    }
    if (j.is_object())
        for (auto& [k, v] : j.items()) check_labelled(c, v, spec::pointer_append(ptr, k));
    else if (j.is_array())
        for (std::size_t i = 0; i < j.size(); ++i) check_labelled(c, j[i], ptr + "/" + std::to_string(i));
}

void check_manifest(const json& m, const std::string& file) {
    JsonCheck c(file);
    if (!c.is(m, "", JK::object)) return c.done();
    for (const char* k : {"/program", "/version", "/git_commit", "/command"}) c.optional(m, k, JK::string);
    c.optional(m, "/seed", JK::integer);
    c.optional(m, "/replicates", JK::integer);
    if (c.optional(m, "/resolved_scenario", JK::object)) {
        c.optional(m, "/resolved_scenario/name", JK::string);
        c.optional(m, "/resolved_scenario/description", JK::string);
        if (c.optional(m, "/resolved_scenario/simulation", JK::object)) {
            c.optional(m, "/resolved_scenario/simulation/seed", JK::integer);
            c.optional(m, "/resolved_scenario/simulation/replicates", JK::integer);
        }
        check_labelled(c, m["resolved_scenario"], "/resolved_scenario");
    }
    c.done();
}

void check_comparison(const json& j, const std::string& file) {
    JsonCheck c(file);
    if (!c.is(j, "", JK::object)) return c.done();
    c.optional(j, "/base", JK::string);
    if (c.optional(j, "/alternatives", JK::array))
        for (std::size_t i = 0; i < j["alternatives"].size(); ++i)
            c.is(j["alternatives"][i], "/alternatives/" + std::to_string(i), JK::string);
    c.done();
}

// comparison.json's "identical" (every replicate's difference exactly 0) as a column "identical"
// (yes/no) of the comparison table, where its rows are comparison.csv's; else no column.
void add_identical_column(Table& t, const json& c) {
    if (!c.contains("rows") || !c["rows"].is_array() || c["rows"].size() != t.rows.size()) return;
    std::vector<std::string> column;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const json& r = c["rows"][i];
        if (!r.is_object() || !r.contains("identical") || !r["identical"].is_boolean() ||
            r.value("indicator", "") != t.str(i, "indicator") || r.value("alternative", "") != t.str(i, "alternative") ||
            !r.contains("year") || !r["year"].is_number() || r["year"].get<double>() != t.num(i, "year"))
            return;
        column.push_back(r["identical"].get<bool>() ? "yes" : "no");
    }
    t.header.push_back("identical");
    for (std::size_t i = 0; i < t.rows.size(); ++i) t.rows[i].push_back(column[i]);
}

json read_summary(const fs::path& p) {
    json j = read_json(p);
    check_summary(j, p.string());
    return j;
}
json read_manifest(const fs::path& p) {
    json j = read_json(p);
    check_manifest(j, p.string());
    return j;
}

// SOURCE_DATE_EPOCH (reproducible-builds.org): the time to use instead of the clock, if set.
std::optional<std::time_t> source_date_epoch() {
    const char* text = std::getenv("SOURCE_DATE_EPOCH");
    if (!text) return std::nullopt;
    const std::string s = text;
    const bool digits = !s.empty() && s.size() <= 12 && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
    if (!digits)
        throw InputError({"SOURCE_DATE_EPOCH: expected a whole number of seconds since 1970-01-01 UTC, got \"" + s + "\""});
    return std::time_t(std::stoll(s));
}

// The calendar day of time t: in UTC for SOURCE_DATE_EPOCH's times, else in local time.
std::chrono::sys_days day_of(std::time_t t, bool utc) {
    std::tm tm{};
    if (utc) gmtime_r(&t, &tm);
    else localtime_r(&t, &tm);
    return std::chrono::year{tm.tm_year + 1900} / std::chrono::month(unsigned(tm.tm_mon + 1)) /
           std::chrono::day(unsigned(tm.tm_mday));
}

// YYYY-MM-DD.
std::string iso_date(std::chrono::sys_days day) {
    const std::chrono::year_month_day d{day};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(d.year()), unsigned(d.month()), unsigned(d.day()));
    return buf;
}

// The date a file was last written; with SOURCE_DATE_EPOCH, no later than its date.
std::string file_date(const fs::path& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) return "";
    const auto epoch = source_date_epoch();
    return iso_date(epoch && *epoch < st.st_mtime ? day_of(*epoch, true) : day_of(st.st_mtime, false));
}

bool is_run(const fs::path& d) { return fs::exists(d / "monthly.csv") && fs::exists(d / "summary.json"); }

RunData load_run(const fs::path& d) {
    RunData r;
    r.dir = d.string();
    r.folder = d.filename().string();
    r.monthly = read_table(d / "monthly.csv");
    r.cohorts = read_table(d / "cohorts.csv");
    r.budget = read_table(d / "budget.csv");
    r.budget_by_cohort = read_table(d / "budget_by_cohort.csv");
    r.summary = read_summary(d / "summary.json");
    if (fs::exists(d / "manifest.json")) {
        r.manifest = read_manifest(d / "manifest.json");
        r.run_date = file_date(d / "manifest.json");
    }
    r.scenario = r.summary.value("scenario", "");
    if (r.scenario.empty() && r.manifest.contains("resolved_scenario"))
        r.scenario = r.manifest["resolved_scenario"].value("name", "");
    if (r.scenario.empty()) r.scenario = r.folder;
    r.expected_value = r.summary.value("mode", "") == "expected_value" ||
                       (r.manifest.is_object() && r.manifest.value("mode", "") == "expected_value");
    return r;
}

std::string scenario_of(const json& manifest, const std::string& fallback) {
    if (manifest.contains("resolved_scenario") && manifest["resolved_scenario"].contains("name"))
        return manifest["resolved_scenario"]["name"].get<std::string>();
    return fallback;
}

}  // namespace

Folder load_folder(const std::string& dir) {
    const fs::path d = fs::path(dir).lexically_normal();
    if (!fs::is_directory(d)) throw InputError({dir + ": not a folder"});
    Folder f;
    f.dir = d.string();
    if (fs::exists(d / "comparison.csv")) {
        f.kind = FolderKind::compare;
        f.comparison = read_table(d / "comparison.csv");
        // The run sub-folders: base first (comparison.json names them), else every run folder.
        std::vector<std::string> names;
        if (fs::exists(d / "comparison.json")) {
            const json c = read_json(d / "comparison.json");
            check_comparison(c, (d / "comparison.json").string());
            names.push_back(c.value("base", ""));
            for (auto& a : c.value("alternatives", json::array())) names.push_back(a.get<std::string>());
            add_identical_column(f.comparison, c);
        } else {
            for (auto& e : fs::directory_iterator(d))
                if (e.is_directory() && is_run(e.path())) names.push_back(e.path().filename().string());
            std::sort(names.begin(), names.end());
        }
        for (auto& n : names)
            if (!n.empty() && is_run(d / n)) f.runs.push_back(load_run(d / n));
        if (!f.runs.empty()) f.manifest = f.runs.front().manifest;
    } else if (fs::exists(d / "sweep.csv")) {
        f.kind = FolderKind::sweep;
        f.sweep = read_table(d / "sweep.csv");
        if (fs::exists(d / "manifest.json")) f.manifest = read_manifest(d / "manifest.json");
    } else if (fs::exists(d / "sensitivity.csv")) {
        f.kind = FolderKind::sensitivity;
        f.sensitivity = read_table(d / "sensitivity.csv");
        if (fs::exists(d / "manifest.json")) f.manifest = read_manifest(d / "manifest.json");
    } else if (is_run(d)) {
        f.kind = FolderKind::run;
        f.runs.push_back(load_run(d));
        f.manifest = f.runs.front().manifest;
    } else {
        throw InputError({dir + ": not a kohorte results folder (expected monthly.csv and summary.json, "
                                "comparison.csv, sweep.csv or sensitivity.csv)"});
    }
    f.scenario = f.runs.empty() ? scenario_of(f.manifest, d.filename().string()) : f.runs.front().scenario;
    if (f.manifest.is_object()) f.command = f.manifest.value("command", "");
    return f;
}

bool no_difference(const Table& t, std::size_t row) { return t.str(row, "identical") == "yes"; }

ComparisonYears comparison_years(const Folder& f) {
    const Table& t = f.comparison;
    ComparisonYears y;
    int last = 0, first_differing = 0;
    bool has_year = false;
    const int budget_year = f.runs.empty() || !f.runs.front().summary.contains("budget_forecast") ||
                                    !f.runs.front().summary["budget_forecast"].is_object()
                                ? 0
                                : f.runs.front().summary["budget_forecast"].value("year", 0);
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const std::string ind = t.str(i, "indicator");
        const int year = int(t.num(i, "year"));
        if (ind == "cohort_wage_employment_36m") y.cohort = std::max(y.cohort, year);
        if (ind.rfind("cohort_", 0) == 0) continue;
        last = std::max(last, year);
        has_year = has_year || year == budget_year;
        if (t.col("identical") >= 0 && !no_difference(t, i) && (first_differing == 0 || year < first_differing))
            first_differing = year;
    }
    y.year = budget_year != 0 && has_year ? budget_year : first_differing != 0 ? first_differing : last;
    return y;
}

std::vector<std::string> folders_read(const Inputs& in) {
    std::vector<std::string> out;
    for (const Folder& f : in.folders) {
        out.push_back(f.dir);
        if (f.kind == FolderKind::compare)
            for (const RunData& r : f.runs) out.push_back((fs::path(f.dir) / r.folder).string());
    }
    return out;
}

Inputs load_inputs(const std::vector<std::string>& dirs, Lang lang) {
    if (dirs.empty()) throw InputError({"report needs at least one results folder"});
    Inputs in;
    in.lang = lang;
    for (auto& d : dirs) in.folders.push_back(load_folder(d));
    in.scenario = in.folders.front().scenario;
    in.version = program_version();
    const auto epoch = source_date_epoch();
    const std::chrono::sys_days day = epoch ? day_of(*epoch, true) : day_of(std::time(nullptr), false);
    in.date = iso_date(day);
    in.time = std::int64_t(day.time_since_epoch().count()) * 86400;
    return in;
}

// ---- parameters -----------------------------------------------------------------------------

namespace {

std::string plain(const json& v) {
    if (v.is_number_integer()) return std::to_string(v.get<long long>());
    if (v.is_number()) {
        std::ostringstream s;
        s.precision(10);
        s << v.get<double>();
        return s.str();
    }
    if (v.is_string()) return v.get<std::string>();
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    return v.dump();
}

bool is_labelled(const json& j) { return j.is_object() && j.contains("value") && !j["value"].is_object(); }

}  // namespace

std::vector<Parameter> parameters(const json& resolved) {
    std::vector<Parameter> out;
    const spec::NodePtr root = scenario_spec();
    std::function<void(const json&, const spec::Node*, const std::string&)> walk =
        [&](const json& j, const spec::Node* node, const std::string& ptr) {
            if (is_labelled(j) || !(j.is_object() || j.is_array())) {
                if (j.is_string() && !(node && node->kind == spec::Kind::number)) return;  // names, files
                Parameter p;
                p.pointer = ptr;
                p.unit = node ? node->unit : "";
                if (is_labelled(j)) {
                    p.value = plain(j["value"]);
                    if (j.contains("low")) p.low = plain(j["low"]);
                    if (j.contains("high")) p.high = plain(j["high"]);
                    p.source = j.value("source", "");
                    p.status = j.value("status", "");
                    if (p.unit.empty() && j.contains("price_level")) p.unit = "kr (" + plain(j["price_level"]) + ")";
                } else {
                    p.value = plain(j);
                }
                out.push_back(std::move(p));
                return;
            }
            if (j.is_object()) {
                for (auto& [k, v] : j.items()) {
                    const spec::Node* child = nullptr;
                    if (node) {
                        if (node->kind == spec::Kind::object) {
                            for (auto& f : node->fields)
                                if (f.name == k) child = f.node.get();
                        } else if (node->kind == spec::Kind::map || node->kind == spec::Kind::by_year) {
                            child = node->items.get();
                        }
                    }
                    walk(v, child, spec::pointer_append(ptr, k));
                }
            } else {
                for (std::size_t i = 0; i < j.size(); ++i)
                    walk(j[i], node && node->kind == spec::Kind::array ? node->items.get() : nullptr,
                         ptr + "/" + std::to_string(i));
            }
        };
    walk(resolved, root.get(), "");
    return out;
}

// ---- assembly -------------------------------------------------------------------------------

std::vector<std::pair<std::string, std::string>> report_files(const Inputs& in) {
    std::vector<std::pair<std::string, std::string>> files;
    const std::vector<Chart> charts = render_charts(chart_specs(in), in.time);
    for (const Chart& c : charts) {
        for (auto& [name, content] : c.spec.data) files.emplace_back("charts/" + name, content);
        files.emplace_back("charts/" + c.spec.name + ".gp", c.spec.script);
        files.emplace_back("charts/" + c.spec.name + ".png", c.png);
        files.emplace_back("charts/" + c.spec.name + ".svg", c.svg);
        files.emplace_back("charts/" + c.spec.name + ".pdf", c.pdf);
    }
    files.emplace_back("kohorte-report.xlsx", workbook_xlsx(in));
    files.emplace_back("kohorte-report.html", html_report(in, charts));
    return files;
}

void write_report(const std::vector<std::string>& dirs, const std::string& out, Lang lang) {
    write_folder_atomically(out, report_files(load_inputs(dirs, lang)));
}

TempDir::TempDir(const std::string& prefix) {
    std::string pattern = (fs::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary folder " + pattern);
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

}  // namespace kohorte::report
