#include "pathway.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "units.h"

namespace kohorte {

namespace s = spec;
using spec::json;

namespace {
const std::vector<std::string> kPathwayStates = {"waiting", "praktik", "loentilskud", "igu",
                                                 "job",     "education", "inactive"};

Activity activity_named(const std::string& name) {
    for (int a = 0; a < kActivityCount; ++a)
        if (name == kActivityNames[a]) return static_cast<Activity>(a);
    return Activity::waiting;
}

std::vector<TimeBucket> read_buckets(const json& arr, const std::string& ptr) {
    std::vector<TimeBucket> out;
    for (std::size_t i = 0; i < arr.size(); ++i) {
        TimeBucket b{arr[i].at("from_month").get<int>(), read_multipliers(arr[i])};
        if (!out.empty() && b.from_month <= out.back().from_month)
            throw ScenarioError(ptr + "/" + std::to_string(i) + "/from_month",
                                "from_month must increase from one bucket to the next");
        out.push_back(b);
    }
    return out;
}

const Multipliers* bucket_at(const std::vector<TimeBucket>& buckets, int months) {
    const Multipliers* found = nullptr;
    for (auto& b : buckets) {
        if (b.from_month > months) break;
        found = &b.effect;
    }
    return found;
}
}  // namespace

spec::NodePtr pathway_spec() {
    auto rate = s::number(0, 5, "hazard/month", "");
    auto bucket_fields = flow_fields();
    bucket_fields.insert(bucket_fields.begin(),
                         s::required("from_month", s::integer(0, 1200, "months", "first month of the bucket")));
    auto buckets = s::array_of(s::object("effects from a duration on", bucket_fields),
                               "duration buckets, ascending from_month; before the first: no effect");
    auto flows = [](const char* d) { return multipliers_spec(d); };
    auto after = flow_fields();
    after.insert(after.begin(), s::required("months", s::integer(0, 120, "months", "how long the effect lasts")));
    return s::object(
        "labour-market pathway",
        {s::required("hazards_per_month",
                     s::map_of(s::map_of(rate, "destination: base hazard per month", kPathwayStates),
                               "base monthly hazards of moving from an activity (key) to another", kPathwayStates)),
         s::required("max_months",
                     s::object("longest spells", {s::required("praktik", s::integer(1, 120, "months", "")),
                                                  s::required("loentilskud", s::integer(1, 120, "months", "")),
                                                  s::required("igu", s::integer(1, 120, "months", "IGU length"))})),
         s::required("igu_completion_to_job",
                     s::number(0, 1, "probability", "a completed IGU leads straight to an ordinary job")),
         s::required("igu_hours_per_week", s::integer(1, 60, "hours/week", "paid hours in an IGU")),
         s::required("job_hours", s::distribution("distribution of weekly hours in a new job (key: hours)")),
         s::required(
             "effects",
             s::object("multipliers on the hazards of a flow",
                       {s::required("female", flows("women (vs men)")),
                        s::required("age_at_arrival", s::map_of(multipliers_spec(""), "by age band \"LOW-HIGH\"")),
                        s::required("schooling", s::map_of(multipliers_spec(""), "by track", {"du1", "du2", "du3"})),
                        s::optional("origin", s::map_of(multipliers_spec(""), "by origin group (profile names)")),
                        s::required("children", flows("household with children")),
                        s::required("trauma", flows("PTSD or severe distress")),
                        s::required("quota_refugee", flows("UN quota refugees (vs asylum)")),
                        s::required("reunified", flows("family-reunified (vs asylum)")),
                        s::required("aktivitetsparat", flows("assessed activity-ready (vs job-ready)")),
                        s::required("danish_module4", flows("completed three or more Danish modules")),
                        s::required("danish_passed", flows("passed the final Danish test")),
                        s::required("months_since_arrival", buckets),
                        s::optional("months_in_state", s::map_of(buckets, "by current activity", kPathwayStates)),
                        s::required("after_praktik", s::object("after a praktik ends", after)),
                        s::required("after_loentilskud", s::object("after a løntilskud ends", after)),
                        s::required("after_programme", flows("after the integration programme ends")),
                        s::required("business_cycle",
                                    s::by_year(s::number(0, 10, "multiplier", ""),
                                               "multiplier on job entry by year; carried forward, 1 before the "
                                               "first year"))}))});
}

PathwayParams read_pathway(const json& j, const Shares& refugee_origins, const Shares& reunified_origins) {
    PathwayParams p;
    for (auto& [from, row] : j.at("hazards_per_month").items())
        for (auto& [to, v] : row.items()) {
            if (from == to)
                throw ScenarioError("/pathway/hazards_per_month/" + from + "/" + to,
                                    "a hazard from an activity to itself has no meaning");
            p.hazard[int(activity_named(from))][int(activity_named(to))] = s::value_of(v);
        }
    for (int from = 0; from < kLivingActivities; ++from)
        for (int to = 0; to < kLivingActivities; ++to) p.flow[from][to] = flow_of(Activity(from), Activity(to));
    const auto& mm = j.at("max_months");
    p.max_months[int(Activity::praktik)] = integer(mm, "praktik");
    p.max_months[int(Activity::loentilskud)] = integer(mm, "loentilskud");
    p.max_months[int(Activity::igu)] = integer(mm, "igu");
    p.igu_completion_to_job = num(j, "igu_completion_to_job");
    p.igu_hours_per_week = integer(j, "igu_hours_per_week");
    p.job_hours = read_shares(j.at("job_hours"));
    double total = 0;
    for (std::size_t i = 0; i < p.job_hours.keys.size(); ++i) {
        const auto& k = p.job_hours.keys[i];
        int h = 0;
        try {
            h = std::stoi(k);
        } catch (...) {
        }
        if (h < 1 || h > 60 || std::to_string(h) != k)
            throw ScenarioError("/pathway/job_hours/" + k, "expected whole hours per week 1-60 as key, got \"" + k + "\"");
        p.job_hours_values.push_back(h);
        total += p.job_hours.weights[i];
    }
    if (p.job_hours.keys.empty() || std::abs(total - 1) > 1e-6)
        throw ScenarioError("/pathway/job_hours", "shares must sum to 1, they sum to " + std::to_string(total));

    const auto& e = j.at("effects");
    p.female = read_multipliers(e.at("female"));
    for (auto& [k, v] : e.at("age_at_arrival").items())
        p.age_at_arrival.emplace_back(parse_age_band(k, "/pathway/effects/age_at_arrival/" + k), read_multipliers(v));
    for (auto& [k, v] : e.at("schooling").items())
        for (int t = 0; t < 3; ++t)
            if (k == kTrackNames[t]) p.schooling[t] = read_multipliers(v);
    p.origin_refugee.assign(refugee_origins.keys.size(), Multipliers{});
    p.origin_reunified.assign(reunified_origins.keys.size(), Multipliers{});
    if (e.contains("origin"))
        for (auto& [k, v] : e.at("origin").items()) {
            bool known = false;
            for (auto [shares, target] : {std::pair{&refugee_origins, &p.origin_refugee},
                                          std::pair{&reunified_origins, &p.origin_reunified}})
                for (std::size_t i = 0; i < shares->keys.size(); ++i)
                    if (shares->keys[i] == k) (*target)[i] = read_multipliers(v), known = true;
            if (!known) {
                auto names = refugee_origins.keys;
                names.insert(names.end(), reunified_origins.keys.begin(), reunified_origins.keys.end());
                std::string near = s::nearest(k, names);
                throw ScenarioError("/pathway/effects/origin/" + k,
                                    "unknown origin group \"" + k + "\"" +
                                        (near.empty() ? "" : " (did you mean \"" + near + "\"?)") +
                                        "; expected a group named in /profiles/*/origin");
            }
        }
    p.children = read_multipliers(e.at("children"));
    p.trauma = read_multipliers(e.at("trauma"));
    p.quota_refugee = read_multipliers(e.at("quota_refugee"));
    p.reunified = read_multipliers(e.at("reunified"));
    p.aktivitetsparat = read_multipliers(e.at("aktivitetsparat"));
    p.danish_module4 = read_multipliers(e.at("danish_module4"));
    p.danish_passed = read_multipliers(e.at("danish_passed"));
    p.months_since_arrival = read_buckets(e.at("months_since_arrival"), "/pathway/effects/months_since_arrival");
    if (e.contains("months_in_state"))
        for (auto& [k, v] : e.at("months_in_state").items())
            p.months_in_state[int(activity_named(k))] = read_buckets(v, "/pathway/effects/months_in_state/" + k);
    p.after_praktik_months = integer(e.at("after_praktik"), "months");
    p.after_praktik = read_multipliers(e.at("after_praktik"));
    p.after_loentilskud_months = integer(e.at("after_loentilskud"), "months");
    p.after_loentilskud = read_multipliers(e.at("after_loentilskud"));
    p.after_programme = read_multipliers(e.at("after_programme"));
    p.business_cycle = read_year_series(e.at("business_cycle"), 1.0);
    return p;
}

FixedEffects fixed_effects(const Person& person, const PathwayParams& p) {
    Multipliers m;
    if (person.sex == Sex::female) m *= p.female;
    for (auto& [band, effect] : p.age_at_arrival)
        if (band.contains(person.age_at_arrival)) m *= effect;
    m *= p.schooling[int(person.track)];
    const auto& origins = person.channel == Channel::reunified ? p.origin_reunified : p.origin_refugee;
    if (person.origin < origins.size()) m *= origins[person.origin];
    if (person.children > 0) m *= p.children;
    if (person.trauma) m *= p.trauma;
    if (person.channel == Channel::quota) m *= p.quota_refugee;
    if (person.channel == Channel::reunified) m *= p.reunified;
    if (!person.jobparat) m *= p.aktivitetsparat;
    FixedEffects out;
    for (int f = 0; f < kFlowCount; ++f) out[f] = static_cast<float>(m.m[f]);
    return out;
}

HazardBounds hazard_bounds(const PathwayParams& p, const std::vector<std::pair<Month, PolicyParams>>& policies) {
    // Keep in step with move_hazards: every effect it applies appears here at its largest.
    auto largest = [](std::initializer_list<const Multipliers*> effects, int f) {
        double m = 1.0;
        for (auto* e : effects) m = std::max(m, e->m[f]);
        return m;
    };
    auto largest_bucket = [](const std::vector<TimeBucket>& buckets, int f) {
        double m = 1.0;
        for (auto& b : buckets) m = std::max(m, b.effect.m[f]);
        return m;
    };
    double cycle = std::max(1.0, p.business_cycle.before_first);
    for (auto& [year, value] : p.business_cycle.values) cycle = std::max(cycle, value);

    HazardBounds bounds{};
    for (int from = int(Activity::waiting); from < kLivingActivities; ++from) {
        std::array<double, kLivingActivities> rates = p.hazard[from];
        Multipliers policy_effect;  // the largest over the policy periods
        for (auto& [since, policy] : policies) {
            const Multipliers m = policy_multiplier_bound(policy);
            for (int f = 0; f < kFlowCount; ++f) policy_effect.m[f] = std::max(policy_effect.m[f], m.m[f]);
            // The first-offer deadline scales the offer hazards up.
            const double offer_total = p.hazard[from][int(Activity::praktik)] + p.hazard[from][int(Activity::loentilskud)];
            const double first = policy.first_offer.hazard_per_month;
            if (from == int(Activity::waiting) && policy.first_offer.enabled && offer_total > 0 && first > offer_total)
                for (Activity a : {Activity::praktik, Activity::loentilskud})
                    rates[int(a)] = std::max(rates[int(a)], p.hazard[from][int(a)] * first / offer_total);
        }
        for (int to = 0; to < kLivingActivities; ++to) {
            if (to == from || rates[to] <= 0) continue;
            const int f = int(p.flow[from][to]);
            bounds[from][f] += rates[to] * policy_effect.m[f] * largest_bucket(p.months_since_arrival, f) *
                               largest_bucket(p.months_in_state[from], f) *
                               largest({&p.danish_module4, &p.danish_passed}, f) *
                               largest({&p.after_praktik, &p.after_loentilskud}, f) * largest({&p.after_programme}, f) *
                               (f == int(Flow::job_entry) ? cycle : 1.0);
        }
    }
    return bounds;
}

FixedEffectsTable::FixedEffectsTable(const PathwayParams& p, const std::vector<std::pair<Month, PolicyParams>>& policies)
    : pathway_(p), bounds_(hazard_bounds(p, policies)), slot_key_(64, kNoKey), slot_class_(64) {
    // Age as the set of age bands that contain it (with more than 32 bands: the age itself).
    for (std::size_t age = 0; age < age_key_.size(); ++age) {
        age_key_[age] = age;
        if (p.age_at_arrival.size() > 32) continue;
        age_key_[age] = 0;
        for (std::size_t i = 0; i < p.age_at_arrival.size(); ++i)
            if (p.age_at_arrival[i].first.contains(int(age))) age_key_[age] |= std::uint64_t(1) << i;
    }
}

// The covariates fixed_effects reads, packed into one number. Keep in step with fixed_effects:
// persons with the same key share a class without working out their effects again.
std::uint64_t FixedEffectsTable::covariate_key(const Person& person) const {
    return age_key_[person.age_at_arrival] | std::uint64_t(person.sex) << 32 | std::uint64_t(person.track) << 34 |
           std::uint64_t(person.channel) << 36 | std::uint64_t(person.origin) << 40 |
           std::uint64_t(person.children > 0) << 48 | std::uint64_t(person.trauma) << 49 |
           std::uint64_t(person.jobparat) << 50;
}

// The key's slot, or the empty slot where it would go.
std::size_t FixedEffectsTable::slot_of(std::uint64_t key) const {
    const std::size_t mask = slot_key_.size() - 1;
    std::size_t i = std::size_t((key * 0x9E3779B97F4A7C15u) >> 40) & mask;  // Fibonacci hashing
    while (slot_key_[i] != key && slot_key_[i] != kNoKey) i = (i + 1) & mask;
    return i;
}

std::uint16_t FixedEffectsTable::classify(const Person& person) {
    const std::uint64_t key = covariate_key(person);
    if (const std::size_t slot = slot_of(key); slot_key_[slot] == key) return slot_class_[slot];
    const FixedEffects e = fixed_effects(person, pathway_);
    auto [it, added] = index_.try_emplace(e, std::uint16_t(table_.size()));
    if (added) {
        if (table_.size() > 0xFFFF) throw std::length_error("more than 65,536 distinct covariate combinations");
        FixedClass c{e, {}};
        for (int from = 0; from < kLivingActivities; ++from) {
            double total = 0;
            for (int f = 0; f < kFlowCount; ++f) total += bounds_[from][f] * e[f];
            // A margin far above rounding keeps the bound a bound when the hazards reach it.
            c.leave_bound[from] =
                from == int(Activity::reception) ? 1.0 : std::min(1.0, hazard_to_probability(total * (1 + 1e-9)));
        }
        table_.push_back(c);
    }
    if (2 * (keys_ + 1) > slot_key_.size()) {  // keep the table at most half full
        std::vector<std::uint64_t> keys(2 * slot_key_.size(), kNoKey);
        std::vector<std::uint16_t> classes(keys.size());
        std::swap(keys, slot_key_);
        std::swap(classes, slot_class_);
        for (std::size_t i = 0; i < keys.size(); ++i)
            if (keys[i] != kNoKey) remember(keys[i], classes[i]);
    }
    remember(key, it->second);
    ++keys_;
    return it->second;
}

void FixedEffectsTable::remember(std::uint64_t key, std::uint16_t c) {
    const std::size_t slot = slot_of(key);
    slot_key_[slot] = key;
    slot_class_[slot] = c;
}

std::array<double, kLivingActivities> move_hazards(const Person& person, const FixedEffects& fixed,
                                                   const PathwayParams& p, const PolicyParams& policy, Month now) {
    const int from = int(person.activity);
    const int since = person.months_since_arrival(now);

    // The time-varying effects of this month, each a multiplier per flow (applied below only
    // to the flows out of this activity: this runs for every person-month).
    const Multipliers policy_effect = policy_multipliers(policy, person, now);
    std::array<const Multipliers*, 6> effects;
    int n = 0;
    effects[n++] = &policy_effect;
    if (auto* b = bucket_at(p.months_since_arrival, since)) effects[n++] = b;
    if (auto* b = bucket_at(p.months_in_state[from], person.months_in_state(now))) effects[n++] = b;
    switch (danish_level(person)) {
        case DanishLevel::passed: effects[n++] = &p.danish_passed; break;
        case DanishLevel::module4: effects[n++] = &p.danish_module4; break;
        case DanishLevel::none: break;
    }
    if (person.last_offer_end != kNever) {
        const int after = now.index - person.last_offer_end;
        if (person.last_offer == Activity::praktik && after < p.after_praktik_months) effects[n++] = &p.after_praktik;
        else if (person.last_offer == Activity::loentilskud && after < p.after_loentilskud_months)
            effects[n++] = &p.after_loentilskud;
    }
    if (since >= policy.programme_months) effects[n++] = &p.after_programme;

    // The first company-based offer under a deadline replaces the ordinary offer hazards.
    std::array<double, kLivingActivities> rates = p.hazard[from];
    if (person.activity == Activity::waiting && person.first_offer == kNever && policy.first_offer.enabled &&
        since < policy.programme_months) {
        const double offer_total = rates[int(Activity::praktik)] + rates[int(Activity::loentilskud)];
        const double first = policy.first_offer.hazard_per_month;
        if (offer_total > 0 && first > offer_total) {
            rates[int(Activity::praktik)] *= first / offer_total;
            rates[int(Activity::loentilskud)] *= first / offer_total;
        }
    }
    if (rates[int(Activity::igu)] > 0 && !igu_open(policy, person, now)) rates[int(Activity::igu)] = 0;

    // Every destination at once, effect by effect (each destination's product keeps the order
    // base × fixed × effects × business cycle). Without a test: a destination with no base
    // hazard (the activity itself among them, read_pathway) starts at 0 and stays 0, as the
    // multipliers are finite and not negative.
    const auto& flow = p.flow[from];
    std::array<double, kLivingActivities> h;
    for (int to = 0; to < kLivingActivities; ++to) h[to] = rates[to] * double(fixed[int(flow[to])]);
    for (int k = 0; k < n; ++k)
        for (int to = 0; to < kLivingActivities; ++to) h[to] *= effects[k]->m[int(flow[to])];
    // The business cycle acts on job entry, which only a move into a job is (flow_of).
    constexpr int job = int(Activity::job);
    if (flow[job] == Flow::job_entry) h[job] *= p.business_cycle.at(now.year());
    return h;
}

Activity spell_end(const Person& person, const PathwayParams& p, const Rng& rng, Month now) {
    if (person.activity == Activity::igu)
        return rng.uniform(person.key, now.index, Draw::igu_outcome) < p.igu_completion_to_job ? Activity::job
                                                                                                : Activity::waiting;
    return Activity::waiting;
}

Activity pathway_move(const Person& person, const FixedEffects& fixed, const PathwayParams& p,
                      const PolicyParams& policy, const Rng& rng, Month now, double u_leave) {
    // The destination's draw first: its block is then worked out while the hazards are (most
    // calls end in a move and need it).
    const double u_destination = rng.uniform(person.key, now.index, Draw::pathway_destination);
    const auto h = move_hazards(person, fixed, p, policy, now);
    double total = 0;
    for (double x : h) total += x;
    if (total <= 0) return person.activity;
    if (!event_happens(u_leave, total)) return person.activity;
    const double u = u_destination * total;
    double acc = 0;
    int last = int(person.activity);
    for (int to = 0; to < kLivingActivities; ++to) {
        if (h[to] <= 0) continue;
        acc += h[to];
        last = to;
        if (u < acc) return Activity(to);
    }
    return Activity(last);
}

int draw_job_hours(const Person& person, const PathwayParams& p, const Rng& rng, Month now) {
    return p.job_hours_values[p.job_hours.pick(rng.uniform(person.key, now.index, Draw::job_hours))];
}

}  // namespace kohorte
