// The expected-value oracle against the simulation: for every activity and exit and every month
// the simulation mean lies within 4 Monte Carlo standard errors (computed from the replicates) of
// the exact expectation, and a deliberately wrong hazard is caught by the same comparison.
#include <doctest/doctest.h>

#include <cmath>

#include "helpers.h"
#include "oracle.h"

using namespace kohorte;
using nlohmann::json;

namespace {

struct OracleCheck {
    int compared = 0, outside = 0;
    double worst_z = 0;
};

// Compares the simulation's per-month activity counts with the oracle's.
OracleCheck compare(const Results& sim, const Results& oracle) {
    OracleCheck c;
    const auto& shape = sim.shape;
    const std::size_t n = sim.replicates.size();
    for (int m = 0; m < shape.months; ++m)
        for (int k = 0; k < kActivityCount; ++k) {
            double sum = 0, sumsq = 0;
            for (auto& rep : sim.replicates) {
                const double x = rep.monthly[shape.monthly_index(m, k)];
                sum += x, sumsq += x * x;
            }
            const double mean = sum / n, var = (sumsq - n * mean * mean) / (n - 1);
            const double expected = oracle.replicates[0].monthly[shape.monthly_index(m, k)];
            // When every replicate gives the same count (no one died in the first month of any
            // replicate, say) the replicates cannot estimate the MCSE. Such a count is a sum of
            // independent rare events, whose variance is about its mean (Poisson): sqrt(expected / n)
            // stands in. A count that is exactly known (expected 0, or every person) still has to
            // agree exactly.
            double mcse = std::sqrt(std::max(0.0, var) / n);
            if (mcse == 0) mcse = std::sqrt(std::max(0.0, expected) / n);
            ++c.compared;
            if (mcse == 0) {
                if (std::abs(mean - expected) > 1e-9) ++c.outside;
                continue;
            }
            const double z = std::abs(mean - expected) / mcse;
            c.worst_z = std::max(c.worst_z, z);
            if (z > 4) ++c.outside;
        }
    return c;
}

Scenario markov(json patch = json::object()) {
    json j = resolve_scenario_json(test::source_path("tests/data/oracle-markov.json"));
    j.merge_patch(patch);
    return scenario_from_json(j, "oracle-markov");
}

}  // namespace

TEST_CASE("oracle: hand-computed constant hazard, one absorbing move") {
    // 100 quota x 0.6 = 60 adults arriving in January 2016, reception 0 months, a single move
    // waiting -> job at 0.05 a month, nothing else: E[waiting at the end of month t] = 60 e^{-0.05 (t+1)}.
    json j = resolve_scenario_json(test::source_path("tests/data/oracle-markov.json"));
    j["arrivals"]["refugees_per_year"] = {{"2016", 100}};
    j["arrivals"]["monthly_profile"] = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    j["arrivals"]["family_reunification"]["trigger_probability"] = 0;
    j["reception"]["months"] = 0;
    j["profiles"]["refugee"]["age_at_arrival"] = {{"18-29", 1}};  // nobody reaches 65 in the period
    j["demography"] = {{"death_per_year", json::object()}, {"emigration_per_year", 0}, {"moved_away_per_year", 0},
                       {"retirement_age", 65}};
    j["pathway"]["hazards_per_month"] = {{"waiting", {{"job", 0.05}}}};
    for (auto& [name, effect] : j["pathway"]["effects"].items()) {
        if (effect.is_array()) effect = json::array();
        else if (name == "after_praktik" || name == "after_loentilskud") effect = {{"months", 0}};
        else effect = json::object();
    }
    j["policy"]["job_first"]["enabled"] = false;
    const Results r = expected_value(scenario_from_json(j, "hand"));
    for (int t = 0; t < 24; ++t)
        CHECK(r.replicates[0].monthly[r.shape.monthly_index(t, int(Activity::waiting))] ==
              doctest::Approx(60 * std::exp(-0.05 * (t + 1))).epsilon(1e-9));
    CHECK(r.replicates[0].monthly[r.shape.monthly_index(0, int(Measure::starts_job))] ==
          doctest::Approx(60 * (1 - std::exp(-0.05))).epsilon(1e-9));
}

TEST_CASE("oracle: simulation means agree with the exact expectation within 4 MCSE") {
    const Scenario s = markov();
    REQUIRE(oracle_limits(s).empty());
    const Results sim = run(s);
    const Results oracle = expected_value(s);
    const OracleCheck c = compare(sim, oracle);
    MESSAGE("compared " << c.compared << " state-months, largest |z| " << c.worst_z);
    CHECK(c.compared == sim.shape.months * kActivityCount);
    CHECK(c.outside == 0);
}

TEST_CASE("oracle: constant hazards without durations agree as well") {
    json j = resolve_scenario_json(test::source_path("tests/data/oracle-markov.json"));
    j["pathway"]["effects"]["months_since_arrival"] = json::array();
    j["pathway"]["effects"]["months_in_state"] = json::object();
    j["pathway"]["effects"]["business_cycle"] = json::object();
    j["policy"]["job_first"]["enabled"] = false;
    const Scenario s = scenario_from_json(j, "constant");
    const OracleCheck c = compare(run(s), expected_value(s));
    CHECK(c.outside == 0);
}

TEST_CASE("oracle: a deliberately wrong hazard is detected") {
    const Scenario right = markov();
    // The oracle of a scenario whose waiting -> job hazard is 30 % higher.
    const Scenario wrong = markov({{"pathway", {{"hazards_per_month", {{"waiting", {{"job", 0.039}}}}}}}});
    const OracleCheck c = compare(run(right), expected_value(wrong));
    CHECK(c.outside > 0);
    CHECK(c.worst_z > 4);
}

TEST_CASE("oracle: scenarios that are not a Markov chain are refused with reasons") {
    const Scenario s = test::tiny_with({{"capacity", {{"igu", {{"places", {{"2016", 3}}}}}}}});
    const auto why = oracle_limits(s);
    auto has = [&](const std::string& what) {
        for (auto& w : why)
            if (w.find(what) != std::string::npos) return true;
        return false;
    };
    CHECK(has("/capacity/igu"));
    CHECK(has("/pathway/effects/danish_module4"));
    CHECK(has("/policy/first_offer"));
    CHECK_THROWS_AS(expected_value(s), InputError);
}

TEST_CASE("oracle: the outputs show means only") {
    const Results r = expected_value(markov());
    const std::string csv = monthly_csv(r);
    CHECK(csv.find(",waiting,persons,") != std::string::npos);
    CHECK(csv.find(",danish_studying,persons,,,,,\n") != std::string::npos);  // not computed
    const auto line = csv.substr(csv.find("\n2016-06,job,"), 40);
    CHECK(line.find(",,,,") != std::string::npos);  // no percentiles, no MCSE
}
