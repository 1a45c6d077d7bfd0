#include "output.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>

#include "kohorte_version.h"
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
    j["replicates"] = s.simulation.replicates;
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
        last[measure_label(k).name] = {{"mean", round_to(st.mean, 4)}, {"p10", round_to(st.p10, 4)},
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
            row[name] = {{"mean", round_to(st.mean, 4)}, {"p10", round_to(st.p10, 4)}, {"p90", round_to(st.p90, 4)},
                         {"persons", round_to(n, 2)}};
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
    j["resolved_scenario"] = s.resolved;
    return j;
}

void write_folder_atomically(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files) {
    const fs::path target = fs::absolute(dir).lexically_normal();
    const fs::path parent = target.parent_path();
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec) throw std::runtime_error(parent.string() + ": cannot create the folder: " + ec.message());
    std::random_device rd;
    const fs::path tmp = parent / ("." + target.filename().string() + ".tmp-" + std::to_string(getpid()) + "-" +
                                   std::to_string(rd() % 100000));
    try {
        fs::create_directory(tmp);
        for (auto& [name, content] : files) {
            fs::create_directories((tmp / name).parent_path());
            std::ofstream out(tmp / name, std::ios::binary);
            out << content;
            out.close();
            if (!out) throw std::runtime_error((tmp / name).string() + ": write failed");
        }
        if (fs::exists(target)) {
            // Swap the new folder with the old one in one step, then remove the old one.
            if (renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0)
                throw std::runtime_error(target.string() + ": cannot replace the folder");
            fs::remove_all(tmp);
        } else {
            fs::rename(tmp, target);
        }
    } catch (...) {
        fs::remove_all(tmp, ec);
        throw;
    }
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
