// Reception (modtagelse): the first months after arrival — housing, health assessment, the
// integration contract — ending with the assessment as job-ready (jobparat) or activity-ready
// (aktivitetsparat). Leaves out: transit housing and the health assessment as separate events.
#pragma once
#include "person.h"
#include "random.h"
#include "spec.h"

namespace kohorte {

struct ReceptionParams {
    // Set from the scenario (read_reception: all required); the values are in scenarios/base.json.
    int months = 0;                           // months in reception before the pathway starts
    double jobparat_share = 1.0;              // share assessed job-ready, among persons without trauma
    double trauma_jobparat_multiplier = 1.0;  // on that share for persons with trauma
};

spec::NodePtr reception_spec();
ReceptionParams read_reception(const spec::json& j);

// Ends reception when its months are over: assessment, then `waiting`. Returns true if the
// person left reception this month.
bool reception_step(Person& person, const ReceptionParams& p, const Rng& rng, Month now);

}  // namespace kohorte
