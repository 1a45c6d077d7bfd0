#include "scenario.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "read.h"

namespace kohorte {

namespace fs = std::filesystem;
namespace s = spec;
using spec::json;

InputError::InputError(std::vector<std::string> list)
    : std::runtime_error(list.empty() ? "bad input" : list.front()), problems(std::move(list)) {}

namespace {

s::NodePtr build_spec() {
    auto simulation = s::object(
        "time, seed and replicates",
        {s::required("start", s::month("first simulated month")),
         s::required("end", s::month("last simulated month")),
         s::optional("report_from", s::month("first month in the outputs (default: start); earlier months are burn-in")),
         s::required("seed", s::integer(0, 9007199254740991.0, "", "random seed")),
         s::required("replicates", s::integer(2, 100000, "replicates", "independent runs of the whole population; at least 2, as percentiles and Monte Carlo errors need two or more")),
         s::optional("threads", s::with_default(s::integer(0, 1024, "threads", "worker threads; 0 = all cores"), 0)),
         s::optional("parameter_uncertainty",
                     s::with_default(s::boolean("each replicate draws every parameter with a low/high range "
                                                "(triangular low, value, high)"),
                                     false))});
    auto outputs = s::object(
        "output settings",
        {s::optional("cohort_horizons_months",
                     s::with_default(s::array_of(s::integer(1, 600, "months", ""),
                                                 "months after arrival at which cohorts are measured", 1, 24),
                                     json::array({6, 12, 24, 36, 60}))),
         s::optional("self_supporting_hours_per_week",
                     s::with_default(s::integer(1, 60, "hours/week",
                                                "a job of at least this many hours counts as off public benefits"),
                                     20))});
    return s::object(
        "a kohorte scenario",
        {s::optional("extends", s::text("base scenario file, relative to this file")),
         s::required("name", s::text("short name shown in outputs")),
         s::optional("description", s::with_default(s::text("what the scenario asks"), "")),
         s::required("simulation", simulation),
         s::required("arrivals", arrivals_spec()),
         s::required("profiles", profiles_spec()),
         s::required("reception", reception_spec()),
         s::required("danish", danish_spec()),
         s::required("pathway", pathway_spec()),
         s::required("demography", demography_spec()),
         s::required("capacity", capacity_spec()),
         s::required("policy", policy_spec()),
         s::optional("policy_changes",
                     s::map_of(s::as_partial(policy_spec()),
                               "policy changes in force from a month (key \"YYYY-MM\"), each overriding the "
                               "policy block partially")),
         s::optional("budget", budget_spec()),
         s::optional("initial_caseload", s::text("CSV of persons already in the programme at the start, "
                                                 "relative to the file that names it")),
         s::optional("outputs", s::with_default(outputs, json::object()))});
}

std::string line_col(const std::string& text, std::size_t byte) {
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n') ++line, col = 1;
        else ++col;
    }
    return std::to_string(line) + ":" + std::to_string(col);
}

struct Resolved {
    json doc;
    std::vector<std::pair<std::string, std::string>> origins;  // pointer -> file that set it
    std::vector<std::string> files;  // every file read: the extends chain, the caseload, the rule files
};

// A rule file and the files it extends, in `files` (a broken chain is reported when the rules are
// read; here it only ends the list).
void add_rule_chain(fs::path rule, std::vector<std::string>& files) {
    for (int depth = 0; depth < 64; ++depth) {
        files.push_back(rule.string());
        json j;
        try {
            j = read_json_file(rule.string(), "a rule file (.json)");
        } catch (const InputError&) {
            return;
        }
        if (!j.is_object() || !j.contains("extends") || !j["extends"].is_string()) return;
        rule = rule.parent_path() / j["extends"].get<std::string>();
    }
}

std::string origin_of(const std::vector<std::pair<std::string, std::string>>& origins, const std::string& pointer,
                      const std::string& fallback) {
    // The last file (the most derived one) that set this pointer, a parent of it, or a value
    // inside it: origins are recorded in the order the files are merged, base first.
    auto under = [](const std::string& inner, const std::string& outer) {
        return inner.compare(0, outer.size(), outer) == 0 && (inner.size() == outer.size() || inner[outer.size()] == '/');
    };
    std::string best = fallback;
    for (auto& [ptr, file] : origins)
        if (under(pointer, ptr) || under(ptr, pointer)) best = file;
    return best;
}

// A file that `name` names at `pointer` (`given`, found at `found`): a problem unless it is a file
// that can be read, so that the message says which scenario and key named it.
void check_named_file(const std::string& name, const std::string& pointer, const std::string& given,
                      const fs::path& found, const std::string& what, std::vector<std::string>& problems) {
    const std::string where = name + ": " + pointer + ": ";
    if (fs::is_directory(found)) problems.push_back(where + "\"" + given + "\" is a folder, expected " + what);
    else if (!fs::exists(found))
        problems.push_back(where + "cannot open \"" + given + "\": no such file (looked for " + found.string() + ")");
    else if (!std::ifstream(found)) problems.push_back(where + "cannot open \"" + given + "\" (" + found.string() + ")");
}

// A rule file and the files it `extends`, parsed strictly (duplicate keys, overflowing numbers)
// before the ledger reads them; the ledger's own checks follow.
void check_rule_json(const fs::path& path, std::vector<std::string>& problems, int depth = 0) {
    json doc;
    try {
        doc = read_json_file(path.string(), "a rule file (.json)");
    } catch (const InputError& e) {
        problems.insert(problems.end(), e.problems.begin(), e.problems.end());
        return;
    }
    // A longer chain is a cycle, which the ledger reports.
    if (depth > 32 || !doc.is_object() || !doc.contains("extends") || !doc["extends"].is_string()) return;
    const std::string given = doc["extends"].get<std::string>();
    const fs::path parent = path.parent_path() / given;
    const std::size_t before = problems.size();
    check_named_file(path.string(), "/extends", given, parent, "a rule file (.json)", problems);
    if (problems.size() == before) check_rule_json(parent, problems, depth + 1);
}

// A path written in a file, relative to that file, made absolute: the resolved scenario (`kohorte
// show`, the manifest) then works wherever it is saved and whatever the working folder.
std::string relative_to(const fs::path& file, const std::string& given) {
    return fs::absolute(file.parent_path() / given).lexically_normal().string();
}

Resolved resolve(const fs::path& path, std::vector<fs::path> chain) {
    const fs::path canonical = fs::weakly_canonical(path);
    const std::string name = path.string();
    if (std::find(chain.begin(), chain.end(), canonical) != chain.end()) {
        std::string cycle;
        for (auto& c : chain) cycle += c.filename().string() + " -> ";
        throw InputError({chain.back().string() + ": /extends: `extends` cycle: " + cycle + canonical.filename().string()});
    }
    json doc = read_json_file(name, "a scenario file (.json)");
    const auto& spec = *scenario_spec();
    std::vector<std::string> problems;
    for (auto& e : s::validate(doc, spec, /*partial=*/true)) problems.push_back(name + ": " + e.pointer + ": " + e.message);
    if (!problems.empty()) throw InputError(problems);

    // Paths inside the file are relative to it; each must name a readable file (checked here,
    // where the message can name this file and the key).
    if (doc.contains("initial_caseload")) {
        const std::string given = doc["initial_caseload"].get<std::string>();
        doc["initial_caseload"] = relative_to(path, given);
        check_named_file(name, "/initial_caseload", given, doc["initial_caseload"].get<std::string>(),
                         "an initial caseload file (.csv)", problems);
    }
    if (doc.contains("budget") && doc["budget"].contains("rules"))
        for (std::size_t i = 0; i < doc["budget"]["rules"].size(); ++i) {
            auto& rule = doc["budget"]["rules"][i];
            const std::string given = rule.get<std::string>();
            rule = relative_to(path, given);
            const std::size_t before = problems.size();
            check_named_file(name, "/budget/rules/" + std::to_string(i), given, rule.get<std::string>(),
                             "a rule file (.json)", problems);
            if (problems.size() == before) check_rule_json(rule.get<std::string>(), problems);
        }
    if (!problems.empty()) throw InputError(problems);

    Resolved base;
    std::vector<std::string> files = {name};
    if (doc.contains("initial_caseload")) files.push_back(doc["initial_caseload"].get<std::string>());
    if (doc.contains("budget") && doc["budget"].contains("rules"))
        for (auto& rule : doc["budget"]["rules"]) add_rule_chain(rule.get<std::string>(), files);
    chain.push_back(canonical);
    if (doc.contains("extends")) {
        const std::string given = doc["extends"].get<std::string>();
        const fs::path parent = path.parent_path() / given;
        if (!fs::exists(parent))
            throw InputError({name + ": /extends: the file \"" + given + "\" does not exist (looked for " +
                              fs::absolute(parent).lexically_normal().string() + ")"});
        if (fs::is_directory(parent))
            throw InputError({name + ": /extends: \"" + given + "\" is a folder, expected a scenario file (.json)"});
        base = resolve(parent, chain);
        doc.erase("extends");
    }
    Resolved out;
    out.origins = base.origins;
    out.doc = base.doc.is_null() ? json::object() : base.doc;
    out.doc = s::merge(out.doc, doc, spec, name, out.origins);
    out.files = std::move(files);
    out.files.insert(out.files.end(), base.files.begin(), base.files.end());
    return out;
}

using Origins = std::vector<std::pair<std::string, std::string>>;

// Years and months after simulation.end: a quota, a capacity, a business-cycle year or a policy
// change that the run never reaches. Set in the file that sets the end or in one extending it, it
// is an error (years added without moving the end); inherited from a file the end's file
// extends, as in a scenario shortened through `extends`, a warning, one per map. A quota of 0 is
// no quota (a year not listed has none), so it is not reported. Without origins (a scenario
// built from resolved JSON, e.g. a sweep point) every such entry is a warning.
void check_after_end(const json& j, Month end, const Origins& origins, const std::string& fallback,
                     std::vector<std::string>& problems, std::vector<std::string>& warnings) {
    auto rank = [&](const std::string& file) {
        for (std::size_t i = 0; i < origins.size(); ++i)
            if (origins[i].second == file) return i;
        return origins.size();
    };
    const std::string end_file = origin_of(origins, "/simulation/end", fallback);
    const std::string end_text = "/simulation/end (" + format_month(end) + ")";
    auto check = [&](const std::string& map, const std::vector<std::pair<std::string, bool>>& keys, bool months) {
        std::map<std::string, std::string> inherited;  // file -> keys, for the warning
        for (auto& [key, late] : keys) {
            if (!late) continue;
            const std::string pointer = map + "/" + key;
            const std::string file = origin_of(origins, pointer, fallback);
            if (!origins.empty() && rank(file) >= rank(end_file))
                problems.push_back(file + ": " + pointer + ": " + (months ? "the change in " : "the year ") + key +
                                   " lies after " + end_text + " and would never be simulated; move the end or "
                                   "remove the entry");
            else
                inherited[file] += (inherited[file].empty() ? "" : ", ") + key;
        }
        for (auto& [file, list] : inherited)
            warnings.push_back(file + ": " + map + ": " + list + " " +
                               (list.find(',') == std::string::npos ? "lies" : "lie") + " after /simulation/end (" +
                               format_month(end) + (origins.empty() ? std::string() : ", set in " + end_file) + "), and " +
                               (list.find(',') == std::string::npos ? "is" : "are") + " not simulated");
    };
    auto years = [&](const json& m, bool skip_zero) {
        std::vector<std::pair<std::string, bool>> keys;
        for (auto& [k, v] : m.items())
            keys.emplace_back(k, std::stoi(k) > end.year() && !(skip_zero && s::value_of(v) == 0));
        return keys;
    };
    check("/arrivals/refugees_per_year", years(j.at("arrivals").at("refugees_per_year"), true), false);
    for (const char* activity : {"praktik", "loentilskud", "igu"})
        for (const char* limit : {"places", "starts_per_month"})
            if (j.at("capacity").at(activity).contains(limit))
                check(std::string("/capacity/") + activity + "/" + limit,
                      years(j.at("capacity").at(activity).at(limit), false), false);
    check("/pathway/effects/business_cycle", years(j.at("pathway").at("effects").at("business_cycle"), false), false);
    if (j.contains("policy_changes")) {
        std::vector<std::pair<std::string, bool>> keys;
        for (auto& [k, v] : j.at("policy_changes").items()) keys.emplace_back(k, *parse_month(k) > end);
        check("/policy_changes", keys, true);
    }
}

template <class F>
auto with_origin(const std::vector<std::pair<std::string, std::string>>& origins, const std::string& fallback, F&& f) {
    try {
        return f();
    } catch (const ScenarioError& e) {
        throw InputError({origin_of(origins, e.pointer, fallback) + ": " + e.pointer + ": " + e.what()});
    }
}

Scenario build(const json& resolved, const std::vector<std::pair<std::string, std::string>>& origins,
               const std::string& fallback) {
    const auto& spec = *scenario_spec();
    std::vector<std::string> problems;
    // Values that follow another are worked out first, so that their numbers are checked too.
    std::vector<s::Error> errors;
    const json applied = s::with_follows(resolved, errors);
    for (auto& e : s::validate(applied, spec, /*partial=*/false)) errors.push_back(e);
    for (auto& e : errors) problems.push_back(origin_of(origins, e.pointer, fallback) + ": " + e.pointer + ": " + e.message);
    if (!problems.empty()) throw InputError(problems);

    return with_origin(origins, fallback, [&] {
        Scenario sc;
        sc.resolved = s::with_defaults(resolved, spec);  // with the ties, for sweeps and draws to vary
        const json j = s::with_defaults(applied, spec);
        sc.file = fallback;
        sc.name = j.at("name").get<std::string>();
        sc.description = j.at("description").get<std::string>();
        const json& sim = j.at("simulation");
        sc.simulation.start = month_at(sim, "start");
        sc.simulation.end = month_at(sim, "end");
        sc.simulation.report_from = sim.contains("report_from") ? month_at(sim, "report_from") : sc.simulation.start;
        sc.simulation.seed = sim.at("seed").get<std::uint64_t>();
        sc.simulation.replicates = integer(sim, "replicates");
        sc.simulation.threads = integer(sim, "threads");
        sc.simulation.parameter_uncertainty = sim.at("parameter_uncertainty").get<bool>();
        if (sc.simulation.end < sc.simulation.start)
            throw ScenarioError("/simulation/end", "end must not be before start");
        if (sc.simulation.end - sc.simulation.start >= 12 * 100)
            throw ScenarioError("/simulation/end", "at most 100 years can be simulated");
        if (sc.simulation.report_from < sc.simulation.start || sc.simulation.report_from > sc.simulation.end)
            throw ScenarioError("/simulation/report_from", "report_from must lie between start and end");

        sc.arrivals = read_arrivals(j.at("arrivals"), j.at("profiles"));
        sc.reception = read_reception(j.at("reception"));
        sc.danish = read_danish(j.at("danish"));
        sc.pathway = read_pathway(j.at("pathway"), sc.arrivals.refugee.origin, sc.arrivals.reunified.origin);
        sc.demography = read_demography(j.at("demography"));
        sc.capacity = read_capacity(j.at("capacity"));
        sc.policy.emplace_back(sc.simulation.start, read_policy(j.at("policy")));
        if (j.contains("policy_changes")) {
            // Each change applies on top of the policy in force before it (in date order).
            json current = j.at("policy");
            std::vector<std::pair<Month, std::string>> dates;
            for (auto& [k, v] : j.at("policy_changes").items()) {
                auto m = parse_month(k);
                if (!m) throw ScenarioError("/policy_changes/" + k, "expected a month \"YYYY-MM\" as key, got \"" + k + "\"");
                dates.emplace_back(*m, k);
            }
            std::sort(dates.begin(), dates.end());
            std::vector<std::pair<std::string, std::string>> ignored;
            for (auto& [m, k] : dates) {
                current = s::merge(current, j.at("policy_changes").at(k), *policy_spec(), "", ignored);
                try {
                    sc.policy.emplace_back(m, read_policy(current));
                } catch (const ScenarioError& e) {
                    throw ScenarioError("/policy_changes/" + k + e.pointer.substr(std::string("/policy").size()), e.what());
                }
                if (m <= sc.simulation.start) sc.policy.erase(sc.policy.begin(), sc.policy.end() - 1);
            }
        }
        std::vector<std::string> late;
        check_after_end(j, sc.simulation.end, origins, fallback, late, sc.warnings);
        if (!late.empty()) throw InputError(late);
        const json& out = j.at("outputs");
        for (auto& h : out.at("cohort_horizons_months")) sc.outputs.cohort_horizons_months.push_back(h.get<int>());
        std::sort(sc.outputs.cohort_horizons_months.begin(), sc.outputs.cohort_horizons_months.end());
        sc.outputs.cohort_horizons_months.erase(
            std::unique(sc.outputs.cohort_horizons_months.begin(), sc.outputs.cohort_horizons_months.end()),
            sc.outputs.cohort_horizons_months.end());
        sc.outputs.self_supporting_hours = integer(out, "self_supporting_hours_per_week");
        if (j.contains("initial_caseload")) sc.caseload = read_caseload(j.at("initial_caseload").get<std::string>(), sc);
        if (j.contains("budget")) {
            sc.budget = read_budget(j.at("budget"));
            sc.budget->igu_months = sc.pathway.max_months[int(Activity::igu)];
            // The forecast is the budget year's twelve months as budget.csv has them, which
            // starts with report_from's year: the run must simulate that whole year and report it.
            const SimulationSettings& t = sc.simulation;
            const int first = std::max(t.start.month_of_year() == 1 ? t.start.year() : t.start.year() + 1,
                                       t.report_from.year());
            const int last = t.end.month_of_year() == 12 ? t.end.year() : t.end.year() - 1;
            const int year = sc.budget->budget_year;
            if (year < first || year > last)
                throw ScenarioError(
                    "/budget/budget_year",
                    "budget_year " + std::to_string(year) + " is not a year the run simulates in full and reports: " +
                        (first <= last ? "expected a year from " + std::to_string(first) + " to " + std::to_string(last)
                                       : std::string("the run has no such year")) +
                        " (/simulation/start " + format_month(t.start) + ", /simulation/end " + format_month(t.end) +
                        (t.report_from == t.start ? std::string()
                                                  : ", /simulation/report_from " + format_month(t.report_from)) +
                        ")");
        }
        return sc;
    });
}

}  // namespace

spec::NodePtr scenario_spec() {
    static const s::NodePtr spec = build_spec();
    return spec;
}

const PolicyParams& Scenario::policy_at(Month m) const {
    const PolicyParams* p = &policy.front().second;
    for (auto& [from, params] : policy)
        if (from <= m) p = &params;
    return *p;
}

std::string read_input_file(const std::string& path, const std::string& what) {
    // An ifstream opens a folder on Linux and then reads nothing, which reads as an empty file.
    if (fs::is_directory(path)) throw InputError({path + ": is a folder, expected " + what});
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError({path + ": cannot open the file" + (fs::exists(path) ? "" : std::string(": no such file"))});
    std::stringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

json parse_json_text(const std::string& text, const std::string& name) {
    // The parser reports each object's keys as it reads them; a stack of the open objects and
    // arrays gives the JSON pointer of a key seen twice.
    struct Open {
        bool array = false;
        std::string pointer;
        std::size_t items = 0;      // array: elements read so far
        std::set<std::string> keys;  // object: keys read so far
        std::string key;             // object: the current key
    };
    std::vector<Open> open;
    std::vector<std::string> problems;
    auto child = [&] {
        if (open.empty()) return std::string();
        const Open& o = open.back();
        return s::pointer_append(o.pointer, o.array ? std::to_string(o.items) : o.key);
    };
    const json::parser_callback_t track = [&](int, json::parse_event_t event, json& parsed) {
        switch (event) {
            case json::parse_event_t::object_start:
            case json::parse_event_t::array_start: {
                Open o;
                o.array = event == json::parse_event_t::array_start;
                o.pointer = child();
                open.push_back(std::move(o));
                break;
            }
            case json::parse_event_t::key:
                open.back().key = parsed.get<std::string>();
                if (!open.back().keys.insert(open.back().key).second)
                    problems.push_back(name + ": " + child() + ": duplicate key \"" + open.back().key +
                                       "\"; each key may appear only once in an object");
                break;
            case json::parse_event_t::object_end:
            case json::parse_event_t::array_end:
                open.pop_back();
                if (!open.empty() && open.back().array) ++open.back().items;
                break;
            case json::parse_event_t::value:
                if (!open.empty() && open.back().array) ++open.back().items;
                break;
        }
        return true;
    };
    json doc;
    try {
        doc = json::parse(text, track, true, /*ignore_comments=*/true);
    } catch (const json::parse_error& e) {
        // nlohmann's message reads "[json.exception.parse_error.101] parse error at line L, column
        // C: what"; keep the what, and give the position as file:line:column.
        std::string what = e.what();
        const auto colon = what.find(": ", what.find("column"));
        throw InputError({name + ":" + line_col(text, e.byte > 0 ? e.byte - 1 : 0) + ": not valid JSON: " +
                          (colon == std::string::npos ? what : what.substr(colon + 2))});
    } catch (const json::out_of_range& e) {
        // "[json.exception.out_of_range.406] number overflow parsing '1e400'": no position, so
        // look for the number in the text.
        std::string what = e.what();
        const auto q1 = what.find('\''), q2 = what.rfind('\'');
        const std::string number = q1 != std::string::npos && q2 > q1 ? what.substr(q1 + 1, q2 - q1 - 1) : "";
        const auto at = number.empty() ? std::string::npos : text.find(number);
        throw InputError({name + (at == std::string::npos ? "" : ":" + line_col(text, at)) + ": the number " + number +
                          " is too large (beyond ±1.8e308); expected a finite number"});
    }
    if (!problems.empty()) throw InputError(problems);
    return doc;
}

json read_json_file(const std::string& path, const std::string& what) {
    return parse_json_text(read_input_file(path, what), path);
}

std::string check_file(const std::string& path, std::vector<std::string>* warnings) {
    const json doc = read_json_file(path, "a scenario or rule file (.json)");
    if (doc.is_object() && doc.contains("$schema") && doc["$schema"].is_string() &&
        doc["$schema"].get<std::string>().find("json-schema.org") != std::string::npos)
        return "skipped: the JSON Schema of scenario files (it has \"$schema\"), not a scenario";
    if (is_rule_json(doc)) {
        std::vector<std::string> problems;
        check_rule_json(path, problems);
        if (!problems.empty()) throw InputError(problems);
        load_rule_file(path);
    } else {
        const Scenario s = load_scenario(path);
        if (warnings) *warnings = s.warnings;
    }
    return "ok";
}

std::vector<std::string> scenario_files(const std::string& path) {
    std::vector<std::string> files = resolve(path, {}).files;
    for (auto& f : files) f = fs::path(f).lexically_normal().string();
    return files;
}

json resolve_scenario_json(const std::string& path) {
    return s::with_defaults(resolve(path, {}).doc, *scenario_spec());
}

Scenario load_scenario(const std::string& path) {
    Resolved r = resolve(path, {});
    return build(r.doc, r.origins, path);
}

Scenario scenario_from_json(const json& resolved, const std::string& origin) {
    std::vector<std::string> problems;
    for (auto& e : s::validate(resolved, *scenario_spec(), /*partial=*/true))
        problems.push_back(origin + ": " + e.pointer + ": " + e.message);
    if (!problems.empty()) throw InputError(problems);
    return build(resolved, {}, origin);
}

}  // namespace kohorte
