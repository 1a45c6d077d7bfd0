// units.h: annual probabilities and mean durations as monthly hazards.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "unit_helpers.h"
#include "units.h"

using namespace kohorte;

TEST_CASE("units: an annual probability compounded over 12 months gives the probability back") {
    for (double p : {0.0, 0.001, 0.04, 0.2, 0.5, 0.9, 0.999}) {
        CAPTURE(p);
        const double h = annual_probability_to_monthly_hazard(p);
        CHECK(h >= 0);
        const double month = hazard_to_probability(h);
        CHECK(1 - std::pow(1 - month, 12) == doctest::Approx(p).epsilon(1e-12));
    }
    // By hand: -ln(0.8) / 12 = 0.22314355131420976 / 12.
    CHECK(annual_probability_to_monthly_hazard(0.2) == doctest::Approx(0.018595295942850813).epsilon(1e-14));
    CHECK(annual_probability_to_monthly_hazard(0.0) == 0.0);
    CHECK(std::isinf(annual_probability_to_monthly_hazard(1.0)));
    CHECK(hazard_to_probability(annual_probability_to_monthly_hazard(1.0)) == 1.0);
}

TEST_CASE("units: a mean of m months gives P = 1/m per month") {
    for (double m : {1.5, 2.0, 2.5, 4.0, 12.0, 36.0}) {
        CAPTURE(m);
        CHECK(hazard_to_probability(mean_months_to_hazard(m)) == doctest::Approx(1.0 / m).epsilon(1e-12));
    }
    CHECK(mean_months_to_hazard(2.0) == doctest::Approx(std::log(2.0)).epsilon(1e-14));
    // One month or less: the spell ends for certain in the first month.
    CHECK(std::isinf(mean_months_to_hazard(1.0)));
    CHECK(std::isinf(mean_months_to_hazard(0.5)));
    CHECK(hazard_to_probability(mean_months_to_hazard(1.0)) == 1.0);
}

TEST_CASE("units: hazard_to_probability is 1 - exp(-h) and competing hazards add") {
    CHECK(hazard_to_probability(0.0) == 0.0);
    CHECK(hazard_to_probability(std::log(4.0)) == doctest::Approx(0.75).epsilon(1e-14));
    CHECK(std::abs(hazard_to_probability(1e-12) / 1e-12 - 1) < 1e-9);  // accurate near 0 (expm1, not 1 - exp)
    const double a = 0.03, b = 0.2;
    CHECK(1 - hazard_to_probability(a + b) ==
          doctest::Approx((1 - hazard_to_probability(a)) * (1 - hazard_to_probability(b))).epsilon(1e-14));
}

TEST_CASE("units: event_happens decides exactly as u < 1 - exp(-h), also next to the boundary") {
    // Its shortcuts (u >= h: no event; u below h - h^2/2 less its margin: an event) must never
    // change a decision: compare on a grid of hazards and on draws at, just below and just above
    // h, 1 - exp(-h), the lower bound h - h^2/2 and the bound less its margin, and on draws spread
    // over the band between the lower bound and 1 - exp(-h).
    int compared = 0, events = 0;
    std::mt19937_64 gen(49);
    for (double h : {0.0, 1e-300, 1e-12, 1e-6, 0.001, 0.02, 0.1, 0.3, 0.5, 1.0, 1.9, 2.0, 3.0, 40.0, double(INFINITY)}) {
        const double p = hazard_to_probability(h);
        CHECK(p <= h);
        const double lower = h - 0.5 * h * h;
        std::vector<double> draws = {0.0, 0.25, 0.5, 0.999999};
        for (double x : {p, std::min(h, 0.9999999999), lower, lower * (1 - 1e-9)})
            for (double u : {std::nextafter(x, 0.0), x, std::nextafter(x, 1.0)})
                if (u >= 0 && u < 1) draws.push_back(u);
        if (lower > 0 && p < 1)
            for (int k = 0; k < 200; ++k)
                draws.push_back(std::uniform_real_distribution<double>(lower * 0.999, std::min(1.0, p * 1.001))(gen));
        for (double u : draws) {
            CAPTURE(h);
            CAPTURE(u);
            CHECK(event_happens(u, h) == (u < p));
            ++compared;
            events += u < p;
        }
    }
    CHECK(compared > 1500);
    CHECK(events > 500);
}
