// Engine-level properties: determinism across thread counts and runs, common random numbers,
// conservation of persons, capacity limits.
#include <doctest/doctest.h>

#include <filesystem>

#include "helpers.h"

using namespace kohorte;

namespace {
std::string all_outputs(const Results& r) { return monthly_csv(r) + cohorts_csv(r) + summary_json(r).dump(); }
}  // namespace

TEST_CASE("1 thread and N threads give byte-identical outputs") {
    Scenario s = test::tiny();
    RunOptions one, many;
    one.threads = 1;
    many.threads = 4;
    const auto a = all_outputs(run(s, one));
    const auto b = all_outputs(run(s, many));
    CHECK(a == b);
    CHECK(all_outputs(run(s, one)) == a);  // and the same again
}

TEST_CASE("a different seed gives different results") {
    Scenario s = test::tiny();
    const auto a = all_outputs(run(s));
    s.simulation.seed += 1;
    CHECK(all_outputs(run(s)) != a);
}

TEST_CASE("every person is in exactly one activity each month") {
    Scenario s = test::tiny();
    s.simulation.replicates = 3;
    const Results r = run(s);
    for (const auto& rep : r.replicates) {
        double arrived = 0;
        for (int m = 0; m < r.shape.months; ++m) {
            arrived += rep.monthly[r.shape.monthly_index(m, int(Measure::arrivals))];
            double total = 0;
            for (int a = 0; a < kActivityCount; ++a) total += rep.monthly[r.shape.monthly_index(m, a)];
            CHECK(total == arrived);
        }
        CHECK(arrived == rep.persons);
    }
}
