// The labour-market pathway: one activity at a time, monthly competing hazards between
// activities. The hazard of a move from A to B is its base hazard times the effects of the
// person's covariates, the time since arrival and in the state, the Danish level, a recent
// placement, the business cycle and the policy levers in force — each effect a multiplier on
// the move's flow (see effects.h). Placements and IGU end at their maximum length; IGU ends
// with a job with a given probability.
// Leaves out: wages and hours within a job; public/private placements as separate states.
#pragma once
#include <array>
#include <map>
#include <vector>

#include "danish.h"
#include "effects.h"
#include "person.h"
#include "policy.h"
#include "random.h"
#include "read.h"

namespace kohorte {

struct TimeBucket {
    int from_month = 0;
    Multipliers effect;
};

struct PathwayParams {
    std::array<std::array<double, kLivingActivities>, kLivingActivities> hazard{};  // [from][to], per month
    std::array<int, kLivingActivities> max_months{};  // 0: no maximum
    std::array<std::array<Flow, kLivingActivities>, kLivingActivities> flow{};  // flow_of(from, to), precomputed
    double igu_completion_to_job = 0.7;
    int igu_hours_per_week = 30;
    Shares job_hours;  // keys: hours per week
    std::vector<int> job_hours_values;

    // Effects (multipliers per flow).
    Multipliers female, children, trauma, quota_refugee, reunified, aktivitetsparat;
    Multipliers danish_module4, danish_passed, after_programme;
    std::vector<std::pair<AgeBand, Multipliers>> age_at_arrival;
    std::array<Multipliers, 3> schooling;
    std::vector<Multipliers> origin_refugee, origin_reunified;  // by origin index of each profile
    std::vector<TimeBucket> months_since_arrival;                     // ascending from_month
    std::array<std::vector<TimeBucket>, kLivingActivities> months_in_state;
    int after_praktik_months = 0, after_loentilskud_months = 0;
    Multipliers after_praktik, after_loentilskud;
    YearSeries business_cycle;  // multiplier on job entry by calendar year
};

spec::NodePtr pathway_spec();
PathwayParams read_pathway(const spec::json& j, const Shares& refugee_origins, const Shares& reunified_origins);

// The product of the effects of the attributes that do not change (sex, age at arrival,
// schooling, origin, channel, children, trauma; the job-ready assessment, which changes once),
// per flow.
using FixedEffects = std::array<float, kFlowCount>;
FixedEffects fixed_effects(const Person& person, const PathwayParams& p);

// An upper bound of the hazard of each flow out of each activity, over every month and policy
// period, before the fixed effects: the base hazards times the largest value each time-varying
// effect can take (1 where it may not apply). [from][flow], summed over the destinations.
using HazardBounds = std::array<std::array<double, kFlowCount>, kLivingActivities>;
HazardBounds hazard_bounds(const PathwayParams& p, const std::vector<std::pair<Month, PolicyParams>>& policies);

// What persons with the same fixed effects share: the effects, and per activity an upper bound of
// the probability of leaving it in any month. A pathway draw at or above the bound means the
// person stays whatever this month's hazards are, so most person-months need no hazards.
struct FixedClass {
    FixedEffects effects;
    std::array<double, kLivingActivities> leave_bound;
};

// The distinct fixed classes of one scenario met so far (run() keeps one table per thread for all
// its replicates). Persons share a few hundred of them, so each person keeps a 2-byte index
// (Person::fixed_class) instead of its effects: memory grows with persons only.
class FixedEffectsTable {
public:
    FixedEffectsTable(const PathwayParams& p, const std::vector<std::pair<Month, PolicyParams>>& policies);
    // The index of the person's class, adding it if new.
    std::uint16_t classify(const Person& person);
    const FixedClass& operator[](std::uint16_t index) const { return table_[index]; }
    std::size_t size() const { return table_.size(); }

private:
    const PathwayParams& pathway_;
    HazardBounds bounds_;
    std::vector<FixedClass> table_;
    std::map<FixedEffects, std::uint16_t> index_;
    // Covariates (packed, covariate_key) -> class, looked up for every person of every replicate:
    // an open-addressing table (linear probing, at most half full) instead of a std::unordered_map,
    // whose lookup divides by a prime and follows a pointer.
    static constexpr std::uint64_t kNoKey = ~std::uint64_t(0);  // no packed key has all bits set
    std::vector<std::uint64_t> slot_key_;
    std::vector<std::uint16_t> slot_class_;
    std::size_t keys_ = 0;
    std::array<std::uint64_t, 256> age_key_{};  // age at arrival -> its part of the key
    std::uint64_t covariate_key(const Person& person) const;
    std::size_t slot_of(std::uint64_t key) const;
    void remember(std::uint64_t key, std::uint16_t c);
};

// The two parts of pathway_step that run in few person-months: a spell that reaches its maximum
// length, and a draw below the bound (`u_leave`), which needs this month's hazards.
Activity spell_end(const Person& person, const PathwayParams& p, const Rng& rng, Month now);
Activity pathway_move(const Person& person, const FixedEffects& fixed, const PathwayParams& p,
                      const PolicyParams& policy, const Rng& rng, Month now, double u_leave);

// The activity the person moves to this month (the current one if none). The caller handles
// capacity: a move into praktik, løntilskud or IGU still needs a free place. `leave_bound`: an
// upper bound of this month's probability of leaving (FixedClass), 1 if none is known.
// Inline: most person-months end at the bound, and should not pay for a call.
inline Activity pathway_step(const Person& person, const FixedEffects& fixed, const PathwayParams& p,
                             const PolicyParams& policy, const Rng& rng, Month now, double leave_bound = 1.0) {
    // Spells with a maximum length end when it is reached.
    // max > 0 && months >= max as one comparison (max 0: no maximum, wraps to the largest
    // unsigned): which activities have a maximum varies from person to person, the end is rare.
    const unsigned max = unsigned(p.max_months[int(person.activity)]);
    if (max - 1 < unsigned(person.months_in_state(now))) [[unlikely]] return spell_end(person, p, rng, now);
    // Staying is decided by u >= P(leave); u >= an upper bound of P(leave) decides it without
    // this month's hazards (the same draw, the same result).
    const double u_leave = rng.uniform(person.key, now.index, Draw::pathway_leave);
    if (u_leave >= leave_bound) [[likely]] return person.activity;
    return pathway_move(person, fixed, p, policy, rng, now, u_leave);
}

// The monthly hazard of every move out of the person's activity (index: destination), exactly as
// pathway_step uses them. Exposed for tests and the expected-value oracle.
std::array<double, kLivingActivities> move_hazards(const Person& person, const FixedEffects& fixed,
                                                   const PathwayParams& p, const PolicyParams& policy, Month now);

// Hours per week of a new job.
int draw_job_hours(const Person& person, const PathwayParams& p, const Rng& rng, Month now);

}  // namespace kohorte
