// Result files. Everything is written into a temporary folder beside the target and swapped
// into place only when complete, so a failed run never leaves half a result nor destroys the
// previous one.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine.h"

namespace kohorte {

std::string monthly_csv(const Results& r);
std::string cohorts_csv(const Results& r);
nlohmann::json summary_json(const Results& r);
nlohmann::json manifest_json(const Results& r, const std::string& command_line);

// Budget outputs (only when the scenario has a budget).
std::string budget_csv(const Results& r);
std::string budget_by_cohort_csv(const Results& r);
nlohmann::json budget_explain_json(const Results& r);
// `kohorte explain`: the rule, the amounts, the condition and the persons by cohort behind one
// budget line in one year, from a results folder's budget_explain.json. Throws
// std::invalid_argument for an unknown line or year.
std::string explain_budget_line(const nlohmann::json& explain, const std::string& line, int year);
// Next year's expected result grants with its 80 % interval, as numbers and one sentence.
nlohmann::json budget_forecast(const Results& r);

// Writes `files` (name, content; names may contain sub-folders) as the folder `dir`, atomically
// replacing an existing one.
void write_folder_atomically(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files);

// The four result files of a run, named with `prefix` (e.g. "base/").
std::vector<std::pair<std::string, std::string>> result_files(const Results& r, const std::string& command_line,
                                                              const std::string& prefix);
// monthly.csv, cohorts.csv, summary.json, manifest.json.
void write_results(const Results& r, const std::string& dir, const std::string& command_line);

// A number with fixed decimals for CSV files; NaN as an empty field, never "-0.00".
std::string format_number(double x, int decimals);

const char* program_version();
const char* git_commit();

}  // namespace kohorte
