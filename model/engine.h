// The engine: persons × months × replicates. It knows no Danish law: it calls the processes in
// the order month.cpp lists and fills the tables. Replicates run in parallel; each is a pure
// function of (scenario, seed, replicate), so results do not depend on the thread count.
#pragma once
#include <array>
#include <functional>
#include <memory>
#include <vector>

#include "ledger.h"
#include "pathway.h"
#include "random.h"
#include "scenario.h"
#include "tables.h"

namespace kohorte {

// The state of one replicate during its run.
struct World {
    const Scenario& scenario;
    Rng rng;
    // people[0, admitted): the persons here at the start of the month (and those who left in
    // it, until the next compaction); people[next_arrival, end): arrivals to come, by month.
    // Leavers are dropped from time to time (they would only cost time), so a person's index
    // changes; their key does not.
    std::vector<Person> people;
    std::size_t admitted = 0;
    std::size_t next_arrival = 0;
    std::array<double, 4> exits{};  // persons who have left, by exit (moved_away .. retired)
    std::size_t left_since_compaction = 0;
    // The ledger's rules of this month, and where each budget cohort's lines go under them. A
    // person's months are booked in stretches of unchanged state (ledger_months): when the state
    // changes, the person leaves, the rules change (everyone's months so far are booked first),
    // or the run ends (finish_replicate).
    LedgerRules ledger_rules;
    int mentor_months = 0;                // the mentor lever's months from a job start (0: off)
    std::vector<LedgerRows> ledger_rows;  // by budget cohort, under ledger_rules
    Month last_month;                     // the last month simulated so far
    double* month_row = nullptr;          // this month's row of tables.monthly
    // Running counts of the persons here, by what the monthly table shows of them, kept as
    // persons are admitted, move, queue, change Danish status and leave: the month's row is
    // written from them rather than added up person by person.
    std::array<std::int64_t, kLivingActivities> by_activity{};
    std::array<std::int64_t, 3> queued{};  // waiting for a place in praktik, løntilskud, IGU
    std::int64_t danish_studying = 0, danish_passed = 0;
    std::int64_t danish_passes = 0;               // this month
    Month first_arrival;                          // of anyone in `people`
    std::vector<std::int64_t> here_by_arrival;    // persons here by arrival month, from first_arrival
    std::array<int, 3> occupancy{};  // persons in praktik, løntilskud, IGU
    std::array<std::vector<std::size_t>, 3> candidates;  // would start a capped activity this month
    std::array<double, 4> starts{};  // this month: praktik, løntilskud, IGU, job
    double arrivals = 0;
    TableShape shape;
    ReplicateTables tables;
    std::vector<int> horizon_of_month;  // months since arrival -> horizon index, or -1
    unsigned horizon_months = 0;        // its size
    std::unique_ptr<FixedEffectsTable> own_fixed_effects;  // when no shared table is given
    FixedEffectsTable& fixed_effects;  // Person::fixed_class indexes this
    std::array<double, TableShape::kLines> line_count{};  // persons a ledger entry counts as (1/12: monthly)

    // `classes`: a table of fixed-effect classes for `s` to use and extend (the replicates of one
    // thread share one: the classes are a function of the scenario, so which ones a table already
    // holds changes no result); null: the world builds its own.
    World(const Scenario& s, std::uint32_t replicate, FixedEffectsTable* classes = nullptr);
};

// One month for every person, in the order of the processes (month.cpp).
void simulate_month(World& world, Month now);
// After the last month: the tables derived from others (budget totals from the cohorts).
void finish_replicate(World& world);
// Books the person's ledger months up to and including `through` (they are kept pending while
// the person's state stays the same).
void book_ledger(World& world, Person& person, Month through);
// Moves a person to another activity and keeps occupancy and flow counts.
void move_to(World& world, Person& person, Activity to, Month now);

TableShape table_shape(const Scenario& s);
// One replicate; `classes` as for World.
ReplicateTables run_replicate(const Scenario& s, std::uint32_t replicate, FixedEffectsTable* classes = nullptr);

struct RunOptions {
    int threads = 0;  // 0: the scenario's setting (0 there: all cores)
    std::function<void(int done, int total)> progress;  // called from the calling thread
};

struct Results {
    const Scenario* scenario = nullptr;  // points into `owned`: results outlive the caller's scenario
    std::shared_ptr<const Scenario> owned;
    TableShape shape;
    std::vector<ReplicateTables> replicates;
    double wall_seconds = 0;
    int threads = 1;
    double person_months = 0;  // simulated, over all replicates
    // True for the exact expected-value mode (oracle.h): `replicates` holds one entry with
    // expected counts; outputs show the mean only.
    bool expected_value = false;
    // Probabilistic mode: the value each replicate drew for each ranged parameter.
    std::vector<std::string> drawn_parameters;   // JSON pointers
    std::vector<std::vector<double>> draws;      // [replicate][parameter]
};

Results run(const Scenario& s, const RunOptions& options = {});

}  // namespace kohorte
