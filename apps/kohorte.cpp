// The command-line program: parses arguments, calls the model, writes files. No model logic.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "kohorte.h"

namespace {

constexpr const char* kUsage = R"(kohorte — refugee integration microsimulation for Danish municipalities

Usage:
  kohorte run SCENARIO [--out DIR] [--replicates N] [--seed N] [--threads N] [--quiet]
      Simulate and write monthly.csv, cohorts.csv, summary.json and manifest.json to DIR
      (default: results/<scenario file name>).
  kohorte check SCENARIO...   Validate scenario files without running them.
  kohorte show SCENARIO       Print the fully resolved scenario (extends merged, defaults filled).
  kohorte schema              Print the JSON Schema of scenario files.
  kohorte params              List every scenario parameter with its unit, range and description.
  kohorte version

Exit codes: 0 success, 1 failure while running, 2 bad input or usage.
)";

struct Args {
    std::string command;
    std::vector<std::string> positional;
    std::optional<std::string> out;
    std::optional<long long> replicates, seed, threads;
    bool quiet = false;
};

[[noreturn]] void usage_error(const std::string& message) {
    std::cerr << "kohorte: " << message << "\n\n" << kUsage;
    std::exit(2);
}

long long parse_number(const std::string& flag, const std::string& value, long long lo, long long hi) {
    try {
        std::size_t used = 0;
        long long v = std::stoll(value, &used);
        if (used == value.size() && v >= lo && v <= hi) return v;
    } catch (...) {
    }
    usage_error(flag + " expects a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                ", got \"" + value + "\"");
}

Args parse(int argc, char** argv) {
    Args a;
    if (argc < 2) usage_error("no command given");
    a.command = argv[1];
    for (int i = 2; i < argc; ++i) {
        std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage_error(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "--out") a.out = value();
        else if (arg == "--replicates") a.replicates = parse_number(arg, value(), 1, 100000);
        else if (arg == "--seed") a.seed = parse_number(arg, value(), 0, 9007199254740991LL);
        else if (arg == "--threads") a.threads = parse_number(arg, value(), 1, 1024);
        else if (arg == "--quiet") a.quiet = true;
        else if (arg.rfind("--", 0) == 0) usage_error("unknown option " + arg);
        else a.positional.push_back(arg);
    }
    return a;
}

void print_problems(const kohorte::InputError& e) {
    for (auto& p : e.problems) std::cerr << "error: " << p << "\n";
}

std::string command_line(int argc, char** argv) {
    std::string s;
    for (int i = 0; i < argc; ++i) {
        if (i) s += ' ';
        s += argv[i];
    }
    return s;
}

int cmd_run(const Args& a, const std::string& cmdline) {
    if (a.positional.size() != 1) usage_error("run takes one scenario file");
    kohorte::Scenario s = kohorte::load_scenario(a.positional[0]);
    if (a.replicates) s.simulation.replicates = int(*a.replicates), s.resolved["simulation"]["replicates"] = *a.replicates;
    if (a.seed) s.simulation.seed = std::uint64_t(*a.seed), s.resolved["simulation"]["seed"] = *a.seed;
    const std::string out =
        a.out ? *a.out : (std::filesystem::path("results") / std::filesystem::path(a.positional[0]).stem()).string();

    kohorte::RunOptions options;
    if (a.threads) options.threads = int(*a.threads);
    const bool bar = !a.quiet && isatty(STDERR_FILENO);
    if (bar)
        options.progress = [](int done, int total) {
            const int width = 40, filled = total ? width * done / total : width;
            std::fprintf(stderr, "\r[%s%s] %d/%d replicates", std::string(filled, '#').c_str(),
                         std::string(width - filled, ' ').c_str(), done, total);
            if (done == total) std::fputc('\n', stderr);
        };
    const kohorte::Results r = kohorte::run(s, options);
    kohorte::write_results(r, out, cmdline);
    if (!a.quiet)
        std::cerr << "kohorte: " << s.simulation.replicates << " replicates of \"" << s.name << "\" in "
                  << r.wall_seconds << " s on " << r.threads << " threads; results in " << out << "/\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const Args a = parse(argc, argv);
    try {
        if (a.command == "run") return cmd_run(a, command_line(argc, argv));
        if (a.command == "check") {
            if (a.positional.empty()) usage_error("check takes one or more scenario files");
            int status = 0;
            for (auto& f : a.positional) {
                try {
                    kohorte::load_scenario(f);
                    std::cout << f << ": ok\n";
                } catch (const kohorte::InputError& e) {
                    print_problems(e);
                    status = 2;
                }
            }
            return status;
        }
        if (a.command == "show") {
            if (a.positional.size() != 1) usage_error("show takes one scenario file");
            std::cout << kohorte::load_scenario(a.positional[0]).resolved.dump(2) << "\n";
            return 0;
        }
        if (a.command == "schema") {
            auto schema = kohorte::spec::to_json_schema(*kohorte::scenario_spec());
            schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
            schema["title"] = "kohorte scenario";
            std::cout << schema.dump(2) << "\n";
            return 0;
        }
        if (a.command == "params") {
            kohorte::spec::for_each_leaf(*kohorte::scenario_spec(), "", [](const std::string& ptr, const auto& n) {
                std::cout << ptr << "\t" << n.unit << "\t";
                if (n.kind == kohorte::spec::Kind::number || n.kind == kohorte::spec::Kind::integer)
                    std::cout << "[" << n.minimum << ", " << n.maximum << "]";
                std::cout << "\t" << n.description << "\n";
            });
            return 0;
        }
        if (a.command == "version") {
            std::cout << "kohorte " << kohorte::program_version() << " (" << kohorte::git_commit() << ")\n";
            return 0;
        }
        if (a.command == "help" || a.command == "--help" || a.command == "-h") {
            std::cout << kUsage;
            return 0;
        }
        usage_error("unknown command \"" + a.command + "\"");
    } catch (const kohorte::InputError& e) {
        print_problems(e);
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "kohorte: " << e.what() << "\n";
        return 1;
    }
}
