// arrivals.cpp: the quota as persons, arrival months, stable keys, family reunification, profiles.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "unit_helpers.h"

using namespace kohorte;
using nlohmann::json;

namespace {
std::vector<Person> arrivals_of(const Scenario& s, std::uint32_t replicate = 0) {
    return generate_arrivals(s.arrivals, s.simulation.start, s.simulation.end, Rng(s.simulation.seed, replicate));
}
bool same_person(const Person& a, const Person& b) {
    return a.key == b.key && a.arrival == b.arrival && a.state_since == b.state_since && a.sex == b.sex &&
           a.age_at_arrival == b.age_at_arrival && a.track == b.track && a.origin == b.origin &&
           a.children == b.children && a.trauma == b.trauma && a.channel == b.channel;
}
std::uint64_t sponsor_of(const Person& p) { return p.key & ~std::uint64_t(0xff); }
int key_year(const Person& p) { return int(p.key >> 32); }
}  // namespace

TEST_CASE("arrivals: the quota times the adult share gives exactly that many refugees of the year") {
    const Scenario s = test::tiny();
    CHECK(adults_in_quota(s.arrivals, 2016) == 60);  // 100 x 0.6
    CHECK(adults_in_quota(s.arrivals, 2017) == 30);  // 50 x 0.6
    CHECK(adults_in_quota(s.arrivals, 2018) == 0);   // a year not listed has no quota (not carried forward)
    CHECK(adults_in_quota(s.arrivals, 2015) == 0);
    std::map<int, int> refugees;
    for (const auto& p : arrivals_of(s))
        if (p.channel != Channel::reunified) refugees[p.arrival.year()]++;
    CHECK(refugees == std::map<int, int>{{2016, 60}, {2017, 30}});
    // Rounded to whole persons: 7 x 0.5 = 3.5 -> 4; 9 x 0.5 = 4.5 -> 5.
    const Scenario odd = test::tiny_with({{"arrivals", {{"adult_share", 0.5}, {"refugees_per_year", {{"2016", 7}, {"2017", 9}}}}}});
    CHECK(adults_in_quota(odd.arrivals, 2016) == 4);
    CHECK(adults_in_quota(odd.arrivals, 2017) == 5);
}

TEST_CASE("arrivals: sorted by month then key, inside the period, in reception from arrival") {
    const Scenario s = test::tiny();
    const auto people = arrivals_of(s);
    REQUIRE(people.size() > 90);
    for (std::size_t i = 0; i < people.size(); ++i) {
        const Person& p = people[i];
        CHECK(p.arrival >= s.simulation.start);
        CHECK(p.arrival <= s.simulation.end);
        CHECK(p.state_since == p.arrival);
        CHECK(p.activity == Activity::reception);
        if (i > 0) {
            const Person& q = people[i - 1];
            CHECK((q.arrival < p.arrival || (q.arrival == p.arrival && q.key < p.key)));
        }
    }
    // Deterministic: the same seed and replicate give the same persons, another replicate others.
    const auto again = arrivals_of(s), other = arrivals_of(s, 1);
    REQUIRE(again.size() == people.size());
    CHECK(std::equal(people.begin(), people.end(), again.begin(), same_person));
    CHECK_FALSE((other.size() == people.size() && std::equal(people.begin(), people.end(), other.begin(), same_person)));
}

TEST_CASE("arrivals: refugees arrive only in months with a share, in proportion to the shares") {
    const Scenario s = test::tiny_with({{"arrivals", {{"refugees_per_year", {{"2016", 20000}, {"2017", 0}}}}}});
    std::map<int, int> by_month;
    int n = 0;
    for (const auto& p : arrivals_of(s))
        if (p.channel != Channel::reunified) by_month[p.arrival.month_of_year()]++, ++n;
    REQUIRE(n == 12000);
    for (auto& [m, count] : by_month) CHECK((m == 1 || m == 4 || m == 7 || m == 10));
    for (int m : {1, 4, 7, 10}) unit::check_share(by_month[m], n, 0.25);
    // All weight on one month: every refugee arrives in March.
    const Scenario march = test::tiny_with(
        {{"arrivals", {{"monthly_profile", {0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}}}}});
    for (const auto& p : arrivals_of(march))
        if (p.channel != Channel::reunified) CHECK(p.arrival.month_of_year() == 3);
}

TEST_CASE("arrivals: keys are stable when another year's quota changes") {
    const Scenario s = test::tiny();
    const Scenario more = test::tiny_with({{"arrivals", {{"refugees_per_year", {{"2017", 80}}}}}});
    const auto before = arrivals_of(s), after = arrivals_of(more);
    std::map<std::uint64_t, const Person*> by_key;
    for (const auto& p : after) by_key[p.key] = &p;
    int compared_2016 = 0, compared_2017 = 0;
    for (const auto& p : before) {
        // Every person of 2016 (refugees and their families) and every 2017 refugee of the smaller
        // quota (indices 0..29 of 80) is identical.
        REQUIRE(by_key.count(p.key));
        CHECK(same_person(*by_key[p.key], p));
        (key_year(p) == 2016 ? compared_2016 : compared_2017)++;
    }
    CHECK(compared_2016 >= 60);
    CHECK(compared_2017 >= 30);
    int refugees_2017 = 0;
    for (const auto& p : after) refugees_2017 += p.channel != Channel::reunified && key_year(p) == 2017;
    CHECK(refugees_2017 == 48);  // 80 x 0.6
}

TEST_CASE("arrivals: families of refugees who came before the start are simulated when they arrive inside it") {
    const Scenario full = test::tiny_with({{"arrivals", {{"refugees_per_year", {{"2016", 3000}}}}}});
    const Scenario late = test::tiny_with({{"arrivals", {{"refugees_per_year", {{"2016", 3000}}}}},
                                           {"simulation", {{"start", "2017-01"}}}});
    std::map<std::uint64_t, const Person*> full_by_key;
    const auto all = arrivals_of(full), later = arrivals_of(late);
    for (const auto& p : all) full_by_key[p.key] = &p;
    int families_2016 = 0, expected = 0;
    for (const auto& p : all) expected += key_year(p) == 2016 && p.arrival >= Month::of(2017, 1);
    for (const auto& p : later) {
        CHECK(p.arrival >= Month::of(2017, 1));
        REQUIRE(full_by_key.count(p.key));
        CHECK(same_person(*full_by_key[p.key], p));
        if (key_year(p) == 2016) {
            CHECK(p.channel == Channel::reunified);
            ++families_2016;
        }
    }
    CHECK(families_2016 == expected);
    CHECK(families_2016 > 0);
}

TEST_CASE("arrivals: reunified adults come lag months after their sponsor, lags and numbers as the scenario says") {
    // 30000 refugees of 2016; their families all arrive by 2017-04, inside the period.
    const Scenario s = test::tiny_with({{"arrivals", {{"refugees_per_year", {{"2016", 50000}, {"2017", 0}}}}}});
    const auto people = arrivals_of(s);
    std::map<std::uint64_t, Month> sponsor_arrival;
    for (const auto& p : people)
        if (p.channel != Channel::reunified) sponsor_arrival[p.key] = p.arrival;
    const double refugees = double(sponsor_arrival.size());
    REQUIRE(refugees == 30000);
    std::map<std::uint64_t, int> family_lag;
    double reunified = 0, female = 0, over_49 = 0;
    for (const auto& p : people) {
        if (p.channel != Channel::reunified) continue;
        REQUIRE(sponsor_arrival.count(sponsor_of(p)));
        const int lag = p.arrival - sponsor_arrival[sponsor_of(p)];
        CHECK(lag >= 1);  // lag_months [0, 0.2, 0.3, 0.3, 0.2]: never the sponsor's month
        CHECK(lag <= 4);
        if (family_lag.count(sponsor_of(p))) CHECK(family_lag[sponsor_of(p)] == lag);  // a family comes together
        family_lag[sponsor_of(p)] = lag;
        reunified += 1;
        female += p.sex == Sex::female;
        over_49 += p.age_at_arrival > 49;
    }
    // Adults per refugee X = T * A, T ~ Bernoulli(0.3), A = Bin(1 + Poisson(0.5), 0.4)
    //   = Bernoulli(0.4) + Poisson(0.2): E[A] = 0.6, E[A^2] = 0.44 + 0.36 = 0.8,
    //   E[X] = 0.18, Var(X) = 0.3 * 0.8 - 0.18^2 = 0.2076.
    unit::check_mean(reunified, refugees, 0.18, 0.2076);
    std::map<int, int> lags;
    for (auto& [sponsor, lag] : family_lag) lags[lag]++;
    const double families = double(family_lag.size());
    unit::check_share(lags[1], families, 0.2);
    unit::check_share(lags[2], families, 0.3);
    unit::check_share(lags[3], families, 0.3);
    unit::check_share(lags[4], families, 0.2);
    // The reunified profile: 80 % women, ages 18-49 only.
    unit::check_share(female, reunified, 0.8);
    CHECK(over_49 == 0);
    // A refugee whose partner follows, and the partner, are a couple (the household type is
    // settled: not single providers); children who follow count in the household from the
    // family's month (family_joins) when the refugee came without any.
    int joins_later = 0;
    for (const auto& p : people) {
        if (p.channel == Channel::reunified) {
            CHECK(p.ledger_flags == household_drawn);
            CHECK(p.family_joins == 0);
            continue;
        }
        const bool partner_follows = family_lag.count(p.key) != 0;
        CHECK(p.ledger_flags == (partner_follows ? household_drawn : 0));
        if (p.family_joins == 0) continue;
        ++joins_later;
        CHECK(p.children > 0);
        CHECK(p.family_joins >= 1);
        CHECK(p.family_joins <= 4);
        if (partner_follows) CHECK(p.family_joins == family_lag[p.key]);
    }
    CHECK(joins_later > 100);
}

TEST_CASE("arrivals: UN quota refugees are the quota share of refugees") {
    const Scenario s = test::tiny_with({{"arrivals", {{"refugees_per_year", {{"2016", 30000}, {"2017", 0}}}}}});
    double refugees = 0, quota = 0;
    for (const auto& p : arrivals_of(s)) {
        if (p.channel == Channel::reunified) continue;
        refugees += 1;
        quota += p.channel == Channel::quota;
    }
    unit::check_share(quota, refugees, 0.1);
}

TEST_CASE("arrivals: attributes follow the refugee profile (4 standard errors)") {
    const Scenario s = test::tiny();
    const Rng rng(11, 0);
    const int n = 40000;
    double female = 0, du[3] = {0, 0, 0}, eritrea = 0, trauma = 0, with_children = 0, children = 0;
    std::map<int, int> age;
    for (int i = 0; i < n; ++i) {
        Person p = unit::person_at(Month::of(2016, 1 + i % 12));
        p.key = std::uint64_t(i) << 8;
        draw_attributes(p, s.arrivals.refugee, rng);
        female += p.sex == Sex::female;
        du[int(p.track)] += 1;
        eritrea += p.origin == 0;  // groups in name order: eritrea, syria
        CHECK(p.origin <= 1);
        trauma += p.trauma;
        age[p.age_at_arrival]++;
        if (p.children > 0) with_children += 1, children += p.children;
    }
    unit::check_share(female, n, 0.4);
    unit::check_share(du[0], n, 0.1);
    unit::check_share(du[1], n, 0.45);
    unit::check_share(du[2], n, 0.45);
    unit::check_share(eritrea, n, 0.4);
    unit::check_share(trauma, n, 0.3);
    // Ages: bands 18-29 0.5, 30-49 0.4, 50-64 0.1, uniform within a band.
    CHECK(age.begin()->first >= 18);
    CHECK(age.rbegin()->first <= 64);
    double young = 0, middle = 0, old = 0;
    for (auto& [a, c] : age) (a <= 29 ? young : a <= 49 ? middle : old) += c;
    unit::check_share(young, n, 0.5);
    unit::check_share(middle, n, 0.4);
    unit::check_share(old, n, 0.1);
    unit::check_share(age[18], n, 0.5 / 12);  // the youngest age of the first band: 1 of 12 ages
    unit::check_share(age[29], n, 0.5 / 12);
    unit::check_share(age[64], n, 0.1 / 15);
    // Children: 40 % of households; 1 + Poisson(1) children there (mean 2, variance 1).
    unit::check_share(with_children, n, 0.4);
    unit::check_mean(children, with_children, 2.0, 1.0);
}
