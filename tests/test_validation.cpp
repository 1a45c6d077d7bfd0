// The broken-scenario corpus: every file in tests/bad/ with a NAME.expected beside it must be
// rejected with each line of NAME.expected somewhere in the messages.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"

using namespace kohorte;
namespace fs = std::filesystem;

namespace {
std::string problems_of(const std::string& path) {
    try {
        load_scenario(path);
    } catch (const InputError& e) {
        std::string all;
        for (auto& p : e.problems) all += p + "\n";
        return all;
    }
    return "";
}
}  // namespace

TEST_CASE("every broken scenario in tests/bad is rejected with its expected message") {
    int files = 0;
    for (auto& e : fs::directory_iterator(test::source_path("tests/bad"))) {
        if (e.path().extension() != ".expected") continue;
        const fs::path scenario = fs::path(e.path()).replace_extension(".json");
        CAPTURE(scenario.string());
        const std::string messages = problems_of(scenario.string());
        CAPTURE(messages);
        REQUIRE_FALSE(messages.empty());
        std::istringstream expected(test::read_file(e.path().string()));
        for (std::string line; std::getline(expected, line);)
            if (!line.empty()) CHECK(messages.find(line) != std::string::npos);
        ++files;
    }
    CHECK(files >= 20);
}

TEST_CASE("kohorte check prints each problem after error: and exits 2") {
    const fs::path log = fs::temp_directory_path() / ("kohorte-check-" + std::to_string(::getpid()));
    const std::string cmd = std::string(KOHORTE_BINARY) + " check " + test::source_path("tests/bad/missing-required.json") +
                            " " + test::source_path("tests/data/tiny.json") + " >" + log.string() + " 2>&1";
    const int status = std::system(cmd.c_str());
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 2);
    const std::string out = test::read_file(log.string());
    CHECK(out.find("error: ") != std::string::npos);
    CHECK(out.find("missing-required.json: /arrivals: missing required field") != std::string::npos);
    CHECK(out.find("tiny.json: ok") != std::string::npos);  // the good file is still checked
    fs::remove(log);
}

TEST_CASE("errors name the file in the extends chain that set the value") {
    // base -> middle (sets a bad share) -> top (changes nothing there): the message names middle.
    const fs::path dir = fs::temp_directory_path() / ("kohorte-chain-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    {
        std::ofstream(dir / "middle.json") << R"({"extends": ")" << test::source_path("tests/data/tiny.json")
                                           << R"(", "profiles": {"refugee": {"female_share": 0.4}}, "arrivals": {"quota_refugee_share": 0.2}})";
        std::ofstream(dir / "top.json") << R"({"extends": "middle.json", "name": "top", "profiles": {"refugee": {"trauma_share": 0.2}}})";
        std::ofstream(dir / "bad-middle.json") << R"({"extends": ")" << test::source_path("tests/data/tiny.json")
                                               << R"(", "profiles": {"reunified": {"schooling": {"du1": 0.9}}}})";
        std::ofstream(dir / "bad-top.json") << R"({"extends": "bad-middle.json", "name": "top"})";
    }
    CHECK_NOTHROW(load_scenario((dir / "top.json").string()));
    const std::string messages = problems_of((dir / "bad-top.json").string());
    CHECK(messages.find("bad-middle.json: /profiles/reunified/schooling: shares must sum to 1") != std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("entries after simulation.end: an error where they are written with or after the end, a warning where inherited") {
    const fs::path dir = fs::temp_directory_path() / ("kohorte-late-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string tiny = test::source_path("tests/data/tiny.json");  // 2016-01..2020-12, quota 2016-2017
    {
        // Shortened through extends: tiny.json's 2017 quota and 2019 business cycle lie after the end.
        std::ofstream(dir / "short.json") << R"({"extends": ")" << tiny << R"(", "simulation": {"end": "2016-12"}})";
        // A quota of 0 after the end is no quota, as a year not listed is.
        std::ofstream(dir / "zero.json") << R"({"extends": ")" << tiny << R"(", "arrivals": {"refugees_per_year": {"2030": 0}}})";
        // Years added in a file between the end's file and the one loaded: that file is named.
        std::ofstream(dir / "more.json") << R"({"extends": ")" << tiny << R"(", "arrivals": {"refugees_per_year": {"2021": 4}}})";
        std::ofstream(dir / "top.json") << R"({"extends": "more.json", "name": "top"})";
    }
    const Scenario s = load_scenario((dir / "short.json").string());
    REQUIRE(s.warnings.size() == 2);
    CHECK(s.warnings[0] == tiny + ": /arrivals/refugees_per_year: 2017 lies after /simulation/end (2016-12, set in " +
                               (dir / "short.json").string() + "), and is not simulated");
    CHECK(s.warnings[1] == tiny + ": /pathway/effects/business_cycle: 2019 lies after /simulation/end (2016-12, set in " +
                               (dir / "short.json").string() + "), and is not simulated");
    CHECK(load_scenario((dir / "zero.json").string()).warnings.empty());
    CHECK(test::tiny().warnings.empty());
    CHECK(problems_of((dir / "top.json").string()) ==
          (dir / "more.json").string() + ": /arrivals/refugees_per_year/2021: the year 2021 lies after /simulation/end "
                                         "(2020-12) and would never be simulated; move the end or remove the entry\n");
    // The program prints the warnings (even with --quiet) and runs.
    CHECK(test::run_cli("check " + (dir / "short.json").string(), dir / "log") == 0);
    const std::string log = test::read_file((dir / "log").string());
    CHECK(log.find("warning: " + s.warnings[0] + "\n") != std::string::npos);
    CHECK(log.find("short.json: ok") != std::string::npos);
    CHECK(test::run_cli("run " + (dir / "short.json").string() + " --quiet --replicates 2 --out " + (dir / "out").string(),
                        dir / "log") == 0);
    CHECK(test::read_file((dir / "log").string()) == "warning: " + s.warnings[0] + "\nwarning: " + s.warnings[1] + "\n");
    fs::remove_all(dir);
}
