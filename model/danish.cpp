#include "danish.h"

#include <algorithm>

#include "read.h"
#include "units.h"

namespace kohorte {

namespace s = spec;

spec::NodePtr danish_spec() {
    auto modules = s::object("one track",
                             {s::required("module_months",
                                          s::array_of(s::number(0.5, 36, "months", ""),
                                                      "mean months per module, in order; the final test follows the last",
                                                      1, 6))});
    std::vector<std::string> activities(kActivityNames.begin(), kActivityNames.begin() + kLivingActivities);
    return s::object(
        "Danish education (danskuddannelse)",
        {s::required("start_delay_months", s::integer(0, 24, "months", "months from arrival to the course start")),
         s::required("entitlement_months", s::integer(1, 120, "months", "months of free tuition, from the first month of teaching (the month after the start)")),
         s::required("tracks", s::object("the three tracks", {s::required("du1", modules), s::required("du2", modules),
                                                              s::required("du3", modules)})),
         s::required("dropout_per_month", s::number(0, 1, "hazard/month", "leaving the course for good")),
         s::required("pause_per_month", s::number(0, 1, "hazard/month", "starting a pause")),
         s::required("resume_per_month", s::number(0, 10, "hazard/month", "ending a pause")),
         s::required("test_months", s::array_of(s::integer(1, 12, "month of year", ""),
                                                "months of the year with a final-test sitting", 1, 12)),
         s::required("pass_probability", s::number(0, 1, "probability", "passing the final test when sitting it")),
         s::required("progress_multiplier",
                     s::map_of(s::number(0, 5, "multiplier", ""),
                               "module progress by activity (job = full-time job); a missing activity is 1",
                               activities)),
         s::required("part_time_job_progress", s::number(0, 5, "multiplier", "module progress in a part-time job")),
         s::required("part_time_below_hours", s::integer(1, 40, "hours/week", "a job under this many hours is part-time")),
         s::required("trauma_progress", s::number(0, 5, "multiplier", "module progress for persons with trauma"))});
}

DanishParams read_danish(const spec::json& j) {
    DanishParams p;
    p.start_delay_months = integer(j, "start_delay_months");
    p.entitlement_months = integer(j, "entitlement_months");
    for (int t = 0; t < 3; ++t)
        for (auto& m : j.at("tracks").at(kTrackNames[t]).at("module_months")) p.module_months[t].push_back(s::value_of(m));
    p.dropout_hazard = num(j, "dropout_per_month");
    p.pause_hazard = num(j, "pause_per_month");
    p.resume_hazard = num(j, "resume_per_month");
    for (auto& m : j.at("test_months")) p.test_months.push_back(m.get<int>());
    p.pass_probability = num(j, "pass_probability");
    p.progress_by_activity.fill(1.0);
    for (auto& [k, v] : j.at("progress_multiplier").items())
        for (int a = 0; a < kLivingActivities; ++a)
            if (k == kActivityNames[a]) p.progress_by_activity[a] = s::value_of(v);
    p.part_time_job_progress = num(j, "part_time_job_progress");
    p.part_time_below_hours = integer(j, "part_time_below_hours");
    p.trauma_progress = num(j, "trauma_progress");
    p.dropout_probability = hazard_to_probability(p.dropout_hazard);
    p.pause_probability = hazard_to_probability(p.pause_hazard);
    p.resume_probability = hazard_to_probability(p.resume_hazard);
    for (int t = 0; t < 3; ++t)
        for (double months : p.module_months[t]) p.module_hazard[t].push_back(mean_months_to_hazard(months));
    return p;
}

namespace {
// The start month has no teaching (the course begins the month after), so the entitlement's
// months of teaching are start + 1 ... start + entitlement_months.
bool entitlement_over(const Person& person, const DanishParams& p, Month now) {
    return now.index - person.danish_start > p.entitlement_months;
}
}  // namespace

void danish_step(Person& person, const DanishParams& p, double policy_progress, const Rng& rng, Month now,
                 double policy_dropout) {
    const auto key = person.key;
    if (danish_finished(person.danish)) return;
    if (person.danish == DanishStatus::not_started) {
        if (person.months_since_arrival(now) < p.start_delay_months) return;
        person.danish = DanishStatus::studying;
        person.danish_start = now.index;
        return;  // the first month of teaching is the next one
    }
    if (entitlement_over(person, p, now)) {
        person.danish = DanishStatus::expired;
        return;
    }
    // One draw decides dropout, pause or resumption this month.
    const double u = rng.uniform(key, now.index, Draw::danish_status);
    if (person.danish == DanishStatus::paused) {
        if (u < p.resume_probability) person.danish = DanishStatus::studying;
        return;
    }
    // With a policy multiplier the dropout probability is worked out only when it can matter
    // (an expm1 per person-month otherwise): it is below its hazard, so a draw above hazard +
    // pause (with a margin far above rounding) decides nothing.
    const double dropout_hazard = p.dropout_hazard * policy_dropout;
    const bool may_matter = u < (dropout_hazard + p.pause_probability) * (1 + 1e-9);
    const double dropout = policy_dropout == 1.0 ? p.dropout_probability
                           : may_matter          ? hazard_to_probability(dropout_hazard)
                                                 : dropout_hazard;
    if (u < dropout) {  // studying or awaiting the test: dropout ends both for good
        person.danish = DanishStatus::dropped;
        return;
    }
    if (person.danish == DanishStatus::awaiting_test) {
        if (std::find(p.test_months.begin(), p.test_months.end(), now.month_of_year()) == p.test_months.end()) return;
        if (rng.uniform(key, now.index, Draw::danish_test) < p.pass_probability) {
            person.danish = DanishStatus::passed;
            person.danish_passed = now.index;
        }
        return;  // a failed sitting is retaken at the next one
    }
    if (u < dropout + p.pause_probability) {
        person.danish = DanishStatus::paused;
        return;
    }
    const auto& modules = p.module_hazard[static_cast<int>(person.track)];
    double multiplier = policy_progress * p.progress_by_activity[static_cast<int>(person.activity)];
    if (person.activity == Activity::job && person.job_hours < p.part_time_below_hours)
        multiplier = policy_progress * p.part_time_job_progress;
    if (person.trauma) multiplier *= p.trauma_progress;
    const double hazard = multiplier <= 0 ? 0.0 : modules[person.danish_module] * multiplier;
    if (event_happens(rng.uniform(key, now.index, Draw::danish_progress), hazard)) {
        ++person.danish_module;
        if (person.danish_module >= modules.size()) person.danish = DanishStatus::awaiting_test;
    }
}

DanishLevel danish_level(const Person& person) {
    if (person.danish == DanishStatus::passed) return DanishLevel::passed;
    return person.danish_module >= 3 ? DanishLevel::module4 : DanishLevel::none;
}

}  // namespace kohorte
