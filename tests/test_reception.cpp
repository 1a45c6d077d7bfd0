// reception.cpp: reception lasts its months, then the job-ready assessment.
#include <doctest/doctest.h>

#include "unit_helpers.h"

using namespace kohorte;

TEST_CASE("reception: ends exactly `months` after arrival, then the person is waiting") {
    const Rng rng(1, 0);
    for (int months : {0, 1, 2, 5}) {
        CAPTURE(months);
        const ReceptionParams params{months, 0.7, 0.5};
        Person p = unit::person_at(Month::of(2016, 3), Activity::reception);
        for (int m = 0; m < months; ++m) {
            CHECK_FALSE(reception_step(p, params, rng, Month::of(2016, 3) + m));
            CHECK(p.activity == Activity::reception);
            CHECK(p.state_since == Month::of(2016, 3));
        }
        CHECK(reception_step(p, params, rng, Month::of(2016, 3) + months));
        CHECK(p.activity == Activity::waiting);
        CHECK(p.state_since == Month::of(2016, 3) + months);
        // Once out, later months do nothing.
        const bool jobparat = p.jobparat;
        CHECK_FALSE(reception_step(p, params, rng, Month::of(2016, 3) + months + 1));
        CHECK(p.activity == Activity::waiting);
        CHECK(p.jobparat == jobparat);
    }
    // Only persons in reception are assessed (a caseload person already in a job is not).
    Person worker = unit::person_at(Month::of(2016, 1), Activity::job);
    CHECK_FALSE(reception_step(worker, {1, 0.0, 1.0}, rng, Month::of(2017, 1)));
    CHECK(worker.activity == Activity::job);
    CHECK(worker.jobparat);
}

TEST_CASE("reception: the assessment is job-ready with the share, times the trauma multiplier") {
    const Rng rng(1, 0);
    Person sure = unit::person_at(Month::of(2016, 1), Activity::reception);
    Person never = sure;
    reception_step(sure, {1, 1.0, 1.0}, rng, Month::of(2016, 2));
    reception_step(never, {1, 0.0, 1.0}, rng, Month::of(2016, 2));
    CHECK(sure.jobparat);
    CHECK_FALSE(never.jobparat);
    Person traumatised = unit::person_at(Month::of(2016, 1), Activity::reception);
    traumatised.trauma = true;
    reception_step(traumatised, {1, 1.0, 0.0}, rng, Month::of(2016, 2));
    CHECK_FALSE(traumatised.jobparat);  // share 1 x multiplier 0

    const ReceptionParams params{2, 0.7, 0.5};
    const int n = 40000;
    double jobparat = 0, jobparat_trauma = 0;
    for (int i = 0; i < n; ++i) {
        Person q = unit::person_at(Month::of(2016, 1), Activity::reception), t = q;
        q.key = t.key = std::uint64_t(i);
        t.trauma = true;
        reception_step(q, params, rng, Month::of(2016, 3));
        reception_step(t, params, rng, Month::of(2016, 3));
        jobparat += q.jobparat;
        jobparat_trauma += t.jobparat;
        // Common random numbers: the same draw decides both, so trauma never makes one job-ready.
        if (t.jobparat) CHECK(q.jobparat);
    }
    unit::check_share(jobparat, n, 0.7);
    unit::check_share(jobparat_trauma, n, 0.35);  // 0.7 x 0.5
}

TEST_CASE("reception: the months and shares are read from the scenario") {
    const Scenario s = test::tiny();
    CHECK(s.reception.months == 1);
    CHECK(s.reception.jobparat_share == 0.7);
    CHECK(s.reception.trauma_jobparat_multiplier == 0.5);
}
