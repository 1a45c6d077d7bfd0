// Reading inputs strictly: JSON (duplicate keys, overflowing numbers), files named where a folder
// is given, the caseload CSV's byte order mark and duplicate columns, the result CSVs `report`
// reads, `check` on the JSON Schema, resolved paths that work elsewhere, and the argument checks of
// sweep and sensitivity. (The broken scenarios themselves are in tests/bad/.)
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "compare.h"
#include "helpers.h"
#include "report.h"
#include "uncertainty.h"

using namespace kohorte;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) { return test::fresh_dir("inputs", name); }
using test::problems_of;
using test::sh;

// Runs the program in `cwd` with its output in `log`; the exit code.
int run_cli(const std::string& args, const fs::path& log, const fs::path& cwd = KOHORTE_SOURCE_DIR) {
    return test::run_cli(args, log, "", cwd);
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

}  // namespace

TEST_CASE("JSON: a key given twice is an error with its JSON pointer, inside arrays too") {
    const std::string text = R"({"a": [1, {"b": 1, "c": {"d": 0, "d": 1}}, {"b": 2, "b": 3}], "e": 1, "e": 2})";
    const std::string messages = problems_of([&] { parse_json_text(text, "f.json"); });
    CHECK(has(messages, "f.json: /a/1/c/d: duplicate key \"d\""));
    CHECK(has(messages, "f.json: /a/2/b: duplicate key \"b\""));
    CHECK(has(messages, "f.json: /e: duplicate key \"e\""));
    CHECK_FALSE(has(messages, "/a/1/b"));
    // Without duplicates the document is parsed as before, comments allowed.
    const json ok = parse_json_text("// c\n{\"a\": [1, {\"b\": [2, {\"b\": 3}]}], \"b\": {\"a\": 1}}", "g.json");
    CHECK(ok["a"][1]["b"][1]["b"] == 3);
    CHECK(ok["b"]["a"] == 1);
}

TEST_CASE("JSON: a number beyond double's range is an input error with file, line and column") {
    const std::string messages = problems_of([] { parse_json_text("{\n  \"x\": 1e400}", "f.json"); });
    CHECK(has(messages, "f.json:2:8: the number 1e400 is too large"));
    // The same through the program: exit 2, not 1.
    const fs::path dir = fresh_dir("overflow");
    write(dir / "s.json", R"({"extends": ")" + test::source_path("tests/data/tiny.json") +
                              R"(", "arrivals": {"refugees_per_year": {"2016": 1e400}}})");
    CHECK(run_cli("check " + (dir / "s.json").string(), dir / "log") == 2);
    CHECK(has(test::read_file((dir / "log").string()), "s.json:1:"));
    fs::remove_all(dir);
}

TEST_CASE("a folder where a file is expected, and missing files with the scenario and key that named them") {
    const fs::path dir = fresh_dir("folder");
    fs::create_directories(dir / "c");
    CHECK(has(problems_of([&] { load_scenario((dir / "c").string()); }), "c: is a folder, expected a scenario file (.json)"));
    CHECK(run_cli("check " + (dir / "c").string(), dir / "log") == 2);
    const std::string log = test::read_file((dir / "log").string());
    CHECK(has(log, "c: is a folder, expected a scenario or rule file (.json)"));
    CHECK(log.find((dir / "c").string()) == log.rfind((dir / "c").string()));  // no "c: " on stdout as well
    // A caseload given only through resolved JSON (a sweep) is checked by the reader itself.
    CHECK(has(problems_of([&] { test::tiny_with({{"initial_caseload", dir.string()}}); }),
              ": is a folder, expected an initial caseload file (.csv)"));
    // A rule file's own `extends` naming a folder.
    write(dir / "rule.json", R"({"extends": ".", "name": "r", "in_force_from": "2016-01"})");
    CHECK(has(problems_of([&] { check_file((dir / "rule.json").string()); }),
              "rule.json: /extends: \".\" is a folder, expected a rule file (.json)"));
    fs::remove_all(dir);
}

TEST_CASE("caseload CSV: a UTF-8 byte order mark is skipped, a column given twice or an open quote is an error") {
    const fs::path dir = fresh_dir("bom");
    write(dir / "bom.csv", "\xEF\xBB\xBF" "arrival_month,sex,age_at_arrival,channel,activity\r\n2015-03,male,30,asylum,waiting\r\n");
    const Scenario s = test::tiny_with({{"initial_caseload", (dir / "bom.csv").string()}});
    REQUIRE(s.caseload.size() == 1);
    CHECK(s.caseload[0].age_at_arrival == 30);
    write(dir / "dup.csv", "arrival_month,sex,age_at_arrival,channel,activity,age_at_arrival\n2015-03,male,30,asylum,waiting,40\n");
    CHECK(has(problems_of([&] { test::tiny_with({{"initial_caseload", (dir / "dup.csv").string()}}); }),
              "dup.csv:1: column \"age_at_arrival\" appears twice (columns 3 and 6)"));
    write(dir / "quote.csv", "arrival_month,sex,age_at_arrival,channel,activity\n2014-03,male,30,asylum,\"waiting\n");
    CHECK(has(problems_of([&] { test::tiny_with({{"initial_caseload", (dir / "quote.csv").string()}}); }),
              "quote.csv:2: a quote (\") is not closed"));
    fs::remove_all(dir);
}

TEST_CASE("caseload CSV from a Danish Excel: a header with semicolons and no comma splits every line at the semicolon") {
    const fs::path dir = fresh_dir("semicolon");
    write(dir / "semi.csv", "\xEF\xBB\xBF" "arrival_month;sex;age_at_arrival;channel;activity;job_hours\r\n"
                            "2015-03;female;30;asylum;job;25\r\n2014-11;male;41;quota;waiting;\r\n");
    const Scenario s = test::tiny_with({{"initial_caseload", (dir / "semi.csv").string()}});
    REQUIRE(s.caseload.size() == 2);
    CHECK(s.caseload[0].sex == Sex::female);
    CHECK(s.caseload[0].age_at_arrival == 30);
    CHECK(s.caseload[0].activity == Activity::job);
    CHECK(s.caseload[0].job_hours == 25);
    CHECK(s.caseload[1].channel == Channel::quota);
    CHECK(s.caseload[1].age_at_arrival == 41);
    // Every line is split at ";", so a comma in a field is part of it, and the message says so.
    write(dir / "semi-bad.csv", "arrival_month;sex;age_at_arrival;channel;activity\n2015-03;male;30,5;asylum;waiting\n");
    CHECK(problems_of([&] { test::tiny_with({{"initial_caseload", (dir / "semi-bad.csv").string()}}); }) ==
          (dir / "semi-bad.csv").string() + ":2: column age_at_arrival: expected a whole number 18-64, got \"30,5\"\n");
    // A header with commas stays comma-separated.
    write(dir / "comma.csv", "arrival_month,sex,age_at_arrival,channel,activity\n2015-03,male,30,asylum,waiting\n");
    CHECK(test::tiny_with({{"initial_caseload", (dir / "comma.csv").string()}}).caseload.size() == 1);
    fs::remove_all(dir);
}

TEST_CASE("kohorte check scenarios/*.json (as in the README) skips the JSON Schema and exits 0") {
    const fs::path dir = fresh_dir("schema");
    CHECK(run_cli("check scenarios/*.json", dir / "log") == 0);
    const std::string out = test::read_file((dir / "log").string());
    CHECK(has(out, "scenarios/schema.json: skipped: the JSON Schema of scenario files"));
    CHECK(has(out, "scenarios/base.json: ok"));
    // denmark.json ends in 2025 and sets the quota of 2026-2030 (base.json's years) to 0: no
    // warning about years after the end.
    CHECK(has(out, "scenarios/denmark.json: ok"));
    CHECK_FALSE(has(out, "warning"));
    CHECK(run_cli("check scenarios/rules/*.json", dir / "log") == 0);
    fs::remove_all(dir);
}

TEST_CASE("the resolved scenario's file paths are absolute, so `show` output checks elsewhere") {
    const fs::path dir = fresh_dir("show");
    // Relative paths from the source folder, as a user would type them.
    REQUIRE(run_cli("show tests/data/tiny-budget.json", dir / "y.json") == 0);
    const json shown = json::parse(test::read_file((dir / "y.json").string()));
    for (auto& rule : shown["budget"]["rules"]) CHECK(fs::path(rule.get<std::string>()).is_absolute());
    CHECK(run_cli("check " + (dir / "y.json").string(), dir / "log", dir) == 0);
    CHECK(has(test::read_file((dir / "log").string()), "y.json: ok"));
    // The caseload path too.
    write(dir / "case.csv", "arrival_month,sex,age_at_arrival,channel,activity\n2015-03,male,30,asylum,waiting\n");
    write(dir / "with-caseload.json",
          R"({"extends": ")" + test::source_path("tests/data/tiny.json") + R"(", "initial_caseload": "case.csv"})");
    const json resolved = resolve_scenario_json((dir / "with-caseload.json").string());
    CHECK(resolved["initial_caseload"] == fs::absolute(dir / "case.csv").lexically_normal().string());
    fs::remove_all(dir);
}

TEST_CASE("sweep: the same pointer varied twice is rejected before anything runs") {
    const json j = test::tiny().resolved;
    const auto a = parse_sweep_axis("/arrivals/adult_share=0.1,0.2");
    const auto b = parse_sweep_axis("/arrivals/adult_share=0.3");
    CHECK(has(problems_of([&] { run_sweep(j, "tiny", {a, b}, {}); }), "--vary /arrivals/adult_share: the pointer is varied twice"));
    const auto c = parse_sweep_axis("/arrivals/adult_share/value=0.3");
    CHECK(has(problems_of([&] { run_sweep(j, "tiny", {a, c}, {}); }), "varied twice"));
    const fs::path dir = fresh_dir("sweep");
    CHECK(run_cli("sweep tests/data/tiny.json --vary /arrivals/adult_share=0.1,0.2 --vary /arrivals/adult_share=0.3 --out " +
                      (dir / "out").string(),
                  dir / "log") == 2);
    CHECK_FALSE(fs::exists(dir / "out"));
    fs::remove_all(dir);
}

TEST_CASE("sensitivity: an unknown outcome or a year outside the run is rejected before any simulation") {
    const Scenario s = test::tiny();
    const std::string misspelt = problems_of([&] { check_outcomes(s, {{"persons_jobb", 2018}}); });
    CHECK(has(misspelt, "--outcome persons_jobb:2018: unknown indicator \"persons_jobb\" (did you mean \"persons_job\"?)"));
    CHECK(has(misspelt, "cohort_wage_employment_36m"));
    CHECK(has(problems_of([&] { check_outcomes(s, {{"", 2018}}); }), "--outcome :2018: no indicator name"));
    CHECK(has(problems_of([&] { check_outcomes(s, {{"persons_job", 2100}}); }),
              "--outcome persons_job:2100: persons_job exists for the years 2016-2020, not 2100"));
    // tiny ends 2020-12: the 36-month horizon is reached by the 2016 and 2017 cohorts, 60 months by none.
    CHECK(has(problems_of([&] { check_outcomes(s, {{"cohort_wage_employment_36m", 2018}}); }),
              "cohort_wage_employment_36m exists for the arrival years 2016-2017, not 2018"));
    CHECK(has(problems_of([&] { check_outcomes(s, {{"cohort_wage_employment_60m", 2016}}); }),
              "cohort_wage_employment_60m has no year in this scenario"));
    CHECK_NOTHROW(check_outcomes(s, {{"persons_job", 2020}, {"cohort_wage_employment_36m", 2017}}));
    // Every indicator a run gives is available, in its years (and the list names no other).
    const IndicatorTable t = indicators(run(test::tiny_with({{"simulation", {{"replicates", 2}}}})));
    const auto available = available_indicators(s);
    for (auto& row : t.rows) {
        CAPTURE(row.name);
        CAPTURE(row.year);
        CHECK_NOTHROW(check_outcomes(s, {{row.name, row.year}}));
    }
    for (auto& a : available) {
        if (a.first_year > a.last_year) continue;  // a horizon beyond the end: no rows
        CAPTURE(a.name);
        bool found = false;
        for (auto& row : t.rows) found = found || row.name == a.name;
        CHECK(found);
    }
    const fs::path dir = fresh_dir("sensitivity");
    CHECK(run_cli("sensitivity tests/data/tiny.json --outcome persons_job:2100 --out " + (dir / "out").string(), dir / "log") == 2);
    CHECK(has(test::read_file((dir / "log").string()), "exists for the years 2016-2020"));
    // Refused before anything is announced or run: no "N parameters with a range; M runs" line.
    CHECK_FALSE(has(test::read_file((dir / "log").string()), "runs"));
    CHECK_FALSE(fs::exists(dir / "out"));
    fs::remove_all(dir);
}

TEST_CASE("report: a damaged result CSV is an input error naming the file and line") {
    const fs::path dir = fresh_dir("csv");
    write_results(run(test::tiny_with({{"simulation", {{"replicates", 2}}}})), (dir / "run").string(), "test");
    const fs::path monthly = dir / "run" / "monthly.csv";
    const std::string good = test::read_file(monthly.string());
    CHECK_NOTHROW(report::load_folder((dir / "run").string()));
    auto line_start = [&](int line) {
        std::size_t at = 0;
        for (int i = 1; i < line; ++i) at = good.find('\n', at) + 1;
        return at;
    };
    auto damaged = [&](const std::string& text) {
        write(monthly, text);
        return problems_of([&] { report::load_folder((dir / "run").string()); });
    };
    // A cell that is not a number.
    {
        std::string t = good;
        const std::size_t at = line_start(17);
        const std::size_t mean = t.find(',', t.find(',', t.find(',', at) + 1) + 1) + 1;
        t.replace(mean, t.find(',', mean) - mean, "abc");
        CHECK(has(damaged(t), monthly.string() + ":17: \"abc\" is not a number (column mean)"));
    }
    // Decimal commas: more fields than the header.
    {
        std::string t = good;
        const std::size_t at = line_start(17);
        std::string line = t.substr(at, t.find('\n', at) - at);
        std::string commas = line;
        for (std::size_t k = commas.find('.'); k != std::string::npos; k = commas.find('.', k)) commas[k] = ',';
        t.replace(at, line.size(), commas);
        const std::size_t fields = std::count(commas.begin(), commas.end(), ',') + 1;
        REQUIRE(fields > 8);
        CHECK(has(damaged(t), monthly.string() + ":17: expected 8 fields, found " + std::to_string(fields)));
    }
    // Cut short in the middle of a line, or at the end of a field.
    CHECK(has(damaged(good.substr(0, line_start(20) + 12)), monthly.string() + ":20: expected 8 fields"));
    CHECK(has(damaged(good.substr(0, good.size() - 1)), "the file looks cut short"));
    CHECK(has(damaged(""), monthly.string() + ":1: empty file"));
    // A non-finite number and a missing column.
    {
        std::string t = good;
        const std::size_t at = line_start(5);
        const std::size_t mean = t.find(',', t.find(',', t.find(',', at) + 1) + 1) + 1;
        t.replace(mean, t.find(',', mean) - mean, "inf");
        CHECK(has(damaged(t), ":5: \"inf\" is not a finite number (column mean)"));
    }
    CHECK(has(damaged("month,measure,unit,mean\n2016-01,waiting,persons,1\n"), ":1: missing column \"p10\""));
    // A month or a measure kohorte does not write.
    {
        std::string t = good;
        const std::size_t at = line_start(6);
        t.replace(at, 7, "2015-99");
        const std::size_t measure = t.find(',', at) + 1;
        t.replace(measure, t.find(',', measure) - measure, "bogus_measure");
        const std::string problems = damaged(t);
        CHECK(has(problems, ":6: \"2015-99\" is not a month (column month; expected YYYY-MM)"));
        CHECK(has(problems, ":6: \"bogus_measure\" is not a name kohorte writes (column measure)"));
    }
    // The program: exit 2, no report folder.
    write(monthly, good.substr(0, line_start(20) + 12));
    CHECK(run_cli("report " + (dir / "run").string(), dir / "log") == 2);
    CHECK(has(test::read_file((dir / "log").string()), "monthly.csv:20: expected 8 fields"));
    CHECK_FALSE(fs::exists(dir / "run" / "report"));
    fs::remove_all(dir);
}

TEST_CASE("report: summary.json with a duplicate key is rejected") {
    const fs::path dir = fresh_dir("summary");
    write_results(run(test::tiny_with({{"simulation", {{"replicates", 2}}}})), (dir / "run").string(), "test");
    std::string summary = test::read_file((dir / "run" / "summary.json").string());
    summary.insert(summary.find('{') + 1, "\"scenario\": \"x\",");
    write(dir / "run" / "summary.json", summary);
    CHECK(has(problems_of([&] { report::load_folder((dir / "run").string()); }), "summary.json: /scenario: duplicate key"));
    fs::remove_all(dir);
}

TEST_CASE("report: summary.json, manifest.json or comparison.json with a value of the wrong kind names file and pointer") {
    const fs::path dir = fresh_dir("json-kinds");
    write_results(run(test::tiny_with({{"simulation", {{"replicates", 2}}}})), (dir / "run").string(), "test");
    const fs::path summary = dir / "run" / "summary.json", manifest = dir / "run" / "manifest.json";
    const json good_summary = json::parse(test::read_file(summary.string()));
    const json good_manifest = json::parse(test::read_file(manifest.string()));
    REQUIRE(good_summary["cohorts"].size() > 0);
    auto with = [&](const fs::path& file, const json& base, const std::string& ptr, const json& value) {
        json j = base;
        j[json::json_pointer(ptr)] = value;
        write(file, j.dump(2));
        const std::string problems = problems_of([&] { report::load_folder((dir / "run").string()); });
        write(file, base.dump(2));
        return problems;
    };
    CHECK(has(with(summary, good_summary, "/cohorts/0/arrival_year", "x"),
              summary.string() + ": /cohorts/0/arrival_year: expected a whole number, got a string (\"x\")"));
    CHECK(has(with(summary, good_summary, "/period", "2016"), summary.string() + ": /period: expected an array"));
    CHECK(has(with(summary, good_summary, "/period/1", "soon"), "/period/1: expected a month \"YYYY-MM\""));
    CHECK(has(with(summary, good_summary, "/scenario", 5), "/scenario: expected a string, got a number (5)"));
    CHECK(has(with(summary, good_summary, "/last_month", json::array()), "/last_month: expected an object, got an array"));
    CHECK(has(with(summary, good_summary, "/last_month/persons/job/mean", "many"), "/last_month/persons/job/mean: expected a number"));
    CHECK(has(with(summary, good_summary, "/longest_mean_queue/queue_bogus", 1), "/longest_mean_queue/queue_bogus: expected only"));
    CHECK(has(with(summary, good_summary, "/budget_forecast", json{{"year", "next"}}), "/budget_forecast/year: expected a whole number"));
    CHECK(has(with(manifest, good_manifest, "/seed", "x"), manifest.string() + ": /seed: expected a whole number"));
    CHECK(has(with(manifest, good_manifest, "/resolved_scenario/simulation", 3), "/resolved_scenario/simulation: expected an object"));
    CHECK(has(with(manifest, good_manifest, "/resolved_scenario/arrivals/adult_share",
                   json{{"value", 0.5}, {"source", "x"}, {"status", "perhaps"}}),
              "/resolved_scenario/arrivals/adult_share/status: expected one of confirmed"));
    write(manifest, "[1, 2]");
    CHECK(has(problems_of([&] { report::load_folder((dir / "run").string()); }),
              manifest.string() + ": (the document): expected an object, got an array"));
    write(manifest, good_manifest.dump(2));
    CHECK_NOTHROW(report::load_folder((dir / "run").string()));
    // comparison.json names the run folders.
    REQUIRE(run_cli("compare tests/data/tiny.json tests/data/tiny.json --replicates 2 --quiet --out " + (dir / "cmp").string(),
                    dir / "log") == 0);
    write(dir / "cmp" / "comparison.json", R"({"base": "tiny", "alternatives": [7]})");
    CHECK(has(problems_of([&] { report::load_folder((dir / "cmp").string()); }),
              "comparison.json: /alternatives/0: expected a string, got a number (7)"));
    // The program: exit 2 with the message, no report folder.
    json bad = good_summary;
    bad["cohorts"][0]["arrival_year"] = "x";
    write(summary, bad.dump(2));
    CHECK(run_cli("report " + (dir / "run").string(), dir / "log") == 2);
    CHECK(has(test::read_file((dir / "log").string()), "/cohorts/0/arrival_year: expected a whole number"));
    CHECK_FALSE(fs::exists(dir / "run" / "report"));
    fs::remove_all(dir);
}

TEST_CASE("an option given twice is a usage error, except --vary and --outcome (each value once)") {
    const fs::path dir = fresh_dir("twice");
    const std::string out = " --quiet --out " + (dir / "out").string();
    CHECK(run_cli("run tests/data/tiny.json --replicates 2 --replicates 3" + out, dir / "log") == 2);
    CHECK(has(test::read_file((dir / "log").string()), "--replicates given twice"));
    CHECK(run_cli("run tests/data/tiny.json --seed 1 --seed 2" + out, dir / "log") == 2);
    CHECK(run_cli("sensitivity tests/data/tiny.json --outcome persons_job:2020 --outcome persons_job:2020" + out,
                  dir / "log") == 2);
    CHECK(has(test::read_file((dir / "log").string()), "--outcome persons_job:2020 given twice"));
    CHECK_FALSE(fs::exists(dir / "out"));
    // --threads 0 means all cores, as `threads` 0 does in a scenario.
    CHECK(run_cli("run tests/data/tiny.json --replicates 2 --threads 0" + out, dir / "log") == 0);
    fs::remove_all(dir);
}

TEST_CASE("range messages give large whole limits in full") {
    const std::string problems =
        problems_of([] { test::tiny_with({{"simulation", {{"seed", 9007199254740993ULL}}}}); });
    CHECK(has(problems, "/simulation/seed: value 9007199254740992 is out of range: expected a whole number in [0, "
                        "9007199254740991]"));
}

TEST_CASE("a missing extends names the absolute path looked for, and explain on a comparison points to its runs") {
    const fs::path dir = fresh_dir("messages");
    write(dir / "ext.json", "{\"extends\": \"nope.json\"}");
    CHECK(run_cli("check ext.json", dir / "log", dir) == 2);
    CHECK(has(test::read_file((dir / "log").string()),
              "ext.json: /extends: the file \"nope.json\" does not exist (looked for " + (dir / "nope.json").string() + ")"));
    const std::string budget = test::source_path("tests/data/tiny-budget.json");
    REQUIRE(run_cli("compare " + budget + " " + budget + " --replicates 2 --quiet --out " + (dir / "cmp").string(),
                    dir / "log") == 0);
    CHECK(run_cli("explain " + (dir / "cmp").string() + " --line benefits_paid --year 2018", dir / "log") == 2);
    CHECK(has(test::read_file((dir / "log").string()), "is a comparison; explain one of its run folders"));
    CHECK(run_cli("explain " + (dir / "cmp/tiny-budget").string() + " --line benefits_paid --year 2018", dir / "log") == 0);
    fs::remove_all(dir);
}

TEST_CASE("a labelled value that follows another moves with it: overrides, sensitivity, draws, and the manifest keeps the numbers") {
    using Hz = std::array<std::array<double, kLivingActivities>, kLivingActivities>;
    auto job_from = [](const Hz& h, Activity a) { return h[int(a)][int(Activity::job)]; };
    const Scenario base = load_scenario(test::source_path("scenarios/base.json"));
    const Hz& h = base.pathway.hazard;
    const double waiting = job_from(h, Activity::waiting);
    REQUIRE(waiting > 0);
    CHECK(job_from(h, Activity::praktik) == waiting);
    CHECK(job_from(h, Activity::loentilskud) == doctest::Approx(1.2 * waiting).epsilon(1e-15));
    CHECK(job_from(h, Activity::igu) == doctest::Approx(0.5385 * h[int(Activity::igu)][int(Activity::waiting)]).epsilon(1e-15));
    // The tie is kept in the resolved scenario (a sweep or draw varies the value followed) ...
    CHECK(base.resolved["pathway"]["hazards_per_month"]["praktik"]["job"].contains("follows"));
    CHECK_FALSE(base.resolved["pathway"]["hazards_per_month"]["praktik"]["job"].contains("value"));
    for (const auto& p : ranged_parameters(base.resolved)) CHECK(p.pointer != "/pathway/hazards_per_month/praktik/job");
    // ... so setting waiting -> job, as the sensitivity analysis does at a range's end, moves them.
    json high = base.resolved;
    set_number(high, "/pathway/hazards_per_month/waiting/job", 0.04);
    const Scenario moved = scenario_from_json(high, "high");
    CHECK(job_from(moved.pathway.hazard, Activity::praktik) == 0.04);
    CHECK(job_from(moved.pathway.hazard, Activity::loentilskud) == doctest::Approx(0.048).epsilon(1e-15));
    // A parameter draw of the probabilistic mode too.
    const auto draws = draw_parameters(base.resolved, 11, 2);
    const Scenario drawn = scenario_from_json(apply_draws(base.resolved, draws), "drawn");
    const double drawn_waiting = job_from(drawn.pathway.hazard, Activity::waiting);
    CHECK(drawn_waiting != waiting);
    CHECK(job_from(drawn.pathway.hazard, Activity::loentilskud) == doctest::Approx(1.2 * drawn_waiting).epsilon(1e-15));
    // Setting the follower itself (a sweep of it) ends the tie.
    json own = base.resolved;
    set_number(own, "/pathway/hazards_per_month/praktik/job", 0.05);
    const Scenario set = scenario_from_json(own, "own");
    CHECK(job_from(set.pathway.hazard, Activity::praktik) == 0.05);
    CHECK(job_from(set.pathway.hazard, Activity::waiting) == waiting);
    // The record of a run holds the numbers that ran, without the ties.
    std::vector<spec::Error> errors;
    const json frozen = spec::with_follows(base.resolved, errors, true);
    CHECK(errors.empty());
    CHECK(frozen["pathway"]["hazards_per_month"]["loentilskud"]["job"]["value"].get<double>() == doctest::Approx(1.2 * waiting).epsilon(1e-15));
    CHECK_FALSE(frozen["pathway"]["hazards_per_month"]["loentilskud"]["job"].contains("follows"));
    CHECK(frozen["pathway"]["hazards_per_month"]["loentilskud"]["job"]["status"] == "derived");
}

TEST_CASE("a value that follows: a missing or following target, value beside follows, a wrong type are errors with their pointers") {
    auto problems = [](const json& job) {
        return problems_of([&] { test::tiny_with({{"pathway", {{"hazards_per_month", {{"loentilskud", {{"job", job}}}}}}}}); });
    };
    CHECK(has(problems({{"follows", "/pathway/hazards_per_month/waiting/jb"}}),
              "/pathway/hazards_per_month/loentilskud/job/follows: \"/pathway/hazards_per_month/waiting/jb\": no such value in the scenario"));
    CHECK(has(problems({{"follows", "/pathway/hazards_per_month/waiting/job"}, {"value", 0.1}}),
              "/pathway/hazards_per_month/loentilskud/job: give either \"value\" or \"follows\", not both"));
    CHECK(has(problems({{"follows", 3}}), "/pathway/hazards_per_month/loentilskud/job/follows: expected a JSON pointer"));
    CHECK(has(problems({{"follows", "/pathway/hazards_per_month/waiting/job"}, {"times", "x"}}),
              "/pathway/hazards_per_month/loentilskud/job/times: expected a number, got a string"));
    CHECK(has(problems({{"follows", "/pathway/hazards_per_month/loentilskud/job"}}),
              "expected a number or a labelled value that does not itself follow another"));
    // The worked-out value is checked against the field's range (hazards 0-5 per month): 10 x 0.6.
    const std::string too_big = problems_of([&] {
        test::tiny_with({{"pathway", {{"hazards_per_month", {{"waiting", {{"job", 0.6}}}, {"loentilskud", {{"job", {{"follows", "/pathway/hazards_per_month/waiting/job"}, {"times", 10}}}}}}}}}});
    });
    CHECK(has(too_big, "/pathway/hazards_per_month/loentilskud/job/value: value 6 is out of range"));
    // A tie that works.
    const Scenario ok = test::tiny_with({{"pathway", {{"hazards_per_month", {{"loentilskud", {{"job", {{"follows", "/pathway/hazards_per_month/waiting/job"}, {"times", 2}}}}}}}}}});
    CHECK(ok.pathway.hazard[int(Activity::loentilskud)][int(Activity::job)] == 2 * ok.pathway.hazard[int(Activity::waiting)][int(Activity::job)]);
}
