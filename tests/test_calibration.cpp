// The shipped scenarios reproduce the national figures (README "Validation"; targets from
// shared/domain: rules-and-rates.md §5, §8 and evidence.md §0), within the stated tolerances.
#include <doctest/doctest.h>

#include <map>
#include <vector>

#include <boost/math/distributions/students_t.hpp>

#include "engine.h"
#include "summary.h"
#include "helpers.h"

using namespace kohorte;

namespace {
// A simulated figure and its Monte Carlo standard error over `replicates` replicates.
struct Estimate {
    double value = 0, mcse = 0;
    int replicates = 0;
};

// The share of the cohort's persons present at the horizon with outcome `o`, pooled over the
// replicates (a ratio estimator), with its MCSE by the delta method:
// sqrt(sum_r (num_r - R den_r)^2 / (n (n - 1))) / mean(den).
Estimate share(const Results& r, int year, int sex, int months, Outcome o) {
    int h = -1;
    for (std::size_t k = 0; k < r.shape.horizons.size(); ++k)
        if (r.shape.horizons[k] == months) h = int(k);
    REQUIRE(h >= 0);
    const std::size_t cell = r.shape.cohort_index(year - r.shape.first_cohort, sex, h);
    double num = 0, den = 0;
    for (auto& rep : r.replicates) num += rep.cohort_num[cell * kOutcomeCount + int(o)], den += rep.cohort_den[cell];
    const double ratio = num / den, n = double(r.replicates.size());
    double ss = 0;
    for (auto& rep : r.replicates) {
        const double d = rep.cohort_num[cell * kOutcomeCount + int(o)] - ratio * rep.cohort_den[cell];
        ss += d * d;
    }
    return {ratio, std::sqrt(ss / (n * (n - 1))) / (den / n), int(n)};
}

// The mean of a per-replicate figure and its MCSE (sd / sqrt(n)).
Estimate mean_of(const std::vector<double>& v) {
    const Stats st = summarize(v);
    return {st.mean, st.mcse, st.n};
}

// Whether the target is met beyond Monte Carlo doubt: the simulated value's 95 % interval
// (value ± t(0.975, n - 1) MCSE) lies inside [lo, hi], so that the model's expectation, not only
// this seed's mean, meets it. The bounds are absolute (target ± points, or a ±20 % band), not a
// relative doctest::Approx, whose epsilon grows with the simulated value.
bool inside(const Estimate& x, double lo, double hi) {
    if (x.replicates < 2) return false;
    const double t = boost::math::quantile(boost::math::students_t(double(x.replicates - 1)), 0.975);
    return x.value - t * x.mcse >= lo && x.value + t * x.mcse <= hi;
}
void check_inside(const Estimate& x, double lo, double hi) {
    CAPTURE(lo);
    CAPTURE(hi);
    CAPTURE(x.value);
    CAPTURE(x.mcse);
    CHECK(inside(x, lo, hi));
}
void check_within(const Estimate& x, double target, double points) { check_inside(x, target - points, target + points); }

void check_targets(const Results& r) {
    // 2015 cohort: wage employment (ordinary, IGU, løntilskud) 36 months after arrival: 38-45 %,
    // men 49 % and women 14-18 %, ±5 points.
    check_inside(share(r, 2015, 0, 36, Outcome::wage_employment), 0.38, 0.45);
    check_within(share(r, 2015, 1, 36, Outcome::wage_employment), 0.49, 0.05);
    check_inside(share(r, 2015, 2, 36, Outcome::wage_employment), 0.14 - 0.05, 0.18 + 0.05);
    // Ordinary unsupported employment about 60 months after arrival: 42 %, men 56 %, women 20 %.
    check_within(share(r, 2015, 0, 60, Outcome::ordinary_employment), 0.42, 0.05);
    check_within(share(r, 2015, 1, 60, Outcome::ordinary_employment), 0.56, 0.05);
    check_within(share(r, 2015, 2, 60, Outcome::ordinary_employment), 0.20, 0.05);
    // A Danish test passed within 5 years: about 72 %.
    check_within(share(r, 2015, 0, 60, Outcome::danish_test_passed), 0.72, 0.05);
    // 12 months after arrival far fewer in work than at 36.
    CHECK(share(r, 2015, 0, 12, Outcome::wage_employment).value < 0.6 * share(r, 2015, 0, 36, Outcome::wage_employment).value);
}
}  // namespace

TEST_CASE("calibration: a target is met only if the simulated value's 95 % interval is inside the tolerance") {
    // 53.9 % against 49 ± 5 points, with an MCSE of 0.4 points over 400 replicates: the model's
    // expectation may well be above 54 %.
    CHECK_FALSE(inside({0.539, 0.004, 400}, 0.44, 0.54));
    CHECK(inside({0.530, 0.004, 400}, 0.44, 0.54));
    CHECK(inside({0.530, 0.0035, 6}, 0.44, 0.54));         // t(0.975, 5) = 2.57: 0.90 points
    CHECK_FALSE(inside({0.530, 0.0035, 6}, 0.44, 0.5385));  // (2 MCSE, 0.70 points, would pass)
    CHECK_FALSE(inside({0.50, 0.0, 1}, 0.44, 0.54));       // one replicate: no MCSE, no verdict
}

TEST_CASE("calibration: scenarios/denmark.json reproduces the national figures") {
    // The scenario's own 20 replicates, as the README's table: with 6, the 95 % interval of the
    // overall wage employment at 36 months (38.9 %) reached down to the tolerance's 38 %.
    const Scenario s = load_scenario(test::source_path("scenarios/denmark.json"));
    REQUIRE(s.simulation.replicates == 20);
    const Results r = run(s);
    check_targets(r);
    // IGU: 1,119 national starts July 2016 - December 2017 and 1,890 by February 2019 (±20 %).
    auto starts = [&](Month from, Month to) {
        std::vector<double> n;
        for (auto& rep : r.replicates) {
            n.push_back(0);
            for (Month m = from; m <= to; m = m + 1) n.back() += rep.monthly[r.shape.monthly_index(m - s.simulation.start, int(Measure::starts_igu))];
        }
        return mean_of(n);
    };
    check_within(starts(Month::of(2016, 7), Month::of(2017, 12)), 1119, 0.2 * 1119);
    check_within(starts(Month::of(2016, 7), Month::of(2019, 2)), 1890, 0.2 * 1890);
}

TEST_CASE("calibration: scenarios/base.json (a typical municipality) on average too") {
    Scenario s = load_scenario(test::source_path("scenarios/base.json"));
    s.simulation.replicates = 400;  // a small municipality: many replicates for a stable mean
    check_targets(run(s));
}

TEST_CASE("calibration: about 30 % of the IGUs started in the first year end early (scenarios/denmark.json)") {
    // rules-and-rates §5 / evidence.md §4: about 30 % of the agreements started July 2016 -
    // March 2017 ended before the 24 months (UIM, December 2017). Tolerance ±20 %, as for the
    // IGU starts. An IGU ends early when the person leaves it for another activity before its
    // end at max_months; spells ended by leaving the caseload (moving, emigrating, dying) are
    // left out (and leavers drop out of w.people, so they are not seen).
    const Scenario s = load_scenario(test::source_path("scenarios/denmark.json"));
    const int igu_months = s.pathway.max_months[int(Activity::igu)];
    std::vector<double> started(4, 0.0), early(4, 0.0);  // per replicate
    for (std::uint32_t rep = 0; rep < 4; ++rep) {
        World w(s, rep);
        std::map<std::uint64_t, int> in_igu;  // key -> month index the IGU started
        auto first_year = [](int start) { return start >= Month::of(2016, 7).index && start <= Month::of(2017, 3).index; };
        for (Month m = s.simulation.start; m <= s.simulation.end; m = m + 1) {
            simulate_month(w, m);
            std::map<std::uint64_t, int> still;
            for (std::size_t i = 0; i < w.admitted; ++i) {
                const Person& p = w.people[i];
                if (is_exit(p.activity)) continue;
                auto it = in_igu.find(p.key);
                if (p.activity == Activity::igu) {
                    still[p.key] = it == in_igu.end() ? p.state_since.index : it->second;
                } else if (it != in_igu.end() && first_year(it->second)) {
                    started[rep] += 1;
                    if (m.index - it->second < igu_months) early[rep] += 1;
                }
            }
            in_igu = std::move(still);  // left the caseload or the IGU: dropped
        }
        for (auto& [key, start] : in_igu)  // still in IGU at the end: not early (the window is long past)
            if (first_year(start)) started[rep] += 1;
    }
    // The share pooled over the replicates and its MCSE (ratio estimator, as for the cohort shares).
    double all_started = 0, all_early = 0;
    for (int rep = 0; rep < 4; ++rep) all_started += started[rep], all_early += early[rep];
    const double ratio = all_early / all_started;
    double ss = 0;
    for (int rep = 0; rep < 4; ++rep) ss += (early[rep] - ratio * started[rep]) * (early[rep] - ratio * started[rep]);
    CAPTURE(all_started);
    MESSAGE("IGUs started July 2016 - March 2017 ending early: ", ratio, " of ", all_started, " spells");
    REQUIRE(all_started > 1000);
    check_within({ratio, std::sqrt(ss / (4 * 3)) / (all_started / 4), 4}, 0.30, 0.2 * 0.30);
}
