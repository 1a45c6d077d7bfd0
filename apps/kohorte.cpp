// The command-line program: parses arguments, calls the model, writes files. No model logic.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "kohorte.h"
#include "report.h"

namespace {

// One entry per command: its usage lines (shown by `kohorte COMMAND --help` and, all together,
// by `kohorte help`) and the options it takes; any other option is a usage error, not ignored.
struct Command {
    const char* name;
    const char* usage;
    std::vector<std::string> options;
};

const std::vector<Command>& commands() {
    static const std::vector<Command> list = {
        {"run", R"(  kohorte run SCENARIO [--out DIR] [--replicates N] [--seed N] [--threads N] [--probabilistic] [--expected]
                [--report [--lang da|en]] [--quiet]
      Simulate and write monthly.csv, cohorts.csv, summary.json and manifest.json to DIR
      (default: results/<scenario file name>). --probabilistic: each replicate draws the
      parameters that have a low/high range (the manifest records the draws). --expected: the
      exact expected values (Markov-chain scenarios only) instead of a simulation. --report: also
      the committee outputs in DIR/report/ (see report).
)",
         {"--out", "--replicates", "--seed", "--threads", "--probabilistic", "--expected", "--report", "--lang", "--quiet"}},
        {"compare", R"(  kohorte compare BASE ALT [ALT...] [--out DIR] [--replicates N] [--seed N] [--threads N]
                [--report [--lang da|en]] [--quiet]
      Run all with the base's seed and replicates; write comparison.csv/.json (paired
      differences ALT - BASE with 90 % intervals) and each scenario's run files (default
      DIR: results/compare-<base>).
)",
         {"--out", "--replicates", "--seed", "--threads", "--report", "--lang", "--quiet"}},
        {"sweep", R"(  kohorte sweep SCENARIO --vary /json/pointer=FROM:TO:STEP [--vary /pointer=a,b,c ...] [--out DIR]
                [--replicates N] [--seed N] [--threads N] [--report [--lang da|en]] [--quiet]
      Run every point of the grid; write sweep.csv/.json (default DIR: results/sweep-<scenario>).
)",
         {"--vary", "--out", "--replicates", "--seed", "--threads", "--report", "--lang", "--quiet"}},
        {"sensitivity", R"(  kohorte sensitivity SCENARIO [--outcome NAME:YEAR ...] [--out DIR] [--replicates N] [--seed N]
                [--threads N] [--report [--lang da|en]] [--quiet]
      One at a time, move every parameter with a low/high range to each end; write
      sensitivity.csv/.json ranked by the swing of the first outcome (tornado data; default DIR:
      results/sensitivity-<scenario>).
)",
         {"--outcome", "--out", "--replicates", "--seed", "--threads", "--report", "--lang", "--quiet"}},
        {"explain", R"(  kohorte explain RESULTS_DIR --line LINE --year YEAR
      The rule, amount, condition and persons by cohort behind one budget line (median replicate).
)",
         {"--line", "--year"}},
        {"report", R"(  kohorte report RESULTS_DIR [RESULTS_DIR...] [--out DIR] [--lang da|en] [--quiet]
      Committee outputs from result folders (run, compare, sweep, sensitivity): charts (PNG 300 dpi,
      SVG, PDF, with their data and gnuplot scripts), an Excel workbook and a printable HTML
      report (default DIR: RESULTS_DIR/report; DIR may not be one of the RESULTS_DIRs). Needs
      gnuplot. `--report` on run, compare, sweep and sensitivity writes the same into the results
      folder's report/.
)",
         {"--out", "--lang", "--quiet"}},
        {"check", "  kohorte check FILE...       Validate scenario or rule files without running them.\n", {}},
        {"show", "  kohorte show SCENARIO       Print the fully resolved scenario (extends merged, defaults filled).\n", {}},
        {"schema", "  kohorte schema              Print the JSON Schema of scenario files.\n", {}},
        {"params", "  kohorte params              List every scenario parameter with its unit, range and description.\n", {}},
        {"version", "  kohorte version             Print the program version and the git commit of the build.\n", {}},
        {"help", "  kohorte help [COMMAND]      This text, or one command's (also: kohorte COMMAND --help).\n", {}},
    };
    return list;
}

const Command* find_command(const std::string& name) {
    for (auto& c : commands())
        if (name == c.name) return &c;
    return nullptr;
}

constexpr const char* kOutputs =
    R"(--out DIR replaces DIR only if it does not exist, is empty or is a kohorte results folder (its
manifest.json says so); the results are written beside it and moved into place when complete,
so a failed run (or report) leaves the previous results untouched.
)";
constexpr const char* kExitCodes = "Exit codes: 0 success, 1 failure while running, 2 bad input or usage.\n";

std::string usage() {
    std::string u = "kohorte — refugee integration microsimulation for Danish municipalities\n\nUsage:\n";
    for (auto& c : commands()) u += c.usage;
    return u + "\n" + kOutputs + "\n" + kExitCodes;
}

std::string usage(const Command& c) {
    const bool writes = std::find(c.options.begin(), c.options.end(), "--out") != c.options.end();
    return std::string("Usage:\n") + c.usage + "\n" + (writes ? std::string(kOutputs) + "\n" : "") + kExitCodes;
}

struct Args {
    std::string command;
    std::vector<std::string> positional;
    std::vector<std::string> options;  // the options given, in order
    std::optional<std::string> out;
    std::optional<long long> replicates, seed, threads;
    std::vector<std::string> vary, outcomes;
    std::optional<std::string> line;
    std::optional<long long> year;
    bool quiet = false;
    bool probabilistic = false;
    bool report = false;      // --report: also write the committee outputs into OUT/report
    std::string lang = "da";  // --lang da|en (report)
    bool expected = false;
};

// The command on the line, once known: a usage error shows that command's usage, not every one.
const Command* current_command = nullptr;

[[noreturn]] void usage_error(const std::string& message, const Command* command = nullptr) {
    if (!command) command = current_command;
    std::cerr << "kohorte: " << message << "\n\n" << (command ? usage(*command) : usage());
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
    if (a.command == "--help" || a.command == "-h") a.command = "help";
    const Command* command = find_command(a.command);
    if (!command) usage_error("unknown command \"" + a.command + "\"");
    if (a.command != "help") current_command = command;
    // --help after a command wins over everything else on the line.
    for (int i = 2; i < argc; ++i)
        if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
            std::cout << usage(*command);
            std::exit(0);
        }
    for (int i = 2; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg.rfind("--", 0) == 0) {
            const auto& known = command->options;
            if (std::find(known.begin(), known.end(), arg) == known.end()) {
                bool exists = false;
                for (auto& c : commands()) exists |= std::find(c.options.begin(), c.options.end(), arg) != c.options.end();
                usage_error(exists ? a.command + ": unexpected argument " + arg : "unknown option " + arg, command);
            }
            // Only --vary and --outcome may be given more than once; a second --replicates (or
            // any other) would silently win.
            if (arg != "--vary" && arg != "--outcome" && std::find(a.options.begin(), a.options.end(), arg) != a.options.end())
                usage_error(arg + " given twice", command);
            a.options.push_back(arg);
        }
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage_error(arg + " needs a value", command);
            return argv[++i];
        };
        if (arg == "--out") {
            a.out = value();
            if (a.out->empty()) usage_error("--out expects a folder name, got an empty one", command);
        }
        else if (arg == "--replicates") a.replicates = parse_number(arg, value(), 2, 100000);  // an interval needs two
        else if (arg == "--seed") a.seed = parse_number(arg, value(), 0, 9007199254740991LL);
        else if (arg == "--threads") a.threads = parse_number(arg, value(), 0, 1024);  // 0: all cores, as in a scenario
        else if (arg == "--quiet") a.quiet = true;
        else if (arg == "--probabilistic") a.probabilistic = true;
        else if (arg == "--report") a.report = true;
        else if (arg == "--lang") {
            a.lang = value();
            if (a.lang != "da" && a.lang != "en") usage_error("--lang expects da or en, got \"" + a.lang + "\"", command);
        }
        else if (arg == "--expected") a.expected = true;
        else if (arg == "--vary") a.vary.push_back(value());
        else if (arg == "--outcome") {
            a.outcomes.push_back(value());
            if (std::count(a.outcomes.begin(), a.outcomes.end(), a.outcomes.back()) > 1)
                usage_error("--outcome " + a.outcomes.back() + " given twice", command);
        }
        else if (arg == "--line") a.line = value();
        else if (arg == "--year") a.year = parse_number(arg, value(), 1900, 2200);
        else a.positional.push_back(arg);
    }
    const bool has_lang = std::find(a.options.begin(), a.options.end(), "--lang") != a.options.end();
    if (has_lang && a.command != "report" && !a.report)
        usage_error(a.command + ": --lang applies to the report: add --report", command);
    // Commands that take no files: anything after them is a mistake, not something to ignore.
    if ((a.command == "schema" || a.command == "params" || a.command == "version") && !a.positional.empty())
        usage_error(a.command + ": unexpected argument \"" + a.positional[0] + "\"", command);
    if (a.command == "help" && a.positional.size() > 1)
        usage_error("help: unexpected argument \"" + a.positional[1] + "\"", command);
    return a;
}

void print_problems(const kohorte::InputError& e) {
    for (auto& p : e.problems) std::cerr << "error: " << p << "\n";
}

// Printed even with --quiet, like the errors.
void print_warnings(const std::vector<std::string>& warnings) {
    for (auto& w : warnings) std::cerr << "warning: " << w << "\n";
}

std::string command_line(int argc, char** argv) {
    std::string s;
    for (int i = 0; i < argc; ++i) {
        if (i) s += ' ';
        s += argv[i];
    }
    return s;
}

std::string stem(const std::string& path) { return std::filesystem::path(path).stem().string(); }

std::string out_dir(const Args& a, const std::string& fallback) {
    return a.out ? *a.out : (std::filesystem::path("results") / fallback).string();
}

// The results folder of a command, checked and staged before anything runs: a target that may
// not be replaced, or an input inside it, stops the command at once (exit 2).
kohorte::StagedFolder stage_out(const Args& a, const std::string& fallback) {
    const std::string out = out_dir(a, fallback);
    const std::string label = a.out ? "--out " + out : out;
    std::vector<std::string> inputs = a.positional;  // the scenarios and every file they read
    for (auto& scenario : a.positional)
        for (auto& file : kohorte::scenario_files(scenario)) inputs.push_back(file);
    kohorte::check_output_not_input(out, inputs, label);
    return kohorte::StagedFolder(out, label);
}

// --replicates/--seed on resolved scenario JSON (before it is read).
void override_json(const Args& a, nlohmann::json& j) {
    if (a.replicates) j["simulation"]["replicates"] = *a.replicates;
    if (a.seed) j["simulation"]["seed"] = *a.seed;
    if (a.probabilistic) j["simulation"]["parameter_uncertainty"] = true;
}

// Loads with errors naming the file that set each value, then applies --replicates/--seed.
kohorte::Scenario load(const Args& a, const std::string& path) {
    kohorte::Scenario s = kohorte::load_scenario(path);
    print_warnings(s.warnings);
    if (a.replicates) s.simulation.replicates = int(*a.replicates);
    if (a.seed) s.simulation.seed = std::uint64_t(*a.seed);
    if (a.probabilistic) s.simulation.parameter_uncertainty = true;
    override_json(a, s.resolved);
    return s;
}

kohorte::RunOptions run_options(const Args& a, const std::string& what) {
    kohorte::RunOptions options;
    if (a.threads) options.threads = *a.threads > 0 ? int(*a.threads) : int(std::max(1u, std::thread::hardware_concurrency()));
    if (!a.quiet && isatty(STDERR_FILENO))
        options.progress = [what](int done, int total) {
            const int width = 40, filled = total ? width * done / total : width;
            std::fprintf(stderr, "\r%s [%s%s] %d/%d replicates", what.c_str(), std::string(filled, '#').c_str(),
                         std::string(width - filled, ' ').c_str(), done, total);
            if (done == total) std::fputc('\n', stderr);
        };
    return options;
}

// --report: the committee outputs into the staged folder's report/, before it replaces the
// previous results (a failed report leaves them in place).
void add_report(const Args& a, const kohorte::StagedFolder& out) {
    if (a.report) kohorte::write_report_into(out, kohorte::report::parse_lang(a.lang));
}

void done(const Args& a, kohorte::StagedFolder& out, const std::string& what) {
    out.commit();
    if (!a.quiet) std::cerr << "kohorte: " << what << "results in " << out.target() << "/"
                            << (a.report ? " (report in report/)" : "") << "\n";
}

int cmd_report(const Args& a) {
    if (a.positional.empty()) usage_error("report takes one or more results folders", find_command("report"));
    const std::string out = a.out ? *a.out : (std::filesystem::path(a.positional[0]) / "report").string();
    const std::string label = a.out ? "--out " + out : out;
    auto inputs = kohorte::report::load_inputs(a.positional, kohorte::report::parse_lang(a.lang));
    if (a.out) inputs.out = *a.out;
    kohorte::check_output_not_input(out, kohorte::report::folders_read(inputs), label);
    kohorte::StagedFolder folder(out, label);
    for (auto& [name, content] : kohorte::report::report_files(inputs)) folder.write(name, content);
    folder.commit();
    if (!a.quiet) std::cerr << "kohorte: report in " << out << "/\n";
    return 0;
}

int cmd_compare(const Args& a, const std::string& cmdline) {
    if (a.positional.size() < 2) usage_error("compare takes a base scenario and one or more alternatives");
    // Every scenario runs with the base's seed and replicates, so differences are paired.
    const kohorte::Scenario base = load(a, a.positional[0]);
    std::vector<kohorte::Scenario> scenarios{base};
    for (std::size_t i = 1; i < a.positional.size(); ++i) {
        kohorte::Scenario alt = kohorte::load_scenario(a.positional[i]);
        print_warnings(alt.warnings);
        alt.simulation.seed = base.simulation.seed;
        alt.simulation.replicates = base.simulation.replicates;
        alt.resolved["simulation"]["seed"] = base.simulation.seed;
        alt.resolved["simulation"]["replicates"] = base.simulation.replicates;
        scenarios.push_back(std::move(alt));
    }
    kohorte::StagedFolder out = stage_out(a, "compare-" + stem(a.positional[0]));
    kohorte::Comparison c;
    std::vector<std::string> folders;
    for (auto& s : scenarios) {
        std::string folder = stem(s.file);
        // "report" is where --report writes.
        while (folder == "report" || std::find(folders.begin(), folders.end(), folder) != folders.end()) folder += "_";
        folders.push_back(folder);
        const kohorte::Results r = kohorte::run(s, run_options(a, folder));
        for (auto& [name, content] : kohorte::result_files(r, cmdline, folder + "/")) out.write(name, content);
        if (&s == &scenarios.front()) {
            c.base_name = folder;
            c.base = kohorte::indicators(r);
        } else {
            c.alt_names.push_back(folder);
            c.alts.push_back(kohorte::indicators(r));
        }
    }
    out.write("comparison.csv", kohorte::comparison_csv(c));
    out.write("comparison.json", kohorte::comparison_json(c).dump(2) + "\n");
    const nlohmann::json manifest = {{"program", "kohorte"}, {"version", kohorte::program_version()},
                                     {"git_commit", kohorte::git_commit()}, {"command", cmdline},
                                     {"base", c.base_name}, {"alternatives", c.alt_names}};
    out.write("manifest.json", manifest.dump(2) + "\n");
    add_report(a, out);
    done(a, out, "compared " + std::to_string(scenarios.size()) + " scenarios; ");
    return 0;
}

int cmd_sweep(const Args& a, const std::string& cmdline) {
    if (a.positional.size() != 1) usage_error("sweep takes one scenario file");
    if (a.vary.empty()) usage_error("sweep needs at least one --vary /pointer=FROM:TO:STEP");
    std::vector<kohorte::SweepAxis> axes;
    for (auto& v : a.vary) axes.push_back(kohorte::parse_sweep_axis(v));
    nlohmann::json j = load(a, a.positional[0]).resolved;  // errors name the file that set each value
    kohorte::StagedFolder out = stage_out(a, "sweep-" + stem(a.positional[0]));
    if (!a.quiet)
        for (auto& note : kohorte::sweep_notes(j, axes)) std::cerr << "note: " << note << "\n";
    const kohorte::Sweep sw = kohorte::run_sweep(j, a.positional[0], axes, run_options(a, "sweep"));
    nlohmann::json manifest = {{"program", "kohorte"}, {"version", kohorte::program_version()},
                               {"git_commit", kohorte::git_commit()}, {"command", cmdline},
                               {"resolved_scenario", j}};
    out.write("sweep.csv", kohorte::sweep_csv(sw));
    out.write("sweep.json", kohorte::sweep_json(sw).dump(2) + "\n");
    out.write("manifest.json", manifest.dump(2) + "\n");
    add_report(a, out);
    done(a, out, std::to_string(sw.points.size()) + " sweep points; ");
    return 0;
}

int cmd_sensitivity(const Args& a, const std::string& cmdline) {
    if (a.positional.size() != 1) usage_error("sensitivity takes one scenario file");
    const kohorte::Scenario s = load(a, a.positional[0]);
    const nlohmann::json& j = s.resolved;
    std::vector<std::pair<std::string, int>> outcomes;
    for (auto& o : a.outcomes) {
        const auto colon = o.rfind(':');
        if (colon == std::string::npos) usage_error("--outcome expects NAME:YEAR, got \"" + o + "\"");
        outcomes.emplace_back(o.substr(0, colon), int(parse_number("--outcome", o.substr(colon + 1), 1900, 2200)));
    }
    kohorte::check_outcomes(s, outcomes);  // before the runs are announced (run_sensitivity checks again)
    kohorte::StagedFolder out = stage_out(a, "sensitivity-" + stem(a.positional[0]));
    if (outcomes.empty()) {
        kohorte::RunOptions quick;
        if (a.threads) quick.threads = int(*a.threads);
        outcomes = kohorte::default_sensitivity_outcomes(kohorte::run(s, quick));
    }
    const auto params = kohorte::ranged_parameters(j);
    if (!a.quiet) std::cerr << "kohorte: " << params.size() << " parameters with a range; " << 2 * params.size() + 1 << " runs\n";
    const kohorte::Sensitivity sens = kohorte::run_sensitivity(j, a.positional[0], outcomes, run_options(a, "sensitivity"));
    nlohmann::json manifest = {{"program", "kohorte"}, {"version", kohorte::program_version()},
                               {"git_commit", kohorte::git_commit()}, {"command", cmdline},
                               {"resolved_scenario", j}};
    out.write("sensitivity.csv", kohorte::sensitivity_csv(sens));
    out.write("sensitivity.json", kohorte::sensitivity_json(sens).dump(2) + "\n");
    out.write("manifest.json", manifest.dump(2) + "\n");
    add_report(a, out);
    done(a, out, "");
    return 0;
}

int cmd_explain(const Args& a) {
    if (a.positional.size() != 1 || !a.line || !a.year) usage_error("explain takes RESULTS_DIR --line LINE --year YEAR");
    const std::filesystem::path dir(a.positional[0]);
    const std::string path = (dir / "budget_explain.json").string();
    if (!std::filesystem::exists(path)) {
        if (std::filesystem::exists(dir / "comparison.csv"))
            std::cerr << "error: " << a.positional[0] << ": is a comparison; explain one of its run folders (e.g. "
                      << (dir / "<scenario>").string() << ")\n";
        else
            std::cerr << "error: " << path << ": not found; run a scenario with a `budget` block first\n";
        return 2;
    }
    const nlohmann::json explain = kohorte::read_json_file(path, "the explanation of a run's budget (.json)");
    try {
        std::cout << kohorte::explain_budget_line(explain, *a.line, int(*a.year));
    } catch (const std::invalid_argument& e) {
        std::cerr << "error: " << path << ": " << e.what() << "\n";
        return 2;
    }
    return 0;
}

int cmd_run(const Args& a, const std::string& cmdline) {
    if (a.positional.size() != 1) usage_error("run takes one scenario file");
    const kohorte::Scenario s = load(a, a.positional[0]);
    kohorte::StagedFolder out = stage_out(a, stem(a.positional[0]));
    const kohorte::Results r = a.expected ? kohorte::expected_value(s) : kohorte::run(s, run_options(a, ""));
    for (auto& [name, content] : kohorte::result_files(r, cmdline, "")) out.write(name, content);
    add_report(a, out);
    out.commit();
    if (!a.quiet && r.shape.budget) {
        const auto forecast = kohorte::budget_forecast(r);
        if (!forecast.is_null()) std::cerr << forecast["sentence_en"].get<std::string>() << "\n";
    }
    if (!a.quiet)
        std::cerr << "kohorte: "
                  << (r.expected_value ? std::string("expected values")
                                       : std::to_string(s.simulation.replicates) + " replicates")
                  << " of \"" << s.name << "\" in " << kohorte::format_number(r.wall_seconds, r.wall_seconds < 0.1 ? 3 : 2) << " s"
                  << (r.expected_value ? std::string()
                                       : " on " + std::to_string(r.threads) + (r.threads == 1 ? " thread" : " threads"))
                  << "; results in " << out.target() << "/" << (a.report ? " (report in report/)" : "") << "\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const Args a = parse(argc, argv);
    try {
        if (a.command == "run") return cmd_run(a, command_line(argc, argv));
        if (a.command == "compare") return cmd_compare(a, command_line(argc, argv));
        if (a.command == "sweep") return cmd_sweep(a, command_line(argc, argv));
        if (a.command == "sensitivity") return cmd_sensitivity(a, command_line(argc, argv));
        if (a.command == "explain") return cmd_explain(a);
        if (a.command == "report") return cmd_report(a);
        if (a.command == "check") {
            if (a.positional.empty()) usage_error("check takes one or more scenario files");
            int status = 0;
            for (auto& f : a.positional) {
                try {
                    std::vector<std::string> warnings;
                    const std::string verdict = kohorte::check_file(f, &warnings);  // before printing: it may throw
                    print_warnings(warnings);
                    std::cout << f << ": " << verdict << "\n";
                } catch (const kohorte::InputError& e) {
                    print_problems(e);
                    status = 2;
                }
            }
            return status;
        }
        if (a.command == "show") {
            if (a.positional.size() != 1) usage_error("show takes one scenario file");
            const kohorte::Scenario s = kohorte::load_scenario(a.positional[0]);
            print_warnings(s.warnings);
            std::cout << s.resolved.dump(2) << "\n";
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
        if (a.command == "help") {
            if (a.positional.empty()) {
                std::cout << usage();
                return 0;
            }
            const Command* c = find_command(a.positional[0]);
            if (!c) usage_error("help: unknown command \"" + a.positional[0] + "\"");
            std::cout << usage(*c);
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
