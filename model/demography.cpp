#include "demography.h"

#include <algorithm>
#include <cmath>

#include "units.h"

namespace kohorte {

namespace s = spec;

spec::NodePtr demography_spec() {
    return s::object(
        "exits from the caseload",
        {s::required("death_per_year", s::map_of(s::number(0, 1, "probability/year", ""),
                                                 "annual probability of death by current age band \"LOW-HIGH\"")),
         s::required("emigration_per_year", s::number(0, 1, "probability/year", "emigration or repatriation")),
         s::required("moved_away_per_year", s::number(0, 1, "probability/year", "move to another municipality")),
         s::required("retirement_age", s::integer(50, 80, "years", "age at which a person retires"))});
}

DemographyParams read_demography(const spec::json& j) {
    DemographyParams p;
    for (auto& [k, v] : j.at("death_per_year").items()) {
        p.death_bands.push_back(parse_age_band(k, s::pointer_append("/demography/death_per_year", k)));
        p.death_hazard.push_back(annual_probability_to_monthly_hazard(s::value_of(v)));
    }
    p.emigration_hazard = annual_probability_to_monthly_hazard(num(j, "emigration_per_year"));
    p.moved_away_hazard = annual_probability_to_monthly_hazard(num(j, "moved_away_per_year"));
    p.retirement_age = integer(j, "retirement_age");
    for (int age = 0; age <= 120; ++age) {
        for (std::size_t i = 0; i < p.death_bands.size(); ++i)
            if (p.death_bands[i].contains(age)) p.death_by_age[age] = p.death_hazard[i];
        p.exit_probability_by_age[age] =
            hazard_to_probability(p.death_by_age[age] + p.emigration_hazard + p.moved_away_hazard);
    }
    return p;
}

ExitHazards exit_hazards(const Person& person, const DemographyParams& p, Month now) {
    ExitHazards h;
    const int age = person.age_at(now);
    h.retires = age >= p.retirement_age;
    h.died = p.death_by_age[std::min(age, 120)];
    h.emigrated = p.emigration_hazard;
    h.moved_away = p.moved_away_hazard;
    return h;
}

std::array<double, 3> exit_weights(double died, double emigrated, double moved_away) {
    if (std::isinf(died) || std::isinf(emigrated) || std::isinf(moved_away))
        return {std::isinf(died) ? 1.0 : 0.0, std::isinf(emigrated) ? 1.0 : 0.0, std::isinf(moved_away) ? 1.0 : 0.0};
    return {died, emigrated, moved_away};
}

Activity demography_exit(const DemographyParams& p, int age, double u) {
    const double leave = p.exit_probability_by_age[std::size_t(age)];
    const auto w = exit_weights(p.death_by_age[std::size_t(age)], p.emigration_hazard, p.moved_away_hazard);
    // Which exit, in proportion to its weight; u / leave is again uniform on [0, 1).
    const double v = u / leave * (w[0] + w[1] + w[2]);
    if (v < w[0]) return Activity::died;
    if (v < w[0] + w[1]) return Activity::emigrated;
    return Activity::moved_away;
}

}  // namespace kohorte
