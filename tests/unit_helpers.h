// Helpers for the hand-computed unit tests of the process modules (tests/test_<module>.cpp).
#pragma once
#include <doctest/doctest.h>

#include <cmath>

#include "helpers.h"

namespace unit {

// |observed share - p| within 4 Monte Carlo standard errors of a binomial share of n trials.
inline void check_share(double hits, double n, double p) {
    CAPTURE(hits);
    CAPTURE(n);
    CAPTURE(p);
    REQUIRE(n > 0);
    CHECK(std::abs(hits / n - p) <= 4 * std::sqrt(p * (1 - p) / n));
}

// |sample mean - mu| within 4 standard errors, given the variance of one observation.
inline void check_mean(double sum, double n, double mu, double variance) {
    CAPTURE(sum / n);
    CAPTURE(mu);
    REQUIRE(n > 0);
    CHECK(std::abs(sum / n - mu) <= 4 * std::sqrt(variance / n));
}

// A person in `a` since arrival, with a fixed key.
inline kohorte::Person person_at(kohorte::Month arrival, kohorte::Activity a = kohorte::Activity::waiting) {
    kohorte::Person p;
    p.key = 7;
    p.arrival = arrival;
    p.state_since = arrival;
    p.activity = a;
    return p;
}

}  // namespace unit
