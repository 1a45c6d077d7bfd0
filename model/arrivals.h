// Arrivals: the kommunekvote (refugees per year) spread over months, plus the adults who come
// later by family reunification, each with attributes drawn from a profile.
// Leaves out: children as persons (they are a household attribute), secondary migration into
// the municipality, and arrivals outside the simulated period.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "person.h"
#include "random.h"
#include "read.h"

namespace kohorte {

struct Profile {
    double female_share = 0.4;
    std::vector<AgeBand> age_bands;  // age drawn uniformly within the chosen band
    Shares age_shares;
    Shares schooling;  // keys du1, du2, du3
    std::vector<Track> schooling_track;  // the track of each schooling key
    Shares origin;     // origin group names
    double children_share = 0.0;     // share living in a household with children
    double children_mean = 2.0;      // children per such household (1 + Poisson(mean - 1))
    double trauma_share = 0.0;       // PTSD or severe distress at arrival
};

struct FamilyReunification {
    double trigger_probability = 0.0;  // per refugee: brings family at all
    double persons_per_trigger_mean = 1.0;  // family members per trigger (1 + Poisson(mean - 1))
    double adult_share = 0.0;          // of those persons, the share aged 18+
    Shares lag_months;                 // months from the sponsor's arrival to the family's
};

struct ArrivalParams {
    YearSeries refugees_per_year;  // kommunekvote, persons of all ages
    double adult_share = 0.6;      // share of the quota aged 18-64 (simulated as persons)
    Shares monthly_profile;        // 12 shares, January..December
    double quota_share = 0.0;      // share of adult refugees who are UN quota refugees
    FamilyReunification reunification;
    Profile refugee, reunified;
};

spec::NodePtr arrivals_spec();
spec::NodePtr profiles_spec();
ArrivalParams read_arrivals(const spec::json& arrivals, const spec::json& profiles);

// Persons arriving in [start, end], sorted by arrival month then key. Keys are stable across
// scenarios: refugee k of year y keeps its key (and so its random numbers) when another year's
// quota changes.
std::vector<Person> generate_arrivals(const ArrivalParams& p, Month start, Month end, const Rng& rng);

// The number of simulated adults the quota of one year gives (rounded to whole persons).
int adults_in_quota(const ArrivalParams& p, int year);

// Draws the attributes of a person from a profile (used also for caseload rows that lack them).
void draw_attributes(Person& person, const Profile& profile, const Rng& rng);

}  // namespace kohorte
