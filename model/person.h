// The simulated person: an adult aged 18-64 at arrival. Children are an attribute of the
// household. The record is small on purpose (memory grows with persons, not with months).
#pragma once
#include <array>
#include <cstdint>
#include <string_view>

#include "calendar.h"

namespace kohorte {

// One activity at a time (the labour-market pathway); the last four are exits.
enum class Activity : std::uint8_t {
    reception,    // modtagelse: the first months after arrival
    waiting,      // in the programme without an offer (ledig, or between offers)
    praktik,      // virksomhedspraktik: unpaid company placement
    loentilskud,  // løntilskud: subsidised job
    igu,          // integrationsgrunduddannelse: 24 months of paid work and school
    job,          // ordinary unsubsidised job
    education,    // ordinary education (SU or trainee pay)
    inactive,     // illness, leave, outside the labour force
    moved_away,   // moved to another municipality
    emigrated,    // emigrated or repatriated
    died,
    retired,      // reached the retirement age
};
inline constexpr int kActivityCount = 12;
inline constexpr int kLivingActivities = 8;  // reception .. inactive
inline constexpr std::array<const char*, kActivityCount> kActivityNames = {
    "reception", "waiting",  "praktik",    "loentilskud", "igu",  "job",
    "education", "inactive", "moved_away", "emigrated",   "died", "retired"};
inline bool is_exit(Activity a) { return a >= Activity::moved_away; }

// The index of `name` in one of the name tables here (kActivityNames, ...), -1 if absent.
template <std::size_t N>
int index_in(const std::array<const char*, N>& names, std::string_view name) {
    for (std::size_t i = 0; i < N; ++i)
        if (name == names[i]) return int(i);
    return -1;
}

enum class Sex : std::uint8_t { male, female };
// How the person came: spontaneous asylum, UN quota (resettled), or family reunification.
enum class Channel : std::uint8_t { asylum, quota, reunified };
inline constexpr std::array<const char*, 3> kChannelNames = {"asylum", "quota", "reunified"};
// Schooling and literacy decide the Danish track: DU1 (not literate, or not in the Latin
// alphabet), DU2 (short schooling), DU3 (medium or long schooling).
enum class Track : std::uint8_t { du1, du2, du3 };
inline constexpr std::array<const char*, 3> kTrackNames = {"du1", "du2", "du3"};

enum class DanishStatus : std::uint8_t {
    not_started,
    studying,
    paused,
    awaiting_test,  // all modules done; sits the final test (PD1/2/3) at the next sitting
    passed,
    dropped,
    expired,  // the 5-year entitlement ran out before a pass
};

// Whether a state is one of a few, as one bit test: chains of == compile to branches, which
// persons in mixed order of state mispredict. one_of<Activity::job, Activity::igu>(p.activity)
template <auto First, auto... Rest>
constexpr bool one_of(decltype(First) value) {
    static_assert(unsigned(First) < 32 && ((unsigned(Rest) < 32) && ...), "one_of: states 0-31 only");
    constexpr unsigned mask = (1u << unsigned(First)) | ((1u << unsigned(Rest)) | ... | 0u);
    return ((1u << unsigned(value)) & mask) != 0;
}

inline constexpr int kNever = -1;  // "month index" for events that have not happened

// Person::ledger_flags: the result grants and the § 45 b bonus earned (one each), whether the
// household type has been settled (drawn by the ledger, or set at arrival for a couple reunited),
// and whether single.
enum LedgerFlag : std::uint8_t {
    grant_job = 1,
    grant_education = 2,
    grant_danish = 4,
    household_drawn = 8,
    household_single = 16,
    bonus_paid = 32,  // the § 45 b bonus (once per person)
};

struct Person {
    std::uint64_t key = 0;       // stable identity: keys the random streams
    Month arrival;               // month of arrival in the municipality
    Month state_since;           // month the current activity started
    int last_offer_end = kNever;  // month index a praktik/løntilskud ended
    int first_offer = kNever;     // month index of the first company-based offer
    int danish_start = kNever;
    int danish_passed = kNever;
    int queued_since = kNever;

    std::uint8_t age_at_arrival = 30;
    Sex sex = Sex::male;
    Channel channel = Channel::asylum;
    Track track = Track::du2;
    std::uint8_t origin = 0;  // index into the profile's origin groups
    std::uint8_t children = 0;
    bool trauma = false;
    bool jobparat = true;  // assessed job-ready (else activity-ready) at the end of reception
    bool ever_igu = false;
    bool ever_queued_igu = false;
    Activity activity = Activity::reception;
    Activity last_offer = Activity::waiting;  // praktik or loentilskud, the last one ended
    Activity queued_for = Activity::waiting;  // waiting = not queued
    DanishStatus danish = DanishStatus::not_started;
    std::uint8_t danish_module = 0;  // modules completed
    std::uint8_t job_hours = 0;      // hours per week in the current job / IGU
    std::uint16_t fixed_class = 0;   // index of the person's fixed effects (FixedEffectsTable)

    // Ledger state (ledger.cpp): what the refund staircase, the grants and the course fees
    // need to remember, and how far the person's months are booked (the engine books them in
    // stretches of unchanged state, not month by month).
    std::uint16_t benefit_months = 0;     // months on benefit (refund staircase)
    std::uint8_t months_off_benefit = 0;  // consecutive months off benefit (staircase reset)
    std::uint8_t ledger_flags = 0;        // result grants earned (one each) and the household type
    std::uint8_t modules_charged = 0;     // Danish modules already paid for
    std::uint8_t danskbonus_left = 0;     // months of danskbonus still to pay
    std::uint16_t ledger_booked = 0;      // months from arrival whose ledger is booked
    std::uint8_t cost_year = 0;           // calendar year of `cost_this_year`, modulo 256 (a stay is shorter)
    std::uint8_t family_joins = 0;        // months after arrival when reunified children join a household
                                          // that had none (0: none to come); `children` counts them
    float cost_this_year = 0;             // programme costs so far this year (refund ceiling)
    float refund_this_year = 0;           // programme refund so far this year

    int age_at(Month m) const { return age_at_arrival + (m - arrival) / 12; }
    int months_since_arrival(Month m) const { return m - arrival; }
    int months_in_state(Month m) const { return m - state_since; }
};

}  // namespace kohorte
