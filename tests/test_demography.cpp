// demography.cpp: retirement at the pension age, competing exit hazards from annual probabilities.
#include <doctest/doctest.h>

#include <cmath>
#include <tuple>

#include "unit_helpers.h"
#include "units.h"

using namespace kohorte;
using nlohmann::json;

namespace {
// Death only for ages 50-64 (the 18-49 band removed), emigration and moving at the given annual rates.
Scenario exits_only(double death_50_64, double emigration, double moved) {
    return test::tiny_with({{"demography",
                             {{"death_per_year", {{"18-49", nullptr}, {"50-64", death_50_64}}},
                              {"emigration_per_year", emigration},
                              {"moved_away_per_year", moved}}}});
}
}  // namespace

TEST_CASE("demography: retirement exactly at the retirement age, and only then") {
    const Scenario s = exits_only(0, 0, 0);  // no other exits: the month before is certain to stay
    const Rng rng(1, 0);
    Person p = unit::person_at(Month::of(2016, 7));
    p.age_at_arrival = 64;
    CHECK(demography_step(p, s.demography, rng, Month::of(2016, 7)) == Activity::waiting);
    CHECK(demography_step(p, s.demography, rng, Month::of(2017, 6)) == Activity::waiting);  // 64 years 11 months
    CHECK_FALSE(exit_hazards(p, s.demography, Month::of(2017, 6)).retires);
    CHECK(demography_step(p, s.demography, rng, Month::of(2017, 7)) == Activity::retired);  // 65
    CHECK(exit_hazards(p, s.demography, Month::of(2017, 7)).retires);
    // Another retirement age.
    const Scenario sixty = test::tiny_with({{"demography", {{"retirement_age", 60}}}});
    Person q = unit::person_at(Month::of(2016, 1), Activity::job);
    q.age_at_arrival = 55;
    CHECK(demography_step(q, sixty.demography, rng, Month::of(2021, 1)) == Activity::retired);
    CHECK(exits_only(0, 0, 0).demography.retirement_age == 65);
}

TEST_CASE("demography: exit hazards are the annual probabilities as monthly hazards, death by current age band") {
    const Scenario s = test::tiny();  // death 18-49: 0.001, 50-64: 0.005; emigration 0.01; moved away 0.04
    Person p = unit::person_at(Month::of(2016, 1));
    p.age_at_arrival = 49;
    auto h = exit_hazards(p, s.demography, Month::of(2016, 12));
    CHECK(h.died == doctest::Approx(-std::log(1 - 0.001) / 12).epsilon(1e-12));
    CHECK(h.emigrated == doctest::Approx(-std::log(1 - 0.01) / 12).epsilon(1e-12));
    CHECK(h.moved_away == doctest::Approx(-std::log(1 - 0.04) / 12).epsilon(1e-12));
    CHECK_FALSE(h.retires);
    h = exit_hazards(p, s.demography, Month::of(2017, 1));  // now 50: the next band
    CHECK(h.died == doctest::Approx(-std::log(1 - 0.005) / 12).epsilon(1e-12));
    // An age no band covers has no death hazard.
    const Scenario young_only = exits_only(0, 0.01, 0.04);
    CHECK(exit_hazards(p, young_only.demography, Month::of(2017, 1)).died == 0);
    CHECK(young_only.demography.death_by_age[30] == 0);
}

TEST_CASE("demography: with only moving away at p a year, the share gone within 12 months is p") {
    // (A merge patch removes a key with null; an empty object would leave the death rates in place.)
    const Scenario s = exits_only(0, 0, 0.1);
    REQUIRE(s.demography.death_by_age[30] == 0);
    const Rng rng(1, 0);
    const int n = 40000;
    double moved = 0;
    for (int i = 0; i < n; ++i) {
        Person p = unit::person_at(Month::of(2016, 1));
        p.key = std::uint64_t(i);
        for (Month m = Month::of(2016, 1); m <= Month::of(2016, 12); m = m + 1) {
            const Activity a = demography_step(p, s.demography, rng, m);
            REQUIRE((a == Activity::waiting || a == Activity::moved_away));
            if (a == Activity::moved_away) {
                moved += 1;
                break;
            }
        }
    }
    unit::check_share(moved, n, 0.1);
}

TEST_CASE("demography: in tiny, one year's exits are 1 - (1 - death)(1 - emigration)(1 - moved)") {
    const Scenario s = test::tiny();
    const Rng rng(6, 0);
    const int n = 40000;
    double gone = 0;
    for (int i = 0; i < n; ++i) {
        Person p = unit::person_at(Month::of(2016, 1));
        p.key = std::uint64_t(i);
        p.age_at_arrival = 30;
        for (Month m = Month::of(2016, 1); m <= Month::of(2016, 12); m = m + 1)
            if (demography_step(p, s.demography, rng, m) != Activity::waiting) {
                gone += 1;
                break;
            }
    }
    unit::check_share(gone, n, 1 - (1 - 0.001) * (1 - 0.01) * (1 - 0.04));
}

TEST_CASE("demography: competing exits split in proportion to their hazards") {
    // Age 55: death 0.5, emigration 0.1, moving 0.3 a year. Hazards -ln(1 - p) / 12.
    const Scenario s = exits_only(0.5, 0.1, 0.3);
    const double hd = -std::log(0.5) / 12, he = -std::log(0.9) / 12, hm = -std::log(0.7) / 12, total = hd + he + hm;
    const Rng rng(2, 0);
    const int n = 100000;
    double died = 0, emigrated = 0, moved = 0;
    for (int i = 0; i < n; ++i) {
        Person p = unit::person_at(Month::of(2016, 1), Activity::job);
        p.key = std::uint64_t(i);
        p.age_at_arrival = 55;
        const Activity a = demography_step(p, s.demography, rng, Month::of(2016, 6));
        REQUIRE((a == Activity::job || a == Activity::died || a == Activity::emigrated || a == Activity::moved_away));
        died += a == Activity::died;
        emigrated += a == Activity::emigrated;
        moved += a == Activity::moved_away;
    }
    const double left = died + emigrated + moved;
    unit::check_share(left, n, 1 - std::exp(-total));
    unit::check_share(died, left, hd / total);
    unit::check_share(emigrated, left, he / total);
    unit::check_share(moved, left, hm / total);
}

TEST_CASE("demography: a probability of 1 a year is a certain exit in the first month, by that exit") {
    // An infinite hazard: inf/inf gave no share, and everyone left as moved_away.
    const Rng rng(3, 0);
    for (auto [death, emigration, moved, expected] :
         {std::tuple{1.0, 0.0, 0.04, Activity::died}, std::tuple{0.001, 1.0, 0.04, Activity::emigrated},
          std::tuple{0.0, 0.01, 1.0, Activity::moved_away}}) {
        const Scenario s = exits_only(death, emigration, moved);
        for (int i = 0; i < 2000; ++i) {
            Person p = unit::person_at(Month::of(2016, 1));
            p.key = std::uint64_t(i);
            p.age_at_arrival = 55;
            REQUIRE(demography_step(p, s.demography, rng, Month::of(2016, 1)) == expected);
        }
    }
    // Two certain exits share the month equally; the finite ones never come first.
    const Scenario both = exits_only(0.5, 1.0, 1.0);
    double emigrated = 0;
    const int n = 20000;
    for (int i = 0; i < n; ++i) {
        Person p = unit::person_at(Month::of(2016, 1));
        p.key = std::uint64_t(i);
        p.age_at_arrival = 55;
        const Activity a = demography_step(p, both.demography, rng, Month::of(2016, 1));
        REQUIRE((a == Activity::emigrated || a == Activity::moved_away));
        emigrated += a == Activity::emigrated;
    }
    unit::check_share(emigrated, n, 0.5);
    // A whole run: everyone who arrives emigrates in their first month (tiny's 105 moved_away before).
    const Results r = run(test::tiny_with({{"demography", {{"emigration_per_year", 1}}}, {"simulation", {{"replicates", 2}}}}));
    const auto& shape = r.shape;
    const int last = shape.months - 1;
    for (auto& rep : r.replicates) {
        double arrivals = 0;
        for (int m = 0; m < shape.months; ++m) arrivals += rep.monthly[shape.monthly_index(m, int(Measure::arrivals))];
        CHECK(arrivals > 0);
        CHECK(rep.monthly[shape.monthly_index(last, int(Activity::emigrated))] == arrivals);
        CHECK(rep.monthly[shape.monthly_index(last, int(Activity::moved_away))] == 0);
        CHECK(rep.monthly[shape.monthly_index(last, int(Activity::died))] == 0);
    }
}
