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

// Whether `dir` is a folder kohorte wrote: a real folder (not a symbolic link) whose
// manifest.json says "program": "kohorte" (or, written before every folder had one, a comparison
// or report folder). Only such a folder is ever replaced.
bool is_results_folder(const std::string& dir);

// Throws InputError (exit 2) unless results may be written to `dir`: it does not exist, or it is a
// results folder (is_results_folder), or is an empty folder. `label` names it in messages (e.g. "--out x"; default: dir).
void check_output_target(const std::string& dir, const std::string& label = "");
// Throws InputError if writing `dir` would replace one of `inputs` (dir is an input or holds one).
void check_output_not_input(const std::string& dir, const std::vector<std::string>& inputs,
                            const std::string& label = "");

// A results folder in the making. The files go into a temporary folder beside the target
// (`.NAME.tmp-PID-N/NAME`, so they already sit in a folder of the target's name) and commit()
// swaps it into place; until then the target is untouched, and an uncommitted folder is removed
// when the object goes. A previous results folder is replaced only if it may be
// (check_output_target) and can be removed whole (every folder in it writable); it is moved aside,
// the new one moved in, and the old one deleted, and if the move fails the old one is put back.
//
//   kohorte::StagedFolder out("results/base");        // checks, cleans up after killed runs
//   out.write("monthly.csv", kohorte::monthly_csv(r));
//   out.commit();                                     // results/base is replaced now
class StagedFolder {
public:
    // Checks the target, removes temporary folders of the same target left by runs that no
    // longer live, and creates the temporary folder. Throws InputError for a target that may not
    // be replaced or a parent folder that cannot be created or written to.
    explicit StagedFolder(const std::string& dir, const std::string& label = "");
    ~StagedFolder();
    StagedFolder(const StagedFolder&) = delete;
    StagedFolder& operator=(const StagedFolder&) = delete;

    // Writes one file (the name may contain sub-folders) into the temporary folder.
    void write(const std::string& name, const std::string& content);
    // The temporary folder, to write into directly (e.g. a report) before commit().
    const std::string& path() const { return staged_; }
    // The target as given.
    const std::string& target() const { return dir_; }
    // Adds a minimal manifest.json if none was written (so a later run recognises the folder),
    // then moves the folder into place. Throws InputError if the target may no longer be replaced.
    void commit();

private:
    std::string dir_, label_, target_, tmp_, staged_;
    bool committed_ = false;
};

// Writes `files` (name, content; names may contain sub-folders) as the folder `dir` through a
// StagedFolder, atomically replacing a previous results folder.
void write_folder_atomically(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files);

namespace report {
enum class Lang;
}
// The committee outputs (`kohorte report`) of a staged results folder, written into its report/
// before commit(), so that a failed report leaves the previous results in place.
void write_report_into(const StagedFolder& folder, report::Lang lang);

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
