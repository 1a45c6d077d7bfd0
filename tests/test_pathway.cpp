// pathway.cpp: hazards as hand products of base rates and effects, IGU eligibility, maximum
// spells, the first-offer deadline, destinations in proportion to hazards, job hours.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <set>

#include "engine.h"
#include "unit_helpers.h"
#include "units.h"

using namespace kohorte;
using nlohmann::json;

namespace {
constexpr int kWaiting = int(Activity::waiting), kPraktik = int(Activity::praktik),
              kLoentilskud = int(Activity::loentilskud), kIgu = int(Activity::igu), kJob = int(Activity::job),
              kEducation = int(Activity::education), kInactive = int(Activity::inactive);

std::array<double, kLivingActivities> hazards(const Scenario& s, Person p, Month now) {
    return move_hazards(p, fixed_effects(p, s.pathway), s.pathway, s.policy_at(now), now);
}
// ln 2 / (4 weeks in months): the first-offer hazard of tiny (compliance 1/2 within 4 weeks).
const double kFirstOffer = std::log(2.0) / (4 * 12.0 / 52);
}  // namespace

TEST_CASE("pathway: a woman's hazards are the base times every effect (hand product, job-first fading)") {
    const Scenario s = test::tiny();
    Person p = unit::person_at(Month::of(2016, 1));
    p.sex = Sex::female;                        // job_entry x0.25, offer x0.75
    p.age_at_arrival = 25;                      // 18-29: job_entry x1.1
    p.track = Track::du1;                       // job_entry x0.6
    p.origin = 0;                               // eritrea (groups in name order): job_entry x1.2
    p.first_offer = Month::of(2016, 2).index;   // the first offer came: ordinary offer hazards
    p.danish = DanishStatus::passed;            // job_entry x1.3
    p.last_offer = Activity::praktik;
    const Month now = Month::of(2018, 7);       // 30 months after arrival
    p.last_offer_end = (now - 5).index;         // within 12 months after a praktik: job_entry x1.25
    p.state_since = now - 2;
    const auto h = hazards(s, p, now);
    // Job-first for women: 1.05 at full strength until month 24, none from month 36; at 30 half is left.
    const double job_first = 1 + 0.05 * (36 - 30) / double(36 - 24);
    const double fixed = 0.25 * 1.1 * 0.6 * 1.2;
    const double cycle = 1.0;  // 2018 carries 2016's 1.0 forward (2019 is 1.1)
    CHECK(h[kJob] == doctest::Approx(0.03 * fixed * 1.3 * 1.25 * job_first * cycle).epsilon(1e-6));
    CHECK(h[kPraktik] == doctest::Approx(0.3 * 0.75).epsilon(1e-6));
    CHECK(h[kLoentilskud] == doctest::Approx(0.05 * 0.75).epsilon(1e-6));
    CHECK(h[kIgu] == doctest::Approx(0.02).epsilon(1e-6));  // aged 27, 30 months here: eligible
    CHECK(h[kEducation] == doctest::Approx(0.005).epsilon(1e-6));
    CHECK(h[kInactive] == doctest::Approx(0.01).epsilon(1e-6));
    CHECK(h[kWaiting] == 0);
    CHECK(h[int(Activity::reception)] == 0);
    // January 2019: 36 months since arrival, job-first has faded out, the cycle is 1.1, the praktik
    // ended 11 months ago (still x1.25); the programme is over: offers x0.5.
    const auto h2019 = hazards(s, p, Month::of(2019, 1));
    CHECK(h2019[kJob] == doctest::Approx(0.03 * fixed * 1.3 * 1.25 * 1.1).epsilon(1e-6));
    CHECK(h2019[kPraktik] == doctest::Approx(0.3 * 0.75 * 0.5).epsilon(1e-6));
    // June 2019: the praktik ended 16 months ago, no more x1.25.
    CHECK(hazards(s, p, Month::of(2019, 6))[kJob] == doctest::Approx(0.03 * fixed * 1.3 * 1.1).epsilon(1e-6));
}

TEST_CASE("pathway: a man's job-first effect is full until month 24 and fades linearly to month 36") {
    const Scenario s = test::tiny();
    Person p = unit::person_at(Month::of(2016, 1));
    p.age_at_arrival = 35;  // 30-49: no age effect (40-49 is 0.7 only from 40)
    p.track = Track::du2;
    p.origin = 1;           // syria: no origin effect
    p.first_offer = 0;
    for (auto [since, weight] : {std::pair{4, 1.0}, {24, 1.0}, {27, 0.75}, {33, 0.25}, {36, 0.0}, {40, 0.0}}) {
        CAPTURE(since);
        const Month now = Month::of(2016, 1) + since;
        const double cycle = now.year() >= 2019 ? 1.1 : 1.0;
        CHECK(hazards(s, p, now)[kJob] == doctest::Approx(0.03 * (1 + 0.3 * weight) * cycle).epsilon(1e-6));
    }
    // The first 4 months since arrival: job entry x0.3.
    CHECK(hazards(s, p, Month::of(2016, 4))[kJob] == doctest::Approx(0.03 * 0.3 * 1.3).epsilon(1e-6));
}

TEST_CASE("pathway: fixed effects of trauma, quota, activity-readiness, reunification, Danish module 4, after løntilskud") {
    const Scenario s = test::tiny();
    const Month now = Month::of(2017, 6);  // 17 months after arrival: job-first x1.3 for men
    Person p = unit::person_at(Month::of(2016, 1));
    p.age_at_arrival = 45;  // 40-49: job_entry x0.7 (and IGU closed: above 40)
    p.track = Track::du3;   // x1.2
    p.origin = 1;           // syria
    p.first_offer = 0;
    p.trauma = true;        // job_entry x0.63, inactivity x4.2
    p.channel = Channel::quota;  // job_entry x0.4
    p.jobparat = false;     // offer x0.5, job_entry x0.5
    p.children = 2;         // no children effect in tiny
    p.danish_module = 3;    // module 4: job_entry x1.15
    p.danish = DanishStatus::studying;
    p.last_offer = Activity::loentilskud;
    p.last_offer_end = (now - 11).index;  // within 12 months: job_entry x1.6
    const auto h = hazards(s, p, now);
    CHECK(h[kJob] == doctest::Approx(0.03 * 0.7 * 1.2 * 0.63 * 0.4 * 0.5 * 1.15 * 1.6 * 1.3).epsilon(1e-6));
    CHECK(h[kPraktik] == doctest::Approx(0.3 * 0.5).epsilon(1e-6));
    CHECK(h[kInactive] == doctest::Approx(0.01 * 4.2).epsilon(1e-6));
    CHECK(h[kIgu] == 0);
    p.last_offer_end = (now - 12).index;  // 12 months after: over
    CHECK(hazards(s, p, now)[kJob] == doctest::Approx(0.03 * 0.7 * 1.2 * 0.63 * 0.4 * 0.5 * 1.15 * 1.3).epsilon(1e-6));

    // Reunified: the origin index refers to the reunified profile (0 = syria there, no effect).
    Person r = unit::person_at(Month::of(2016, 1));
    r.age_at_arrival = 35;
    r.first_offer = 0;
    r.channel = Channel::reunified;
    r.origin = 0;
    CHECK(hazards(s, r, now)[kJob] == doctest::Approx(0.03 * 0.85 * 1.3).epsilon(1e-6));
    r.channel = Channel::asylum;  // origin 0 of the refugee profile is eritrea: x1.2
    CHECK(hazards(s, r, now)[kJob] == doctest::Approx(0.03 * 1.2 * 1.3).epsilon(1e-6));
}

TEST_CASE("pathway: hazards out of a job follow the time in the job and the job-first regime") {
    const Scenario s = test::tiny();
    Person p = unit::person_at(Month::of(2016, 1), Activity::job);
    p.age_at_arrival = 35;
    p.state_since = Month::of(2017, 1);  // job found 12 months after arrival: job-first job_exit x1.2
    // First 6 months in the job: job_exit x1.5.
    auto h = hazards(s, p, Month::of(2017, 4));
    CHECK(h[kWaiting] == doctest::Approx(0.02 * 1.5 * 1.2).epsilon(1e-6));
    CHECK(h[kEducation] == doctest::Approx(0.002).epsilon(1e-6));
    CHECK(h[kJob] == 0);
    h = hazards(s, p, Month::of(2017, 7));  // 6 months in: the bucket from 6 has no effect
    CHECK(h[kWaiting] == doctest::Approx(0.02 * 1.2).epsilon(1e-6));
    p.state_since = Month::of(2019, 2);  // found 37 months after arrival: not under the regime
    CHECK(hazards(s, p, Month::of(2019, 12))[kWaiting] == doctest::Approx(0.02).epsilon(1e-6));
}

TEST_CASE("pathway: the first-offer deadline replaces the offer hazards until the first offer") {
    const Scenario s = test::tiny();
    Person p = unit::person_at(Month::of(2016, 1));
    p.age_at_arrival = 35;
    const Month now = Month::of(2016, 3);
    auto h = hazards(s, p, now);
    // The offer hazards (0.3 + 0.05) scaled up to the deadline hazard, in their proportions.
    CHECK(h[kPraktik] + h[kLoentilskud] == doctest::Approx(kFirstOffer).epsilon(1e-6));
    CHECK(h[kPraktik] == doctest::Approx(0.3 * kFirstOffer / 0.35).epsilon(1e-6));
    p.first_offer = Month::of(2016, 2).index;  // after the first offer: ordinary hazards
    h = hazards(s, p, now);
    CHECK(h[kPraktik] == doctest::Approx(0.3).epsilon(1e-6));
    p.first_offer = kNever;
    h = hazards(s, p, Month::of(2019, 1));  // after the programme (36 months): no deadline, offers x0.5
    CHECK(h[kPraktik] == doctest::Approx(0.3 * 0.5).epsilon(1e-6));
    // A deadline slower than the ordinary offers does not slow them down.
    const Scenario slow = test::tiny_with({{"policy", {{"first_offer", {{"within_weeks", 104}, {"compliance", 0.1}}}}}});
    CHECK(hazards(slow, p, now)[kPraktik] == doctest::Approx(0.3).epsilon(1e-6));
    const Scenario off = test::tiny_with({{"policy", {{"first_offer", {{"enabled", false}}}}}});
    CHECK(hazards(off, p, now)[kPraktik] == doctest::Approx(0.3).epsilon(1e-6));
}

TEST_CASE("pathway: the first-offer deadline gives its compliance by the deadline (4 standard errors)") {
    // 13 weeks = 3 months exactly; only offers lead out of waiting. Compliance 0.9 gives the hazard
    // -ln(0.1) / 3 = 0.77, above the ordinary 0.35 (a lower one would leave the offers as they are).
    const Scenario s = test::tiny_with(
        {{"policy", {{"first_offer", {{"within_weeks", 13}, {"compliance", 0.9}}}}},
         {"pathway", {{"hazards_per_month", {{"waiting", {{"igu", nullptr}, {"job", nullptr}, {"education", nullptr}, {"inactive", nullptr}}}}}}}});
    const Rng rng(21, 0);
    const int n = 40000;
    double offered = 0, offered_first_month = 0;
    for (int i = 0; i < n; ++i) {
        Person p = unit::person_at(Month::of(2016, 1));
        p.key = std::uint64_t(i);
        p.age_at_arrival = 35;
        p.state_since = Month::of(2016, 2);  // reception ended
        const FixedEffects fixed = fixed_effects(p, s.pathway);
        for (int k = 0; k < 3; ++k) {
            const Month now = Month::of(2016, 2) + k;
            const Activity a = pathway_step(p, fixed, s.pathway, s.policy_at(now), rng, now);
            if (a != Activity::waiting) {
                REQUIRE((a == Activity::praktik || a == Activity::loentilskud));
                offered += 1;
                offered_first_month += k == 0;
                break;
            }
        }
    }
    unit::check_share(offered, n, 0.9);
    unit::check_share(offered_first_month, n, 1 - std::pow(0.1, 1.0 / 3));
}

TEST_CASE("pathway: IGU only when the policy allows it: dates, age, residence") {
    const Scenario s = test::tiny();  // IGU 2016-07 .. 2027-12, ages 18-40, within 5 years of arrival
    Person p = unit::person_at(Month::of(2016, 1));
    p.age_at_arrival = 30;
    p.first_offer = 0;
    auto igu = [&](const Scenario& sc, Month now) { return hazards(sc, p, now)[kIgu]; };
    CHECK(igu(s, Month::of(2016, 6)) == 0);  // before 2016-07
    CHECK(igu(s, Month::of(2016, 7)) == doctest::Approx(0.02).epsilon(1e-6));
    p.arrival = p.state_since = Month::of(2024, 1);  // 47 and 48 months here, aged 33
    CHECK(igu(s, Month::of(2027, 12)) == doctest::Approx(0.02).epsilon(1e-6));
    CHECK(igu(s, Month::of(2028, 1)) == 0);  // after 2027-12
    p.arrival = p.state_since = Month::of(2016, 1);
    CHECK(igu(s, Month::of(2020, 12)) == doctest::Approx(0.02).epsilon(1e-6));  // 59 months here
    CHECK(igu(s, Month::of(2021, 1)) == 0);                                     // 60 months: 5 years
    p.age_at_arrival = 40;
    CHECK(igu(s, Month::of(2016, 12)) == doctest::Approx(0.02).epsilon(1e-6));  // 40: the oldest age
    CHECK(igu(s, Month::of(2017, 1)) == 0);                                     // 41
    p.age_at_arrival = 30;
    const Scenario off = test::tiny_with({{"policy", {{"igu", {{"enabled", false}}}}}});
    CHECK(igu(off, Month::of(2017, 6)) == 0);
    const Scenario older = test::tiny_with({{"policy", {{"igu", {{"age_min", 31}}}}}});
    CHECK(igu(older, Month::of(2016, 12)) == 0);  // 30 < 31
    CHECK(igu(older, Month::of(2017, 1)) == doctest::Approx(0.02).epsilon(1e-6));
}

TEST_CASE("pathway: praktik and løntilskud end at their maximum, an IGU ends in a job with the completion probability") {
    // No hazards out of the placements: nothing but the maximum can end them.
    const Scenario s = test::tiny_with(
        {{"pathway", {{"hazards_per_month", {{"praktik", nullptr}, {"loentilskud", nullptr}, {"igu", nullptr}}}}}});
    const Rng rng(9, 0);
    auto step = [&](const Person& p, Month now) {
        return pathway_step(p, fixed_effects(p, s.pathway), s.pathway, s.policy_at(now), rng, now);
    };
    Person p = unit::person_at(Month::of(2016, 1), Activity::praktik);
    p.state_since = Month::of(2016, 2);
    for (int k = 0; k < 3; ++k) CHECK(step(p, Month::of(2016, 2) + k) == Activity::praktik);
    CHECK(step(p, Month::of(2016, 5)) == Activity::waiting);  // max 3 months
    p.activity = Activity::loentilskud;
    CHECK(step(p, Month::of(2016, 7)) == Activity::loentilskud);
    CHECK(step(p, Month::of(2016, 8)) == Activity::waiting);  // max 6 months
    p.activity = Activity::igu;
    CHECK(step(p, Month::of(2018, 1)) == Activity::igu);
    const int n = 40000;
    double jobs = 0;
    for (int i = 0; i < n; ++i) {
        Person q = unit::person_at(Month::of(2016, 1), Activity::igu);
        q.key = std::uint64_t(i);
        q.state_since = Month::of(2016, 8);
        const Month end = Month::of(2018, 8);  // 24 months
        const Activity a = step(q, end);
        REQUIRE(a == (rng.uniform(q.key, end.index, Draw::igu_outcome) < 0.7 ? Activity::job : Activity::waiting));
        jobs += a == Activity::job;
    }
    unit::check_share(jobs, n, 0.7);
}

TEST_CASE("pathway: leaving at 1 - exp(-total hazard), destinations in proportion to their hazards") {
    const Scenario s = test::tiny();
    const Rng rng(13, 0);
    const Month now = Month::of(2018, 1);
    Person p = unit::person_at(Month::of(2016, 1));
    p.age_at_arrival = 35;
    p.first_offer = 0;
    const FixedEffects fixed = fixed_effects(p, s.pathway);
    const auto h = move_hazards(p, fixed, s.pathway, s.policy_at(now), now);
    double total = 0;
    for (double x : h) total += x;
    const int n = 100000;
    double left = 0;
    std::map<Activity, double> to;
    for (int i = 0; i < n; ++i) {
        p.key = std::uint64_t(i);
        const Activity a = pathway_step(p, fixed, s.pathway, s.policy_at(now), rng, now);
        if (a == Activity::waiting) continue;
        REQUIRE(h[int(a)] > 0);
        left += 1;
        to[a] += 1;
    }
    unit::check_share(left, n, 1 - std::exp(-total));
    for (int a : {kPraktik, kLoentilskud, kIgu, kJob, kEducation, kInactive}) {
        CAPTURE(a);
        unit::check_share(to[Activity(a)], left, h[a] / total);
    }
}

TEST_CASE("pathway: hours of a new job follow the job_hours distribution") {
    const Scenario s = test::tiny();  // 15 hours: 0.3, 37 hours: 0.7
    const Rng rng(17, 0);
    const int n = 40000;
    double part_time = 0;
    for (int i = 0; i < n; ++i) {
        Person p = unit::person_at(Month::of(2016, 1));
        p.key = std::uint64_t(i);
        const int hours = draw_job_hours(p, s.pathway, rng, Month::of(2017, 3));
        REQUIRE((hours == 15 || hours == 37));
        part_time += hours == 15;
    }
    unit::check_share(part_time, n, 0.3);
}

namespace {
// For every person-month of a whole simulation: the exact probability of leaving the activity
// never exceeds the class bound that lets pathway_step skip the hazards. Returns how many
// person-months were checked and how many the bound decides alone (a draw above it).
std::pair<double, double> check_leave_bounds(const Scenario& s, std::uint32_t replicate) {
    World w(s, replicate);
    double checked = 0, bounded = 0;
    for (Month now = s.simulation.start; now <= s.simulation.end; now = now + 1) {
        const PolicyParams& policy = s.policy_at(now);
        for (std::size_t i = 0; i < w.admitted; ++i) {
            const Person& p = w.people[i];
            if (is_exit(p.activity) || p.activity == Activity::reception) continue;
            const FixedClass& c = w.fixed_effects[p.fixed_class];
            if (c.effects != fixed_effects(p, s.pathway)) {  // the class is the person's own effects
                CAPTURE(p.key);
                CHECK(c.effects == fixed_effects(p, s.pathway));
            }
            double total = 0;
            for (double x : move_hazards(p, c.effects, s.pathway, policy, now)) total += x;
            const double exact = hazard_to_probability(total);
            const double bound = c.leave_bound[int(p.activity)];
            if (exact > bound) {
                CAPTURE(s.file);
                CAPTURE(now.index);
                CAPTURE(int(p.activity));
                CHECK(exact <= bound);
            }
            checked += 1;
            bounded += 1 - bound;
        }
        simulate_month(w, now);
    }
    return {checked, bounded};
}
}  // namespace

TEST_CASE("pathway: a person's class carries their own fixed effects, whichever covariate differs") {
    // tiny.json with an effect for every covariate: each variation of one covariate must find (or
    // add) the class of exactly its own effects, also after classes were looked up by covariates.
    const Scenario s = test::tiny_with({{"pathway", {{"effects", {{"children", {{"job_entry", 0.9}}},
                                                                  {"trauma", {{"job_entry", 0.8}}},
                                                                  {"quota_refugee", {{"job_entry", 0.7}}},
                                                                  {"aktivitetsparat", {{"job_entry", 0.6}}}}}}}});
    FixedEffectsTable table(s.pathway, s.policy);
    const Person base = unit::person_at(Month::of(2016, 1));
    std::vector<Person> variants(9, base);
    variants[1].sex = Sex::female;
    variants[2].age_at_arrival = 55;
    variants[3].track = Track::du1;
    variants[4].origin = 1;
    variants[5].children = 2;
    variants[6].trauma = true;
    variants[7].channel = Channel::quota;
    variants[8].jobparat = false;
    std::set<std::uint16_t> classes;
    for (int round = 0; round < 2; ++round)
        for (std::size_t i = 0; i < variants.size(); ++i) {
            CAPTURE(i);
            const std::uint16_t c = table.classify(variants[i]);
            CHECK(table[c].effects == fixed_effects(variants[i], s.pathway));
            classes.insert(c);
        }
    CHECK(classes.size() == variants.size());  // every covariate here changes the effects
}

TEST_CASE("pathway: classes stay found as the covariate table grows") {
    // Over a thousand covariate combinations: the lookup table is rebuilt several times on the
    // way; each person must find the same class again, with their own effects.
    const Scenario s = test::tiny_with({{"pathway", {{"effects", {{"children", {{"job_entry", 0.9}}},
                                                                  {"trauma", {{"job_entry", 0.8}}}}}}}});
    FixedEffectsTable table(s.pathway, s.policy);
    std::vector<Person> persons;
    for (int age = 18; age <= 64; ++age)
        for (Sex sex : {Sex::male, Sex::female})
            for (Track track : {Track::du1, Track::du2, Track::du3})
                for (int children : {0, 3})
                    for (bool trauma : {false, true}) {
                        Person p = unit::person_at(Month::of(2016, 1));
                        p.age_at_arrival = std::uint8_t(age);
                        p.sex = sex, p.track = track, p.children = std::uint8_t(children), p.trauma = trauma;
                        persons.push_back(p);
                    }
    std::vector<std::uint16_t> first;
    for (const Person& p : persons) first.push_back(table.classify(p));
    int wrong_effects = 0, other_class = 0;
    for (std::size_t i = 0; i < persons.size(); ++i) {
        const std::uint16_t c = table.classify(persons[i]);
        other_class += c != first[i];
        wrong_effects += !(table[c].effects == fixed_effects(persons[i], s.pathway));
    }
    CHECK(persons.size() == 1128);
    CHECK(other_class == 0);
    CHECK(wrong_effects == 0);
}

TEST_CASE("pathway: the leave bound of a class holds for every person-month of every shipped scenario") {
    for (const char* file : {"scenarios/base.json", "scenarios/job-first-4-weeks.json", "scenarios/job-oriented-danish.json",
                             "scenarios/outreach-women.json", "scenarios/mentor.json", "scenarios/more-igu.json",
                             "scenarios/programme-12-months.json", "tests/data/tiny.json", "tests/data/oracle-markov.json"}) {
        const Scenario s = load_scenario(test::source_path(file));
        const auto [checked, bounded] = check_leave_bounds(s, 0);
        CAPTURE(file);
        CHECK(checked > 1000);
        // The bound is what makes it pay: most draws fall above it.
        MESSAGE(std::string(file) << ": expected share of person-months decided by the bound " << bounded / checked);
    }
}

TEST_CASE("pathway: without time-varying effects the leave bound is the exact probability") {
    // tiny.json with every time-varying effect and lever switched off: the bound equals the
    // leaving probability (within its 1e-9 margin).
    const Scenario s = test::tiny_with({{"policy", {{"first_offer", {{"enabled", false}}}, {"job_first", {{"enabled", false}}}}},
                                        {"pathway", {{"effects", {{"months_since_arrival", json::array()},
                                                                  {"months_in_state", {{"job", nullptr}}},
                                                                  {"business_cycle", {{"2019", nullptr}}},
                                                                  {"danish_module4", {{"job_entry", nullptr}}},
                                                                  {"danish_passed", {{"job_entry", nullptr}}},
                                                                  {"after_praktik", {{"job_entry", nullptr}}},
                                                                  {"after_loentilskud", {{"job_entry", nullptr}}},
                                                                  {"after_programme", {{"offer", nullptr}}}}}}}});
    FixedEffectsTable table(s.pathway, s.policy);
    Person p = unit::person_at(Month::of(2016, 1));
    p.age_at_arrival = 25;  // IGU is open to the person at `now`
    const FixedClass& c = table[table.classify(p)];
    const Month now = Month::of(2017, 6);
    for (Activity a : {Activity::waiting, Activity::praktik, Activity::job, Activity::inactive}) {
        p.activity = a;
        double total = 0;
        for (double x : move_hazards(p, c.effects, s.pathway, s.policy_at(now), now)) total += x;
        CAPTURE(int(a));
        CHECK(total > 0);
        CHECK(c.leave_bound[int(a)] == doctest::Approx(hazard_to_probability(total)).epsilon(1e-8));
        CHECK(c.leave_bound[int(a)] >= hazard_to_probability(total));
    }
}
