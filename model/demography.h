// Exits from the municipality's caseload: death, emigration or repatriation, moving to another
// municipality, and retirement at the pension age. Competing monthly hazards; retirement is
// certain at the age. Leaves out: return migration into the municipality.
#pragma once
#include <algorithm>
#include <array>
#include <vector>

#include "person.h"
#include "random.h"
#include "read.h"

namespace kohorte {

struct DemographyParams {
    std::vector<AgeBand> death_bands;
    std::vector<double> death_hazard;  // per month, by current age band
    double emigration_hazard = 0;      // per month
    double moved_away_hazard = 0;      // per month
    int retirement_age = 65;
    // Derived at read time, by current age 0..120: the death hazard and the probability of
    // any exit this month (the monthly loop then needs no search and no exp()).
    std::array<double, 121> death_by_age{};
    std::array<double, 121> exit_probability_by_age{};
};

spec::NodePtr demography_spec();
DemographyParams read_demography(const spec::json& j);

struct ExitHazards {
    bool retires = false;  // reaches the retirement age: leaves for certain
    double died = 0, emigrated = 0, moved_away = 0;  // monthly hazards
};
// The exit hazards of a person this month, exactly as demography_step uses them.
ExitHazards exit_hazards(const Person& person, const DemographyParams& p, Month now);

// The weights in which the month's exits are split between death, emigration and moving away:
// their hazards. A probability of 1 a year is an infinite hazard, and inf/inf has no value: the
// exits with an infinite hazard then share the month equally and the finite ones get nothing
// (the limit as the probabilities reach 1 together).
std::array<double, 3> exit_weights(double died, double emigrated, double moved_away);

// Which exit, for a draw u below the month's exit probability at `age` (few person-months).
Activity demography_exit(const DemographyParams& p, int age, double u);

// Returns the exit this month, or the person's current activity if none. Inline: it runs for
// every person-month, and the draw settles almost all of them.
inline Activity demography_step(const Person& person, const DemographyParams& p, const Rng& rng, Month now) {
    const int age = std::min(person.age_at(now), 120);
    if (age >= p.retirement_age) return Activity::retired;
    const double leave = p.exit_probability_by_age[std::size_t(age)];
    if (leave <= 0) return person.activity;
    const double u = rng.uniform(person.key, now.index, Draw::demography);
    if (u >= leave) [[likely]] return person.activity;
    return demography_exit(p, age, u);
}

}  // namespace kohorte
