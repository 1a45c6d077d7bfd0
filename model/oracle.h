// The exact expected-value mode ("oracle"): where the model is a Markov chain, the expected
// number of persons in each activity per month follows from propagating probability vectors
// (Eigen vectors) through the monthly transition matrix, built from the same hazards and
// probabilities the simulation uses, per attribute group and arrival month, weighted by the
// expected number of arrivals.
//
// The chain's state is (activity, months in it, job hours, ever started a company-based offer);
// it is exact when nothing else the simulation remembers changes a hazard. oracle_limits() lists
// what breaks that: capacity limits (persons compete), Danish effects on the pathway (Danish
// progress is not in the state), effects after a praktik/løntilskud, the first-offer deadline,
// the job-first job-loss effect, children effects (the count is not tracked) and an initial
// caseload. Danish measures are not computed (NaN, shown empty).
#pragma once
#include <string>
#include <vector>

#include "engine.h"

namespace kohorte {

// Why the scenario is not a Markov chain the oracle handles (empty: it is).
std::vector<std::string> oracle_limits(const Scenario& s);

// Expected-value results: one "replicate" holding expected counts; Results::expected_value is
// set. Throws InputError (naming the scenario file) if oracle_limits is not empty.
Results expected_value(const Scenario& s);

}  // namespace kohorte
