#include "engine.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "arrivals.h"
#include "ledger.h"
#include "pathway.h"
#include "uncertainty.h"

namespace kohorte {

static_assert(TableShape::kLines == kLineCount);

TableShape table_shape(const Scenario& s) {
    TableShape t;
    t.start = s.simulation.start;
    t.months = s.months();
    int first = s.simulation.start.year();
    t.first_cohort = first;
    t.cohorts = s.simulation.end.year() - first + 1;
    t.horizons = s.outputs.cohort_horizons_months;
    if (s.budget) {
        t.budget = true;
        t.budget_first_year = s.simulation.start.year();
        t.budget_years = s.simulation.end.year() - t.budget_first_year + 1;
        t.budget_first_cohort = t.budget_first_year - TableShape::kBudgetCohortsBefore;
        t.budget_cohorts = s.simulation.end.year() - t.budget_first_cohort + 1;
    }
    return t;
}

World::World(const Scenario& s, std::uint32_t replicate, FixedEffectsTable* classes)
    : scenario(s),
      rng(s.simulation.seed, replicate),
      own_fixed_effects(classes ? nullptr : std::make_unique<FixedEffectsTable>(s.pathway, s.policy)),
      fixed_effects(classes ? *classes : *own_fixed_effects) {
    shape = table_shape(s);
    tables.monthly.assign(shape.monthly_size(), 0.0);
    tables.cohort_den.assign(shape.cohort_cells(), 0.0);
    tables.cohort_num.assign(shape.cohort_cells() * kOutcomeCount, 0.0);
    if (shape.budget) {
        tables.budget_amount.assign(std::size_t(shape.budget_years) * TableShape::kLines, 0.0);
        tables.budget_count.assign(tables.budget_amount.size(), 0.0);
        tables.budget_cohort_amount.assign(std::size_t(shape.budget_cohorts) * shape.budget_years * TableShape::kLines, 0.0);
        tables.budget_cohort_count.assign(tables.budget_cohort_amount.size(), 0.0);
    }
    for (int l = 0; l < TableShape::kLines; ++l) line_count[l] = line_label(l).monthly ? 1.0 / 12.0 : 1.0;
    horizon_of_month.assign(shape.horizons.empty() ? 0 : shape.horizons.back() + 1, -1);
    for (std::size_t h = 0; h < shape.horizons.size(); ++h) horizon_of_month[shape.horizons[h]] = int(h);
    horizon_months = unsigned(horizon_of_month.size());

    auto arrivals = generate_arrivals(s.arrivals, s.simulation.start, s.simulation.end, rng);
    if (s.caseload.empty()) {
        people = std::move(arrivals);  // no copy: memory per person is what limits national runs
    } else {
        people.reserve(s.caseload.size() + arrivals.size());
        people = s.caseload;
        std::stable_sort(people.begin(), people.end(), [](const Person& a, const Person& b) { return a.arrival < b.arrival; });
        people.insert(people.end(), arrivals.begin(), arrivals.end());
    }
    for (auto& p : people) {
        p.fixed_class = fixed_effects.classify(p);
        if (p.arrival < s.simulation.start) {  // the initial caseload: the months before the run are not booked
            p.ledger_booked = std::uint16_t(s.simulation.start - p.arrival);
            ledger_history_before(p, s.simulation.start);
        }
        if (const int c = capped_index(p.activity); c >= 0) ++occupancy[c];
    }
    tables.persons = double(people.size());
    if (!people.empty()) {
        const auto [first, last] = std::minmax_element(
            people.begin(), people.end(), [](const Person& a, const Person& b) { return a.arrival < b.arrival; });
        first_arrival = first->arrival;
        here_by_arrival.assign(std::size_t(last->arrival - first_arrival + 1), 0);
    }
}

ReplicateTables run_replicate(const Scenario& s, std::uint32_t replicate, FixedEffectsTable* classes) {
    World w(s, replicate, classes);
    for (Month m = s.simulation.start; m <= s.simulation.end; m = m + 1) simulate_month(w, m);
    finish_replicate(w);
    return std::move(w.tables);
}

Results run(const Scenario& s, const RunOptions& options) {
    const auto t0 = std::chrono::steady_clock::now();
    Results r;
    r.owned = std::make_shared<const Scenario>(s);
    r.scenario = r.owned.get();
    r.shape = table_shape(s);
    const int n = s.simulation.replicates;
    r.replicates.resize(n);
    int threads = options.threads > 0 ? options.threads : s.simulation.threads;
    if (threads <= 0) threads = int(std::max(1u, std::thread::hardware_concurrency()));
    threads = std::min(threads, n);
    r.threads = threads;

    // Probabilistic mode: each replicate runs its own scenario with drawn parameter values.
    const bool probabilistic = s.simulation.parameter_uncertainty;
    if (probabilistic) {
        r.draws.resize(n);
        for (auto& d : draw_parameters(s.resolved, s.simulation.seed, 0)) r.drawn_parameters.push_back(d.pointer);
    }
    // `classes`: the calling thread's table of fixed-effect classes (one scenario for all replicates).
    auto replicate = [&](int i, FixedEffectsTable& classes) {
        if (!probabilistic) return run_replicate(s, std::uint32_t(i), &classes);
        const auto draws = draw_parameters(s.resolved, s.simulation.seed, std::uint32_t(i));
        for (auto& d : draws) r.draws[i].push_back(d.value);
        Scenario drawn = scenario_from_json(apply_draws(s.resolved, draws), s.file + " (replicate " + std::to_string(i) + ")");
        drawn.caseload = s.caseload;
        return run_replicate(drawn, std::uint32_t(i));
    };

    std::atomic<int> next{0}, done{0};
    std::mutex error_mutex;
    std::exception_ptr error;
    auto worker = [&] {
        FixedEffectsTable classes(s.pathway, s.policy);
        for (int i; (i = next.fetch_add(1)) < n;) {
            try {
                r.replicates[i] = replicate(i, classes);
            } catch (...) {
                std::lock_guard lock(error_mutex);
                if (!error) error = std::current_exception();
            }
            done.fetch_add(1);
        }
    };
    std::vector<std::thread> pool;
    const bool report = options.progress && threads > 1;
    for (int t = report ? 0 : 1; t < threads; ++t) pool.emplace_back(worker);
    if (report) {
        // The calling thread reports progress while the pool works.
        while (done.load() < n) {
            options.progress(done.load(), n);
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    } else {
        worker();
    }
    for (auto& t : pool) t.join();
    if (options.progress) options.progress(n, n);
    if (error) std::rethrow_exception(error);

    for (auto& rep : r.replicates) r.person_months += person_months(rep, r.shape);
    r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

}  // namespace kohorte
