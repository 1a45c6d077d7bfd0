// policy.cpp: each lever acts on its flow, for its persons, in its window — by hand.
#include <doctest/doctest.h>

#include <cmath>

#include "unit_helpers.h"

using namespace kohorte;
using nlohmann::json;

namespace {
// Every lever off unless the patch turns it on.
Scenario levers(json on) {
    json policy = {{"first_offer", {{"enabled", false}}},   {"job_oriented_danish", {{"enabled", false}}},
                   {"mentor", {{"enabled", false}}},        {"outreach_women", {{"enabled", false}}},
                   {"job_first", {{"enabled", false}}},     {"danish_fee", {{"enabled", false}}}};
    policy.merge_patch(on);
    return test::tiny_with({{"policy", policy}});
}
void check_only(const Multipliers& m, std::initializer_list<std::pair<Flow, double>> expected) {
    for (int f = 0; f < kFlowCount; ++f) {
        CAPTURE(kFlowNames[f]);
        double want = 1.0;
        for (auto& [flow, value] : expected)
            if (int(flow) == f) want = value;
        CHECK(m.m[f] == doctest::Approx(want).epsilon(1e-12));
    }
}
}  // namespace

TEST_CASE("policy: with every lever off, every multiplier is 1") {
    const Scenario s = levers(json::object());
    const auto& policy = s.policy_at(Month::of(2017, 1));
    for (Sex sex : {Sex::male, Sex::female})
        for (Activity a : {Activity::waiting, Activity::job, Activity::praktik}) {
            Person p = unit::person_at(Month::of(2016, 1), a);
            p.sex = sex;
            check_only(policy_multipliers(policy, p, Month::of(2016, 6)), {});
            CHECK(policy_danish_progress(policy, p, Month::of(2016, 6)) == 1.0);
            CHECK(policy_danish_dropout(policy, p) == 1.0);
        }
}

TEST_CASE("policy: a mentor lowers job loss only in the first months of a job") {
    const Scenario s = levers({{"mentor", {{"enabled", true}, {"job_exit", 0.9}, {"months", 6}}}});
    const auto& policy = s.policy_at(Month::of(2017, 1));
    Person p = unit::person_at(Month::of(2016, 1), Activity::job);
    p.state_since = Month::of(2017, 1);
    check_only(policy_multipliers(policy, p, Month::of(2017, 1)), {{Flow::job_exit, 0.9}});
    check_only(policy_multipliers(policy, p, Month::of(2017, 6)), {{Flow::job_exit, 0.9}});  // 5 months in
    check_only(policy_multipliers(policy, p, Month::of(2017, 7)), {});                       // 6 months: over
    p.activity = Activity::praktik;  // only in a job
    check_only(policy_multipliers(policy, p, Month::of(2017, 2)), {});
}

TEST_CASE("policy: outreach to women acts on women's offers and job entry only") {
    const Scenario s = levers({{"outreach_women", {{"enabled", true}, {"offer", 1.33}, {"job_entry", 1.1}}}});
    const auto& policy = s.policy_at(Month::of(2017, 1));
    Person p = unit::person_at(Month::of(2016, 1));
    check_only(policy_multipliers(policy, p, Month::of(2017, 3)), {});
    p.sex = Sex::female;
    check_only(policy_multipliers(policy, p, Month::of(2017, 3)), {{Flow::offer, 1.33}, {Flow::job_entry, 1.1}});
    check_only(policy_multipliers(policy, p, Month::of(2025, 3)), {{Flow::offer, 1.33}, {Flow::job_entry, 1.1}});
}

TEST_CASE("policy: women's IGU take-up multiplies women's IGU starts only, and changes with the date") {
    const Scenario s = levers({{"igu", {{"female_start", 0.35}}}});
    Person p = unit::person_at(Month::of(2016, 1));
    check_only(policy_multipliers(s.policy_at(Month::of(2017, 1)), p, Month::of(2017, 1)), {});
    p.sex = Sex::female;
    check_only(policy_multipliers(s.policy_at(Month::of(2017, 1)), p, Month::of(2017, 1)), {{Flow::igu_start, 0.35}});
    check_only(policy_multiplier_bound(s.policy_at(Month::of(2017, 1))), {});  // below 1: no raise of the bound
    CHECK(levers({{"igu", {{"female_start", 1.5}}}}).policy_at(Month::of(2017, 1)).igu.female_start == 1.5);
    check_only(policy_multiplier_bound(levers({{"igu", {{"female_start", 1.5}}}}).policy_at(Month::of(2017, 1))),
               {{Flow::igu_start, 1.5}});

    // base.json: 0.33 (18 % of new IGU hires in 2017Q1) until 2017-12, 1.0 from 2018-01 (about 700
    // of 2,300 courses to June 2019 were women's: about 41 % of those started from 2018).
    const Scenario base = load_scenario(test::source_path("scenarios/base.json"));
    CHECK(base.policy_at(Month::of(2017, 1)).igu.female_start == 0.33);
    CHECK(base.policy_at(Month::of(2017, 12)).igu.female_start == 0.33);
    CHECK(base.policy_at(Month::of(2018, 1)).igu.female_start == 1.0);
    CHECK(base.policy_at(Month::of(2027, 1)).igu.female_start == 1.0);
    check_only(policy_multipliers(base.policy_at(Month::of(2027, 1)), p, Month::of(2027, 1)), {});
    CHECK(base.pathway.female[Flow::igu_start] == 1.0);  // not also a fixed effect
}

TEST_CASE("policy: job-oriented Danish acts only from from_month to to_month since arrival") {
    const Scenario s = levers({{"job_oriented_danish",
                                {{"enabled", true}, {"job_entry_male", 1.4}, {"job_entry_female", 1.15},
                                 {"from_month", 3}, {"to_month", 24}, {"danish_progress", 1.2}}}});
    const auto& policy = s.policy_at(Month::of(2016, 1));
    const Month arrival = Month::of(2016, 1);
    Person man = unit::person_at(arrival), woman = man;
    woman.sex = Sex::female;
    for (int since : {0, 2, 3, 10, 24, 25, 40}) {
        CAPTURE(since);
        const bool in = since >= 3 && since <= 24;
        check_only(policy_multipliers(policy, man, arrival + since), {{Flow::job_entry, in ? 1.4 : 1.0}});
        check_only(policy_multipliers(policy, woman, arrival + since), {{Flow::job_entry, in ? 1.15 : 1.0}});
        CHECK(policy_danish_progress(policy, man, arrival + since) == (in ? 1.2 : 1.0));
    }
}

TEST_CASE("policy: job-first raises job entry fully to month 24, linearly less to month 36, and job loss of its jobs") {
    const Scenario s = levers({{"job_first",
                                {{"enabled", true}, {"job_entry_male", 1.3}, {"job_entry_female", 1.05}, {"job_exit", 1.2},
                                 {"full_until_month", 24}, {"fade_until_month", 36}}}});
    const auto& policy = s.policy_at(Month::of(2016, 1));
    const Month arrival = Month::of(2016, 1);
    Person man = unit::person_at(arrival), woman = man;
    woman.sex = Sex::female;
    // Weight left at month t: 1 up to 24, (36 - t) / 12 between, 0 from 36.
    for (auto [since, w] : {std::pair{0, 1.0}, {24, 1.0}, {25, 11.0 / 12}, {30, 0.5}, {35, 1.0 / 12}, {36, 0.0}, {50, 0.0}}) {
        CAPTURE(since);
        check_only(policy_multipliers(policy, man, arrival + since), {{Flow::job_entry, 1 + 0.3 * w}});
        check_only(policy_multipliers(policy, woman, arrival + since), {{Flow::job_entry, 1 + 0.05 * w}});
    }
    // Job loss x1.2 in jobs that started by month 36 since arrival, for as long as they last.
    Person worker = unit::person_at(arrival, Activity::job);
    worker.state_since = arrival + 36;
    check_only(policy_multipliers(policy, worker, arrival + 60), {{Flow::job_exit, 1.2}});
    worker.state_since = arrival + 37;
    check_only(policy_multipliers(policy, worker, arrival + 60), {});
}

TEST_CASE("policy: the Danish course fee raises dropout only for persons in an ordinary job") {
    const Scenario s = levers({{"danish_fee", {{"enabled", true}, {"dropout_in_job", 1.8}}}});
    const auto& policy = s.policy_at(Month::of(2018, 1));
    for (Activity a : {Activity::waiting, Activity::praktik, Activity::loentilskud, Activity::igu, Activity::education}) {
        CAPTURE(int(a));
        CHECK(policy_danish_dropout(policy, unit::person_at(Month::of(2016, 1), a)) == 1.0);
    }
    CHECK(policy_danish_dropout(policy, unit::person_at(Month::of(2016, 1), Activity::job)) == 1.8);
}

TEST_CASE("policy: the first-offer deadline hazard gives the compliance by the deadline") {
    for (auto [weeks, compliance] : {std::pair{4.0, 0.5}, {13.0, 0.6}, {26.0, 0.9}}) {
        const Scenario s = levers({{"first_offer", {{"enabled", true}, {"within_weeks", weeks}, {"compliance", compliance}}}});
        const auto& fo = s.policy_at(Month::of(2016, 1)).first_offer;
        CHECK(fo.enabled);
        // Survival to the deadline (weeks x 12 / 52 months) at the constant hazard is 1 - compliance.
        CHECK(std::exp(-fo.hazard_per_month * weeks * 12 / 52) == doctest::Approx(1 - compliance).epsilon(1e-12));
    }
    CHECK(test::tiny().policy_at(Month::of(2016, 1)).first_offer.hazard_per_month ==
          doctest::Approx(std::log(2.0) / (4 * 12.0 / 52)).epsilon(1e-12));
}

TEST_CASE("policy: IGU is open within its dates, ages and years of residence") {
    const Scenario s = test::tiny();
    const auto& policy = s.policy_at(Month::of(2017, 1));
    Person p = unit::person_at(Month::of(2016, 1));
    p.age_at_arrival = 18;
    CHECK_FALSE(igu_open(policy, p, Month::of(2016, 6)));
    CHECK(igu_open(policy, p, Month::of(2016, 7)));
    CHECK(igu_open(policy, p, Month::of(2020, 12)));       // 59 months of residence
    CHECK_FALSE(igu_open(policy, p, Month::of(2021, 1)));  // 60
    p.age_at_arrival = 40;
    CHECK(igu_open(policy, p, Month::of(2016, 12)));
    CHECK_FALSE(igu_open(policy, p, Month::of(2017, 1)));  // 41
}

TEST_CASE("policy: a policy change applies from its month, on top of the policy before it") {
    const Scenario s = test::tiny_with({{"policy_changes", {{"2018-01", {{"mentor", {{"enabled", true}}}}},
                                                            {"2019-07", {{"igu", {{"enabled", false}}}}}}}});
    CHECK_FALSE(s.policy_at(Month::of(2017, 12)).mentor.enabled);
    CHECK(s.policy_at(Month::of(2018, 1)).mentor.enabled);
    CHECK(s.policy_at(Month::of(2018, 1)).igu.enabled);
    CHECK(s.policy_at(Month::of(2019, 7)).mentor.enabled);  // the earlier change stays
    CHECK_FALSE(s.policy_at(Month::of(2019, 7)).igu.enabled);
    CHECK(s.policy_at(Month::of(2018, 1)).mentor.job_exit == 0.9);  // unchanged values from the policy block
}

// A lever with a default (danish_fee) that a later change leaves out stays as the earlier change
// set it: a change is partial, so no default is filled into it.
TEST_CASE("policy: a later change that leaves out a lever with a default keeps the lever of the earlier change") {
    const Scenario s = test::tiny_with({{"policy_changes", {{"2018-07", {{"danish_fee", {{"enabled", true}, {"dropout_in_job", 1.5}}}}},
                                                            {"2019-07", {{"mentor", {{"enabled", true}}}}},
                                                            {"2020-07", {{"danish_fee", {{"enabled", false}}}}}}}});
    CHECK_FALSE(s.policy_at(Month::of(2018, 6)).danish_fee.enabled);
    CHECK(s.policy_at(Month::of(2018, 7)).danish_fee.enabled);
    CHECK(s.policy_at(Month::of(2019, 7)).danish_fee.enabled);
    CHECK(s.policy_at(Month::of(2019, 7)).danish_fee.dropout_in_job == 1.5);
    CHECK(s.policy_at(Month::of(2019, 7)).mentor.enabled);
    CHECK_FALSE(s.policy_at(Month::of(2020, 7)).danish_fee.enabled);
    CHECK(s.policy_at(Month::of(2020, 7)).danish_fee.dropout_in_job == 1.5);  // only `enabled` changed
    // The resolved scenario (`kohorte show`) shows each change as written.
    CHECK_FALSE(s.resolved.at("policy_changes").at("2019-07").contains("danish_fee"));
}

// README (Policy levers) gives this as its example of partial changes.
TEST_CASE("policy: danish-fee-2018.json's changes keep base.json's IGU changes, and base.json's 2021-05 change keeps the fee off") {
    const Scenario s = load_scenario(test::source_path("scenarios/danish-fee-2018.json"));
    CHECK(s.policy_at(Month::of(2017, 12)).igu.female_start == doctest::Approx(0.33));
    CHECK_FALSE(s.policy_at(Month::of(2017, 12)).danish_fee.enabled);
    // 2018-07 names only the fee: base.json's 2018-01 women's IGU take-up stays.
    CHECK(s.policy_at(Month::of(2018, 7)).danish_fee.enabled);
    CHECK(s.policy_at(Month::of(2018, 7)).igu.female_start == 1.0);
    CHECK(s.policy_at(Month::of(2020, 7)).igu.female_start == 1.0);
    // 2021-05 names only IGU: the fee stays as 2020-07 left it, off.
    CHECK_FALSE(s.policy_at(Month::of(2020, 7)).danish_fee.enabled);
    CHECK(s.policy_at(Month::of(2021, 5)).igu.max_residence_years == 10);
    CHECK_FALSE(s.policy_at(Month::of(2021, 5)).danish_fee.enabled);
}
