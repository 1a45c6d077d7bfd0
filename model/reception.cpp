#include "reception.h"

#include <algorithm>

#include "read.h"

namespace kohorte {

namespace s = spec;

spec::NodePtr reception_spec() {
    return s::object(
        "reception (modtagelse) and the job-ready assessment",
        {s::required("months", s::integer(0, 24, "months", "months from arrival until the pathway starts")),
         s::required("jobparat_share", s::number(0, 1, "share", "share assessed job-ready (jobparat) among persons without trauma")),
         s::required("trauma_jobparat_multiplier",
                     s::number(0, 1, "multiplier", "on the job-ready share for persons with trauma"))});
}

ReceptionParams read_reception(const spec::json& j) {
    return {integer(j, "months"), num(j, "jobparat_share"), num(j, "trauma_jobparat_multiplier")};
}

bool reception_step(Person& person, const ReceptionParams& p, const Rng& rng, Month now) {
    if (person.activity != Activity::reception || person.months_since_arrival(now) < p.months) return false;
    const double share = std::min(1.0, p.jobparat_share * (person.trauma ? p.trauma_jobparat_multiplier : 1.0));
    person.jobparat = rng.uniform(person.key, now.index, Draw::reception_assessment) < share;
    person.activity = Activity::waiting;
    person.state_since = now;
    return true;
}

}  // namespace kohorte
