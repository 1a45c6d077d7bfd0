// The initial caseload: persons already in the municipality at the start of the simulation,
// one anonymous CSV row each. Columns (header required, any order):
//   arrival_month (YYYY-MM, before the start), sex (male|female), age_at_arrival (18-64),
//   channel (asylum|quota|reunified), activity (waiting|praktik|loentilskud|igu|job|education|
//   inactive); optional: activity_since (YYYY-MM), schooling (du1|du2|du3), danish_modules
//   (0-6), danish_passed (yes|no), children (0-20), trauma (yes|no), jobparat (yes|no),
//   job_hours (1-60). Missing optional values are drawn from the arrival profile.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "scenario.h"

namespace kohorte {

namespace {

// The fields of one line, split at `separator`; `unclosed` says whether a quote was left open (a
// damaged line, not a field that runs to the end).
std::vector<std::string> split_csv(const std::string& line, bool& unclosed, char separator) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    for (char c : line) {
        if (c == '"') quoted = !quoted;
        else if (c == separator && !quoted) out.push_back(cur), cur.clear();
        else if (c != '\r') cur += c;
    }
    unclosed = quoted;
    out.push_back(cur);
    for (auto& f : out) {
        while (!f.empty() && f.front() == ' ') f.erase(f.begin());
        while (!f.empty() && f.back() == ' ') f.pop_back();
    }
    return out;
}

}  // namespace

std::vector<Person> read_caseload(const std::string& path, const Scenario& scenario) {
    if (std::filesystem::is_directory(path)) throw InputError({path + ": is a folder, expected an initial caseload file (.csv)"});
    std::ifstream in(path);
    if (!in) throw InputError({path + ": cannot open the initial caseload file"});
    std::string line;
    if (!std::getline(in, line)) throw InputError({path + ":1: empty file; expected a header line"});
    // Excel's "CSV UTF-8" starts the file with a byte order mark.
    if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    // A Danish Excel writes ";" between fields (its list separator, as the decimal mark is ","):
    // a header with semicolons and no comma means every line is split at ";".
    const char separator = line.find(',') == std::string::npos && line.find(';') != std::string::npos ? ';' : ',';
    bool unclosed = false;
    const auto header = split_csv(line, unclosed, separator);
    if (unclosed) throw InputError({path + ":1: a quote (\") is not closed"});
    std::map<std::string, std::size_t> col;
    const std::vector<std::string> known = {"arrival_month", "sex",           "age_at_arrival", "channel",
                                            "activity",      "activity_since", "schooling",      "danish_modules",
                                            "danish_passed", "children",       "trauma",         "jobparat",
                                            "job_hours"};
    std::vector<std::string> problems;
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (std::find(known.begin(), known.end(), header[i]) == known.end()) {
            std::string near = spec::nearest(header[i], known);
            problems.push_back(path + ":1: unknown column \"" + header[i] + "\"" +
                               (near.empty() ? "" : " (did you mean \"" + near + "\"?)"));
        }
        if (col.count(header[i]))
            problems.push_back(path + ":1: column \"" + header[i] + "\" appears twice (columns " +
                               std::to_string(col[header[i]] + 1) + " and " + std::to_string(i + 1) + ")");
        else col[header[i]] = i;
    }
    for (const char* required : {"arrival_month", "sex", "age_at_arrival", "channel", "activity"})
        if (!col.count(required)) problems.push_back(path + ":1: missing required column \"" + std::string(required) + "\"");
    if (!problems.empty()) throw InputError(problems);

    const Rng rng(scenario.simulation.seed, 0);
    std::vector<Person> people;
    int lineno = 1;
    while (std::getline(in, line)) {
        ++lineno;
        if (line.empty() || line == "\r") continue;
        const auto f = split_csv(line, unclosed, separator);
        if (unclosed) {
            problems.push_back(path + ":" + std::to_string(lineno) + ": a quote (\") is not closed");
            continue;
        }
        auto bad = [&](const std::string& column, const std::string& expected) {
            problems.push_back(path + ":" + std::to_string(lineno) + ": column " + column + ": expected " + expected +
                               ", got \"" + (col.count(column) && col[column] < f.size() ? f[col[column]] : "") + "\"");
        };
        if (f.size() != header.size()) {
            problems.push_back(path + ":" + std::to_string(lineno) + ": expected " + std::to_string(header.size()) +
                               " fields, got " + std::to_string(f.size()));
            continue;
        }
        auto get = [&](const char* c) -> std::string { return col.count(c) ? f[col[c]] : ""; };
        auto int_in = [&](const char* c, int lo, int hi, int& out) {
            const std::string v = get(c);
            try {
                std::size_t used = 0;
                out = std::stoi(v, &used);
                if (used == v.size() && out >= lo && out <= hi) return true;
            } catch (...) {
            }
            bad(c, "a whole number " + std::to_string(lo) + "-" + std::to_string(hi));
            return false;
        };
        auto yes_no = [&](const char* c, bool& out) {
            const std::string v = get(c);
            if (v == "yes" || v == "no") {
                out = v == "yes";
                return true;
            }
            bad(c, "yes or no");
            return false;
        };
        Person p;
        p.key = (std::uint64_t(1) << 62) | std::uint64_t(lineno);
        auto arrival = parse_month(get("arrival_month"));
        if (!arrival || *arrival >= scenario.simulation.start) {
            bad("arrival_month", "a month YYYY-MM before the simulation start " + format_month(scenario.simulation.start));
            continue;
        }
        p.arrival = *arrival;
        draw_attributes(p, get("channel") == "reunified" ? scenario.arrivals.reunified : scenario.arrivals.refugee, rng);
        const std::string sex = get("sex");
        if (sex != "male" && sex != "female") bad("sex", "male or female");
        p.sex = sex == "female" ? Sex::female : Sex::male;
        int age = 0;
        if (int_in("age_at_arrival", 18, 64, age)) p.age_at_arrival = std::uint8_t(age);
        const int channel = index_in(kChannelNames, get("channel"));
        if (channel < 0) bad("channel", "asylum, quota or reunified");
        else p.channel = Channel(channel);
        const int activity = index_in(kActivityNames, get("activity"));
        if (activity < int(Activity::waiting) || activity >= kLivingActivities)
            bad("activity", "waiting, praktik, loentilskud, igu, job, education or inactive");
        else p.activity = Activity(activity);
        p.state_since = scenario.simulation.start;
        if (!get("activity_since").empty()) {
            auto since = parse_month(get("activity_since"));
            if (!since || *since < p.arrival || *since > scenario.simulation.start)
                bad("activity_since", "a month YYYY-MM between arrival and the simulation start");
            else p.state_since = *since;
        }
        if (!get("schooling").empty()) {
            const int t = index_in(kTrackNames, get("schooling"));
            if (t < 0) bad("schooling", "du1, du2 or du3");
            else p.track = Track(t);
        }
        int n = 0;
        if (!get("children").empty() && int_in("children", 0, 20, n)) p.children = std::uint8_t(n);
        if (!get("trauma").empty()) yes_no("trauma", p.trauma);
        if (!get("jobparat").empty()) yes_no("jobparat", p.jobparat);
        p.job_hours = std::uint8_t(p.activity == Activity::igu ? scenario.pathway.igu_hours_per_week : 0);
        if (p.activity == Activity::job) p.job_hours = 37;
        if (!get("job_hours").empty() && int_in("job_hours", 1, 60, n)) p.job_hours = std::uint8_t(n);
        // Danish: assume the course started on time; modules completed so far.
        p.danish_start = (p.arrival + scenario.danish.start_delay_months).index;
        p.danish = DanishStatus::studying;
        const auto& modules = scenario.danish.module_months[int(p.track)];
        if (!get("danish_modules").empty() && int_in("danish_modules", 0, 6, n))
            p.danish_module = std::uint8_t(std::min<std::size_t>(n, modules.size()));
        if (p.danish_module >= modules.size()) p.danish = DanishStatus::awaiting_test;
        bool passed = false;
        if (!get("danish_passed").empty() && yes_no("danish_passed", passed) && passed) {
            p.danish = DanishStatus::passed;
            p.danish_module = std::uint8_t(modules.size());
            p.danish_passed = (scenario.simulation.start - 1).index;
        }
        if (p.activity == Activity::igu) p.ever_igu = true;
        p.first_offer = p.activity == Activity::praktik || p.activity == Activity::loentilskud ? p.state_since.index : kNever;
        people.push_back(p);
    }
    if (!problems.empty()) throw InputError(problems);
    return people;
}

}  // namespace kohorte
