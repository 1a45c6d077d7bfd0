// The finance ledger: per person and month, what the municipality receives and pays under the
// rule period in force — grundtilskud, resultattilskud (job, education, Danish test), the
// 2017-18 bonus, the repatriation grant, benefits paid and refunded, programme costs and their
// refund, and (shown separately, paid by the state) IGU firm bonuses. Every amount comes from a
// rule file (scenarios/rules/) with its price level and source, indexed to the year paid.
// Leaves out: the municipal equalisation (udligning), housing costs, supplementary benefit for
// part-time work, and the exact § 45 b baseline (a share of job starts stands in for it).
#pragma once
#include <algorithm>
#include <array>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "calendar.h"
#include "person.h"
#include "random.h"
#include "read.h"
#include "spec.h"

namespace kohorte {

enum class Line : std::uint8_t {
    grundtilskud,
    resultattilskud_job,
    resultattilskud_education,
    resultattilskud_danish,
    bonus,
    repatriation,
    benefits_paid,
    benefit_refund,
    programme_costs,
    programme_refund,
    igu_firm_bonus,        // paid by the state to firms: not in the municipal result
    net_municipal_result,  // income minus expenses of the lines above it, IGU bonus excluded
    count_
};
inline constexpr int kLineCount = int(Line::count_);
struct LineLabel {
    const char* name;
    const char* da;
    const char* en;
    int sign;      // +1 income, -1 expense, 0 not in the municipal result
    bool monthly;  // paid per person-month (count in full-year persons) rather than once
    const char* condition;  // the rule in words, for `kohorte explain`
};
const LineLabel& line_label(int line);

// An amount with its price level: value in `price_level` prices.
struct Amount {
    double value = 0;
    int price_level = 2015;
    bool indexed = true;     // false: a fixed sum in kroner that the law does not regulate (satsregulering)
    bool uncertain = false;  // the rule file marks it uncertain or assumption
    std::string source;
};

// The rules and amounts of one period (one rule file).
struct RulePeriod {
    std::string name, file, description;
    Month from;
    std::optional<Month> until;
    int introduction_months = 60;  // the introduction period (grants are earned within it)
    Amount grundtilskud_per_month;
    int grundtilskud_months = 36;
    // resultattilskud
    Amount job_early, job_late, education_early, education_late, danish;
    int early_window_months = 36;  // "years 1-3"; the late rate applies up to introduction_months
    int min_continuous_months = 6;
    int min_hours_per_week = 20;
    bool igu_counts_as_job = false;
    std::vector<Track> danish_tracks;
    Amount bonus_per_extra_job;  // § 45 b (2017-2018), per qualifying job start above the baseline
    Amount repatriation;
    // benefits (integrationsydelse) by household type
    Amount benefit_single_provider, benefit_provider, benefit_non_provider;
    Amount dansktillaeg_per_month, danskbonus_per_month;
    // Persons who arrived on or after `newcomers_from` get these instead (integrationsydelse for
    // arrivals from 1 September 2015 while the others kept kontanthjælp); without it, the same
    // as the others. Stated per period: a rule file does not inherit it.
    std::optional<Month> newcomers_from;
    Amount newcomer_single_provider, newcomer_provider, newcomer_non_provider, newcomer_dansktillaeg;
    int danskbonus_months = 6;
    Amount igu_school_allowance_per_month;
    // refund of benefits: staircase by weeks on benefit, or shares by activity (before 2016)
    std::vector<std::pair<int, double>> refund_staircase;  // (from week, share)
    std::vector<double> refund_share_by_month;  // the staircase integrated per month on benefit (last: ever after)
    std::array<double, kLivingActivities> refund_by_activity{};
    bool refund_is_staircase = true;
    int refund_reset_after_months_off = 12;
    // programme costs and refund
    Amount danish_per_module, praktik_per_month, loentilskud_per_hour, mentor_per_month;
    double programme_refund_share = 0.5;
    Amount programme_refund_ceiling_per_year;
    // IGU firm bonus (state)
    Amount igu_bonus_6_months, igu_bonus_completion;
};

struct BudgetParams {
    std::vector<RulePeriod> periods;  // sorted by `from`, not overlapping
    YearSeries indexation;            // satsregulering per year, e.g. 0.02 (carried forward)
    // Cumulative indexation by year (YearSeries' dense years): in_prices_of is two lookups.
    std::vector<double> price_index, price_index_inverse;
    double single_provider_share = 0.3;  // of persons with children, share who are single providers
    double supported_repatriation_share = 0.5;  // of emigrations, share with a repatriation grant
    double bonus_baseline_share = 0.5;   // share of job starts that the § 45 b baseline absorbs
    double igu_private_share = 0.8;      // IGUs in private firms (firm bonus)
    int payment_lag_months = 0;          // months from earning a grant to its payment
    int budget_year = 2027;              // "next year": the year the run summary speaks of
    int igu_months = 24;                 // IGU length (from the pathway), for the completion bonus

    const RulePeriod* period_at(Month m) const {
        const int i = m - first_period_month;
        if (i >= 0 && i < int(period_of_month.size())) return period_of_month[i] < 0 ? nullptr : &periods[period_of_month[i]];
        return i < 0 || periods.empty() || periods.back().until ? nullptr : &periods.back();
    }
    // The amount in the prices of `year` (satsregulering from its price level).
    double in_prices_of(const Amount& a, int year) const {
        if (!a.indexed) return a.value;
        const int from = a.price_level - YearSeries::kDenseFirstYear, to = year - YearSeries::kDenseFirstYear;
        const int n = int(price_index.size());
        if (from >= 0 && from < n && to >= 0 && to < n) return a.value * price_index[to] * price_index_inverse[from];
        return in_prices_of_by_year(a, year);
    }
    double in_prices_of_by_year(const Amount& a, int year) const;
    // Derived lookups (the ledger runs for every person-month): call after changing `periods`
    // or `indexation`.
    void index();
    Month first_period_month;
    std::vector<int> period_of_month;  // index into `periods` (-1: none), from the first period's start
};

spec::NodePtr rule_file_spec();
spec::NodePtr budget_spec();
// Reads the scenario's `budget` block, loading its rule files (absolute paths by now).
// Throws InputError naming the rule file, or ScenarioError for the scenario's own values.
BudgetParams read_budget(const spec::json& j);
// `overrides`: a partial rule object merged over the file (a scenario's rule_overrides).
RulePeriod load_rule_file(const std::string& path, const spec::json* overrides = nullptr);
// Every amount of a rule period: its budget line, its name there, where a rule file gives it,
// the member.
struct AmountMember {
    Line line;
    const char* name;
    const char* pointer;  // JSON pointer in the rule file
    Amount RulePeriod::*member;
};
const std::vector<AmountMember>& rule_amounts();
// The amounts behind a budget line in one period, by name (for explain and uncertainty marks).
std::vector<std::pair<const char*, const Amount*>> line_amounts(const RulePeriod& p, Line line);
// Whether a parsed JSON file is a rule file (it has "in_force_from") rather than a scenario.
bool is_rule_json(const spec::json& doc);

// What one person-month adds to the budget: amounts (kr, in the prices of the year paid) and
// counts (persons triggering the line), by line, booked in `year` (the payment year).
struct LedgerEntry {  // no member initializers: LedgerEntries' buffer stays uninitialised
    int line;
    int year;
    double amount;
};

// The non-zero lines of one person-month (a fixed buffer), for tests and `kohorte explain`.
struct LedgerEntries {
    std::array<LedgerEntry, 16> entry;  // at most 11 lines can be booked in one month
    int count = 0;
    const LedgerEntry* begin() const { return entry.data(); }
    const LedgerEntry* end() const { return entry.data() + count; }
    void book(Line line, double amount, int year) { entry[count++] = {int(line), year, amount}; }
    void book_paid(Line line, double amount, int pay_year) { book(line, amount, pay_year); }
};

// The simulation's book: one person-month goes straight into the budget tables of the person's
// cohort, as amounts and counts by line (rows of kLineCount cells) for the year it is booked in
// (`book`) and for the year the result grants are paid in (`book_paid`; the same row when the
// two years are the same). A null payment row is a year after the tables.
struct LedgerRows {
    double* amount = nullptr;         // booking year (the month's, always in the tables), by line
    double* count = nullptr;
    double* paid_amount = nullptr;    // payment year, by line
    double* paid_count = nullptr;
    const double* line_count = nullptr;  // what one entry counts as, by line (1/12: monthly lines)
    // `entries` entries of a line at once (value: their sum), in the booking year.
    [[gnu::always_inline]] void book_many(Line line, double value, int entries) {
        amount[int(line)] += value;
        count[int(line)] += entries * line_count[int(line)];
    }
    [[gnu::always_inline]] void book(Line line, double value, int /*year: the booking year*/) {
        book_many(line, value, 1);
    }
    [[gnu::always_inline]] void book_paid(Line line, double value, int /*pay_year*/) {
        if (!paid_amount) return;  // paid after the simulated period
        paid_amount[int(line)] += value;
        paid_count[int(line)] += line_count[int(line)];
    }
};

// The rules in force in one month with every amount in the prices of the year it is booked in,
// worked out once per rule period and year rather than per person.
struct LedgerRules {
    const RulePeriod* period = nullptr;  // null: no rules in force
    RulePeriod now;                      // the period, amounts in this year's prices
    RulePeriod paid;                     // amounts in the prices of the payment year (grants)
    int year = 0, pay_year = 0;
    // The monthly programme cost of a placement by activity (praktik; 0 for the others): one
    // lookup instead of a test per activity, which persons in mixed order mispredict.
    std::array<double, kActivityCount> placement_cost{};
    double loentilskud_per_month = 0;  // the subsidy, booked with the benefit
    std::array<double, 3> benefit_by_household{};  // non-provider, single provider, provider
    std::array<double, 3> newcomer_benefit_by_household{};  // the same for newcomers (RulePeriod::newcomers_from)
    // Months from arrival in which the state refunds programme costs: the introduction period,
    // cut to the programme's length (policy.programme_months) when the programme is shorter,
    // as the refund is for the programme's offers. Set by the engine; unlimited by default.
    int programme_months = std::numeric_limits<int>::max();
    int refund_months = 0;  // min(now.introduction_months, programme_months), by update_ledger_rules
};
LedgerRules ledger_rules(const BudgetParams& p, Month now);
// The programme's length in months from arrival (policy.programme_months): refunds stop with it.
inline void set_programme_months(LedgerRules& rules, int months) {
    rules.programme_months = months;
    rules.refund_months = std::min(rules.now.introduction_months, months);
}
// Whether `rules` are those of `now` (the same period, year and payment year).
bool ledger_rules_current(const LedgerRules& rules, const BudgetParams& p, Month now);
// `rules` brought to `now`: worked out again only when the period, the year or the payment year
// changes (then returns true).
bool update_ledger_rules(LedgerRules& rules, const BudgetParams& p, Month now);

// One month of one person's ledger, at the end of the month (after the processes and the
// capacity allocation): the lines it books go to `book` (LedgerEntries or LedgerRows).
// `mentor_active`: the policy's mentor lever applies to this person this month.
template <class Book>
void ledger_month(Person& person, const BudgetParams& p, const LedgerRules& rules, bool mentor_active,
                  const Rng& rng, Month now, Book& book);
extern template void ledger_month(Person&, const BudgetParams&, const LedgerRules&, bool, const Rng&, Month,
                                  LedgerEntries&);
extern template void ledger_month(Person&, const BudgetParams&, const LedgerRules&, bool, const Rng&, Month,
                                  LedgerRows&);
// Months [first, last] of one person under one set of rules, the person's state unchanged over
// them: what ledger_month would book month by month. The engine books a person's months this way,
// in stretches between the changes of their state, rather than every month. Months where
// something may happen besides the monthly lines (events) go through ledger_month; the quiet
// months between them are added up in one step. `mentor_months`: months from a job start that
// the mentor lever pays for (0: none).
void ledger_months(Person& person, const BudgetParams& p, const LedgerRules& rules, int mentor_months, const Rng& rng,
                   Month first, Month last, LedgerRows& book);
// What the ledger must remember of the months before the run for a person of the initial
// caseload, whose history is not known: the months from arrival to `start` count as months on
// benefit (the refund staircase goes on from there), except those of a current activity off
// benefit (job, education, IGU; løntilskud counts as on it), which count as consecutive months
// off benefit; the Danish
// modules started before `start` were paid for then.
void ledger_history_before(Person& person, Month start);
// The lines one person-month books, working out the month's rules first.
LedgerEntries ledger_month(Person& person, const BudgetParams& p, bool mentor_active, const Rng& rng, Month now);

}  // namespace kohorte
