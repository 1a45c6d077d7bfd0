// Units. Scenario files give rates as monthly hazards (`_per_month`) or as annual
// probabilities (`_per_year`); this is the one place where the latter becomes the former.
#pragma once
#include <cmath>

namespace kohorte {

// A constant monthly hazard whose one-year survival matches an annual probability p.
inline double annual_probability_to_monthly_hazard(double p) {
    return p >= 1.0 ? INFINITY : -std::log1p(-p) / 12.0;
}

// Probability that at least one event happens in a month with total hazard h.
inline double hazard_to_probability(double h) { return -std::expm1(-h); }

// Whether an event with monthly hazard h happens for a uniform draw u: u < 1 - e^-h. Since
// h - h^2/2 <= 1 - e^-h <= h, a draw u >= h decides "no" and a draw below h - h^2/2 (less a
// margin far above rounding) decides "yes" without the exponential; only the draws between
// need it.
inline bool event_happens(double u, double h) {
    if (!(u < h)) return false;
    if (u < (h - 0.5 * h * h) * (1 - 1e-9)) return true;
    return u < hazard_to_probability(h);
}

// Hazard of a geometric wait whose mean is `months` (a module, a spell): P(end per month) = 1/months.
inline double mean_months_to_hazard(double months) {
    return months <= 1.0 ? INFINITY : -std::log1p(-1.0 / months);
}

}  // namespace kohorte
