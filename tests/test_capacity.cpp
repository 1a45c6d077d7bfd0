// capacity.cpp: how many free places, in which queue order; through the engine, occupancy never
// exceeds the places and queues form when they bind.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "unit_helpers.h"

using namespace kohorte;
using nlohmann::json;

namespace {
constexpr int kPraktik = 0, kIgu = 2;  // capped indices

std::vector<Person> four_people() {
    std::vector<Person> people(4);
    for (int i = 0; i < 4; ++i) {
        people[i].key = std::uint64_t(10 + i);
        people[i].arrival = Month::of(2016, 1 + i);  // a lower index arrived earlier
    }
    return people;
}
std::size_t grant(const Scenario& s, int capped, int occupancy, std::size_t candidates, Month now) {
    const auto people = four_people();
    std::vector<std::size_t> c(candidates);
    std::iota(c.begin(), c.end(), 0);
    return allocate_places(c, people, capped, occupancy, s.capacity, Rng(1, 0), now);
}
}  // namespace

TEST_CASE("capacity: places P and occupancy O grant exactly P - O, capped by the starts per month") {
    const Scenario s = test::tiny_with({{"capacity", {{"igu", {{"places", {{"2016", 5}, {"2018", 1}}}}},
                                                      {"praktik", {{"places", {{"2016", 10}}}, {"starts_per_month", {{"2016", 2}}}}}}}});
    const Month m2016 = Month::of(2016, 6);
    CHECK(grant(s, kIgu, 3, 4, m2016) == 2);  // 5 - 3
    CHECK(grant(s, kIgu, 4, 4, m2016) == 1);
    CHECK(grant(s, kIgu, 5, 4, m2016) == 0);  // full
    CHECK(grant(s, kIgu, 7, 4, m2016) == 0);  // over-full (places cut): nobody, not a negative number
    CHECK(grant(s, kIgu, 2, 3, m2016) == 3);  // more places than candidates: all
    CHECK(grant(s, kIgu, 3, 4, Month::of(2017, 6)) == 2);  // 2017 carries 2016's 5 forward
    CHECK(grant(s, kIgu, 0, 4, Month::of(2018, 1)) == 1);  // 2018: 1 place
    CHECK(grant(s, kIgu, 1, 4, Month::of(2020, 12)) == 0);
    CHECK(grant(s, kIgu, 1000, 4, Month::of(2015, 12)) == 4);  // before the first year listed: unlimited
    CHECK(grant(s, kPraktik, 0, 4, m2016) == 2);  // 10 free places, 2 starts a month
    CHECK(grant(s, kPraktik, 9, 4, m2016) == 1);  // 1 free place
    CHECK(grant(s, 1, 1000000, 4, m2016) == 4);   // løntilskud: no limit listed
}

TEST_CASE("capacity: the queue orders, by hand") {
    Scenario s = test::tiny_with({{"capacity", {{"igu", {{"places", {{"2016", 5}}}}}}}});
    auto people = four_people();
    people[3].queued_since = Month::of(2016, 2).index;  // the latest arrival has queued longest
    people[2].queued_since = Month::of(2016, 4).index;
    people[1].jobparat = false;
    const Rng rng(1, 0);
    const Month now = Month::of(2016, 6);
    std::vector<std::size_t> c = {0, 1, 2, 3};
    // fifo: queued since February (3), since April (2), then the new candidates by arrival (0, 1).
    CHECK(allocate_places(c, people, kIgu, 3, s.capacity, rng, now) == 2);
    CHECK(c == std::vector<std::size_t>{3, 2, 0, 1});
    s.capacity.order = QueueOrder::arrival;
    c = {3, 2, 1, 0};
    allocate_places(c, people, kIgu, 3, s.capacity, rng, now);
    CHECK(c == std::vector<std::size_t>{0, 1, 2, 3});
    // Same arrival month: the lower key first.
    auto twins = people;
    twins[0].arrival = twins[1].arrival;
    c = {1, 0, 3, 2};
    allocate_places(c, twins, kIgu, 3, s.capacity, rng, now);
    CHECK(c == std::vector<std::size_t>{0, 1, 2, 3});
    s.capacity.order = QueueOrder::jobparat_first;
    c = {1, 0, 2, 3};
    allocate_places(c, people, kIgu, 3, s.capacity, rng, now);
    CHECK(c == std::vector<std::size_t>{3, 2, 0, 1});  // fifo among the job-ready, the activity-ready last
    people[1].queued_since = Month::of(2016, 1).index;  // longest in the queue, but activity-ready
    c = {0, 1, 2, 3};
    allocate_places(c, people, kIgu, 3, s.capacity, rng, now);
    CHECK(c == std::vector<std::size_t>{3, 2, 0, 1});
    // random: ascending by each candidate's queue-priority draw of the month.
    s.capacity.order = QueueOrder::random;
    c = {0, 1, 2, 3};
    allocate_places(c, people, kIgu, 3, s.capacity, rng, now);
    auto priority = [&](std::size_t i) { return rng.uniform(people[i].key, now.index, Draw::queue_priority); };
    CHECK(std::is_permutation(c.begin(), c.end(), std::vector<std::size_t>{0, 1, 2, 3}.begin()));
    for (std::size_t k = 1; k < c.size(); ++k) CHECK(priority(c[k - 1]) < priority(c[k]));
    // No limit: everyone, order untouched.
    const Scenario unlimited = test::tiny();
    c = {2, 0, 3};
    CHECK(allocate_places(c, people, kIgu, 100000, unlimited.capacity, rng, now) == 3);
    CHECK(c == std::vector<std::size_t>{2, 0, 3});
}

TEST_CASE("capacity: through the engine, IGU occupancy never exceeds its places and queues form") {
    const int places = 3;
    const Scenario s = test::tiny_with({{"capacity", {{"igu", {{"places", {{"2016", places}}}}}}}});
    const Results r = run(s);
    const auto& t = r.shape;
    double queued = 0, full_months = 0;
    for (const auto& rep : r.replicates)
        for (int m = 0; m < t.months; ++m) {
            CAPTURE(m);
            const double occupied = rep.monthly[t.monthly_index(m, int(Activity::igu))];
            const double queue = rep.monthly[t.monthly_index(m, int(Measure::queue_igu))];
            CHECK(occupied <= places);
            // A queue at the end of a month means every place was given out.
            if (queue > 0) CHECK(occupied == places);
            queued += queue;
            full_months += occupied == places;
        }
    CHECK(queued > 0);
    CHECK(full_months > 0);
    // Without the limit, more than 3 are in IGU at some time (so the limit did bind).
    const Results free = run(test::tiny());
    double most = 0;
    for (const auto& rep : free.replicates)
        for (int m = 0; m < t.months; ++m) {
            most = std::max(most, rep.monthly[t.monthly_index(m, int(Activity::igu))]);
            CHECK(rep.monthly[t.monthly_index(m, int(Measure::queue_igu))] == 0);  // unlimited: no queue
        }
    CHECK(most > places);
}

TEST_CASE("capacity: through the engine, starts per month cap the new starts") {
    const Scenario s = test::tiny_with({{"capacity", {{"praktik", {{"starts_per_month", {{"2016", 3}}}}}}}});
    const Results r = run(s);
    double capped_months = 0, queued = 0;
    for (const auto& rep : r.replicates)
        for (int m = 0; m < r.shape.months; ++m) {
            const double starts = rep.monthly[r.shape.monthly_index(m, int(Measure::starts_praktik))];
            CHECK(starts <= 3);
            capped_months += starts == 3;
            queued += rep.monthly[r.shape.monthly_index(m, int(Measure::queue_praktik))];
        }
    CHECK(capped_months > 0);
    CHECK(queued > 0);
}

TEST_CASE("capacity: a queued IGU claim lapses when IGU closes for the person") {
    Scenario s = test::tiny_with({{"capacity", {{"igu", {{"places", {{"2016", 3}}}}}}},
                                  {"policy", {{"igu", {{"until", "2017-06"}}}}}});
    int violations = 0, queued_after = 0, queued_before = 0;
    for (std::uint32_t rep = 0; rep < 8; ++rep) {
    World w(s, rep);
    for (Month m = s.simulation.start; m <= s.simulation.end; m = m + 1) {
        std::map<std::uint64_t, Activity> before;  // by key: simulate_month may reorder w.people
        for (auto& p : w.people) before[p.key] = p.activity;
        simulate_month(w, m);
        for (std::size_t i = 0; i < w.admitted; ++i) {
            const Person& p = w.people[i];
            if (p.activity == Activity::igu && before.at(p.key) != Activity::igu && p.state_since == m) {
                Person at_start = p;
                at_start.activity = before.at(p.key);
                if (!igu_open(s.policy_at(m), at_start, m)) ++violations;
            }
            if (p.queued_for == Activity::igu) ++(m > Month::of(2017, 6) ? queued_after : queued_before);
        }
    }
    }
    CHECK(queued_before > 0);  // the capacity does bind while IGU is open
    CHECK(violations == 0);
    CHECK(queued_after == 0);
}
