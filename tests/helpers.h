// Shared helpers for the tests.
#pragma once
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "kohorte.h"

namespace test {

inline std::string source_path(const std::string& relative) { return std::string(KOHORTE_SOURCE_DIR) + "/" + relative; }

// The small complete scenario in tests/data/tiny.json.
inline kohorte::Scenario tiny() { return kohorte::load_scenario(source_path("tests/data/tiny.json")); }

// A scenario from tiny.json with `patch` merged over it (RFC 7386 merge patch).
inline kohorte::Scenario tiny_with(const nlohmann::json& patch) {
    auto j = kohorte::resolve_scenario_json(source_path("tests/data/tiny.json"));
    j.merge_patch(patch);
    return kohorte::scenario_from_json(j, "tiny+patch");
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// An empty folder of its own for one test: /tmp/kohorte-PREFIX-NAME-PID.
inline std::filesystem::path fresh_dir(const std::string& prefix, const std::string& name) {
    const auto d = std::filesystem::temp_directory_path() / ("kohorte-" + prefix + "-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(d);
    std::filesystem::create_directories(d);
    return d;
}

// Runs a shell command; its exit code (-1 if it did not exit).
inline int sh(const std::string& cmd) {
    const int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Runs the program with `args` (after `env`, e.g. "PATH=/nonexistent"; in `cwd` if given), its
// output in `log`; the exit code (-1 if it did not exit).
inline int run_cli(const std::string& args, const std::filesystem::path& log, const std::string& env = "",
                   const std::filesystem::path& cwd = {}) {
    const std::string cd = cwd.empty() ? "" : "cd " + cwd.string() + " && ";
    return sh(cd + env + " " + std::string(KOHORTE_BINARY) + " " + args + " >" + log.string() + " 2>&1");
}

// The problems of the InputError that `f` throws, a line each; empty if it throws none.
template <class F>
std::string problems_of(F&& f) {
    try {
        f();
    } catch (const kohorte::InputError& e) {
        std::string all;
        for (auto& p : e.problems) all += p + "\n";
        return all;
    }
    return "";
}

}  // namespace test
