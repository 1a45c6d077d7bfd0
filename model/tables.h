// Output tables, declared once: what is counted, its label in Danish and English, its unit.
// Processes do not report; the engine fills these tables from the person records each month.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "person.h"

namespace kohorte {

struct Label {
    const char* name;  // column value / JSON key
    const char* da;
    const char* en;
    const char* unit;
};

// Monthly measures: persons in each activity at the end of the month (exits count everyone who
// left since the start), queues, starts during the month, arrivals, Danish education.
enum class Measure : std::uint8_t {
    // 0..11: the activities, in Activity order
    queue_praktik = kActivityCount, queue_loentilskud, queue_igu,
    starts_praktik, starts_loentilskud, starts_igu, starts_job,
    arrivals, danish_studying, danish_passed, in_programme, danish_passes,
    count_
};
inline constexpr int kMeasureCount = int(Measure::count_);
const Label& measure_label(int measure);

// Cohort outcomes, measured at each horizon (months after arrival) among the cohort's persons
// still in the municipality then.
enum class Outcome : std::uint8_t {
    ordinary_employment,      // ordinary unsubsidised job
    wage_employment,          // ordinary job, IGU or løntilskud
    employment_or_education,  // ordinary job or ordinary education
    off_benefits,             // job of at least the self-supporting hours, education or IGU
    company_offer_started,    // has started a praktik or løntilskud by the horizon
    danish_test_passed,       // has passed a final Danish test by the horizon
    count_
};
inline constexpr int kOutcomeCount = int(Outcome::count_);
const Label& outcome_label(int outcome);

inline constexpr std::array<const char*, 3> kSexGroups = {"all", "male", "female"};

// The shape of one replicate's tables.
struct TableShape {
    Month start;             // first simulated month
    int months = 0;
    int first_cohort = 0;    // arrival year of cohort index 0
    int cohorts = 0;
    std::vector<int> horizons;
    std::size_t monthly_size() const { return std::size_t(months) * kMeasureCount; }
    std::size_t cohort_cells() const { return std::size_t(cohorts) * 3 * horizons.size(); }
    std::size_t monthly_index(int month, int measure) const { return std::size_t(month) * kMeasureCount + measure; }
    std::size_t cohort_index(int cohort, int sex, int horizon) const {
        return (std::size_t(cohort) * 3 + sex) * horizons.size() + horizon;
    }

    // The budget (when the scenario has one): calendar years from the start's year, arrival
    // cohorts from kBudgetCohortsBefore years before it (earlier arrivals are in the first).
    static constexpr int kBudgetCohortsBefore = 10;
    static constexpr int kLines = 12;  // = kLineCount in ledger.h
    bool budget = false;
    int budget_first_year = 0, budget_years = 0;
    int budget_first_cohort = 0, budget_cohorts = 0;
    std::size_t budget_index(int year, int line) const { return std::size_t(year) * kLines + line; }
    std::size_t budget_cohort_index(int cohort, int year, int line) const {
        return (std::size_t(cohort) * budget_years + year) * kLines + line;
    }
};

// One replicate's tables.
struct ReplicateTables {
    std::vector<double> monthly;     // [month][measure]
    std::vector<double> cohort_den;  // [cohort][sex][horizon]: persons still present
    std::vector<double> cohort_num;  // [cohort][sex][horizon][outcome]
    double persons = 0;              // persons simulated
    // Budget: [year][line] and [cohort][year][line]; amounts in kr, counts in persons (one-off
    // lines) or full-year persons (monthly lines).
    std::vector<double> budget_amount, budget_count, budget_cohort_amount, budget_cohort_count;
};

// The person-months a replicate simulated: persons in a living activity, summed over the months.
double person_months(const ReplicateTables& t, const TableShape& shape);

}  // namespace kohorte
