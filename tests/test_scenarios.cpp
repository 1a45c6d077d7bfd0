// The shipped scenarios and the JSON Schema.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <set>

#include "engine.h"
#include "helpers.h"

using namespace kohorte;
namespace fs = std::filesystem;

TEST_CASE("scenarios/schema.json is exactly what the program generates") {
    auto schema = spec::to_json_schema(*scenario_spec());
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
    schema["title"] = "kohorte scenario";
    CHECK(test::read_file(test::source_path("scenarios/schema.json")) == schema.dump(2) + "\n");
}

TEST_CASE("every shipped scenario and rule file loads") {
    int scenarios = 0, rules = 0;
    for (auto& e : fs::directory_iterator(test::source_path("scenarios"))) {
        if (e.path().extension() != ".json" || e.path().filename() == "schema.json") continue;
        CAPTURE(e.path().string());
        CHECK_NOTHROW(load_scenario(e.path().string()));
        ++scenarios;
    }
    for (auto& e : fs::directory_iterator(test::source_path("scenarios/rules"))) {
        CAPTURE(e.path().string());
        CHECK(is_rule_json(read_json_file(e.path().string(), "a rule file")));
        CHECK_NOTHROW(load_rule_file(e.path().string()));
        ++rules;
    }
    CHECK(scenarios >= 4);
    CHECK(rules >= 4);
}

TEST_CASE("the policy variants change only what they name") {
    const auto base = resolve_scenario_json(test::source_path("scenarios/base.json"));
    const auto igu = resolve_scenario_json(test::source_path("scenarios/more-igu.json"));
    auto diff = nlohmann::json::diff(base, igu);
    std::set<std::string> changed;
    for (auto& d : diff) changed.insert(d["path"].get<std::string>());
    CHECK(changed == std::set<std::string>{"/name", "/description", "/policy/igu/age_max",
                                           "/policy/igu/max_residence_years", "/policy_changes/2021-05/igu/max_residence_years",
                                           "/capacity/igu/places/2016"});
}

TEST_CASE("every number in base.json carries a source or is a plain technical setting") {
    // Labelled values must have a source; the few plain numbers are dates, counts of months and
    // similar settings listed here (their source is in a comment beside them).
    const auto j = resolve_scenario_json(test::source_path("scenarios/base.json"));
    int labelled = 0;
    std::vector<std::string> plain;
    std::function<void(const nlohmann::json&, const std::string&)> walk = [&](const nlohmann::json& v, const std::string& ptr) {
        if (v.is_object() && (v.contains("value") || v.contains("follows"))) {  // `times` is part of the label
            CAPTURE(ptr);
            CHECK(v.contains("source"));
            CHECK(v.contains("status"));
            ++labelled;
            return;
        }
        if (v.is_object())
            for (auto& [k, x] : v.items()) walk(x, ptr + "/" + k);
        else if (v.is_array())
            for (std::size_t i = 0; i < v.size(); ++i) walk(v[i], ptr + "/" + std::to_string(i));
        else if (v.is_number())
            plain.push_back(ptr);
    };
    walk(j, "");
    CHECK(labelled > 100);
    for (auto& p : plain) {
        CAPTURE(p);
        const bool technical = p.rfind("/simulation/", 0) == 0 || p.rfind("/arrivals/refugees_per_year/", 0) == 0 ||
                               p.rfind("/arrivals/monthly_profile/", 0) == 0 ||
                               p.rfind("/arrivals/family_reunification/lag_months/", 0) == 0 ||
                               p.rfind("/danish/tracks/", 0) == 0 || p.rfind("/danish/test_months/", 0) == 0 ||
                               p.find("months") != std::string::npos || p.find("hours") != std::string::npos ||
                               p.find("age") != std::string::npos || p.rfind("/pathway/effects/business_cycle/", 0) == 0 ||
                               p.rfind("/capacity/", 0) == 0 || p.rfind("/budget/", 0) == 0 ||
                               p.find("from_month") != std::string::npos || p.find("to_month") != std::string::npos ||
                               p.find("_year") != std::string::npos ||
                               p == "/policy/first_offer/within_weeks" ||       // the law's deadline, commented
                               p == "/policy/job_first/full_until_month" ||     // evidence.md §2a, commented
                               p == "/policy/job_first/fade_until_month" ||
                               p.ends_with("/danish_fee/dropout_in_job");        // the lever's neutral default
        CHECK(technical);
    }
}

TEST_CASE("bench/national-scale.json is the national-scale load: 60,000 adults, 60,000 x 120 person-months") {
    const Scenario s = load_scenario(test::source_path("bench/national-scale.json"));
    CHECK(s.simulation.replicates == 200);
    const ReplicateTables t = run_replicate(s, 0);
    CHECK(t.persons >= 60000);
    CHECK(t.persons < 61000);  // about 60,000: rescale the intake when reunification or the quotas change
    CHECK(person_months(t, table_shape(s)) >= 60000.0 * 120);
    CHECK(person_months(t, table_shape(s)) < 61000.0 * 122);
}

TEST_CASE("base.json: IGU eligibility follows the law through its widenings in May 2021 and 2024") {
    // rules-and-rates §5: 18-40 and under 5 years' residence (lov 623/2016); under 10 years from
    // 1 May 2021 (L202, lov 722/2021); 18-50 and up to 20 years from 2024 (L82).
    const Scenario s = load_scenario(test::source_path("scenarios/base.json"));
    auto igu = [&](int year, int month) { return s.policy_at(Month::of(year, month)).igu; };
    CHECK(igu(2016, 7).age_max == 40);
    CHECK(igu(2016, 7).max_residence_years == 5);
    CHECK(igu(2021, 4).max_residence_years == 5);
    CHECK(igu(2021, 5).max_residence_years == 10);
    CHECK(igu(2021, 5).age_max == 40);
    CHECK(igu(2023, 12).max_residence_years == 10);
    CHECK(igu(2024, 1).age_max == 50);
    CHECK(igu(2024, 1).max_residence_years == 20);
    CHECK(igu(2027, 12).age_max == 50);
    // more-igu.json asks about the 2024 rules from the start: the 2021 change must not narrow it.
    const Scenario more = load_scenario(test::source_path("scenarios/more-igu.json"));
    CHECK(more.policy_at(Month::of(2017, 1)).igu.max_residence_years == 20);
    CHECK(more.policy_at(Month::of(2022, 1)).igu.max_residence_years == 20);
    CHECK(more.policy_at(Month::of(2022, 1)).igu.age_max == 50);
}

TEST_CASE("base.json: the job-ready share among new refugees is the confirmed two thirds overall") {
    // rules-and-rates §1.2 [13]: more than two thirds of new refugees assessed jobparat by April
    // 2017 — a share of all of them. jobparat_share is the share among persons without trauma
    // (those with trauma get it times trauma_jobparat_multiplier), so the overall share is
    // jobparat_share x (1 - t + t x multiplier) with t the refugees' trauma share.
    const Scenario s = load_scenario(test::source_path("scenarios/base.json"));
    const double t = s.arrivals.refugee.trauma_share;
    const double overall = s.reception.jobparat_share * (1 - t + t * s.reception.trauma_jobparat_multiplier);
    CHECK(overall >= 0.66);
    CHECK(overall <= 0.70);
}

TEST_CASE("base.json: the job hazards in placements follow waiting -> job as their derivation says") {
    // evidence.md §1: private praktik while in it m = 1.0, private løntilskud m = 1.2, relative
    // to waiting -> job (which scripts/calibrate.py fits; the derived hazards must follow it).
    const Scenario s = load_scenario(test::source_path("scenarios/base.json"));
    const auto& h = s.pathway.hazard;
    const double waiting = h[int(Activity::waiting)][int(Activity::job)];
    // (ratios, to 1 %: the hazards are rounded to 3 significant digits)
    CHECK(std::abs(h[int(Activity::praktik)][int(Activity::job)] / waiting - 1.0) < 0.01);
    CHECK(std::abs(h[int(Activity::loentilskud)][int(Activity::job)] / waiting - 1.2) < 0.012);
}

TEST_CASE("denmark.json: family reunification about 0.55 per asylum grant, as rules-and-rates 7.3 gives") {
    // rules-and-rates §7.3 [128]: 0.54 reunified per asylum grant in 2012-16, 0.58 in 2016, both
    // counted over all ages. The model simulates the adults of the quota (adult_share) and draws
    // the family of each: persons (all ages) per adult refugee = trigger x persons per trigger.
    const Scenario s = load_scenario(test::source_path("scenarios/denmark.json"));
    const FamilyReunification& fr = s.arrivals.reunification;
    const double per_grant = s.arrivals.adult_share * fr.trigger_probability * fr.persons_per_trigger_mean;
    CHECK(per_grant >= 0.54);
    CHECK(per_grant <= 0.58);

    // The arrivals simulate it: reunified adults per adult refugee of 2013-2025 (families are
    // followed to 2030, beyond the longest lag; the quota is 0 after 2025).
    const Rng rng(s.simulation.seed, 0);
    const auto people = generate_arrivals(s.arrivals, Month::of(2013, 1), Month::of(2030, 12), rng);
    double sponsors = 0, reunified = 0;
    for (const Person& p : people) {
        const int sponsor_year = int(p.key >> 32);
        if (sponsor_year < 2013 || sponsor_year > 2025) continue;
        (p.channel == Channel::reunified ? reunified : sponsors) += 1;
    }
    // Per sponsor X = Binomial(N, a) adults with N = 0 or 1 + Poisson(lambda): its mean and
    // variance give the Monte Carlo standard error of the ratio.
    const double t = fr.trigger_probability, lambda = fr.persons_per_trigger_mean - 1, a = fr.adult_share;
    const double mean_n = t * (1 + lambda), mean_n2 = t * ((1 + lambda) * (1 + lambda) + lambda);
    const double mean_x = mean_n * a, var_x = mean_n * a * (1 - a) + a * a * (mean_n2 - mean_n * mean_n);
    REQUIRE(sponsors > 20000);  // 35,109 visitated x adult share 0.62
    CHECK(std::abs(reunified / sponsors - mean_x) < 4 * std::sqrt(var_x / sponsors));
}
