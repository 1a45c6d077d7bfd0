#include "oracle.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include <Eigen/Core>

#include "arrivals.h"
#include "capacity.h"
#include "demography.h"
#include "pathway.h"
#include "units.h"

namespace kohorte {

namespace {

bool all_one(const Multipliers& m) {
    for (double x : m.m)
        if (x != 1.0) return false;
    return true;
}

// A group of persons who behave alike: the same sex, age at arrival, assessment and fixed effects.
struct Group {
    Person proto;
    double probability = 0;
};

// The attribute groups of a profile with their probabilities (both assessments, weighted).
std::vector<Group> groups_of(const Profile& profile, const std::vector<std::pair<Channel, double>>& channels,
                             const Scenario& s) {
    std::map<std::tuple<int, int, bool, std::array<float, 10>>, Group> merged;
    for (auto [channel, p_channel] : channels)
        for (int sex = 0; sex < 2; ++sex)
            for (std::size_t b = 0; b < profile.age_bands.size(); ++b)
                for (int age = profile.age_bands[b].low; age <= profile.age_bands[b].high; ++age)
                    for (int track = 0; track < 3; ++track)
                        for (std::size_t origin = 0; origin < profile.origin.keys.size(); ++origin)
                            for (int trauma = 0; trauma < 2; ++trauma)
                                for (int jobparat = 0; jobparat < 2; ++jobparat) {
                                    Person p;
                                    p.sex = Sex(sex);
                                    p.age_at_arrival = std::uint8_t(age);
                                    p.channel = channel;
                                    p.origin = std::uint8_t(origin);
                                    p.trauma = trauma;
                                    p.jobparat = jobparat;
                                    const auto& keys = profile.schooling.keys;
                                    double p_track = 0;
                                    for (std::size_t k = 0; k < keys.size(); ++k)
                                        if (keys[k] == kTrackNames[track]) p_track = profile.schooling.weights[k];
                                    p.track = Track(track);
                                    const double share =
                                        std::min(1.0, s.reception.jobparat_share *
                                                          (trauma ? s.reception.trauma_jobparat_multiplier : 1.0));
                                    double w = p_channel * (sex ? profile.female_share : 1 - profile.female_share) *
                                               profile.age_shares.weights[b] / (profile.age_bands[b].high - profile.age_bands[b].low + 1) *
                                               p_track * profile.origin.weights[origin] *
                                               (trauma ? profile.trauma_share : 1 - profile.trauma_share) *
                                               (jobparat ? share : 1 - share);
                                    if (w <= 0) continue;
                                    auto key = std::make_tuple(sex, age, bool(jobparat), fixed_effects(p, s.pathway));
                                    auto& g = merged[key];
                                    if (g.probability == 0) g.proto = p;
                                    g.probability += w;
                                }
    std::vector<Group> out;
    for (auto& [k, g] : merged) out.push_back(g);
    return out;
}

// The chain of one group arriving in one month. States: (activity, months in it, job hours,
// ever started a company-based offer); months in an activity are kept only as far as they
// change anything there (maximum spells, duration buckets, mentor months), hours only for jobs.
class Chain {
public:
    Chain(const Scenario& s) : s_(s), H_(int(s.pathway.job_hours_values.size())) {
        int offset = 0;
        for (int a = 0; a < kLivingActivities; ++a) {
            int cap = 0;
            if (s.pathway.max_months[a] > 0) cap = std::max(cap, s.pathway.max_months[a]);
            for (auto& b : s.pathway.months_in_state[a]) cap = std::max(cap, b.from_month);
            if (a == int(Activity::job))
                for (auto& [from, p] : s.policy) cap = std::max(cap, p.mentor.months);
            cap_[a] = cap;
            offset_[a] = offset;
            const int hours = a == int(Activity::job) ? H_ : 1;
            for (int d = 0; d <= cap; ++d)
                for (int h = 0; h < hours; ++h)
                    for (int e = 0; e < 2; ++e) {
                        state_a_.push_back(a), state_d_.push_back(d), state_h_.push_back(h), state_e_.push_back(e);
                        ++offset;
                    }
        }
        living_ = offset;
    }

    int living_size() const { return living_; }
    int size() const { return living_ + 4; }
    int index(int a, int d, int h, int e) const {
        const int hours = a == int(Activity::job) ? H_ : 1;
        return offset_[a] + ((std::min(d, cap_[a]) * hours) + (a == int(Activity::job) ? h : 0)) * 2 + e;
    }
    int exit_index(Activity a) const { return living_ + int(a) - int(Activity::moved_away); }

    // Expected persons this month: the transition matrix of month `now` applied to `v`, column
    // by column (each occupied state scatters its mass to where it goes); `flows` receives the
    // expected starts into praktik, løntilskud, IGU and jobs.
    Eigen::VectorXd step(const Person& proto, Month arrival, Month now, const Eigen::VectorXd& v,
                         std::array<double, 4>& flows) const {
        Eigen::VectorXd next = Eigen::VectorXd::Zero(size());
        struct Scatter {
            Eigen::VectorXd& out;
            const Eigen::VectorXd& in;
            void emplace_back(int row, int col, double p) { out[row] += in[col] * p; }
        } t{next, v};
        const PolicyParams& policy = s_.policy_at(now);
        const FixedEffects fixed = fixed_effects(proto, s_.pathway);
        for (int i = 0; i < living_size(); ++i) {
            if (v[i] == 0) continue;
            const int e = state_e_[i], h = state_h_[i], d = state_d_[i], a = state_a_[i];
            Person q = proto;
            q.arrival = arrival;
            q.activity = Activity(a);
            q.state_since = now - d;
            q.job_hours = a == int(Activity::job) ? std::uint8_t(s_.pathway.job_hours_values[h])
                          : a == int(Activity::igu) ? std::uint8_t(s_.pathway.igu_hours_per_week) : 0;
            const ExitHazards x = exit_hazards(q, s_.demography, now);
            if (x.retires) {
                t.emplace_back(exit_index(Activity::retired), i, 1.0);
                continue;
            }
            const double total = x.died + x.emigrated + x.moved_away;
            const double p_exit = hazard_to_probability(total);
            if (total > 0) {
                // Split as demography_exit splits (an infinite hazard is a certain exit).
                const auto w = exit_weights(x.died, x.emigrated, x.moved_away);
                const double sum = w[0] + w[1] + w[2];
                t.emplace_back(exit_index(Activity::died), i, p_exit * w[0] / sum);
                t.emplace_back(exit_index(Activity::emigrated), i, p_exit * w[1] / sum);
                t.emplace_back(exit_index(Activity::moved_away), i, p_exit * w[2] / sum);
            }
            double stay = 1 - p_exit;
            int cur_d = d;
            if (q.activity == Activity::reception) {
                if (q.months_since_arrival(now) < s_.reception.months) {
                    t.emplace_back(index(a, d + 1, 0, e), i, stay);
                    continue;
                }
                q.activity = Activity::waiting;  // assessed: the pathway starts this month
                q.state_since = now;
                cur_d = 0;
            }
            const int from = int(q.activity);
            auto move = [&](Activity to, double p) {
                if (p <= 0) return;
                if (to == Activity::job) {
                    for (int k = 0; k < H_; ++k) {
                        const double pk = p * s_.pathway.job_hours.weights[k];
                        t.emplace_back(index(int(to), 1, k, e), i, pk);
                    }
                } else {
                    const int e2 = (to == Activity::praktik || to == Activity::loentilskud) ? 1 : e;
                    t.emplace_back(index(int(to), 1, 0, e2), i, p);
                }
                if (const int c = capped_index(to); c >= 0) flows[c] += v[i] * p;
                if (to == Activity::job) flows[3] += v[i] * p;
            };
            const int hold_h = from == int(Activity::job) ? h : 0;
            if (s_.pathway.max_months[from] > 0 && cur_d >= s_.pathway.max_months[from]) {
                if (q.activity == Activity::igu) {
                    move(Activity::job, stay * s_.pathway.igu_completion_to_job);
                    move(Activity::waiting, stay * (1 - s_.pathway.igu_completion_to_job));
                } else {
                    move(Activity::waiting, stay);
                }
                continue;
            }
            const auto hz = move_hazards(q, fixed, s_.pathway, policy, now);
            double sum = 0;
            for (double z : hz) sum += z;
            const double leave = sum > 0 ? hazard_to_probability(sum) : 0.0;
            t.emplace_back(index(from, cur_d + 1, hold_h, e), i, stay * (1 - leave));
            for (int to = 0; to < kLivingActivities; ++to)
                if (hz[to] > 0) move(Activity(to), stay * leave * hz[to] / sum);
        }
        for (int k = living_size(); k < size(); ++k) next[k] += v[k];  // exits are absorbing
        return next;
    }

    // Mass per activity (living) of a state vector.
    std::array<double, kActivityCount> by_activity(const Eigen::VectorXd& v) const {
        std::array<double, kActivityCount> out{};
        for (int i = 0; i < living_size(); ++i) out[state_a_[i]] += v[i];
        for (int k = 0; k < 4; ++k) out[int(Activity::moved_away) + k] = v[living_size() + k];
        return out;
    }
    int hours_of(int i) const { return s_.pathway.job_hours_values[state_h_[i]]; }
    bool offered(int i) const { return state_e_[i] == 1; }
    int activity_of(int i) const { return state_a_[i]; }

private:
    const Scenario& s_;
    int H_;
    int living_ = 0;
    std::array<int, kLivingActivities> cap_{}, offset_{};
    std::vector<int> state_a_, state_d_, state_h_, state_e_;
};

}  // namespace

std::vector<std::string> oracle_limits(const Scenario& s) {
    std::vector<std::string> why;
    for (int c = 0; c < 3; ++c)
        for (int y = s.simulation.start.year(); y <= s.simulation.end.year(); ++y)
            if (std::isfinite(s.capacity.places[c].at(y)) || std::isfinite(s.capacity.starts_per_month[c].at(y))) {
                why.push_back(std::string("/capacity/") + kActivityNames[int(kCappedActivities[c])] +
                              ": places are limited, so persons compete for them (not a Markov chain per person)");
                break;
            }
    if (!all_one(s.pathway.danish_module4) || !all_one(s.pathway.danish_passed))
        why.push_back("/pathway/effects/danish_module4, danish_passed: the Danish level changes pathway hazards, and Danish progress is not in the chain's state");
    if ((!all_one(s.pathway.after_praktik) && s.pathway.after_praktik_months > 0) ||
        (!all_one(s.pathway.after_loentilskud) && s.pathway.after_loentilskud_months > 0))
        why.push_back("/pathway/effects/after_praktik, after_loentilskud: effects after a placement depend on history");
    if (!all_one(s.pathway.children)) why.push_back("/pathway/effects/children: the number of children is not in the chain's state");
    for (auto& [from, p] : s.policy) {
        if (p.first_offer.enabled) why.push_back("/policy/first_offer: the first-offer deadline depends on history");
        if (p.job_first.enabled && p.job_first.job_exit != 1.0)
            why.push_back("/policy/job_first/job_exit: depends on when the job started");
        if (!why.empty() && why.back().rfind("/policy", 0) == 0) break;
    }
    if (!s.caseload.empty()) why.push_back("/initial_caseload: persons with unknown history");
    return why;
}

Results expected_value(const Scenario& s) {
    const auto limits = oracle_limits(s);
    if (!limits.empty()) {
        std::vector<std::string> problems;
        for (auto& l : limits) problems.push_back(s.file + ": " + l + " (the expected-value mode needs a Markov chain)");
        throw InputError(problems);
    }
    Results r;
    r.owned = std::make_shared<const Scenario>(s);
    r.scenario = r.owned.get();
    r.shape = table_shape(s);
    r.shape.budget = false;  // the budget is a simulation output only
    r.expected_value = true;
    r.threads = 1;
    ReplicateTables tab;
    tab.monthly.assign(r.shape.monthly_size(), 0.0);
    tab.cohort_den.assign(r.shape.cohort_cells(), 0.0);
    tab.cohort_num.assign(r.shape.cohort_cells() * kOutcomeCount, 0.0);

    const Chain chain(s);

    // Expected arrivals by month: the quota's adults, and their families' adults after the lag.
    const auto& ap = s.arrivals;
    std::map<int, double> refugees, reunified;
    int first_year = s.simulation.start.year();
    if (!ap.refugees_per_year.values.empty()) first_year = std::min(first_year, ap.refugees_per_year.values.begin()->first);
    const double adults_per_refugee = ap.reunification.trigger_probability * ap.reunification.persons_per_trigger_mean *
                                      ap.reunification.adult_share;
    for (int y = first_year; y <= s.simulation.end.year(); ++y)
        for (int m = 0; m < 12; ++m) {
            const double n = adults_in_quota(ap, y) * ap.monthly_profile.weights[m];
            if (n == 0) continue;
            refugees[Month::of(y, m + 1).index] += n;
            for (std::size_t l = 0; l < ap.reunification.lag_months.weights.size(); ++l)
                reunified[Month::of(y, m + 1).index + int(l)] += n * adults_per_refugee * ap.reunification.lag_months.weights[l];
        }
    const auto refugee_groups = groups_of(ap.refugee, {{Channel::asylum, 1 - ap.quota_share}, {Channel::quota, ap.quota_share}}, s);
    const auto reunified_groups = groups_of(ap.reunified, {{Channel::reunified, 1.0}}, s);

    std::vector<int> horizon_of(r.shape.horizons.empty() ? 0 : r.shape.horizons.back() + 1, -1);
    for (std::size_t h = 0; h < r.shape.horizons.size(); ++h) horizon_of[r.shape.horizons[h]] = int(h);
    const int self_supporting = s.outputs.self_supporting_hours;

    for (auto [arrivals, groups] : {std::pair{&refugees, &refugee_groups}, std::pair{&reunified, &reunified_groups}})
        for (auto [index, n] : *arrivals) {
            const Month arrival{index};
            if (arrival < s.simulation.start || arrival > s.simulation.end || n <= 0) continue;
            for (const auto& g : *groups) {
                const double w = n * g.probability;
                Eigen::VectorXd v = Eigen::VectorXd::Zero(chain.size());
                v[chain.index(int(Activity::reception), 0, 0, 0)] = 1.0;
                for (Month now = arrival; now <= s.simulation.end; now = now + 1) {
                    std::array<double, 4> flows{};
                    v = chain.step(g.proto, arrival, now, v, flows);
                    const int m = now - s.simulation.start;
                    double* row = &tab.monthly[r.shape.monthly_index(m, 0)];
                    const auto mass = chain.by_activity(v);
                    double living = 0;
                    for (int a = 0; a < kActivityCount; ++a) row[a] += w * mass[a];
                    for (int a = 0; a < kLivingActivities; ++a) living += mass[a];
                    if (now == arrival) row[int(Measure::arrivals)] += w;
                    if (now - arrival < s.policy_at(now).programme_months) row[int(Measure::in_programme)] += w * living;
                    for (int c = 0; c < 4; ++c) row[int(Measure::starts_praktik) + c] += w * flows[c];
                    const int since = now - arrival;
                    if (since >= int(horizon_of.size()) || horizon_of[since] < 0) continue;
                    double out[kOutcomeCount] = {};
                    for (int i = 0; i < chain.living_size(); ++i) {
                        if (v[i] == 0) continue;
                        const Activity a = Activity(chain.activity_of(i));
                        out[int(Outcome::ordinary_employment)] += a == Activity::job ? v[i] : 0;
                        out[int(Outcome::wage_employment)] +=
                            (a == Activity::job || a == Activity::igu || a == Activity::loentilskud) ? v[i] : 0;
                        out[int(Outcome::employment_or_education)] += (a == Activity::job || a == Activity::education) ? v[i] : 0;
                        out[int(Outcome::off_benefits)] +=
                            ((a == Activity::job && chain.hours_of(i) >= self_supporting) || a == Activity::education ||
                             a == Activity::igu) ? v[i] : 0;
                        out[int(Outcome::company_offer_started)] += chain.offered(i) ? v[i] : 0;
                    }
                    const int cohort = arrival.year() - r.shape.first_cohort;
                    for (int sex : {0, 1 + int(g.proto.sex)}) {
                        const std::size_t cell = r.shape.cohort_index(cohort, sex, horizon_of[since]);
                        tab.cohort_den[cell] += w * living;
                        for (int o = 0; o < kOutcomeCount; ++o) tab.cohort_num[cell * kOutcomeCount + o] += w * out[o];
                    }
                }
            }
        }
    // Danish education is not in the chain: its measures are unknown here.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (int m = 0; m < r.shape.months; ++m)
        for (Measure k : {Measure::danish_studying, Measure::danish_passed, Measure::danish_passes})
            tab.monthly[r.shape.monthly_index(m, int(k))] = nan;
    for (std::size_t c = 0; c < tab.cohort_den.size(); ++c)
        tab.cohort_num[c * kOutcomeCount + int(Outcome::danish_test_passed)] = nan;
    for (int m = 0; m < r.shape.months; ++m) tab.persons += tab.monthly[r.shape.monthly_index(m, int(Measure::arrivals))];
    r.person_months += person_months(tab, r.shape);
    r.replicates.push_back(std::move(tab));
    return r;
}

}  // namespace kohorte
