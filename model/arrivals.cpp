#include "arrivals.h"

#include <algorithm>
#include <cmath>

#include <boost/random/poisson_distribution.hpp>

namespace kohorte {

using spec::json;
namespace s = spec;

spec::NodePtr profiles_spec() {
    auto profile = s::object(
        "attributes at arrival",
        {s::required("female_share", s::number(0, 1, "share", "share of adults who are women")),
         s::required("age_at_arrival", s::distribution("shares by age band \"LOW-HIGH\" (18-64); age uniform within a band")),
         s::required("schooling", s::shares({"du1", "du2", "du3"},
                                            "schooling/literacy as the Danish track it leads to: du1 not literate "
                                            "(or not in Latin script), du2 short schooling, du3 medium or long")),
         s::required("origin", s::distribution("shares by origin group (any names)")),
         s::required("children_share", s::number(0, 1, "share", "share living with children")),
         s::required("children_mean", s::number(1, 10, "children", "children per household with children")),
         s::required("trauma_share", s::number(0, 1, "share", "share with PTSD or severe distress"))});
    return s::object("attribute profiles at arrival",
                     {s::required("refugee", profile), s::required("reunified", profile)});
}

spec::NodePtr arrivals_spec() {
    return s::object(
        "who arrives and when",
        {s::required("refugees_per_year",
                     s::by_year(s::integer(0, 1e6, "persons/year", ""),
                                "kommunekvote: refugees (all ages) received per year; a year not listed has none")),
         s::required("adult_share", s::number(0, 1, "share", "share of the quota aged 18-64 (simulated persons)")),
         s::required("monthly_profile",
                     [] {
                         auto a = std::make_shared<s::Node>(*s::array_of(s::number(0, 1, "share", ""),
                                                                         "share of a year's arrivals in each month, Jan..Dec", 12, 12));
                         a->sums_to_one = true;
                         return s::NodePtr(a);
                     }()),
         s::required("quota_refugee_share", s::number(0, 1, "share", "share of adult refugees who are UN quota refugees")),
         s::required("family_reunification",
                     s::object("adults who join a refugee later",
                               {s::required("trigger_probability",
                                            s::number(0, 1, "probability", "probability a refugee brings family")),
                                s::required("persons_per_trigger_mean",
                                            s::number(1, 20, "persons", "family members per reunification (mean)")),
                                s::required("adult_share",
                                            s::number(0, 1, "share", "share of the family members aged 18+")),
                                s::required("lag_months",
                                            [] {
                                                auto a = std::make_shared<s::Node>(*s::array_of(
                                                    s::number(0, 1, "share", ""),
                                                    "distribution of months from the sponsor's arrival to the family's, "
                                                    "index = months",
                                                    1, 121));
                                                a->sums_to_one = true;
                                                return s::NodePtr(a);
                                            }())}))});
}

namespace {
Profile read_profile(const json& j, const std::string& ptr) {
    Profile p;
    p.female_share = num(j, "female_share");
    p.age_shares = read_shares(j.at("age_at_arrival"));
    double total = 0;
    for (std::size_t i = 0; i < p.age_shares.keys.size(); ++i) {
        p.age_bands.push_back(parse_age_band(p.age_shares.keys[i], s::pointer_append(ptr + "/age_at_arrival", p.age_shares.keys[i])));
        total += p.age_shares.weights[i];
    }
    if (p.age_bands.empty() || std::abs(total - 1) > 1e-6)
        throw ScenarioError(ptr + "/age_at_arrival", "age band shares must sum to 1, they sum to " + std::to_string(total));
    p.schooling = read_shares(j.at("schooling"));
    for (const std::string& track : p.schooling.keys) {
        const int t = index_in(kTrackNames, track);
        if (t < 0) throw ScenarioError(ptr + "/schooling", "unknown track \"" + track + "\" (expected du1, du2 or du3)");
        p.schooling_track.push_back(Track(t));
    }
    p.origin = read_shares(j.at("origin"));
    total = 0;
    for (double w : p.origin.weights) total += w;
    if (p.origin.keys.empty() || std::abs(total - 1) > 1e-6)
        throw ScenarioError(ptr + "/origin", "origin shares must sum to 1, they sum to " + std::to_string(total));
    if (p.origin.keys.size() > 255) throw ScenarioError(ptr + "/origin", "at most 255 origin groups");
    p.children_share = num(j, "children_share");
    p.children_mean = num(j, "children_mean");
    p.trauma_share = num(j, "trauma_share");
    return p;
}
}  // namespace

ArrivalParams read_arrivals(const json& a, const json& profiles) {
    ArrivalParams p;
    p.refugees_per_year = read_year_series(a.at("refugees_per_year"), 0.0, false);
    p.adult_share = num(a, "adult_share");
    p.monthly_profile = read_shares(a.at("monthly_profile"));
    p.quota_share = num(a, "quota_refugee_share");
    const json& fr = a.at("family_reunification");
    p.reunification.trigger_probability = num(fr, "trigger_probability");
    p.reunification.persons_per_trigger_mean = num(fr, "persons_per_trigger_mean");
    p.reunification.adult_share = num(fr, "adult_share");
    p.reunification.lag_months = read_shares(fr.at("lag_months"));
    p.refugee = read_profile(profiles.at("refugee"), "/profiles/refugee");
    p.reunified = read_profile(profiles.at("reunified"), "/profiles/reunified");
    return p;
}

int adults_in_quota(const ArrivalParams& p, int year) {
    return static_cast<int>(std::lround(p.refugees_per_year.at(year) * p.adult_share));
}

void draw_attributes(Person& person, const Profile& profile, const Rng& rng) {
    const auto k = person.key;
    const int m = person.arrival.index;
    person.sex = rng.uniform(k, m, Draw::sex) < profile.female_share ? Sex::female : Sex::male;
    {
        auto st = rng.stream(k, m, Draw::age);
        const AgeBand& band = profile.age_bands[profile.age_shares.pick(st.uniform())];
        person.age_at_arrival = static_cast<std::uint8_t>(band.low + std::min<int>(band.high - band.low,
                                                                                   int(st.uniform() * (band.high - band.low + 1))));
    }
    person.track = profile.schooling_track[profile.schooling.pick(rng.uniform(k, m, Draw::schooling))];
    person.origin = static_cast<std::uint8_t>(profile.origin.pick(rng.uniform(k, m, Draw::origin)));
    {
        auto st = rng.stream(k, m, Draw::children);
        if (st.uniform() < profile.children_share) {
            boost::random::poisson_distribution<int> extra(std::max(1e-9, profile.children_mean - 1.0));
            person.children = static_cast<std::uint8_t>(std::min(20, 1 + extra(st)));
        }
    }
    person.trauma = rng.uniform(k, m, Draw::trauma) < profile.trauma_share;
}

std::vector<Person> generate_arrivals(const ArrivalParams& p, Month start, Month end, const Rng& rng) {
    std::vector<Person> people;
    const auto& fr = p.reunification;
    int first_year = start.year();
    if (!p.refugees_per_year.values.empty()) first_year = std::min(first_year, p.refugees_per_year.values.begin()->first);
    // Room for the expected number of persons and a margin, so that the vector does not double
    // (memory per person is what limits national runs).
    double expected = 0;
    for (int year = first_year; year <= end.year(); ++year)
        expected += adults_in_quota(p, year) * (1 + fr.trigger_probability * fr.persons_per_trigger_mean * fr.adult_share);
    people.reserve(std::size_t(1.05 * expected + 4 * std::sqrt(expected) + 64));
    for (int year = first_year; year <= end.year(); ++year) {
        const int n = adults_in_quota(p, year);
        for (int i = 0; i < n; ++i) {
            Person r;
            // Key: year and index within the year; reunified family members add a low byte.
            r.key = (std::uint64_t(year) << 32) | (std::uint64_t(i) << 8);
            const int year_start = Month::of(year, 1).index;
            r.arrival = Month::of(year, 1 + int(p.monthly_profile.pick(rng.uniform(r.key, year_start, Draw::arrival_month))));
            r.channel = rng.uniform(r.key, year_start, Draw::channel) < p.quota_share ? Channel::quota : Channel::asylum;
            draw_attributes(r, p.refugee, rng);
            // Family reunification: drawn for every refugee, also those arriving before the
            // start, so that their families arriving inside the period are simulated.
            auto trig = rng.stream(r.key, year_start, Draw::reunification_trigger);
            if (trig.uniform() < fr.trigger_probability) {
                auto size_stream = rng.stream(r.key, year_start, Draw::reunification_size);
                boost::random::poisson_distribution<int> extra(std::max(1e-9, fr.persons_per_trigger_mean - 1.0));
                const int members = std::min(200, 1 + extra(size_stream));
                const int lag = int(fr.lag_months.pick(rng.uniform(r.key, year_start, Draw::reunification_lag)));
                const Month joins = r.arrival + lag;
                int adults = 0, kids = 0;
                auto member_stream = rng.stream(r.key, year_start, Draw::reunification_member);
                for (int j = 0; j < members; ++j) (member_stream.uniform() < fr.adult_share ? adults : kids)++;
                // The children count in the household (the benefit's rate) from the month they come.
                if (r.children == 0 && kids > 0 && lag > 0) r.family_joins = static_cast<std::uint8_t>(std::min(255, lag));
                r.children = static_cast<std::uint8_t>(std::min(20, r.children + kids));
                // A refugee whose partner follows, and the partner, are a couple: not single providers.
                if (adults > 0) r.ledger_flags |= household_drawn;
                for (int j = 0; j < adults && j < 255; ++j) {
                    Person f;
                    f.key = r.key | std::uint64_t(j + 1);
                    f.arrival = joins;
                    f.channel = Channel::reunified;
                    draw_attributes(f, p.reunified, rng);
                    f.children = static_cast<std::uint8_t>(std::min(20, f.children + kids));
                    f.ledger_flags |= household_drawn;
                    if (f.arrival >= start && f.arrival <= end) people.push_back(f);
                }
            }
            if (r.arrival >= start && r.arrival <= end) people.push_back(r);
        }
    }
    std::sort(people.begin(), people.end(), [](const Person& a, const Person& b) {
        return a.arrival != b.arrival ? a.arrival < b.arrival : a.key < b.key;
    });
    for (auto& q : people) q.state_since = q.arrival;
    return people;
}

}  // namespace kohorte
