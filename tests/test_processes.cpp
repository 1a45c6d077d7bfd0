// Hand-computed cases and Monte Carlo checks (4 standard errors) for each process module.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <set>

#include <boost/random/poisson_distribution.hpp>

#include "helpers.h"
#include "units.h"

using namespace kohorte;
using nlohmann::json;

namespace {
// |observed share - p| within 4 Monte Carlo standard errors of a binomial share.
void check_share(double hits, double n, double p) {
    CAPTURE(hits / n);
    CAPTURE(p);
    CHECK(std::abs(hits / n - p) <= 4 * std::sqrt(p * (1 - p) / n));
}
Person person_at(Month arrival, Activity a = Activity::waiting) {
    Person p;
    p.key = 7;
    p.arrival = arrival;
    p.state_since = arrival;
    p.activity = a;
    return p;
}
}  // namespace

// --- random.h -------------------------------------------------------------------------------

TEST_CASE("Philox4x32-10 known-answer vectors (Random123)") {
    using detail::philox4x32_10;
    CHECK(philox4x32_10({0, 0, 0, 0}, {0, 0}) ==
          std::array<std::uint32_t, 4>{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8});
    CHECK(philox4x32_10({0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff}) ==
          std::array<std::uint32_t, 4>{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd});
    CHECK(philox4x32_10({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0}) ==
          std::array<std::uint32_t, 4>{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1});
}

TEST_CASE("random draws are a function of their key alone") {
    const Rng a(1, 0), b(1, 0);
    const double u = a.uniform(5, 100, Draw::demography);
    a.uniform(6, 100, Draw::pathway_leave);  // other draws in between change nothing
    CHECK(b.uniform(5, 100, Draw::demography) == u);
    CHECK(a.uniform(5, 100, Draw::demography) == u);
    std::set<double> differ = {u, Rng(2, 0).uniform(5, 100, Draw::demography), Rng(1, 1).uniform(5, 100, Draw::demography),
                               a.uniform(6, 100, Draw::demography), a.uniform(5, 101, Draw::demography),
                               a.uniform(5, 100, Draw::pathway_leave)};
    CHECK(differ.size() == 6);
}

TEST_CASE("uniforms have mean 1/2 and variance 1/12 within 4 standard errors") {
    const Rng rng(3, 0);
    const int n = 100000;
    double sum = 0, sumsq = 0;
    for (int i = 0; i < n; ++i) {
        const double u = rng.uniform(std::uint64_t(i), 0, Draw::sex);
        REQUIRE(u >= 0.0);
        REQUIRE(u < 1.0);
        sum += u, sumsq += u * u;
    }
    CHECK(std::abs(sum / n - 0.5) < 4 * std::sqrt(1.0 / 12 / n));
    // Var(U^2) = 1/5 - 1/9 = 4/45.
    CHECK(std::abs(sumsq / n - 1.0 / 3) < 4 * std::sqrt(4.0 / 45 / n));
}

TEST_CASE("a DrawStream drives Boost.Random: Poisson mean within 4 standard errors") {
    const Rng rng(4, 0);
    const int n = 20000;
    double sum = 0;
    for (int i = 0; i < n; ++i) {
        auto s = rng.stream(std::uint64_t(i), 0, Draw::children);
        boost::random::poisson_distribution<int> d(2.5);
        sum += d(s);
    }
    CHECK(std::abs(sum / n - 2.5) < 4 * std::sqrt(2.5 / n));
}

// --- units.h --------------------------------------------------------------------------------

TEST_CASE("units: annual probability to monthly hazard and back") {
    const double h = annual_probability_to_monthly_hazard(0.2);
    CHECK(1 - std::pow(1 - hazard_to_probability(h), 12) == doctest::Approx(0.2));
    CHECK(hazard_to_probability(mean_months_to_hazard(4)) == doctest::Approx(0.25));
    CHECK(std::isinf(mean_months_to_hazard(1)));
}

// --- arrivals.cpp ---------------------------------------------------------------------------

TEST_CASE("arrivals: the quota times the adult share, in the profile's months, keys stable") {
    const Scenario s = test::tiny();
    const Rng rng(7, 0);
    const auto people = generate_arrivals(s.arrivals, s.simulation.start, s.simulation.end, rng);
    int refugees_2016 = 0, refugees_2017 = 0;
    for (auto& p : people) {
        if (p.channel == Channel::reunified) continue;
        CHECK((p.arrival.month_of_year() - 1) % 3 == 0);  // only Jan, Apr, Jul, Oct have arrivals
        (p.arrival.year() == 2016 ? refugees_2016 : refugees_2017)++;
    }
    CHECK(refugees_2016 == 60);  // 100 x 0.6
    CHECK(refugees_2017 == 30);  // 50 x 0.6
    // Another 2017 quota leaves every 2016 refugee exactly as before.
    Scenario more = test::tiny_with({{"arrivals", {{"refugees_per_year", {{"2017", 80}}}}}});
    const auto people2 = generate_arrivals(more.arrivals, more.simulation.start, more.simulation.end, rng);
    std::map<std::uint64_t, const Person*> by_key;
    for (auto& p : people2) by_key[p.key] = &p;
    int compared = 0;
    for (auto& p : people)
        if (p.arrival.year() == 2016 && p.channel != Channel::reunified) {
            REQUIRE(by_key.count(p.key));
            const Person& q = *by_key[p.key];
            CHECK(q.arrival == p.arrival);
            CHECK(q.sex == p.sex);
            CHECK(q.age_at_arrival == p.age_at_arrival);
            CHECK(q.track == p.track);
            ++compared;
        }
    CHECK(compared == 60);
}

TEST_CASE("arrivals: reunified adults come after their sponsor within the lag distribution") {
    const Scenario s = test::tiny();
    const Rng rng(7, 0);
    const auto people = generate_arrivals(s.arrivals, s.simulation.start, s.simulation.end, rng);
    std::map<std::uint64_t, Month> sponsor_arrival;
    for (auto& p : people)
        if (p.channel != Channel::reunified) sponsor_arrival[p.key] = p.arrival;
    int reunified = 0;
    for (auto& p : people) {
        if (p.channel != Channel::reunified) continue;
        const std::uint64_t sponsor = p.key & ~std::uint64_t(0xff);
        REQUIRE(sponsor_arrival.count(sponsor));
        const int lag = p.arrival - sponsor_arrival[sponsor];
        CHECK(lag >= 1);  // lag_months gives 0 weight to month 0
        CHECK(lag <= 4);
        ++reunified;
    }
    CHECK(reunified > 0);
}

TEST_CASE("arrivals: attributes follow the profile within 4 standard errors") {
    Scenario s = test::tiny();
    const Rng rng(11, 0);
    const int n = 20000;
    int female = 0, du1 = 0, trauma = 0;
    for (int i = 0; i < n; ++i) {
        Person p = person_at(Month::of(2016, 1));
        p.key = std::uint64_t(i) << 8;
        draw_attributes(p, s.arrivals.refugee, rng);
        female += p.sex == Sex::female;
        du1 += p.track == Track::du1;
        trauma += p.trauma;
        CHECK(p.age_at_arrival >= 18);
        CHECK(p.age_at_arrival <= 64);
    }
    check_share(female, n, 0.4);
    check_share(du1, n, 0.1);
    check_share(trauma, n, 0.3);
}

// --- reception.cpp --------------------------------------------------------------------------

TEST_CASE("reception ends after its months with the jobparat assessment") {
    const ReceptionParams params{2, 0.7, 0.5};
    const Rng rng(1, 0);
    Person p = person_at(Month::of(2016, 1), Activity::reception);
    CHECK_FALSE(reception_step(p, params, rng, Month::of(2016, 2)));
    CHECK(p.activity == Activity::reception);
    CHECK(reception_step(p, params, rng, Month::of(2016, 3)));
    CHECK(p.activity == Activity::waiting);
    CHECK(p.state_since == Month::of(2016, 3));
    int jobparat = 0, jobparat_trauma = 0;
    const int n = 20000;
    for (int i = 0; i < n; ++i) {
        Person q = person_at(Month::of(2016, 1), Activity::reception), t = q;
        q.key = t.key = std::uint64_t(i);
        t.trauma = true;
        reception_step(q, params, rng, Month::of(2016, 3));
        reception_step(t, params, rng, Month::of(2016, 3));
        jobparat += q.jobparat;
        jobparat_trauma += t.jobparat;
    }
    check_share(jobparat, n, 0.7);
    check_share(jobparat_trauma, n, 0.35);
}

// --- danish.cpp -----------------------------------------------------------------------------

TEST_CASE("danish: one-month modules, no dropout: the test at the next sitting (hand-traced)") {
    Scenario s = test::tiny_with({{"danish",
                                   {{"dropout_per_month", 0},
                                    {"pause_per_month", 0},
                                    {"pass_probability", 1},
                                    {"tracks", {{"du3", {{"module_months", {1, 1, 1, 1, 1}}}}}}}}});
    const Rng rng(1, 0);
    Person p = person_at(Month::of(2016, 1));
    p.track = Track::du3;
    std::map<int, std::pair<DanishStatus, int>> seen;
    for (Month m = Month::of(2016, 1); m <= Month::of(2016, 12); m = m + 1) {
        danish_step(p, s.danish, 1.0, rng, m);
        seen[m.month_of_year()] = {p.danish, p.danish_module};
    }
    CHECK(seen[1].first == DanishStatus::not_started);
    CHECK(seen[2] == std::pair{DanishStatus::studying, 0});  // starts after the 1-month delay
    CHECK(seen[3].second == 1);                               // one module a month
    CHECK(seen[6].second == 4);
    CHECK(seen[7] == std::pair{DanishStatus::awaiting_test, 5});
    CHECK(seen[11].first == DanishStatus::awaiting_test);  // no sitting until December
    CHECK(seen[12].first == DanishStatus::passed);
    CHECK(p.danish_passed == Month::of(2016, 12).index);
    CHECK(danish_level(p) == DanishLevel::passed);
}

TEST_CASE("danish: the entitlement expires after its months") {
    Scenario s = test::tiny_with({{"danish", {{"dropout_per_month", 0}, {"pause_per_month", 0}, {"entitlement_months", 3}}}});
    const Rng rng(1, 0);
    Person p = person_at(Month::of(2016, 1));
    p.activity = Activity::inactive;  // progress 1 x ... but slow modules: cannot finish in 3 months
    for (Month m = Month::of(2016, 1); m <= Month::of(2016, 5); m = m + 1) danish_step(p, s.danish, 1.0, rng, m);
    CHECK(p.danish == DanishStatus::expired);  // started Feb; expired in May, 3 months later
}

TEST_CASE("danish: mean months per module and the full-time job multiplier within 4 standard errors") {
    // Module 1 of DU2 has a mean of 2.5 months: P(done in a month) = 0.4; in a full-time job x0.6.
    Scenario s = test::tiny_with({{"danish", {{"dropout_per_month", 0}, {"pause_per_month", 0}}}});
    const Rng rng(5, 0);
    const int n = 20000;
    int done = 0, done_job = 0;
    for (int i = 0; i < n; ++i) {
        Person p = person_at(Month::of(2016, 1)), q = p;
        p.key = q.key = std::uint64_t(i);
        p.track = q.track = Track::du2;
        p.danish = q.danish = DanishStatus::studying;
        p.danish_start = q.danish_start = Month::of(2016, 1).index;
        q.activity = Activity::job;
        q.job_hours = 37;
        danish_step(p, s.danish, 1.0, rng, Month::of(2016, 2));
        danish_step(q, s.danish, 1.0, rng, Month::of(2016, 2));
        done += p.danish_module;
        done_job += q.danish_module;
    }
    check_share(done, n, 0.4);
    check_share(done_job, n, 1 - std::pow(1 - 0.4, 0.6));  // hazard x 0.6
}

// --- demography.cpp -------------------------------------------------------------------------

TEST_CASE("demography: retirement exactly at the pension age, moving away at its annual rate") {
    const Scenario s = test::tiny();
    const Rng rng(1, 0);
    Person old = person_at(Month::of(2016, 1));
    old.age_at_arrival = 64;
    CHECK(demography_step(old, s.demography, rng, Month::of(2016, 12)) != Activity::retired);
    CHECK(demography_step(old, s.demography, rng, Month::of(2017, 1)) == Activity::retired);

    Scenario moving = test::tiny_with({{"demography",
                                        {{"death_per_year", json::object()},
                                         {"emigration_per_year", 0},
                                         {"moved_away_per_year", 0.1}}}});
    const int n = 20000;
    int moved = 0;
    for (int i = 0; i < n; ++i) {
        Person p = person_at(Month::of(2016, 1));
        p.key = std::uint64_t(i);
        for (Month m = Month::of(2016, 1); m <= Month::of(2016, 12); m = m + 1)
            if (demography_step(p, moving.demography, rng, m) == Activity::moved_away) {
                ++moved;
                break;
            }
    }
    check_share(moved, n, 0.1);
}

TEST_CASE("demography: competing exits split in proportion to their hazards") {
    Scenario s = test::tiny_with({{"demography",
                                   {{"death_per_year", json::object()}, {"emigration_per_year", 0.3}, {"moved_away_per_year", 0.3}}}});
    const Rng rng(2, 0);
    int emigrated = 0, moved = 0;
    for (int i = 0; i < 40000; ++i) {
        Person p = person_at(Month::of(2016, 1));
        p.key = std::uint64_t(i);
        const Activity a = demography_step(p, s.demography, rng, Month::of(2016, 1));
        emigrated += a == Activity::emigrated;
        moved += a == Activity::moved_away;
    }
    check_share(emigrated, emigrated + moved, 0.5);
}

// --- pathway.cpp and policy.cpp -----------------------------------------------------------------

TEST_CASE("pathway: a hazard is the base times every effect (hand product)") {
    const Scenario s = test::tiny();
    Person p = person_at(Month::of(2016, 1));
    p.sex = Sex::female;
    p.age_at_arrival = 25;   // 18-29: x1.1
    p.track = Track::du1;    // x0.6
    p.origin = 0;            // eritrea (groups in name order: eritrea, syria): x1.2
    p.first_offer = Month::of(2016, 2).index;  // had a first offer: ordinary offer hazards
    p.danish = DanishStatus::passed;  // x1.3
    p.last_offer = Activity::praktik;
    const Month now = Month::of(2018, 7);  // 30 months after arrival
    p.last_offer_end = (now - 5).index;    // within 12 months after praktik: x1.25
    p.state_since = now - 2;
    set_fixed_multipliers(p, s.pathway);
    const auto& policy = s.policy_at(now);
    const auto h = move_hazards(p, s.pathway, policy, now);
    // job-first for women 1.05, fading: (36 - 30) / (36 - 24) = 0.5 of the effect left.
    const double job_first = 1 + 0.05 * 0.5;
    const double cycle = 1.0;  // 2018 takes 2016's 1.0 (2019 is 1.1)
    const double fixed = 0.25 * 1.1 * 0.6 * 1.2;
    CHECK(h[int(Activity::job)] == doctest::Approx(0.03 * fixed * 1.3 * 1.25 * job_first * cycle));
    // Offers: women x0.75; no other offer effect applies once the first offer has come.
    CHECK(h[int(Activity::praktik)] == doctest::Approx(0.3 * 0.75));
    // The business cycle of 2019.
    const auto h2019 = move_hazards(p, s.pathway, policy, Month::of(2019, 1));
    // 36 months since arrival: job-first has faded out; 11 months after the praktik: x1.25.
    CHECK(h2019[int(Activity::job)] == doctest::Approx(0.03 * fixed * 1.3 * 1.25 * 1.1));
}

TEST_CASE("pathway: IGU only when the policy allows it") {
    const Scenario s = test::tiny();
    Person p = person_at(Month::of(2017, 1));
    p.age_at_arrival = 30;
    set_fixed_multipliers(p, s.pathway);
    const Month now = Month::of(2017, 6);
    CHECK(move_hazards(p, s.pathway, s.policy_at(now), now)[int(Activity::igu)] > 0);
    CHECK(move_hazards(p, s.pathway, s.policy_at(now), Month::of(2016, 6))[int(Activity::igu)] == 0);  // before 2016-07
    p.age_at_arrival = 41;
    CHECK(move_hazards(p, s.pathway, s.policy_at(now), now)[int(Activity::igu)] == 0);  // above age_max 40
    Scenario off = test::tiny_with({{"policy", {{"igu", {{"enabled", false}}}}}});
    p.age_at_arrival = 30;
    CHECK(move_hazards(p, off.pathway, off.policy_at(now), now)[int(Activity::igu)] == 0);
}

TEST_CASE("pathway: a praktik ends at its maximum, an IGU with a job at the completion rate") {
    const Scenario s = test::tiny();
    const Rng rng(9, 0);
    Person p = person_at(Month::of(2016, 1), Activity::praktik);
    p.state_since = Month::of(2016, 2);
    CHECK(pathway_step(p, s.pathway, s.policy_at(Month::of(2016, 5)), rng, Month::of(2016, 5)) == Activity::waiting);
    const int n = 20000;
    int jobs = 0;
    for (int i = 0; i < n; ++i) {
        Person q = person_at(Month::of(2016, 1), Activity::igu);
        q.key = std::uint64_t(i);
        q.state_since = Month::of(2016, 8);
        jobs += pathway_step(q, s.pathway, s.policy_at(Month::of(2018, 8)), rng, Month::of(2018, 8)) == Activity::job;
    }
    check_share(jobs, n, 0.7);
}

TEST_CASE("pathway: destinations in proportion to their hazards, leaving at 1 - exp(-total)") {
    const Scenario s = test::tiny();
    const Rng rng(13, 0);
    const Month now = Month::of(2018, 1);
    Person p = person_at(Month::of(2016, 1), Activity::education);
    p.first_offer = 0;
    set_fixed_multipliers(p, s.pathway);
    const auto h = move_hazards(p, s.pathway, s.policy_at(now), now);
    const double total = h[int(Activity::waiting)] + h[int(Activity::job)];
    const int n = 40000;
    int left = 0, to_job = 0;
    for (int i = 0; i < n; ++i) {
        p.key = std::uint64_t(i);
        const Activity a = pathway_step(p, s.pathway, s.policy_at(now), rng, now);
        if (a != Activity::education) ++left;
        if (a == Activity::job) ++to_job;
    }
    check_share(left, n, 1 - std::exp(-total));
    check_share(to_job, left, h[int(Activity::job)] / total);
}

TEST_CASE("policy: the first-offer deadline gives its compliance by the deadline") {
    const Scenario s = test::tiny();
    const auto& fo = s.policy_at(Month::of(2016, 1)).first_offer;
    // -ln(1 - 0.5) / (4 weeks in months)
    CHECK(fo.hazard_per_month == doctest::Approx(std::log(2.0) / (4 * 12.0 / 52)));
}

TEST_CASE("policy: mentors only in the first months of a job, outreach only for women") {
    Scenario s = test::tiny_with({{"policy", {{"mentor", {{"enabled", true}, {"months", 6}}},
                                              {"outreach_women", {{"enabled", true}}},
                                              {"job_first", {{"enabled", false}}}}}});
    const auto& policy = s.policy_at(Month::of(2017, 1));
    Person p = person_at(Month::of(2016, 1), Activity::job);
    p.state_since = Month::of(2017, 1);
    CHECK(policy_multipliers(policy, p, Month::of(2017, 3))[Flow::job_exit] == doctest::Approx(0.9));
    CHECK(policy_multipliers(policy, p, Month::of(2017, 7))[Flow::job_exit] == doctest::Approx(1.0));
    CHECK(policy_multipliers(policy, p, Month::of(2017, 3))[Flow::offer] == doctest::Approx(1.0));
    p.sex = Sex::female;
    CHECK(policy_multipliers(policy, p, Month::of(2017, 3))[Flow::offer] == doctest::Approx(1.33));
    CHECK(policy_multipliers(policy, p, Month::of(2017, 3))[Flow::job_entry] == doctest::Approx(1.1));
}

// --- capacity.cpp ---------------------------------------------------------------------------

TEST_CASE("capacity: free places go in queue order") {
    Scenario s = test::tiny_with({{"capacity", {{"igu", {{"places", {{"2016", 5}}}}}}}});
    std::vector<Person> people(4);
    for (int i = 0; i < 4; ++i) {
        people[i].key = std::uint64_t(i);
        people[i].arrival = Month::of(2016, 1 + i);  // earlier index arrived earlier
    }
    people[3].queued_since = Month::of(2016, 2).index;  // the latest arrival has queued longest
    people[1].jobparat = false;
    const Rng rng(1, 0);
    std::vector<std::size_t> c = {0, 1, 2, 3};
    CHECK(allocate_places(c, people, 2, 3, s.capacity, rng, Month::of(2016, 6)) == 2);  // 5 places - 3 taken
    CHECK(c[0] == 3);  // fifo: queued since February
    CHECK(c[1] == 0);  // then the earliest arrival among the new candidates
    s.capacity.order = QueueOrder::arrival;
    c = {3, 2, 1, 0};
    allocate_places(c, people, 2, 3, s.capacity, rng, Month::of(2016, 6));
    CHECK(c == std::vector<std::size_t>{0, 1, 2, 3});
    s.capacity.order = QueueOrder::jobparat_first;
    c = {0, 1, 2, 3};
    allocate_places(c, people, 2, 3, s.capacity, rng, Month::of(2016, 6));
    CHECK(c.back() == 1);  // the activity-ready person last
    // Unlimited praktik: everyone gets a place, order untouched.
    c = {2, 0};
    CHECK(allocate_places(c, people, 0, 1000, s.capacity, rng, Month::of(2016, 6)) == 2);
}

TEST_CASE("capacity: starts per month cap new starts") {
    Scenario s = test::tiny_with({{"capacity", {{"praktik", {{"starts_per_month", {{"2016", 3}}}}}}}});
    const Results r = run(s);
    for (const auto& rep : r.replicates)
        for (int m = 0; m < r.shape.months; ++m) CHECK(rep.monthly[r.shape.monthly_index(m, int(Measure::starts_praktik))] <= 3);
}
