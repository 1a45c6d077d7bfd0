// danish.cpp: start, modules, the final test at the sittings, dropout/pause/resume, expiry.
#include <doctest/doctest.h>

#include <cmath>
#include <map>

#include "unit_helpers.h"

using namespace kohorte;
using nlohmann::json;

namespace {
// Danish without dropout or pauses, with the given extra settings.
Scenario danish_with(json extra) {
    json d = {{"dropout_per_month", 0}, {"pause_per_month", 0}};
    d.merge_patch(extra);
    return test::tiny_with({{"danish", d}});
}
const json kOneMonthModules = {{"tracks", {{"du3", {{"module_months", {1, 1, 1, 1, 1}}}}}}};

Person student(std::uint64_t key, Track track = Track::du2, Activity a = Activity::waiting) {
    Person p = unit::person_at(Month::of(2016, 1), a);
    p.key = key;
    p.track = track;
    p.danish = DanishStatus::studying;
    p.danish_start = Month::of(2016, 1).index;
    return p;
}
}  // namespace

TEST_CASE("danish: one-month modules, no dropout: one module a month, the test at the next sitting (hand-traced)") {
    json patch = kOneMonthModules;
    patch["pass_probability"] = 1;
    const Scenario s = danish_with(patch);
    const Rng rng(1, 0);
    Person p = unit::person_at(Month::of(2016, 1));
    p.track = Track::du3;
    std::map<int, std::pair<DanishStatus, int>> seen;
    for (Month m = Month::of(2016, 1); m <= Month::of(2016, 12); m = m + 1) {
        danish_step(p, s.danish, 1.0, rng, m);
        seen[m.month_of_year()] = {p.danish, p.danish_module};
    }
    CHECK(seen[1] == std::pair{DanishStatus::not_started, 0});
    CHECK(seen[2] == std::pair{DanishStatus::studying, 0});  // starts after the 1-month delay; teaching from March
    CHECK(p.danish_start == Month::of(2016, 2).index);
    for (int m = 3; m <= 6; ++m) CHECK(seen[m] == std::pair{DanishStatus::studying, m - 2});
    CHECK(seen[7] == std::pair{DanishStatus::awaiting_test, 5});  // the fifth and last module in July
    for (int m = 8; m <= 11; ++m) CHECK(seen[m].first == DanishStatus::awaiting_test);  // sittings: June, December
    CHECK(seen[12].first == DanishStatus::passed);
    CHECK(p.danish_passed == Month::of(2016, 12).index);
    CHECK(danish_level(p) == DanishLevel::passed);

    // Arriving in November: modules January-May, the test at the June sitting.
    Person q = unit::person_at(Month::of(2015, 11));
    q.track = Track::du3;
    for (Month m = Month::of(2015, 11); m <= Month::of(2016, 5); m = m + 1) danish_step(q, s.danish, 1.0, rng, m);
    CHECK(q.danish == DanishStatus::awaiting_test);
    danish_step(q, s.danish, 1.0, rng, Month::of(2016, 6));
    CHECK(q.danish == DanishStatus::passed);
    CHECK(q.danish_passed == Month::of(2016, 6).index);
    // Passed is final.
    danish_step(q, s.danish, 1.0, rng, Month::of(2016, 7));
    CHECK(q.danish == DanishStatus::passed);
    CHECK(q.danish_passed == Month::of(2016, 6).index);
}

TEST_CASE("danish: a longer start delay starts the course later") {
    const Scenario s = danish_with({{"start_delay_months", 3}});
    const Rng rng(1, 0);
    Person p = unit::person_at(Month::of(2016, 1));
    for (int m = 0; m < 3; ++m) {
        danish_step(p, s.danish, 1.0, rng, Month::of(2016, 1) + m);
        CHECK(p.danish == DanishStatus::not_started);
    }
    danish_step(p, s.danish, 1.0, rng, Month::of(2016, 4));
    CHECK(p.danish == DanishStatus::studying);
    CHECK(p.danish_start == Month::of(2016, 4).index);
    CHECK(p.danish_module == 0);  // no teaching in the start month
}

TEST_CASE("danish: pass probability 0 never passes, 1/2 passes at the sitting whose draw says so") {
    const Rng rng(3, 0);
    json never = kOneMonthModules;
    never["pass_probability"] = 0;
    const Scenario s0 = danish_with(never);
    Person p = student(1, Track::du3);
    p.danish = DanishStatus::awaiting_test;
    p.danish_module = 5;
    for (Month m = Month::of(2016, 2); m <= Month::of(2020, 12); m = m + 1) danish_step(p, s0.danish, 1.0, rng, m);
    CHECK(p.danish == DanishStatus::awaiting_test);
    CHECK(p.danish_passed == kNever);

    json half = kOneMonthModules;
    half["pass_probability"] = 0.5;
    half["entitlement_months"] = 120;
    const Scenario s = danish_with(half);
    int retakes = 0;
    for (std::uint64_t key = 0; key < 200; ++key) {
        Person q = student(key, Track::du3);
        q.danish = DanishStatus::awaiting_test;
        q.danish_module = 5;
        // By hand: the first June or December sitting whose test draw is below 1/2.
        int expected = kNever, sittings = 0;
        for (Month m = Month::of(2016, 2); m <= Month::of(2020, 12) && expected == kNever; m = m + 1)
            if (m.month_of_year() == 6 || m.month_of_year() == 12) {
                ++sittings;
                if (rng.uniform(key, m.index, Draw::danish_test) < 0.5) expected = m.index;
            }
        for (Month m = Month::of(2016, 2); m <= Month::of(2020, 12); m = m + 1) danish_step(q, s.danish, 1.0, rng, m);
        CHECK(q.danish_passed == expected);
        retakes += sittings > 1;
    }
    CHECK(retakes > 0);  // failed sittings are retaken
}

TEST_CASE("danish: the entitlement gives entitlement_months months of teaching, from the month after the start") {
    // No progress while waiting (multiplier 0): the course cannot be finished. The start month
    // has no teaching, so 3 months of entitlement are March-May for a February start.
    const Scenario s = danish_with({{"entitlement_months", 3}, {"progress_multiplier", {{"waiting", 0}}}});
    const Rng rng(1, 0);
    Person p = unit::person_at(Month::of(2016, 1));
    danish_step(p, s.danish, 1.0, rng, Month::of(2016, 1));
    danish_step(p, s.danish, 1.0, rng, Month::of(2016, 2));  // starts in February
    REQUIRE(p.danish_start == Month::of(2016, 2).index);
    danish_step(p, s.danish, 1.0, rng, Month::of(2016, 3));
    danish_step(p, s.danish, 1.0, rng, Month::of(2016, 4));
    danish_step(p, s.danish, 1.0, rng, Month::of(2016, 5));
    CHECK(p.danish == DanishStatus::studying);  // the third month of teaching
    CHECK(p.danish_module == 0);
    danish_step(p, s.danish, 1.0, rng, Month::of(2016, 6));
    CHECK(p.danish == DanishStatus::expired);  // 4 months after the start

    // A paused student and one awaiting the test expire alike.
    Person paused = student(2), waiting_test = student(3, Track::du3);
    paused.danish = DanishStatus::paused;
    waiting_test.danish = DanishStatus::awaiting_test;
    waiting_test.danish_module = 5;
    danish_step(paused, s.danish, 1.0, rng, Month::of(2016, 4));  // January start + 3: not yet (no sitting in April)
    danish_step(waiting_test, s.danish, 1.0, rng, Month::of(2016, 4));
    CHECK(paused.danish != DanishStatus::expired);
    CHECK(waiting_test.danish == DanishStatus::awaiting_test);
    danish_step(paused, s.danish, 1.0, rng, Month::of(2016, 5));
    danish_step(waiting_test, s.danish, 1.0, rng, Month::of(2016, 5));
    CHECK(paused.danish == DanishStatus::expired);
    CHECK(waiting_test.danish == DanishStatus::expired);
}

TEST_CASE("danish: module progress by activity, hours, trauma and policy (exact per person from the draw)") {
    // Module 1 of DU2: mean 2.5 months, P = 0.4 a month at multiplier 1, so P = 1 - 0.6^multiplier.
    const Scenario s = danish_with(json::object());
    const Rng rng(5, 0);
    struct Case {
        Activity activity;
        int hours;
        bool trauma;
        double policy, multiplier;
    };
    const Case cases[] = {
        {Activity::waiting, 0, false, 1.0, 1.0},
        {Activity::job, 37, false, 1.0, 0.6},     // full-time job
        {Activity::job, 30, false, 1.0, 0.6},     // 30 hours is not below 30: full-time
        {Activity::job, 15, false, 1.0, 0.8},     // part-time: 0.8 instead of 0.6
        {Activity::praktik, 0, false, 1.0, 0.85},
        {Activity::igu, 30, false, 1.0, 0.7},
        {Activity::education, 0, false, 1.0, 1.0},  // not listed: 1
        {Activity::waiting, 0, true, 1.0, 0.9},     // trauma
        {Activity::job, 15, true, 1.5, 0.8 * 0.9 * 1.5},  // part-time x trauma x policy
        {Activity::waiting, 0, false, 0.0, 0.0},    // policy 0: no progress
    };
    for (const Case& c : cases) {
        CAPTURE(int(c.activity));
        CAPTURE(c.hours);
        CAPTURE(c.multiplier);
        const double prob = 1 - std::pow(0.6, c.multiplier);
        const int n = 20000;
        double done = 0;
        for (int i = 0; i < n; ++i) {
            Person p = student(std::uint64_t(i), Track::du2, c.activity);
            p.job_hours = std::uint8_t(c.hours);
            p.trauma = c.trauma;
            danish_step(p, s.danish, c.policy, rng, Month::of(2016, 2));
            const bool expected = rng.uniform(p.key, Month::of(2016, 2).index, Draw::danish_progress) < prob;
            REQUIRE(p.danish_module == (expected ? 1 : 0));
            REQUIRE(p.danish == DanishStatus::studying);
            done += p.danish_module;
        }
        unit::check_share(done, n, prob);
    }
}

TEST_CASE("danish: the months one module takes have the guidance mean (4 standard errors)") {
    const Scenario s = danish_with(json::object());
    const Rng rng(7, 0);
    // DU2 module 1: 2.5 months; DU1 module 2: 4 months. Geometric: mean m, variance m (m - 1).
    for (auto [track, module, mean] : {std::tuple{Track::du2, 0, 2.5}, std::tuple{Track::du1, 1, 4.0}}) {
        CAPTURE(mean);
        const int n = 20000;
        double months = 0;
        for (int i = 0; i < n; ++i) {
            Person p = student(std::uint64_t(i), track);
            p.danish_module = std::uint8_t(module);
            int k = 0;
            while (p.danish_module == module && k < 60) danish_step(p, s.danish, 1.0, rng, Month::of(2016, 2) + k++);
            REQUIRE(p.danish_module == module + 1);
            months += k;
        }
        unit::check_mean(months, n, mean, mean * (mean - 1));
    }
}

TEST_CASE("danish: dropout and pause are competing events of one draw, pauses end at the resume rate") {
    const Scenario s = test::tiny_with(
        {{"danish", {{"dropout_per_month", 0.1}, {"pause_per_month", 0.2}, {"resume_per_month", 0.5}}}});
    const Rng rng(9, 0);
    const int n = 40000;
    double dropped = 0, paused = 0, dropped_fee = 0, resumed = 0, paused_progress = 0, awaiting_dropped = 0;
    for (int i = 0; i < n; ++i) {
        const Month now = Month::of(2016, 3);
        Person p = student(std::uint64_t(i)), fee = p, pause = p, test = p;
        danish_step(p, s.danish, 1.0, rng, now);
        danish_step(fee, s.danish, 1.0, rng, now, 2.0);  // the course fee doubles the dropout hazard
        const double u = rng.uniform(p.key, now.index, Draw::danish_status);
        REQUIRE((p.danish == DanishStatus::dropped) == (u < 1 - std::exp(-0.1)));
        REQUIRE((p.danish == DanishStatus::paused) == (u >= 1 - std::exp(-0.1) && u < 1 - std::exp(-0.1) + 1 - std::exp(-0.2)));
        if (p.danish != DanishStatus::studying) REQUIRE(p.danish_module == 0);  // no progress when leaving or pausing
        dropped += p.danish == DanishStatus::dropped;
        paused += p.danish == DanishStatus::paused;
        dropped_fee += fee.danish == DanishStatus::dropped;
        pause.danish = DanishStatus::paused;
        danish_step(pause, s.danish, 1.0, rng, now);
        resumed += pause.danish == DanishStatus::studying;
        paused_progress += pause.danish_module;
        test.track = Track::du3;
        test.danish = DanishStatus::awaiting_test;
        test.danish_module = 5;
        danish_step(test, s.danish, 1.0, rng, now);  // March: no sitting
        awaiting_dropped += test.danish == DanishStatus::dropped;
        REQUIRE((test.danish == DanishStatus::dropped || test.danish == DanishStatus::awaiting_test));
    }
    unit::check_share(dropped, n, 1 - std::exp(-0.1));
    unit::check_share(paused, n, 1 - std::exp(-0.2));
    unit::check_share(dropped_fee, n, 1 - std::exp(-0.2));
    unit::check_share(resumed, n, 1 - std::exp(-0.5));
    CHECK(paused_progress == 0);  // the month of resuming has no teaching
    unit::check_share(awaiting_dropped, n, 1 - std::exp(-0.1));
}

TEST_CASE("danish: the level as a pathway covariate") {
    Person p = student(1);
    CHECK(danish_level(p) == DanishLevel::none);
    p.danish_module = 2;
    CHECK(danish_level(p) == DanishLevel::none);
    p.danish_module = 3;  // three modules done: working on module 4
    CHECK(danish_level(p) == DanishLevel::module4);
    p.danish = DanishStatus::dropped;
    CHECK(danish_level(p) == DanishLevel::module4);  // what was learnt stays
    p.danish = DanishStatus::passed;
    CHECK(danish_level(p) == DanishLevel::passed);
}

TEST_CASE("danish: one_of set tests agree with the comparisons they replace, for every state") {
    for (int d = 0; d <= int(DanishStatus::expired); ++d) {
        const auto s = DanishStatus(d);
        CHECK(danish_finished(s) ==
              (s == DanishStatus::passed || s == DanishStatus::dropped || s == DanishStatus::expired));
        CHECK(one_of<DanishStatus::studying, DanishStatus::paused>(s) ==
              (s == DanishStatus::studying || s == DanishStatus::paused));
    }
    int members = 0;
    for (int a = 0; a < kActivityCount; ++a) members += one_of<Activity::job, Activity::igu, Activity::retired>(Activity(a));
    CHECK(members == 3);
    CHECK(one_of<Activity::retired>(Activity::retired));
    CHECK_FALSE(one_of<Activity::reception>(Activity::waiting));
}
