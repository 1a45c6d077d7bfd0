// Danish education (danskuddannelse), in parallel with the pathway. Track DU1/DU2/DU3 follows
// from schooling and literacy; modules are passed one at a time, each taking a geometric number
// of months whose mean is the guidance figure, slower while working or in a placement; a final
// test (Prøve i Dansk 1/2/3) is sat at the next sitting after the last module. Dropout and pauses
// are monthly hazards; the entitlement ends 5 years after the start.
// Dropout and pause are competing events of one monthly draw (a studying person drops out,
// pauses, or goes on).
// Leaves out: module tests (assumed passed when the module is), Studieprøven, self-study.
#pragma once
#include <array>
#include <vector>

#include "person.h"
#include "random.h"
#include "spec.h"

namespace kohorte {

struct DanishParams {
    // Set from the scenario (read_danish: all required); the law's values are in scenarios/base.json.
    int start_delay_months = 0;
    int entitlement_months = 0;
    std::array<std::vector<double>, 3> module_months;  // per track: mean months per module
    double dropout_hazard = 0;  // per month
    double pause_hazard = 0;    // per month
    double resume_hazard = 0;   // per month, while paused
    std::vector<int> test_months;  // months of the year with a final-test sitting
    double pass_probability = 0.96;
    // Progress multiplier by activity (index Activity), and for part-time jobs.
    std::array<double, kLivingActivities> progress_by_activity{};
    double part_time_job_progress = 1.0;
    int part_time_below_hours = 30;
    double trauma_progress = 1.0;
    // Derived at read time: monthly probabilities of the constant hazards, and the hazard of
    // finishing each module (per track) at a multiplier of 1.
    double dropout_probability = 0, pause_probability = 0, resume_probability = 0;
    std::array<std::vector<double>, 3> module_hazard;
};

spec::NodePtr danish_spec();
DanishParams read_danish(const spec::json& j);

// Passed, dropped or expired: the course is over and danish_step does nothing more.
inline bool danish_finished(DanishStatus s) {
    return one_of<DanishStatus::passed, DanishStatus::dropped, DanishStatus::expired>(s);
}

// One month of Danish education. `policy_progress` multiplies module progress (job-oriented
// Danish and similar levers), `policy_dropout` the dropout hazard (the course fee).
void danish_step(Person& person, const DanishParams& p, double policy_progress, const Rng& rng, Month now,
                 double policy_dropout = 1.0);

// Danish level as a covariate of the pathway.
enum class DanishLevel : std::uint8_t { none, module4, passed };
DanishLevel danish_level(const Person& person);

}  // namespace kohorte
