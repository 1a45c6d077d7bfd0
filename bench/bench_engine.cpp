// Benchmarks of the simulation itself (no file output). Run from the checkout: build/kohorte_bench
// Scenario: $KOHORTE_BENCH_SCENARIO (default scenarios/base.json); the memory benchmark uses
// $KOHORTE_BENCH_MEMORY_SCENARIO (default bench/national-scale.json).
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include "kohorte.h"

namespace {

const kohorte::Scenario& scenario() {
    static const kohorte::Scenario s = [] {
        const char* path = std::getenv("KOHORTE_BENCH_SCENARIO");
        return kohorte::load_scenario(path ? path : "scenarios/base.json");
    }();
    return s;
}

// One replicate after another on one thread, as a worker thread of run() does: person-months
// per second.
void BM_replicate(benchmark::State& state) {
    const auto& s = scenario();
    const auto shape = kohorte::table_shape(s);
    double pm = 0;
    std::uint32_t rep = 0;
    kohorte::FixedEffectsTable classes(s.pathway, s.policy);  // one per thread, as in run()
    for (auto _ : state) {
        auto t = kohorte::run_replicate(s, rep++, &classes);
        pm += kohorte::person_months(t, shape);
        benchmark::DoNotOptimize(t.monthly.data());
    }
    state.counters["person_months_per_s"] = benchmark::Counter(pm, benchmark::Counter::kIsRate);
    state.counters["persons_per_replicate"] = double(kohorte::World(s, 0).people.size());
    state.counters["bytes_per_person"] = double(sizeof(kohorte::Person));
}
BENCHMARK(BM_replicate)->Unit(benchmark::kMillisecond)->UseRealTime();

// The whole run with N threads and the scenario's own replicates (base.json: 100): scaling
// across cores.
void BM_run_threads(benchmark::State& state) {
    kohorte::Scenario s = scenario();
    const int threads = int(state.range(0));
    double pm = 0;
    for (auto _ : state) {
        kohorte::RunOptions o;
        o.threads = threads;
        const auto r = kohorte::run(s, o);
        pm += r.person_months;
    }
    state.counters["person_months_per_s"] = benchmark::Counter(pm, benchmark::Counter::kIsRate);
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    state.counters["peak_rss_mib"] = double(u.ru_maxrss) / 1024.0;
}
BENCHMARK(BM_run_threads)->DenseRange(1, int(std::max(1u, std::thread::hardware_concurrency())))
    ->Unit(benchmark::kMillisecond)->UseRealTime();

// The speed-up from 1 to N threads as a paired measurement: each iteration runs the scenario on
// one thread and then on N, back to back, so that a change in the machine's load (a shared
// virtual machine) hits both sides alike; the counter is the mean of the iterations' ratios.
void BM_thread_speedup(benchmark::State& state) {
    kohorte::Scenario s = scenario();
    const int threads = int(state.range(0));
    auto seconds = [&](int n) {
        kohorte::RunOptions o;
        o.threads = n;
        const auto t0 = std::chrono::steady_clock::now();
        benchmark::DoNotOptimize(kohorte::run(s, o).person_months);
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    };
    double ratio = 0;
    int n = 0;
    for (auto _ : state) {
        const double one = seconds(1);
        ratio += one / seconds(threads);
        ++n;
    }
    state.counters["speedup"] = n ? ratio / n : 0;
}
BENCHMARK(BM_thread_speedup)->Arg(int(std::max(1u, std::thread::hardware_concurrency())))
    ->Unit(benchmark::kMillisecond)->UseRealTime();

// Peak memory of one replicate per simulated person, for a short and a long simulation of the
// same persons: the peak resident set is reset (Linux /proc/self/clear_refs) and read back
// (VmHWM) around the replicate. What stays is the persons and the output tables.
double resident_kib(const char* field) {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind(field, 0) == 0) return std::stod(line.substr(std::string(field).size()));
    return 0;
}

void BM_memory(benchmark::State& state) {
    const char* path = std::getenv("KOHORTE_BENCH_MEMORY_SCENARIO");
    kohorte::Scenario s = kohorte::load_scenario(path ? path : "bench/national-scale.json");
    const int months = int(state.range(0));
    s.simulation.end = s.simulation.start + (months - 1);
    double peak = 0, persons = 0;
    for (auto _ : state) {
        malloc_trim(0);
        std::ofstream("/proc/self/clear_refs") << "5";
        const double before = resident_kib("VmRSS:");
        auto t = kohorte::run_replicate(s, 0);
        benchmark::DoNotOptimize(t.monthly.data());
        peak = (resident_kib("VmHWM:") - before) * 1024;
        persons = t.persons;
    }
    state.counters["persons"] = persons;
    state.counters["months"] = months;
    state.counters["peak_bytes_per_person"] = peak / persons;
}
BENCHMARK(BM_memory)->Arg(120)->Arg(480)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
