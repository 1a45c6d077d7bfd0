// The expected-value oracle against the simulation: for every activity and exit and every month
// the simulation mean lies within 4 Monte Carlo standard errors (computed from the replicates) of
// the exact expectation, and a deliberately wrong hazard is caught by the same comparison.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "helpers.h"
#include "oracle.h"

using namespace kohorte;
using nlohmann::json;

namespace {

struct OracleCheck {
    int compared = 0, outside = 0;
    double worst_z = 0;
};

// One simulated count (its value in each replicate) against its exact expectation. Given the
// arrivals, a count is a sum of independent indicators over persons (the chain is Markov per
// person), and so is its complement, the persons who arrived so far and are elsewhere (`arrived`,
// per replicate, with its expectation `arrived_expected`; empty: no complement). The MCSE is
// taken under the hypothesis being tested (a score test): sqrt(phi * expected / n), with phi the
// replicates' variance per unit of the mean of the smaller of the count and its complement
// (phi = 1, the Poisson bound on a sum of indicators, where that is 0 in every replicate). For
// counts in the tens or more this is sd/sqrt(n). For rare counts sd/sqrt(n) itself would be
// estimated from the few events seen and shrink when by chance few happen (one death among 400
// replicates where six are expected gives |z| = 5: a false alarm in 7 of 80 seeds). An expectation
// of 0 — nobody can be there, or everybody is — gives an MCSE of 0 and must be met exactly: one
// person where the oracle says nobody can be is a failure, whatever the replicates' spread.
struct Verdict {
    double z = 0;  // |mean - expected| / MCSE (0 where both are 0)
    bool outside = false;
};
Verdict judge(const std::vector<double>& x, double expected, const std::vector<double>& arrived = {},
              double arrived_expected = 0) {
    const double n = double(x.size());
    double sum = 0, sumsq = 0, rest = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sum += x[i], sumsq += x[i] * x[i];
        if (!arrived.empty()) rest += arrived[i] - x[i];
    }
    const double mean = sum / n, var = std::max(0.0, (sumsq - n * mean * mean) / (n - 1));
    const bool complement = !arrived.empty() && arrived_expected - expected < expected;
    const double small_expected = std::max(0.0, complement ? arrived_expected - expected : expected);
    const double small_mean = complement ? rest / n : mean;
    const double phi = small_mean > 0 ? var / small_mean : 1.0;
    const double mcse = std::sqrt(phi * small_expected / n);
    const double miss = std::abs(mean - expected);
    Verdict v;
    v.z = mcse > 0 ? miss / mcse : 0;
    v.outside = miss > 4 * mcse + 1e-9;  // 1e-9: rounding in the oracle's sums
    return v;
}

// Compares the simulation's per-month activity counts with the oracle's.
OracleCheck compare(const Results& sim, const Results& oracle) {
    OracleCheck c;
    const auto& shape = sim.shape;
    const std::size_t n = sim.replicates.size();
    std::vector<double> arrived(n, 0.0);  // persons arrived so far, per replicate
    double arrived_expected = 0;
    for (int m = 0; m < shape.months; ++m) {
        const std::size_t at = shape.monthly_index(m, int(Measure::arrivals));
        for (std::size_t i = 0; i < n; ++i) arrived[i] += sim.replicates[i].monthly[at];
        arrived_expected += oracle.replicates[0].monthly[at];
        for (int k = 0; k < kActivityCount; ++k) {
            std::vector<double> x(n);
            for (std::size_t i = 0; i < n; ++i) x[i] = sim.replicates[i].monthly[shape.monthly_index(m, k)];
            const Verdict v = judge(x, oracle.replicates[0].monthly[shape.monthly_index(m, k)], arrived, arrived_expected);
            ++c.compared;
            c.worst_z = std::max(c.worst_z, v.z);
            if (v.outside) ++c.outside;
        }
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

TEST_CASE("oracle check: rare counts, impossible and certain states") {
    // 400 replicates. Six deaths expected in all (0.015 per replicate); one happened. That is not
    // rare (Poisson(6) gives 1 or fewer 1.7 % of the time), but sd/sqrt(n) = 0.0025 would make it
    // 5 MCSE off.
    std::vector<double> one(400, 0.0);
    one[17] = 1;
    CHECK_FALSE(judge(one, 0.015).outside);
    CHECK(judge(one, 0.015).z == doctest::Approx(0.0125 / std::sqrt(0.015 / 400)));
    // Nobody can be there, but one replicate had one person: a failure (sd/sqrt(n) gave z = 1).
    CHECK(judge(one, 0.0).outside);
    // Nobody there in any replicate, 0.02 persons expected: the Poisson bound, z = 2.8.
    CHECK_FALSE(judge(std::vector<double>(400, 0.0), 0.02).outside);
    CHECK(judge(std::vector<double>(400, 0.0), 0.2).outside);  // z = 8.9
    CHECK_FALSE(judge(std::vector<double>(400, 0.0), 0.0).outside);
    // Everybody who arrived (60 in every replicate) is there, but the oracle expects 59.5: half a
    // person elsewhere on average, and never one in 400 replicates (sqrt(59.5/400) gave z = 1.3).
    const std::vector<double> all(400, 60.0);
    CHECK(judge(all, 59.5, all, 60.0).outside);
    CHECK_FALSE(judge(all, 60.0, all, 60.0).outside);
    CHECK_FALSE(judge(all, 60.0 - 1e-12, all, 60.0).outside);  // rounding
    // Counts in the tens: about the ordinary sd/sqrt(n).
    std::vector<double> big(400);
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = 30 + (i % 2 ? 5.0 : -5.0);
    CHECK(judge(big, 30.1).z == doctest::Approx(0.1 / (std::sqrt(25.0 * 400 / 399) / 20)).epsilon(0.002));
    CHECK(judge(big, 31.5).outside);
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
