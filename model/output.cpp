#include "output.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>

#include "kohorte_version.h"
#include "report.h"
#include "scenario.h"
#include "summary.h"

namespace kohorte {

namespace fs = std::filesystem;
using nlohmann::json;

const char* program_version() { return KOHORTE_VERSION; }

std::string format_number(double x, int decimals) {
    if (std::isnan(x)) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
    // "-0.0000" reads badly and would differ from "0.0000" only by rounding noise.
    if (buf[0] == '-' && std::strspn(buf + 1, "0.") == std::strlen(buf + 1)) return buf + 1;
    return buf;
}
const char* git_commit() { return KOHORTE_GIT_COMMIT; }

namespace {

std::string num(double x, int decimals = 4) { return format_number(x, decimals); }

double round_to(double x, int decimals) {
    const double f = std::pow(10.0, decimals);
    return std::round(x * f) / f;
}

// Per-replicate shares of one cohort cell, skipping replicates where nobody was present.
std::vector<double> cohort_shares(const Results& r, std::size_t cell, int outcome, double& persons) {
    std::vector<double> v;
    persons = 0;
    for (auto& rep : r.replicates) {
        const double den = rep.cohort_den[cell];
        persons += den;
        if (den > 0) v.push_back(rep.cohort_num[cell * kOutcomeCount + outcome] / den);
    }
    persons /= double(r.replicates.size());
    return v;
}

// mean,p10,p50,p90,mcse — in expected-value mode only the mean (there is no sampling).
std::string bands(const Results& r, const Stats& s) {
    if (r.expected_value) return num(s.mean) + ",,,,";
    return num(s.mean) + "," + num(s.p10) + "," + num(s.p50) + "," + num(s.p90) + "," + num(s.mcse);
}

}  // namespace

std::string monthly_csv(const Results& r) {
    std::string out = "month,measure,unit,mean,p10,p50,p90,mcse\n";
    const auto& sim = r.scenario->simulation;
    std::vector<double> v(r.replicates.size());
    for (int m = sim.report_from - sim.start; m < r.shape.months; ++m) {
        const std::string month = format_month(sim.start + m);
        for (int k = 0; k < kMeasureCount; ++k) {
            for (std::size_t i = 0; i < v.size(); ++i) v[i] = r.replicates[i].monthly[r.shape.monthly_index(m, k)];
            const Stats s = summarize(v);
            const Label& l = measure_label(k);
            out += month + "," + l.name + "," + l.unit + "," + bands(r, s) + "\n";
        }
    }
    return out;
}

std::string cohorts_csv(const Results& r) {
    std::string out = "arrival_year,sex,months_after_arrival,outcome,persons,mean,p10,p50,p90,mcse\n";
    for (int c = 0; c < r.shape.cohorts; ++c)
        for (int sex = 0; sex < 3; ++sex)
            for (std::size_t h = 0; h < r.shape.horizons.size(); ++h) {
                const std::size_t cell = r.shape.cohort_index(c, sex, int(h));
                for (int o = 0; o < kOutcomeCount; ++o) {
                    double persons = 0;
                    auto v = cohort_shares(r, cell, o, persons);
                    if (v.empty()) continue;  // not observed: the horizon lies beyond the end
                    const Stats s = summarize(v);
                    out += std::to_string(r.shape.first_cohort + c) + "," + kSexGroups[sex] + "," +
                           std::to_string(r.shape.horizons[h]) + "," + outcome_label(o).name + "," + num(persons, 2) +
                           "," + bands(r, s) + "\n";
                }
            }
    return out;
}

json summary_json(const Results& r) {
    const Scenario& s = *r.scenario;
    json j;
    j["scenario"] = s.name;
    j["description"] = s.description;
    // Expected-value mode computes, it does not sample: no replicates and no P10/P90 (as in
    // monthly.csv and cohorts.csv), and "mode" says so.
    const bool exact = r.expected_value;
    if (exact) j["mode"] = "expected_value";
    else j["replicates"] = s.simulation.replicates;
    j["seed"] = s.simulation.seed;
    j["period"] = {format_month(s.simulation.report_from), format_month(s.simulation.end)};
    std::vector<double> persons;
    for (auto& rep : r.replicates) persons.push_back(rep.persons);
    j["persons_simulated_mean"] = round_to(summarize(persons).mean, 2);
    j["person_months"] = r.person_months;

    // Persons by activity in the last month.
    json last = json::object();
    const int m = r.shape.months - 1;
    for (int k = 0; k < kLivingActivities; ++k) {
        std::vector<double> v;
        for (auto& rep : r.replicates) v.push_back(rep.monthly[r.shape.monthly_index(m, k)]);
        const Stats st = summarize(v);
        last[measure_label(k).name] = exact ? json{{"mean", round_to(st.mean, 4)}}
                                            : json{{"mean", round_to(st.mean, 4)}, {"p10", round_to(st.p10, 4)},
                                                   {"p90", round_to(st.p90, 4)}};
    }
    j["last_month"] = {{"month", format_month(s.simulation.end)}, {"persons", last}};

    // Headline cohort results: wage employment at 36 months and a Danish test by 60 months.
    json cohorts = json::array();
    auto find_h = [&](int months) {
        for (std::size_t h = 0; h < r.shape.horizons.size(); ++h)
            if (r.shape.horizons[h] == months) return int(h);
        return -1;
    };
    for (int c = 0; c < r.shape.cohorts; ++c) {
        json row = {{"arrival_year", r.shape.first_cohort + c}};
        bool any = false;
        for (auto [name, months, outcome] : {std::tuple{"wage_employment_36m", 36, int(Outcome::wage_employment)},
                                             std::tuple{"ordinary_employment_60m", 60, int(Outcome::ordinary_employment)},
                                             std::tuple{"danish_test_passed_60m", 60, int(Outcome::danish_test_passed)}}) {
            const int h = find_h(months);
            if (h < 0) continue;
            double n = 0;
            auto v = cohort_shares(r, r.shape.cohort_index(c, 0, h), outcome, n);
            if (v.empty()) continue;
            const Stats st = summarize(v);
            row[name] = exact ? json{{"mean", round_to(st.mean, 4)}, {"persons", round_to(n, 2)}}
                              : json{{"mean", round_to(st.mean, 4)}, {"p10", round_to(st.p10, 4)},
                                     {"p90", round_to(st.p90, 4)}, {"persons", round_to(n, 2)}};
            any = true;
        }
        if (any) cohorts.push_back(row);
    }
    j["cohorts"] = cohorts;

    // The longest mean queue over the reported months.
    json queues = json::object();
    for (int q = int(Measure::queue_praktik); q <= int(Measure::queue_igu); ++q) {
        double worst = 0;
        for (int mm = s.simulation.report_from - s.simulation.start; mm < r.shape.months; ++mm) {
            double sum = 0;
            for (auto& rep : r.replicates) sum += rep.monthly[r.shape.monthly_index(mm, q)];
            worst = std::max(worst, sum / double(r.replicates.size()));
        }
        queues[measure_label(q).name] = round_to(worst, 4);
    }
    j["longest_mean_queue"] = queues;
    if (r.shape.budget) j["budget_forecast"] = budget_forecast(r);
    return j;
}

json manifest_json(const Results& r, const std::string& command_line) {
    const Scenario& s = *r.scenario;
    json j;
    j["program"] = "kohorte";
    j["version"] = program_version();
    j["git_commit"] = git_commit();
    j["command"] = command_line;
    j["scenario_file"] = s.file;
    j["seed"] = s.simulation.seed;
    j["replicates"] = s.simulation.replicates;
    j["mode"] = r.expected_value ? "expected_value" : "simulation";
    j["threads"] = r.threads;
    j["wall_seconds"] = round_to(r.wall_seconds, 3);
    j["person_months"] = r.person_months;
    j["files"] = {"monthly.csv", "cohorts.csv", "summary.json", "manifest.json"};
    if (r.shape.budget)
        for (const char* f : {"budget.csv", "budget_by_cohort.csv", "budget_explain.json"}) j["files"].push_back(f);
    if (!r.drawn_parameters.empty()) {
        json draws = json::array();
        for (std::size_t k = 0; k < r.drawn_parameters.size(); ++k) {
            json values = json::array();
            for (auto& rep : r.draws) values.push_back(rep[k]);
            draws.push_back({{"parameter", r.drawn_parameters[k]}, {"values_by_replicate", values}});
        }
        j["parameter_draws"] = draws;
    }
    std::vector<spec::Error> ignored;  // the scenario was checked when it was read
    j["resolved_scenario"] = spec::with_follows(s.resolved, ignored, /*freeze=*/true);  // the values that ran
    return j;
}

namespace {

// "Permission denied" → "permission denied", to continue a sentence.
std::string reason(int err) {
    std::string r = std::strerror(err);
    if (!r.empty()) r[0] = char(std::tolower(static_cast<unsigned char>(r[0])));
    return r;
}

// The target as an absolute path without a trailing slash ("results/" is the folder "results").
fs::path target_path(const std::string& dir, const std::string& label) {
    if (dir.empty()) throw InputError({"the results folder name is empty: expected a folder such as results/base"});
    fs::path p = fs::absolute(dir).lexically_normal();
    if (!p.has_filename()) p = p.parent_path();
    if (!p.has_filename()) throw InputError({label + ": cannot be a results folder: expected a folder such as results/base"});
    return p;
}

bool manifest_says_kohorte(const fs::path& file) {
    std::error_code ec;
    if (!fs::is_regular_file(fs::symlink_status(file, ec))) return false;
    std::ifstream in(file, std::ios::binary);
    const json j = json::parse(in, nullptr, /*allow_exceptions=*/false);
    return j.is_object() && j.contains("program") && j["program"] == "kohorte";
}

// A folder (or the folder itself) inside `dir` whose entries cannot be removed; empty if none.
// Checked before the swap, so that deleting the previous results cannot fail halfway.
std::string unremovable(const fs::path& dir) {
    if (::access(dir.c_str(), W_OK | X_OK) != 0) return dir.string();
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        std::error_code e;
        if (fs::is_directory(it->symlink_status(e)) && ::access(it->path().c_str(), W_OK | X_OK) != 0)
            return it->path().string();
    }
    return ec ? dir.string() : "";
}

// Throws unless `target` (absolute) may be written, and if it exists, replaced whole.
void check_target(const fs::path& target, const std::string& label) {
    std::error_code ec;
    const fs::file_status st = fs::symlink_status(target, ec);
    if (!fs::exists(st)) return;
    if (fs::is_symlink(st))
        throw InputError({label + ": is a symbolic link, not a kohorte results folder; choose another folder or remove the link"});
    if (!fs::is_directory(st)) throw InputError({label + ": exists and is not a folder; choose another folder or remove it"});
    // An empty folder holds nothing to lose (e.g. one made with mkdir for the results).
    const bool empty = fs::is_empty(target, ec) && !ec;
    if (!empty && !is_results_folder(target.string()))
        throw InputError({label + ": exists and is not a kohorte results folder; choose another folder or remove it"});
    const std::string stuck = unremovable(target);
    if (!stuck.empty())
        throw InputError({label + ": the previous results cannot be replaced: " + stuck +
                          " is not writable (permission denied); make it writable or choose another folder"});
}

// The NAME of a target's temporary folders `.NAME.tmp-PID-N`: the target's name, cut to 200
// bytes (at a UTF-8 character boundary) so that the temporary name stays within the 255 bytes a
// file name may have when the target's own name is near that limit.
std::string temporary_stem(const std::string& name) {
    if (name.size() <= 200) return name;
    std::size_t n = 200;
    while (n > 0 && (static_cast<unsigned char>(name[n]) & 0xC0) == 0x80) --n;  // not inside a character
    return name.substr(0, n);
}

// Temporary folders `.NAME.tmp-PID-N` of this target whose process is gone (killed while
// writing); those of live processes, and anything else, are left alone.
void remove_stale_temporaries(const fs::path& parent, const std::string& name) {
    const std::string prefix = "." + temporary_stem(name) + ".tmp-";
    std::vector<fs::path> stale;
    std::error_code ec;
    for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string f = it->path().filename().string();
        if (f.rfind(prefix, 0) != 0) continue;
        const std::string rest = f.substr(prefix.size());  // PID-N
        const auto dash = rest.find('-');
        if (dash == std::string::npos || dash == 0 || dash > 9 || dash + 1 == rest.size() ||
            rest.find_first_not_of("0123456789", dash + 1) != std::string::npos ||
            rest.find_first_not_of("0123456789") != dash)
            continue;
        const pid_t pid = pid_t(std::stol(rest.substr(0, dash)));
        if (pid <= 0 || pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;
        std::error_code e;
        if (fs::is_directory(it->symlink_status(e))) stale.push_back(it->path());
    }
    for (auto& p : stale) fs::remove_all(p, ec);
}

}  // namespace

bool is_results_folder(const std::string& dir) {
    const fs::path d(dir);
    std::error_code ec;
    if (!fs::is_directory(fs::symlink_status(d, ec))) return false;
    if (manifest_says_kohorte(d / "manifest.json")) return true;
    // Written before comparison and report folders had a manifest of their own.
    if (fs::is_regular_file(fs::symlink_status(d / "kohorte-report.html", ec))) return true;
    if (fs::is_regular_file(fs::symlink_status(d / "comparison.json", ec))) {
        std::ifstream in(d / "comparison.json", std::ios::binary);
        const json c = json::parse(in, nullptr, false);
        return c.is_object() && c.contains("base") && c["base"].is_string() &&
               manifest_says_kohorte(d / c["base"].get<std::string>() / "manifest.json");
    }
    return false;
}

void check_output_target(const std::string& dir, const std::string& label) {
    const std::string l = label.empty() ? dir : label;
    check_target(target_path(dir, l), l);
}

void check_output_not_input(const std::string& dir, const std::vector<std::string>& inputs, const std::string& label) {
    const std::string l = label.empty() ? dir : label;
    auto real = [](fs::path p) {
        std::error_code ec;
        fs::path c = fs::weakly_canonical(p, ec);
        return ec ? p : c;
    };
    const fs::path out = real(target_path(dir, l));
    for (auto& input : inputs) {
        if (input.empty()) continue;
        const fs::path in = real(target_path(input, input));
        if (in == out) throw InputError({l + ": is also an input (" + input + "); choose another folder"});
        const auto [o, i] = std::mismatch(out.begin(), out.end(), in.begin(), in.end());
        if (o == out.end())
            throw InputError({l + ": holds the input " + input + ", which replacing it would delete; choose another folder"});
    }
}

StagedFolder::StagedFolder(const std::string& dir, const std::string& label)
    : dir_(dir), label_(label.empty() ? dir : label) {
    const fs::path target = target_path(dir, label_);
    check_target(target, label_);
    const fs::path parent = target.parent_path();
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec) throw InputError({label_ + ": cannot create the folder " + parent.string() + ": " + reason(ec.value())});
    remove_stale_temporaries(parent, target.filename().string());
    std::random_device rd;
    fs::path tmp;
    for (int attempt = 0;; ++attempt) {
        tmp = parent / ("." + temporary_stem(target.filename().string()) + ".tmp-" + std::to_string(::getpid()) + "-" +
                        std::to_string(rd() % 100000));
        if (::mkdir(tmp.c_str(), 0777) == 0) break;
        if (errno != EEXIST || attempt == 100)
            throw InputError({label_ + ": cannot create the results folder in " + parent.string() + ": " + reason(errno)});
    }
    target_ = target.string();
    tmp_ = tmp.string();
    // The files sit in a folder of the target's own name, so that what reads them before the move
    // (a report) sees the same folder name as later.
    staged_ = (tmp / target.filename()).string();
    if (::mkdir(staged_.c_str(), 0777) != 0) {
        const int err = errno;
        fs::remove_all(tmp, ec);
        throw InputError({label_ + ": cannot create the results folder in " + parent.string() + ": " + reason(err)});
    }
}

StagedFolder::~StagedFolder() {
    std::error_code ec;
    if (!tmp_.empty()) fs::remove_all(tmp_, ec);
}

void StagedFolder::write(const std::string& name, const std::string& content) {
    const fs::path file = fs::path(staged_) / name;
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    std::ofstream out(file, std::ios::binary);
    out << content;
    out.close();
    if (ec || !out) throw std::runtime_error(label_ + ": writing " + name + " failed: " + reason(ec ? ec.value() : errno));
}

void StagedFolder::commit() {
    const fs::path staged(staged_), target(target_);
    std::error_code ec;
    if (!fs::exists(staged / "manifest.json", ec)) {
        std::vector<std::string> files;
        for (fs::recursive_directory_iterator it(staged, ec), end; !ec && it != end; it.increment(ec))
            if (it->is_regular_file()) files.push_back(fs::relative(it->path(), staged).generic_string());
        std::sort(files.begin(), files.end());
        files.push_back("manifest.json");
        const json manifest = {{"program", "kohorte"}, {"version", program_version()}, {"git_commit", git_commit()},
                               {"files", files}};
        write("manifest.json", manifest.dump(2) + "\n");
    }
    if (!fs::exists(fs::symlink_status(target, ec))) {
        if (std::rename(staged.c_str(), target.c_str()) != 0)
            throw std::runtime_error(label_ + ": cannot move the results into place: " + reason(errno));
    } else {
        check_target(target, label_);  // the run may have taken a while
        // One step where the filesystem can: the new folder in, the old one into the temporary folder.
        if (::renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
            if (errno != EINVAL && errno != ENOSYS)
                throw std::runtime_error(label_ + ": cannot replace the previous results (kept): " + reason(errno));
            const fs::path aside = fs::path(tmp_) / "previous";
            if (std::rename(target.c_str(), aside.c_str()) != 0)
                throw std::runtime_error(label_ + ": cannot move the previous results aside (kept): " + reason(errno));
            if (std::rename(staged.c_str(), target.c_str()) != 0) {
                const int err = errno;
                if (std::rename(aside.c_str(), target.c_str()) != 0) {
                    tmp_.clear();  // it holds the previous results now: never remove them
                    throw std::runtime_error(label_ + ": cannot move the new results into place (" + reason(err) +
                                             ") nor the previous ones back; they are in " + aside.string());
                }
                throw std::runtime_error(label_ + ": cannot move the new results into place (previous results kept): " +
                                         reason(err));
            }
        }
    }
    committed_ = true;
    // The previous results: checked to be removable; whatever a failure leaves here the next run
    // writing to this target removes (its process is gone by then).
    fs::remove_all(tmp_, ec);
    tmp_.clear();
}

void write_folder_atomically(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files) {
    StagedFolder folder(dir);
    for (auto& [name, content] : files) folder.write(name, content);
    folder.commit();
}

void write_report_into(const StagedFolder& folder, report::Lang lang) {
    report::Inputs in = report::load_inputs({folder.path()}, lang);
    // The report's "how to reproduce" names the folder the results will be in, not the temporary one.
    in.folders.front().dir = fs::path(folder.target()).lexically_normal().string();
    write_folder_atomically((fs::path(folder.path()) / "report").string(), report::report_files(in));
}

std::vector<std::pair<std::string, std::string>> result_files(const Results& r, const std::string& command_line,
                                                              const std::string& prefix) {
    std::vector<std::pair<std::string, std::string>> files = {
        {prefix + "monthly.csv", monthly_csv(r)},
        {prefix + "cohorts.csv", cohorts_csv(r)},
        {prefix + "summary.json", summary_json(r).dump(2) + "\n"},
        {prefix + "manifest.json", manifest_json(r, command_line).dump(2) + "\n"}};
    if (r.shape.budget) {
        files.emplace_back(prefix + "budget.csv", budget_csv(r));
        files.emplace_back(prefix + "budget_by_cohort.csv", budget_by_cohort_csv(r));
        files.emplace_back(prefix + "budget_explain.json", budget_explain_json(r).dump(1) + "\n");
    }
    return files;
}

void write_results(const Results& r, const std::string& dir, const std::string& command_line) {
    write_folder_atomically(dir, result_files(r, command_line, ""));
}

}  // namespace kohorte
