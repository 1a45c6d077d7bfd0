// Paired comparisons, sweeps and sensitivity.
#include <doctest/doctest.h>

#include <cmath>

#include "helpers.h"

using namespace kohorte;
using nlohmann::json;

TEST_CASE("comparing a scenario with itself gives exactly zero difference") {
    const Scenario s = test::tiny();
    Comparison c;
    c.base_name = "a";
    c.alt_names = {"b"};
    c.base = indicators(run(s));
    c.alts = {indicators(run(s))};
    int rows = 0;
    for (std::size_t i = 0; i < c.base.rows.size(); ++i) {
        const Difference d = difference(c.base.values[i], c.alts[0].values[i]);
        if (std::isnan(d.mean)) continue;
        ++rows;
        CHECK(d.mean == 0.0);
        CHECK(d.p05 == 0.0);
        CHECK(d.p95 == 0.0);
        CHECK(d.identical);
    }
    CHECK(rows > 100);
    CHECK(comparison_json(c)["rows"][0]["identical"] == true);
    CHECK(comparison_csv(c).find(",tiny,") == std::string::npos);  // names are the ones given
}

TEST_CASE("difference: hand-computed paired and unpaired intervals") {
    // alt = base + 1 in every replicate: the paired difference is exactly 1; the unpaired one
    // (replicate i of alt against replicate i+1 of base) varies.
    const std::vector<double> base = {0, 10, 20, 30, 40}, alt = {1, 11, 21, 31, 41};
    const Difference d = difference(base, alt);
    CHECK(d.mean == doctest::Approx(1.0));
    CHECK(d.p05 == doctest::Approx(1.0));
    CHECK(d.p95 == doctest::Approx(1.0));
    CHECK(d.mcse == doctest::Approx(0.0));
    CHECK_FALSE(d.identical);
    CHECK(difference({1, 2, 3}, {1, 2, 3}).identical);
    CHECK_FALSE(difference({1, 2, 3}, {1, 2, 3.5}).identical);  // one replicate differs
    // unpaired differences: 1-10, 11-20, 21-30, 31-40, 41-0 = -9,-9,-9,-9,41
    CHECK(d.unpaired_p05 == doctest::Approx(-9.0));
    CHECK(d.unpaired_p95 == doctest::Approx(31.0));  // type 7: -9 + 0.8*(41 - -9) at position 3.8
}

TEST_CASE("a sweep point equals a separate run of the scenario with that value") {
    const json base = resolve_scenario_json(test::source_path("tests/data/tiny.json"));
    const Sweep sw = run_sweep(base, "tiny", {parse_sweep_axis("/arrivals/refugees_per_year/2017=20,80")}, {});
    REQUIRE(sw.points.size() == 2);
    json j = base;
    j["arrivals"]["refugees_per_year"]["2017"] = 80;
    const IndicatorTable separate = indicators(run(scenario_from_json(j, "separate")));
    const IndicatorTable& point = sw.points[1].table;
    REQUIRE(point.rows.size() == separate.rows.size());
    for (std::size_t i = 0; i < point.rows.size(); ++i) {
        CHECK(point.rows[i].name == separate.rows[i].name);
        for (std::size_t r = 0; r < point.values[i].size(); ++r) {
            const double a = point.values[i][r], b = separate.values[i][r];
            CHECK(((std::isnan(a) && std::isnan(b)) || a == b));
        }
    }
}

TEST_CASE("a sweep may leave a labelled value's range: the value is set, the range dropped at that point, with a note") {
    json j = resolve_scenario_json(test::source_path("tests/data/tiny.json"));
    j["pathway"]["hazards_per_month"]["waiting"]["job"] = {
        {"value", 0.03}, {"low", 0.01}, {"high", 0.06}, {"source", "test"}};
    const std::string p = "/pathway/hazards_per_month/waiting/job";
    // Inside the range: no note; the range stays.
    CHECK(sweep_notes(j, {parse_sweep_axis(p + "=0.01,0.05")}).empty());
    CHECK(sweep_notes(j, {parse_sweep_axis(p + "=0.08,0.02")}) ==
          std::vector<std::string>{"--vary " + p + ": 0.08 lies outside the labelled value's range 0.01 to 0.06; "
                                   "the sweep sets it and drops the range at that point"});
    CHECK(sweep_notes(j, {parse_sweep_axis(p + "=0.005,0.03,0.1")}) ==
          std::vector<std::string>{"--vary " + p + ": 0.005, 0.1 lie outside the labelled value's range 0.01 to 0.06; "
                                   "the sweep sets them and drops the range at those points"});
    const Sweep sw = run_sweep(j, "tiny", {parse_sweep_axis(p + "=0.05,0.08")}, {});
    REQUIRE(sw.points.size() == 2);
    // The point outside the range is the run of the scenario with that plain value.
    json plain = j;
    plain["pathway"]["hazards_per_month"]["waiting"]["job"] = 0.08;
    const IndicatorTable separate = indicators(run(scenario_from_json(plain, "separate")));
    const int i = separate.find("persons_job", 2020);
    REQUIRE(i >= 0);
    CHECK(sw.points[1].table.values[i] == separate.values[i]);
    CHECK(sw.points[0].table.values[i] != separate.values[i]);
    // The program prints the note before the runs.
    const auto dir = test::fresh_dir("compare", "sweep-range");
    std::ofstream(dir / "s.json") << R"({"extends": ")" << test::source_path("tests/data/tiny.json")
                                  << R"(", "pathway": {"hazards_per_month": {"waiting": {"job": {"value": 0.03, "low": 0.01, "high": 0.06, "source": "test"}}}}})";
    CHECK(test::run_cli("sweep " + (dir / "s.json").string() + " --vary " + p + "=0.03,0.08 --replicates 2 --out " +
                            (dir / "out").string(),
                        dir / "log") == 0);
    const std::string log = test::read_file((dir / "log").string());
    CHECK(log.find("note: --vary " + p + ": 0.08 lies outside the labelled value's range 0.01 to 0.06; the sweep "
                   "sets it and drops the range at that point\n") != std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("sweep axes: ranges and lists") {
    auto a = parse_sweep_axis("/capacity/igu/places/2017=10:30:10");
    CHECK(a.pointer == "/capacity/igu/places/2017");
    CHECK(a.values == std::vector<double>{10, 20, 30});
    CHECK(parse_sweep_axis("/x=1,2.5,4").values == std::vector<double>{1, 2.5, 4});
    CHECK_THROWS_AS(parse_sweep_axis("x=1,2"), InputError);
    CHECK_THROWS_AS(parse_sweep_axis("/x=3:1:1"), InputError);
    CHECK_THROWS_AS(parse_sweep_axis("/x=1,two"), InputError);
}

TEST_CASE("set_number sets plain and labelled values") {
    json j = {{"a", {{"b", 1}, {"c", {{"value", 0.5}, {"source", "s"}}}}}};
    set_number(j, "/a/b", 2);
    set_number(j, "/a/c", 0.7);
    set_number(j, "/a/new", 3);
    CHECK(j["a"]["b"] == 2);
    CHECK(j["a"]["c"]["value"] == 0.7);
    CHECK(j["a"]["c"]["source"] == "s");
    CHECK(j["a"]["new"] == 3);
    CHECK_THROWS_AS(set_number(j, "/a/b/x", 1), InputError);
}

TEST_CASE("a lever with no effect has a paired interval containing zero") {
    // Mentors that change nothing (job_exit multiplier 1): every difference is exactly zero.
    const Scenario base = test::tiny();
    const Scenario alt = test::tiny_with({{"policy", {{"mentor", {{"enabled", true}, {"job_exit", 1.0}}}}}});
    const IndicatorTable a = indicators(run(base)), b = indicators(run(alt));
    for (std::size_t i = 0; i < a.rows.size(); ++i) {
        const Difference d = difference(a.values[i], b.values[i]);
        if (std::isnan(d.mean)) continue;
        CHECK(d.p05 <= 0.0);
        CHECK(d.p95 >= 0.0);
    }
}

TEST_CASE("paired intervals are narrower than unpaired ones for a real lever") {
    Scenario base = test::tiny(), alt = test::tiny_with({{"policy", {{"mentor", {{"enabled", true}, {"job_exit", 0.5}}}}}});
    base.simulation.replicates = alt.simulation.replicates = 40;
    const IndicatorTable a = indicators(run(base)), b = indicators(run(alt));
    const int i = a.find("persons_job", 2020);
    REQUIRE(i >= 0);
    const Difference d = difference(a.values[i], b.values[i]);
    CHECK(d.mean > 4 * d.mcse);  // fewer job losses: more persons in jobs, beyond 4 MCSE of the paired difference
    CHECK((d.p95 - d.p05) < 0.5 * (d.unpaired_p95 - d.unpaired_p05));
}

TEST_CASE("sensitivity ranks the parameter with the known large effect first") {
    json j = resolve_scenario_json(test::source_path("tests/data/tiny.json"));
    // Two ranged parameters: the waiting -> job hazard (large effect on jobs) and the Danish
    // pass probability (small effect on jobs via the Danish-passed multiplier).
    j["pathway"]["hazards_per_month"]["waiting"]["job"] = {{"value", 0.03}, {"low", 0.01}, {"high", 0.06}};
    j["danish"]["pass_probability"] = {{"value", 0.96}, {"low", 0.9}, {"high", 0.97}};
    const auto params = ranged_parameters(j);
    REQUIRE(params.size() == 2);
    const Sensitivity s = run_sensitivity(j, "tiny", {{"persons_job", 2020}}, {});
    REQUIRE(s.rows.size() == 2);
    CHECK(s.rows[0].pointer == "/pathway/hazards_per_month/waiting/job");
    CHECK(s.rows[0].swing > 0);
    CHECK(std::abs(s.rows[0].swing) > std::abs(s.rows[1].swing));
    CHECK(s.rows[0].at_low < s.rows[0].at_value);
    CHECK(s.rows[0].at_value < s.rows[0].at_high);
}

TEST_CASE("budget lines are indicators too, so compare reports them") {
    const Results r = run(load_scenario(test::source_path("tests/data/tiny-budget.json")));
    const IndicatorTable t = indicators(r);
    const int job = t.find("budget_resultattilskud_job", 2018), net = t.find("budget_net_municipal_result", 2018);
    REQUIRE(job >= 0);
    REQUIRE(net >= 0);
    const int y = 2018 - r.shape.budget_first_year;
    CHECK(t.values[job][0] == r.replicates[0].budget_amount[r.shape.budget_index(y, int(Line::resultattilskud_job))]);
    double expected_net = 0;
    for (int l = 0; l < kLineCount - 1; ++l)
        expected_net += line_label(l).sign * r.replicates[0].budget_amount[r.shape.budget_index(y, l)];
    CHECK(t.values[net][0] == doctest::Approx(expected_net));
}
