// THE monthly order. Each line is one process; the order matters and the comments say why.
#include <algorithm>
#include <stdexcept>
#include <utility>

#include "capacity.h"
#include "danish.h"
#include "demography.h"
#include "engine.h"
#include "ledger.h"
#include "pathway.h"
#include "policy.h"
#include "reception.h"

namespace kohorte {

namespace {

// A Danish status's share of the running counts (Measure::danish_studying, danish_passed).
void count_danish(World& w, DanishStatus s, int sign) {
    using D = DanishStatus;
    w.danish_studying += sign * int(one_of<D::studying, D::paused, D::awaiting_test>(s));
    w.danish_passed += sign * int(s == D::passed);
}

// A person's share of the running counts of the monthly table: added (+1) when the person is
// admitted, taken away (-1) when they leave.
void count_person(World& w, const Person& p, int sign) {
    w.by_activity[int(p.activity)] += sign;
    if (p.queued_for != Activity::waiting) w.queued[std::size_t(capped_index(p.queued_for))] += sign;
    count_danish(w, p.danish, sign);
    w.here_by_arrival[std::size_t(p.arrival - w.first_arrival)] += sign;
}

// A process changed what the ledger reads: the months before this one are booked under the state
// they had. `swap` exchanges the changed fields with the values they had (it is called twice:
// the old state is put back for the booking, then the new one); the ledger changes only its own.
template <class Swap>
void book_ledger_before(World& w, Person& p, Month now, Swap swap) {
    if (!w.scenario.budget || p.arrival.index + p.ledger_booked >= now.index) return;
    swap();
    book_ledger(w, p, now - 1);
    swap();
}

[[gnu::noinline]] void danish_changed(World& w, Person& p, DanishStatus status, std::uint8_t module, int passed,
                                      Month now) {
    count_danish(w, status, -1);
    count_danish(w, p.danish, +1);
    w.danish_passes += int(p.danish_passed != passed);  // a pass sets danish_passed to this month
    book_ledger_before(w, p, now, [&] {
        std::swap(p.danish, status);
        std::swap(p.danish_module, module);
        std::swap(p.danish_passed, passed);
    });
}

// Returns true if the person waits for this month's allocation of capped places.
bool person_month(World& w, std::size_t index, const PolicyParams& policy, Month now) {
    Person& p = w.people[index];
    if (is_exit(p.activity)) return false;
    const Scenario& s = w.scenario;

    // Exits first: a person who dies or moves this month does nothing else.
    const Activity exit = demography_step(p, s.demography, w.rng, now);
    if (exit != p.activity) [[unlikely]] {
        move_to(w, p, exit, now);
        return false;
    }
    // Reception ends with the job-ready assessment, which changes the person's fixed effects.
    if (p.activity == Activity::reception) {
        Month since = p.state_since;
        if (reception_step(p, s.reception, w.rng, now)) {
            p.fixed_class = w.fixed_effects.classify(p);
            --w.by_activity[int(Activity::reception)];
            ++w.by_activity[int(p.activity)];
            Activity was = Activity::reception;
            book_ledger_before(w, p, now, [&] {
                std::swap(p.activity, was);
                std::swap(p.state_since, since);
            });
        }
    }
    // Danish runs beside every activity and uses this month's activity (hours) for progress.
    if (!danish_finished(p.danish)) {
        const DanishStatus status = p.danish;
        const std::uint8_t module = p.danish_module;
        const int passed = p.danish_passed;
        danish_step(p, s.danish, policy_danish_progress(policy, p, now), w.rng, now, policy_danish_dropout(policy, p));
        if (p.danish != status || p.danish_module != module) [[unlikely]]
            danish_changed(w, p, status, module, passed, now);
    }
    if (p.activity == Activity::reception) return false;

    // The pathway: competing hazards. Moves into capped activities wait for the allocation.
    const FixedClass& fixed = w.fixed_effects[p.fixed_class];
    const Activity to = pathway_step(p, fixed.effects, s.pathway, policy, w.rng, now, fixed.leave_bound[int(p.activity)]);
    // A queued claim on an IGU place lapses once IGU is no longer open to the person (dates,
    // age, residence); the other capped activities have no eligibility rules.
    if (p.queued_for == Activity::igu && !igu_open(policy, p, now)) {
        --w.queued[std::size_t(capped_index(Activity::igu))];
        p.queued_for = Activity::waiting;
        p.queued_since = kNever;
    }
    // A person who stays waiting still wants the place they queue for (queued_for is set only
    // while waiting; otherwise it is `waiting`, the current activity).
    const Activity wanted = to != p.activity ? to : p.queued_for;
    if (const int c = capped_index(wanted); wanted != p.activity && c >= 0) {
        w.candidates[c].push_back(index);
        return true;
    }
    if (to != p.activity) move_to(w, p, to, now);
    return false;
}

// The cohort outcomes of a person at horizon `h` (months after arrival) of their cohort.
[[gnu::noinline]] void record_outcomes(World& w, const Person& p, int h) {
    const int cohort = p.arrival.year() - w.shape.first_cohort;
    const bool outcome[kOutcomeCount] = {
        p.activity == Activity::job,
        p.activity == Activity::job || p.activity == Activity::igu || p.activity == Activity::loentilskud,
        p.activity == Activity::job || p.activity == Activity::education,
        (p.activity == Activity::job && p.job_hours >= w.scenario.outputs.self_supporting_hours) ||
            p.activity == Activity::education || p.activity == Activity::igu,
        p.first_offer != kNever,
        p.danish_passed != kNever,
    };
    for (int sex : {0, 1 + int(p.sex)}) {
        const std::size_t cell = w.shape.cohort_index(cohort, sex, h);
        w.tables.cohort_den[cell] += 1;
        for (int o = 0; o < kOutcomeCount; ++o)
            if (outcome[o]) w.tables.cohort_num[cell * kOutcomeCount + o] += 1;
    }
}

// The end of one person's month, once their activity is final. The month's counts come from the
// running counts (simulate_month); what is left per person are the cohort outcomes at the
// horizons, for persons simulated from arrival. The ledger books the month later, with the rest
// of the stretch in the same state; the month of leaving is booked now (nothing follows it).
[[gnu::always_inline]] inline void close_month(World& w, Person& p, Month now) {
    if (is_exit(p.activity)) [[unlikely]] {  // counted by World::exits
        if (p.state_since == now && w.scenario.budget) book_ledger(w, p, now);
        return;
    }
    // One unsigned test for "arrived in the run and not past the last horizon".
    const unsigned since_start = unsigned(now - w.shape.start), since = unsigned(p.months_since_arrival(now));
    if (since > since_start || since >= w.horizon_months) return;
    if (const int h = w.horizon_of_month[since]; h >= 0) [[unlikely]] record_outcomes(w, p, h);
}

// The ledger's rules for this month: when the rule period, the year (prices), the payment year,
// the mentor lever or the programme's length change, everyone's months so far are booked under
// the old rules, and each budget cohort's lines go to the rows of the new booking year and payment
// year (by cohort only; the totals by year are their sums, finish_replicate). Once a month, out of
// line: inlined, it cost the person loop 2 instructions per person-month (callgrind).
[[gnu::noinline]] void update_ledger(World& w, const PolicyParams& policy, Month now) {
    const int mentor_months = policy.mentor.enabled ? policy.mentor.months : 0;
    if (ledger_rules_current(w.ledger_rules, *w.scenario.budget, now) && mentor_months == w.mentor_months &&
        policy.programme_months == w.ledger_rules.programme_months && !w.ledger_rows.empty())
        return;
    for (std::size_t i = 0; i < w.admitted; ++i) book_ledger(w, w.people[i], now - 1);
    update_ledger_rules(w.ledger_rules, *w.scenario.budget, now);
    set_programme_months(w.ledger_rules, policy.programme_months);
    w.mentor_months = mentor_months;
    const TableShape& t = w.shape;
    auto row = [&](std::vector<double>& table, int cohort, int year) {
        const int y = year - t.budget_first_year;
        return y < 0 || y >= t.budget_years ? nullptr : &table[t.budget_cohort_index(cohort, y, 0)];
    };
    const LedgerRules& r = w.ledger_rules;
    // The booking year is the month's year, inside the tables by construction (table_shape).
    if (!row(w.tables.budget_cohort_amount, 0, r.year)) throw std::logic_error("ledger: month outside the budget tables");
    w.ledger_rows.resize(std::size_t(t.budget_cohorts));
    for (int c = 0; c < t.budget_cohorts; ++c)
        w.ledger_rows[c] = {row(w.tables.budget_cohort_amount, c, r.year), row(w.tables.budget_cohort_count, c, r.year),
                            row(w.tables.budget_cohort_amount, c, r.pay_year),
                            row(w.tables.budget_cohort_count, c, r.pay_year), w.line_count.data()};
}

// Capacity: free places go to the candidates in queue order; the rest wait. Then their month ends.
void allocate(World& w, Month now) {
    for (int c = 0; c < 3; ++c) {
        auto& cands = w.candidates[c];
        if (cands.empty()) continue;
        const Activity target = kCappedActivities[c];
        const std::size_t granted =
            allocate_places(cands, w.people, c, w.occupancy[c], w.scenario.capacity, w.rng, now);
        for (std::size_t k = 0; k < cands.size(); ++k) {
            Person& p = w.people[cands[k]];
            if (k < granted) {
                move_to(w, p, target, now);
            } else {
                if (target == Activity::igu) p.ever_queued_igu = true;
                if (p.activity == Activity::waiting) {
                    if (p.queued_for != Activity::waiting) --w.queued[std::size_t(capped_index(p.queued_for))];
                    ++w.queued[std::size_t(c)];
                    p.queued_for = target;
                    if (p.queued_since == kNever) p.queued_since = now.index;
                }
            }
            close_month(w, p, now);
        }
        cands.clear();
    }
}

}  // namespace

void book_ledger(World& w, Person& p, Month through) {
    const Month from = p.arrival + p.ledger_booked;
    if (through < from) return;
    const int c = std::max(0, p.arrival.year() - w.shape.budget_first_cohort);
    ledger_months(p, *w.scenario.budget, w.ledger_rules, w.mentor_months, w.rng, from, through, w.ledger_rows[std::size_t(c)]);
    p.ledger_booked = std::uint16_t(through + 1 - p.arrival);
}

void move_to(World& w, Person& p, Activity to, Month now) {
    if (w.scenario.budget) book_ledger(w, p, now - 1);  // the months before, in the activity they had
    const Activity from = p.activity;
    if (is_exit(to)) {
        w.exits[int(to) - int(Activity::moved_away)] += 1;
        ++w.left_since_compaction;
        count_person(w, p, -1);
    } else {
        --w.by_activity[int(from)];
        ++w.by_activity[int(to)];
        if (p.queued_for != Activity::waiting) --w.queued[std::size_t(capped_index(p.queued_for))];
    }
    if (const int c = capped_index(from); c >= 0) --w.occupancy[c];
    if (from == Activity::praktik || from == Activity::loentilskud) {
        p.last_offer = from;
        p.last_offer_end = now.index;
    }
    if (const int c = capped_index(to); c >= 0) {
        ++w.occupancy[c];
        w.starts[c] += 1;
    }
    switch (to) {
        case Activity::praktik:
        case Activity::loentilskud:
            if (p.first_offer == kNever) p.first_offer = now.index;
            break;
        case Activity::igu:
            p.ever_igu = true;
            p.job_hours = std::uint8_t(w.scenario.pathway.igu_hours_per_week);
            break;
        case Activity::job:
            p.job_hours = std::uint8_t(draw_job_hours(p, w.scenario.pathway, w.rng, now));
            w.starts[3] += 1;
            break;
        default: break;
    }
    p.queued_for = Activity::waiting;
    p.queued_since = kNever;
    p.activity = to;
    p.state_since = now;
}

void finish_replicate(World& w) {
    const TableShape& t = w.shape;
    if (!t.budget) return;
    for (std::size_t i = 0; i < w.admitted; ++i) book_ledger(w, w.people[i], w.last_month);
    for (int c = 0; c < t.budget_cohorts; ++c)
        for (int y = 0; y < t.budget_years; ++y)
            for (int l = 0; l < TableShape::kLines; ++l) {
                w.tables.budget_amount[t.budget_index(y, l)] += w.tables.budget_cohort_amount[t.budget_cohort_index(c, y, l)];
                w.tables.budget_count[t.budget_index(y, l)] += w.tables.budget_cohort_count[t.budget_cohort_index(c, y, l)];
            }
}

void simulate_month(World& w, Month now) {
    w.starts = {};
    w.arrivals = 0;
    w.danish_passes = 0;
    const PolicyParams& policy = w.scenario.policy_at(now);
    // 1. Arrivals join in reception (arrivals to come are sorted by month).
    while (w.next_arrival < w.people.size() && w.people[w.next_arrival].arrival <= now) {
        if (w.people[w.next_arrival].arrival == now) w.arrivals += 1;  // not the initial caseload
        if (w.admitted != w.next_arrival) w.people[w.admitted] = w.people[w.next_arrival];
        count_person(w, w.people[w.admitted], +1);
        ++w.admitted;
        ++w.next_arrival;
    }
    // The month's row of the tables and the ledger's rules and rows.
    w.month_row = &w.tables.monthly[w.shape.monthly_index(now - w.shape.start, 0)];
    w.last_month = now;
    if (w.scenario.budget) update_ledger(w, policy, now);
    // 2. Each person's own month: exits, reception, Danish, pathway (person order does not
    //    matter: every draw is keyed by the person, and capped moves wait for step 3). The month
    //    of a person who does not wait for a place ends here (close_month: their cohort outcomes
    //    at a horizon; the ledger books a person's months when their state changes).
    for (std::size_t i = 0; i < w.admitted; ++i)
        if (!person_month(w, i, policy, now)) close_month(w, w.people[i], now);
    // 3. Capacity: places freed this month are given out in queue order; then the candidates'
    //    month ends.
    allocate(w, now);
    // 4. The month's counts of the persons here, from the running counts (5. the ledger: see
    //    book_ledger).
    double* row = w.month_row;
    for (int a = 0; a < kLivingActivities; ++a) row[a] = double(w.by_activity[std::size_t(a)]);
    for (int c = 0; c < 3; ++c) row[int(Measure::queue_praktik) + c] = double(w.queued[std::size_t(c)]);
    row[int(Measure::danish_studying)] = double(w.danish_studying);
    row[int(Measure::danish_passed)] = double(w.danish_passed);
    row[int(Measure::danish_passes)] = double(w.danish_passes);
    std::int64_t in_programme = 0;  // arrived less than programme_months ago
    for (Month a = std::max(w.first_arrival, now - (policy.programme_months - 1)); a <= now; a = a + 1)
        if (const std::size_t k = std::size_t(a - w.first_arrival); k < w.here_by_arrival.size())
            in_programme += w.here_by_arrival[k];
    row[int(Measure::in_programme)] = double(in_programme);
    row[int(Measure::starts_praktik)] = w.starts[0];
    row[int(Measure::starts_loentilskud)] = w.starts[1];
    row[int(Measure::starts_igu)] = w.starts[2];
    row[int(Measure::starts_job)] = w.starts[3];
    row[int(Measure::arrivals)] = w.arrivals;
    for (int k = 0; k < 4; ++k) row[int(Activity::moved_away) + k] = w.exits[k];
    // 6. Leavers leave the array once they are an eighth of it (order among the rest is kept).
    if (w.left_since_compaction * 8 > w.admitted) {
        auto end = std::remove_if(w.people.begin(), w.people.begin() + std::ptrdiff_t(w.admitted),
                                  [](const Person& p) { return is_exit(p.activity); });
        w.admitted = std::size_t(end - w.people.begin());
        w.left_since_compaction = 0;
    }
}

}  // namespace kohorte
