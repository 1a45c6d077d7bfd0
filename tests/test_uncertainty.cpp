// Probabilistic mode: parameters with ranges are drawn per replicate.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "helpers.h"
#include "summary.h"
#include "uncertainty.h"

using namespace kohorte;
using nlohmann::json;

namespace {
json ranged_tiny() {
    json j = resolve_scenario_json(test::source_path("tests/data/tiny.json"));
    j["pathway"]["hazards_per_month"]["waiting"]["job"] = {{"value", 0.03}, {"low", 0.01}, {"high", 0.06}};
    return j;
}
}  // namespace

TEST_CASE("triangular inverse CDF: hand-computed points") {
    // low 0, mode 1, high 4: F(mode) = 1/4.
    CHECK(triangular(0.0, 0, 1, 4) == doctest::Approx(0));
    CHECK(triangular(0.25, 0, 1, 4) == doctest::Approx(1));
    CHECK(triangular(1.0, 0, 1, 4) == doctest::Approx(4));
    CHECK(triangular(0.0625, 0, 1, 4) == doctest::Approx(0.5));            // sqrt(0.0625*4*1)
    CHECK(triangular(1 - 0.1875, 0, 1, 4) == doctest::Approx(4 - 1.5));    // sqrt(0.1875*4*3) = 1.5
}

TEST_CASE("parameter draws have the triangular mean and variance within 4 standard errors") {
    const json j = ranged_tiny();
    const int n = 4000;
    double sum = 0, sumsq = 0;
    std::vector<double> values;
    for (int r = 0; r < n; ++r) {
        const auto d = draw_parameters(j, 7, std::uint32_t(r));
        REQUIRE(d.size() == 1);
        CHECK(d[0].value >= 0.01);
        CHECK(d[0].value <= 0.06);
        sum += d[0].value, sumsq += d[0].value * d[0].value;
        values.push_back(d[0].value);
    }
    const double mean = sum / n, expected = (0.01 + 0.03 + 0.06) / 3;
    // Variance of a triangular(a, c, b): (a^2 + b^2 + c^2 - ab - ac - bc) / 18.
    const double var = (0.01 * 0.01 + 0.06 * 0.06 + 0.03 * 0.03 - 0.01 * 0.06 - 0.01 * 0.03 - 0.06 * 0.03) / 18;
    CHECK(std::abs(mean - expected) < 4 * std::sqrt(var / n));
    // The sample variance has standard error sqrt((m4 - var^2) / n), m4 the fourth central moment
    // (estimated from the draws).
    const double sample_var = sumsq / n - mean * mean;
    double m4 = 0;
    for (double x : values) m4 += std::pow(x - mean, 4) / n;
    CHECK(std::abs(sample_var - var) < 4 * std::sqrt((m4 - sample_var * sample_var) / n));
}

TEST_CASE("probabilistic mode: same results for any thread count, draws recorded") {
    json j = ranged_tiny();
    j["simulation"]["replicates"] = 40;
    j["simulation"]["parameter_uncertainty"] = true;
    const Scenario s = scenario_from_json(j, "probabilistic");
    RunOptions one, two;
    one.threads = 1;
    two.threads = 2;
    const Results a = run(s, one), b = run(s, two);
    CHECK(monthly_csv(a) == monthly_csv(b));
    const json manifest = manifest_json(a, "test");
    REQUIRE(manifest["parameter_draws"].size() == 1);
    CHECK(manifest["parameter_draws"][0]["parameter"] == "/pathway/hazards_per_month/waiting/job");
    CHECK(manifest["parameter_draws"][0]["values_by_replicate"].size() == 40);
    CHECK(manifest["parameter_draws"][0]["values_by_replicate"][3] ==
          draw_parameters(j, 7, 3)[0].value);
}

TEST_CASE("probabilistic mode: parameter uncertainty widens the bands beyond Monte Carlo noise") {
    // Job loss drawn from 0.005-0.08 a month on top of the waiting -> job range: the spread of
    // persons in work at the end grows. Tested on the variance over 400 replicates: under equal
    // variances ln(var_a / var_mc) has standard error sqrt(2/(n-1) + 2/(n-1)) = 0.1; required: 4 of them.
    json j = ranged_tiny();
    j["pathway"]["hazards_per_month"]["job"]["waiting"] = {{"value", 0.02}, {"low", 0.005}, {"high", 0.08}};
    const int n = 400;
    j["simulation"]["replicates"] = n;
    j["simulation"]["parameter_uncertainty"] = true;
    const Results a = run(scenario_from_json(j, "probabilistic"));
    j["simulation"]["parameter_uncertainty"] = false;
    const Results mc = run(scenario_from_json(j, "monte carlo only"));
    const int row = indicators(a).find("persons_job", 2020);
    auto variance = [&](const Results& r) {
        const auto v = indicators(r).values[row];
        double sum = 0, sumsq = 0;
        for (double x : v) sum += x, sumsq += x * x;
        const double mean = sum / double(v.size());
        return (sumsq - double(v.size()) * mean * mean) / double(v.size() - 1);
    };
    const double log_ratio = std::log(variance(a) / variance(mc));
    MESSAGE("ln(variance ratio) " << log_ratio);
    CHECK(log_ratio > 4 * std::sqrt(4.0 / (n - 1)));
    auto width = [&](const Results& r) {
        auto v = indicators(r).values[row];
        return percentile(v, 0.9) - percentile(v, 0.1);
    };
    CHECK(width(a) > width(mc));
}

TEST_CASE("summarize: mean, type-7 percentiles and the MCSE by hand, and no MCSE from a single value") {
    // 1, 2, 3, 4, 10: mean 4; sd = sqrt((9 + 4 + 1 + 0 + 36) / 4) = sqrt(12.5); MCSE = sd / sqrt(5).
    const Stats s = summarize({10, 2, 4, 1, 3});
    CHECK(s.n == 5);
    CHECK(s.mean == 4.0);
    CHECK(s.mcse == doctest::Approx(std::sqrt(12.5 / 5.0)).epsilon(1e-12));
    CHECK(s.p50 == 3.0);
    CHECK(s.p10 == doctest::Approx(1.4).epsilon(1e-12));  // h = 0.4: 1 + 0.4 * (2 - 1)
    CHECK(s.p90 == doctest::Approx(7.6).epsilon(1e-12));  // h = 3.6: 4 + 0.6 * (10 - 4)
    const Stats one = summarize({7});
    CHECK(one.mean == 7.0);
    CHECK(one.p10 == 7.0);
    CHECK(std::isnan(one.mcse));
}
