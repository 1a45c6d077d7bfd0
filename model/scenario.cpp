#include "scenario.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
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
         s::required("replicates", s::integer(1, 100000, "replicates", "independent runs of the whole population")),
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
};

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

Resolved resolve(const fs::path& path, std::vector<fs::path> chain) {
    const fs::path canonical = fs::weakly_canonical(path);
    const std::string name = path.string();
    if (std::find(chain.begin(), chain.end(), canonical) != chain.end()) {
        std::string cycle;
        for (auto& c : chain) cycle += c.filename().string() + " -> ";
        throw InputError({chain.back().string() + ": /extends: `extends` cycle: " + cycle + canonical.filename().string()});
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError({name + ": cannot open the file"});
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string text = buf.str();
    json doc;
    try {
        doc = json::parse(text, nullptr, true, /*ignore_comments=*/true);
    } catch (const json::parse_error& e) {
        // nlohmann's message reads "[json.exception.parse_error.101] parse error at line L, column
        // C: what"; keep the what, and give the position as file:line:column.
        std::string what = e.what();
        const auto colon = what.find(": ", what.find("column"));
        throw InputError({name + ":" + line_col(text, e.byte > 0 ? e.byte - 1 : 0) + ": not valid JSON: " +
                          (colon == std::string::npos ? what : what.substr(colon + 2))});
    }
    const auto& spec = *scenario_spec();
    std::vector<std::string> problems;
    for (auto& e : s::validate(doc, spec, /*partial=*/true)) problems.push_back(name + ": " + e.pointer + ": " + e.message);
    if (!problems.empty()) throw InputError(problems);

    // Paths inside the file are relative to it.
    if (doc.contains("initial_caseload"))
        doc["initial_caseload"] = (path.parent_path() / doc["initial_caseload"].get<std::string>()).lexically_normal().string();
    if (doc.contains("budget") && doc["budget"].contains("rules"))
        for (auto& rule : doc["budget"]["rules"])
            rule = (path.parent_path() / rule.get<std::string>()).lexically_normal().string();

    Resolved base;
    chain.push_back(canonical);
    if (doc.contains("extends")) {
        const fs::path parent = path.parent_path() / doc["extends"].get<std::string>();
        if (!fs::exists(parent))
            throw InputError({name + ": /extends: the file \"" + doc["extends"].get<std::string>() +
                              "\" does not exist (looked for " + parent.string() + ")"});
        base = resolve(parent, chain);
        doc.erase("extends");
    }
    Resolved out;
    out.origins = base.origins;
    out.doc = base.doc.is_null() ? json::object() : base.doc;
    out.doc = s::merge(out.doc, doc, spec, name, out.origins);
    return out;
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
    for (auto& e : s::validate(resolved, spec, /*partial=*/false))
        problems.push_back(origin_of(origins, e.pointer, fallback) + ": " + e.pointer + ": " + e.message);
    if (!problems.empty()) throw InputError(problems);

    return with_origin(origins, fallback, [&] {
        Scenario sc;
        sc.resolved = s::with_defaults(resolved, spec);
        const json& j = sc.resolved;
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
