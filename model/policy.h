// Policy levers: the choices a municipality (or the law) makes, read from the scenario's
// `policy` block and optionally changed from a date by `policy_changes`. Each lever's effect
// sizes are data, with sources in the scenario file; the processes apply them.
#pragma once
#include <cmath>

#include "calendar.h"
#include "effects.h"
#include "person.h"
#include "spec.h"

namespace kohorte {

struct PolicyParams {
    // Every field is set from the scenario (read_policy: all required); the law's values live in
    // scenarios/base.json with their sources, so the defaults here are neutral, not Danish law.
    int programme_months = 0;  // integration programme length; after it, `after_programme` effects

    struct FirstOffer {  // deadline for the first company-based offer after reception
        bool enabled = false;
        double within_weeks = 4;
        double compliance = 0.5;  // share of job-ready men (the reference) who get the first offer by the deadline
        // The constant monthly hazard that gives `compliance` by the deadline (set when read).
        double hazard() const { return -std::log1p(-compliance) / (within_weeks * 12.0 / 52.0); }
        double hazard_per_month = 0;
    } first_offer;

    struct JobOrientedDanish {  // job-oriented Danish / industry packages (branchepakker)
        bool enabled = false;
        double job_entry_male = 1.0, job_entry_female = 1.0;
        int from_month = 0, to_month = 0;  // months since arrival when the effect applies
        double danish_progress = 1.0;
    } job_oriented_danish;

    struct Igu {
        bool enabled = false;
        Month from, until;  // months new IGUs may start
        int age_min = 18, age_max = 64;
        int max_residence_years = 0;
        // Women's IGU start hazards × this: their take-up of the scheme, low in its first
        // years and near parity later (a date-dependent value, set through policy_changes).
        double female_start = 1.0;
    } igu;

    struct Mentor {  // mentor / aftercare (efterværn) in the first months of a job
        bool enabled = false;
        double job_exit = 1.0;
        int months = 12;
    } mentor;

    struct OutreachWomen {
        bool enabled = false;
        double offer = 1.0, job_entry = 1.0;
    } outreach_women;

    struct DanishFee {  // the 2018 participant fee for self-supporting students (refugees in work)
        bool enabled = false;
        double dropout_in_job = 1.0;  // on Danish dropout while in an ordinary job
    } danish_fee;

    struct JobFirst {  // job-ready by default and continuous company-based activity (2016 rules)
        bool enabled = false;
        double job_entry_male = 1.0, job_entry_female = 1.0, job_exit = 1.0;
        int full_until_month = 24, fade_until_month = 36;  // effect fades linearly to 1
    } job_first;
};

spec::NodePtr policy_spec();
PolicyParams read_policy(const spec::json& j);

// The time-varying policy multipliers for one person in one month.
Multipliers policy_multipliers(const PolicyParams& p, const Person& person, Month now);
// The largest value policy_multipliers can take, for any person and month, per flow (an upper
// bound for the pathway's shortcut; keep it in step with policy_multipliers).
Multipliers policy_multiplier_bound(const PolicyParams& p);
// Module-progress multiplier from policy (job-oriented Danish).
inline double policy_danish_progress(const PolicyParams& p, const Person& person, Month now) {
    // Job-oriented Danish is taught in the lever's window (from_month..to_month since arrival),
    // like its job-entry effect; outside it the person is in ordinary Danish.
    const auto& jd = p.job_oriented_danish;
    const int since = person.months_since_arrival(now);
    return jd.enabled && since >= jd.from_month && since <= jd.to_month ? jd.danish_progress : 1.0;
}
// Danish-dropout multiplier from policy (the course fee for persons in work).
inline double policy_danish_dropout(const PolicyParams& p, const Person& person) {
    return p.danish_fee.enabled && person.activity == Activity::job ? p.danish_fee.dropout_in_job : 1.0;
}
// Whether the person may start an IGU this month.
bool igu_open(const PolicyParams& p, const Person& person, Month now);

}  // namespace kohorte
