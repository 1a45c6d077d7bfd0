// Result files: content, atomic replacement, and a failed run leaving the previous one intact.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <sys/wait.h>

#include "helpers.h"

using namespace kohorte;
namespace fs = std::filesystem;

namespace {
fs::path fresh_dir(const std::string& name) { return test::fresh_dir("test", name); }
using test::run_cli;
}  // namespace

TEST_CASE("monthly.csv has one row per reported month and measure, with the documented header") {
    Scenario s = test::tiny();
    s.simulation.report_from = Month::of(2017, 1);
    const Results r = run(s);
    const std::string csv = monthly_csv(r);
    CHECK(csv.rfind("month,measure,unit,mean,p10,p50,p90,mcse\n", 0) == 0);
    const auto lines = std::count(csv.begin(), csv.end(), '\n');
    CHECK(lines == 1 + 48 * kMeasureCount);  // 2017-01 .. 2020-12
    CHECK(csv.find("\n2016-12,") == std::string::npos);
    CHECK(csv.find("\n2017-01,reception,persons,") != std::string::npos);
}

TEST_CASE("cohort rows stop where the horizon lies beyond the end of the simulation") {
    const Results r = run(test::tiny());
    const std::string csv = cohorts_csv(r);
    CHECK(csv.find("\n2016,all,36,wage_employment,") != std::string::npos);
    CHECK(csv.find("\n2016,all,60,") == std::string::npos);  // 2016 + 60 months > 2020-12
    CHECK(csv.find("\n2017,female,24,danish_test_passed,") != std::string::npos);
}

TEST_CASE("kohorte run writes the four files and re-running gives identical result files") {
    const fs::path dir = fresh_dir("run");
    const std::string scenario = test::source_path("tests/data/tiny.json");
    REQUIRE(run_cli("run " + scenario + " --out " + (dir / "out").string() + " --quiet", dir / "log") == 0);
    for (const char* f : {"monthly.csv", "cohorts.csv", "summary.json", "manifest.json"})
        CHECK(fs::exists(dir / "out" / f));
    const std::string first = test::read_file((dir / "out/monthly.csv").string()) +
                              test::read_file((dir / "out/cohorts.csv").string()) +
                              test::read_file((dir / "out/summary.json").string());
    REQUIRE(run_cli("run " + scenario + " --out " + (dir / "out").string() + " --quiet --threads 1", dir / "log") == 0);
    const std::string second = test::read_file((dir / "out/monthly.csv").string()) +
                               test::read_file((dir / "out/cohorts.csv").string()) +
                               test::read_file((dir / "out/summary.json").string());
    CHECK(first == second);
    const auto manifest = nlohmann::json::parse(test::read_file((dir / "out/manifest.json").string()));
    CHECK(manifest["seed"] == 7);
    CHECK(manifest["resolved_scenario"]["name"] == "tiny");
    CHECK(manifest.contains("git_commit"));
    // No temporary folders are left beside the result.
    for (auto& e : fs::directory_iterator(dir)) CHECK(e.path().filename().string().find(".tmp") == std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("a failed run leaves the previous results untouched and exits 2 on bad input") {
    const fs::path dir = fresh_dir("fail");
    const std::string scenario = test::source_path("tests/data/tiny.json");
    REQUIRE(run_cli("run " + scenario + " --out " + (dir / "out").string() + " --quiet", dir / "log") == 0);
    const std::string before = test::read_file((dir / "out/monthly.csv").string());
    {
        std::ofstream bad(dir / "bad.json");
        bad << R"({"extends": ")" << scenario << R"(", "simulation": {"replicates": -1}})";
    }
    CHECK(run_cli("run " + (dir / "bad.json").string() + " --out " + (dir / "out").string(), dir / "log") == 2);
    CHECK(test::read_file((dir / "log").string()).find("/simulation/replicates") != std::string::npos);
    CHECK(test::read_file((dir / "out/monthly.csv").string()) == before);
    fs::remove_all(dir);
}

TEST_CASE("write_folder_atomically replaces a folder whole") {
    const fs::path dir = fresh_dir("atomic");
    write_folder_atomically((dir / "x").string(), {{"a.txt", "1"}, {"b.txt", "2"}});
    write_folder_atomically((dir / "x").string(), {{"a.txt", "3"}});
    CHECK(test::read_file((dir / "x/a.txt").string()) == "3");
    CHECK_FALSE(fs::exists(dir / "x/b.txt"));  // nothing of the old folder is mixed in
    fs::remove_all(dir);
}

namespace {
void write_text(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}
// Every entry under `dir` (recursively) with its contents, to see that nothing changed.
std::string snapshot(const fs::path& dir) {
    std::string s;
    for (auto& e : fs::recursive_directory_iterator(dir)) {
        s += e.path().string() + "\n";
        if (e.is_regular_file()) s += test::read_file(e.path().string()) + "\n";
    }
    return s;
}
bool has_temporaries(const fs::path& dir) {
    for (auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().find(".tmp-") != std::string::npos) return true;
    return false;
}
// A process id that is not running any more: a child that has exited and been reaped.
pid_t dead_pid() {
    const pid_t pid = ::fork();
    if (pid == 0) ::_exit(0);
    ::waitpid(pid, nullptr, 0);
    return pid;
}
}  // namespace

TEST_CASE("--out never replaces a file, a symbolic link or a folder kohorte did not write") {
    const fs::path dir = fresh_dir("foreign");
    const std::string run = "run " + test::source_path("tests/data/tiny.json") + " --replicates 2 --quiet --out ";
    SUBCASE("a file") {
        write_text(dir / "notes.txt", "my notes\n");
        CHECK(run_cli(run + (dir / "notes.txt").string(), dir / "log") == 2);
        CHECK(test::read_file((dir / "notes.txt").string()) == "my notes\n");
        CHECK(test::read_file((dir / "log").string()).find("notes.txt: exists and is not a folder") != std::string::npos);
    }
    SUBCASE("a folder with the user's documents") {
        write_text(dir / "mydocs/letter.txt", "dear committee\n");
        write_text(dir / "mydocs/sub/data.csv", "a,b\n");
        const std::string before = snapshot(dir / "mydocs");
        CHECK(run_cli(run + (dir / "mydocs").string(), dir / "log") == 2);
        CHECK(snapshot(dir / "mydocs") == before);
        CHECK(test::read_file((dir / "log").string())
                  .find("--out " + (dir / "mydocs").string() + ": exists and is not a kohorte results folder; choose "
                        "another folder or remove it") != std::string::npos);
        // Nor through compare, sweep or sensitivity.
        const std::string tiny = test::source_path("tests/data/tiny.json");
        const std::string out = " --replicates 2 --quiet --out " + (dir / "mydocs").string();
        CHECK(run_cli("compare " + tiny + " " + tiny + out, dir / "log") == 2);
        CHECK(run_cli("sweep " + tiny + " --vary /arrivals/refugees_per_year/2017=20,40" + out, dir / "log") == 2);
        CHECK(run_cli("sensitivity " + tiny + out, dir / "log") == 2);
        CHECK(snapshot(dir / "mydocs") == before);
    }
    SUBCASE("a symbolic link") {
        write_text(dir / "elsewhere/keep.txt", "keep\n");
        fs::create_directory_symlink(dir / "elsewhere", dir / "link");
        CHECK(run_cli(run + (dir / "link").string(), dir / "log") == 2);
        CHECK(fs::is_symlink(dir / "link"));
        CHECK(test::read_file((dir / "elsewhere/keep.txt").string()) == "keep\n");
    }
    SUBCASE("the folder holding the scenario") {
        fs::copy_file(test::source_path("tests/data/tiny.json"), dir / "tiny.json");
        CHECK(run_cli("run " + (dir / "tiny.json").string() + " --quiet --out " + dir.string(), dir / "log") == 2);
        CHECK(fs::exists(dir / "tiny.json"));
    }
    SUBCASE("no folder name") {
        CHECK(run_cli(run + "''", dir / "log") == 2);
        CHECK(run_cli(run + "/", dir / "log") == 2);
        CHECK(test::read_file((dir / "log").string()).find("--out /: cannot be a results folder") != std::string::npos);
    }
    CHECK_FALSE(has_temporaries(dir));
    fs::remove_all(dir);
}

TEST_CASE("--out never replaces a results folder holding a file the scenario reads") {
    // A results folder into which someone put a scenario that another extends, a rule file the
    // budget reads (and the rule file it extends), and a comparison's run read by a report.
    const fs::path dir = fresh_dir("indirect");
    const std::string tiny = test::source_path("tests/data/tiny.json");
    REQUIRE(run_cli("run " + tiny + " --replicates 2 --quiet --out " + (dir / "r").string(), dir / "log") == 0);
    fs::copy_file(tiny, dir / "r/base.json");
    write_text(dir / "s/ext.json", "{\"extends\": \"../r/base.json\"}");
    const std::string before = snapshot(dir / "r");
    CHECK(run_cli("run " + (dir / "s/ext.json").string() + " --quiet --out " + (dir / "r").string(), dir / "log") == 2);
    CHECK(test::read_file((dir / "log").string()).find("holds the input " + (dir / "r/base.json").string()) !=
          std::string::npos);
    CHECK(snapshot(dir / "r") == before);

    fs::create_directories(dir / "r/rules");
    fs::copy_file(test::source_path("scenarios/rules/dk-2013.json"), dir / "r/rules/dk-2013.json");
    fs::copy_file(test::source_path("scenarios/rules/dk-2015-09.json"), dir / "r/rules/dk-2015-09.json");
    fs::copy_file(test::source_path("scenarios/rules/dk-2016-01.json"), dir / "r/rules/dk-2016-01.json");
    fs::create_directories(dir / "elsewhere");
    fs::copy_file(test::source_path("scenarios/rules/dk-2016.json"), dir / "elsewhere/dk-2016.json");
    std::string extends_back = test::read_file((dir / "elsewhere/dk-2016.json").string());
    extends_back.replace(extends_back.find("\"dk-2016-01.json\""), 17, "\"../r/rules/dk-2016-01.json\"");
    write_text(dir / "elsewhere/dk-2016.json", extends_back);
    write_text(dir / "s/budget.json", "{\"extends\": \"" + test::source_path("tests/data/tiny-budget.json") +
                                          "\", \"budget\": {\"rules\": [\"../elsewhere/dk-2016.json\"]}}");
    const std::string with_rules = snapshot(dir / "r");
    CHECK(run_cli("check " + (dir / "s/budget.json").string(), dir / "log") == 0);
    CHECK(run_cli("run " + (dir / "s/budget.json").string() + " --quiet --out " + (dir / "r").string(), dir / "log") == 2);
    CHECK(test::read_file((dir / "log").string()).find("r/rules/dk-2016-01.json") != std::string::npos);
    CHECK(snapshot(dir / "r") == with_rules);

    REQUIRE(run_cli("compare " + tiny + " " + test::source_path("tests/data/tiny-budget.json") +
                        " --replicates 2 --quiet --out " + (dir / "cmp").string(),
                    dir / "log") == 0);
    const std::string compared = snapshot(dir / "cmp");
    CHECK(run_cli("report " + (dir / "cmp").string() + " --out " + (dir / "cmp/tiny-budget").string(), dir / "log") == 2);
    CHECK(snapshot(dir / "cmp") == compared);
    fs::remove_all(dir);
}

TEST_CASE("write_folder_atomically replaces a results folder or an empty one, never another folder") {
    const fs::path dir = fresh_dir("replace");
    write_text(dir / "docs/a.txt", "mine");
    CHECK_THROWS_AS(write_folder_atomically((dir / "docs").string(), {{"x.txt", "1"}}), InputError);
    CHECK(test::read_file((dir / "docs/a.txt").string()) == "mine");
    CHECK_FALSE(fs::exists(dir / "docs/x.txt"));
    fs::create_directory(dir / "empty");
    write_folder_atomically((dir / "empty").string(), {{"x.txt", "1"}});
    CHECK(is_results_folder((dir / "empty").string()));  // a folder without manifest gets a minimal one
    write_folder_atomically((dir / "empty").string(), {{"x.txt", "2"}});
    CHECK(test::read_file((dir / "empty/x.txt").string()) == "2");
    CHECK_FALSE(has_temporaries(dir));
    fs::remove_all(dir);
}

TEST_CASE("report refuses to write into one of the folders it reads") {
    const fs::path dir = fresh_dir("self");
    const std::string tiny = test::source_path("tests/data/tiny.json");
    REQUIRE(run_cli("run " + tiny + " --replicates 2 --quiet --out " + (dir / "self").string(), dir / "log") == 0);
    const std::string before = snapshot(dir / "self");
    CHECK(run_cli("report " + (dir / "self").string() + " --out " + (dir / "self").string(), dir / "log") == 2);
    CHECK(test::read_file((dir / "log").string()).find("is also an input") != std::string::npos);
    CHECK(snapshot(dir / "self") == before);
    fs::remove_all(dir);
}

TEST_CASE("a failed --report leaves the previous results in place") {
    const fs::path dir = fresh_dir("report-fails");
    const std::string tiny = test::source_path("tests/data/tiny.json");
    REQUIRE(run_cli("run " + tiny + " --replicates 2 --quiet --out " + (dir / "rr").string(), dir / "log") == 0);
    const std::string before = snapshot(dir / "rr");
    // Without gnuplot on the PATH the report cannot be made.
    CHECK(run_cli("run " + tiny + " --replicates 3 --seed 9 --quiet --report --out " + (dir / "rr").string(),
                  dir / "log", "env PATH=/nonexistent") == 1);
    CHECK(test::read_file((dir / "log").string()).find("gnuplot") != std::string::npos);
    CHECK(snapshot(dir / "rr") == before);
    CHECK_FALSE(has_temporaries(dir));
    fs::remove_all(dir);
}

TEST_CASE("temporary folders left by a killed run are removed by the next run to the same target") {
    const fs::path dir = fresh_dir("stale");
    const pid_t dead = dead_pid();
    const fs::path stale = dir / (".out.tmp-" + std::to_string(dead) + "-1");
    const fs::path live = dir / (".out.tmp-" + std::to_string(::getpid()) + "-2");  // a run still writing
    const fs::path other = dir / (".other.tmp-" + std::to_string(dead) + "-3");     // another target's
    const fs::path foreign = dir / (".out.tmp-notes");                                // not our pattern
    for (auto& p : {stale, live, other, foreign}) write_text(p / "out/monthly.csv", "half");
    REQUIRE(run_cli("run " + test::source_path("tests/data/tiny.json") + " --replicates 2 --quiet --out " +
                        (dir / "out").string(),
                    dir / "log") == 0);
    CHECK_FALSE(fs::exists(stale));
    CHECK(fs::exists(live / "out/monthly.csv"));
    CHECK(fs::exists(other / "out/monthly.csv"));
    CHECK(fs::exists(foreign / "out/monthly.csv"));
    CHECK(fs::exists(dir / "out/monthly.csv"));
    fs::remove_all(dir);
}

TEST_CASE("a read-only previous results folder is kept whole and the run exits 2") {
    if (::geteuid() == 0) {
        MESSAGE("skipped as root: permissions do not stop root");
        return;
    }
    const fs::path dir = fresh_dir("readonly");
    const std::string run = "run " + test::source_path("tests/data/tiny.json") + " --replicates 2 --quiet --out " +
                            (dir / "out").string();
    REQUIRE(run_cli(run, dir / "log") == 0);
    const std::string before = snapshot(dir / "out");
    fs::permissions(dir / "out", fs::perms::owner_write, fs::perm_options::remove);
    CHECK(run_cli(run + " --seed 3", dir / "log") == 2);
    CHECK(test::read_file((dir / "log").string()).find("cannot be replaced") != std::string::npos);
    fs::permissions(dir / "out", fs::perms::owner_write, fs::perm_options::add);
    CHECK(snapshot(dir / "out") == before);
    CHECK_FALSE(has_temporaries(dir));
    fs::remove_all(dir);
}

TEST_CASE("--help after a command prints its usage, and extra arguments are refused") {
    const fs::path dir = fresh_dir("usage");
    for (const char* command : {"run", "compare", "sweep", "sensitivity", "report", "explain", "check"}) {
        CAPTURE(command);
        CHECK(run_cli(std::string(command) + " --help", dir / "log") == 0);
        CHECK(test::read_file((dir / "log").string()).find(std::string("kohorte ") + command) != std::string::npos);
    }
    CHECK(run_cli("run tests/data/tiny.json -h", dir / "log") == 0);
    const std::string help = test::read_file((dir / "log").string());
    CHECK(help.find("--report") != std::string::npos);
    CHECK(help.find("kohorte compare") == std::string::npos);  // only run's usage
    CHECK(run_cli("sweep --help", dir / "log") == 0);
    CHECK(test::read_file((dir / "log").string()).find("--replicates N") != std::string::npos);
    for (const char* args : {"version extra", "schema extra", "params --lang en", "run x.json --vary /a=1",
                             "run " KOHORTE_SOURCE_DIR "/tests/data/tiny.json --lang en"}) {
        CAPTURE(args);
        CHECK(run_cli(args, dir / "log") == 2);
    }
    CHECK(test::read_file((dir / "log").string()).find("--lang applies to the report") != std::string::npos);
    CHECK(run_cli("version", dir / "log") == 0);
    fs::remove_all(dir);
}

TEST_CASE("a usage error after the command shows that command's usage, not every command's") {
    const fs::path dir = fresh_dir("usage-one");
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"run", "run"},
        {"run x.json --replicates 1", "run"},
        {"run x.json --threads many", "run"},
        {"compare x.json", "compare"},
        {"sweep x.json", "sweep"},
        {"sensitivity tests/data/tiny.json --outcome persons_job", "sensitivity"},
        {"explain results/base", "explain"},
        {"show", "show"},
        {"check", "check"},
        {"report", "report"}};
    for (auto& [args, command] : cases) {
        CAPTURE(args);
        CHECK(run_cli(args, dir / "log") == 2);
        const std::string log = test::read_file((dir / "log").string());
        CHECK(log.find("Usage:\n  kohorte " + command + " ") != std::string::npos);
        for (const char* other : {"run", "compare", "sweep", "explain", "report", "schema"})
            if (command != other) CHECK(log.find(std::string("  kohorte ") + other + " ") == std::string::npos);
    }
    // Without a known command: every command's usage.
    CHECK(run_cli("frobnicate", dir / "log") == 2);
    CHECK(test::read_file((dir / "log").string()).find("kohorte sweep") != std::string::npos);
    fs::remove_all(dir);
}

// Whether `log` has `before`, a time in seconds, then `after`: two decimals, or three below 0.1 s
// (no std::regex: GCC 12's <regex> trips -Wmaybe-uninitialized under the sanitizers).
static bool seconds_after(const std::string& log, const std::string& before, const std::string& after) {
    const auto start = log.find(before);
    if (start == std::string::npos) return false;
    const auto from = start + before.size(), end = log.find(after, from);
    if (end == std::string::npos) return false;
    const std::string t = log.substr(from, end - from);
    const auto dot = t.find('.');
    if (dot == std::string::npos || dot == 0 || t.find_first_not_of("0123456789.") != std::string::npos) return false;
    const std::size_t decimals = t.size() - dot - 1;
    return decimals == 2 || (decimals == 3 && t.rfind("0.0", 0) == 0);
}

TEST_CASE("run's closing line gives the time in hundredths of a second (thousandths below 0.1 s), and says expected values in --expected mode") {
    const fs::path dir = fresh_dir("closing");
    CHECK(run_cli("run tests/data/tiny.json --replicates 2 --out " + (dir / "a").string(), dir / "log") == 0);
    std::string log = test::read_file((dir / "log").string());
    CHECK(seconds_after(log, "kohorte: 2 replicates of \"tiny\" in ", " s on "));
    const bool thread_count = log.find(" s on 1 thread; results in ") != std::string::npos ||
                              log.find(" threads; results in ") != std::string::npos;
    CHECK(thread_count);
    CHECK(run_cli("run tests/data/oracle-markov.json --expected --out " + (dir / "b").string(), dir / "log") == 0);
    log = test::read_file((dir / "log").string());
    CHECK(seconds_after(log, "kohorte: expected values of \"oracle-markov\" in ", " s; results in "));
    CHECK(log.find("replicates") == std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("a results folder may have a long name (its temporary folder's name is cut to fit)") {
    const fs::path dir = fresh_dir("long");
    std::string name;
    for (int i = 0; i < 120; ++i) name += "ø";  // 240 bytes: legal, but ".NAME.tmp-PID-N" would not be
    const std::string run = "run " + test::source_path("tests/data/tiny.json") + " --replicates 2 --quiet --out ";
    CHECK(run_cli(run + "'" + (dir / name).string() + "'", dir / "log") == 0);
    CHECK(fs::exists(dir / name / "monthly.csv"));
    CHECK(run_cli(run + "'" + (dir / name).string() + "'", dir / "log") == 0);  // and replaced
    CHECK_FALSE(has_temporaries(dir));
    fs::remove_all(dir);
}
