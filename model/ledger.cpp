#include "ledger.h"

#include <algorithm>
#include <functional>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "scenario.h"

namespace kohorte {

namespace s = spec;
using spec::json;
namespace fs = std::filesystem;

namespace {

const std::array<LineLabel, kLineCount> kLines = {{
    {"grundtilskud", "Grundtilskud", "Basic grant (grundtilskud)", +1, true,
     "per person and month in the municipality during the first `grundtilskud.months` months after arrival"},
    {"resultattilskud_job", "Resultattilskud, job", "Result grant, job", +1, false,
     "once per person: an ordinary job of at least `min_hours_per_week` hours kept `min_continuous_months` "
     "continuous months, started within the introduction period; the years 1-3 rate if started within "
     "`early_window_months` of arrival, else the years 4-5 rate; paid `payment_lag_months` after earning"},
    {"resultattilskud_education", "Resultattilskud, uddannelse", "Result grant, education", +1, false,
     "once per person: ordinary education kept `min_continuous_months` continuous months, started within "
     "the introduction period (rates as for the job grant)"},
    {"resultattilskud_danish", "Resultattilskud, danskprøve", "Result grant, Danish test", +1, false,
     "once per person: a final Danish test of a track in `danish_tracks` passed within the introduction period"},
    {"bonus", "Bonus for ekstra i job (§ 45 b)", "Bonus per extra person in work (§ 45 b)", +1, false,
     "once per person: the first ordinary job start (at least `min_hours_per_week`) where the rules pay it "
     "(2017-2018), unless the baseline takes it: it absorbs `bonus_baseline_share` of these persons (the "
     "real formula is not verified)"},
    {"repatriation", "Resultattilskud, repatriering", "Repatriation grant", +1, false,
     "per person who emigrates with repatriation support (`supported_repatriation_share` of emigrations)"},
    {"benefits_paid", "Udbetalt ydelse og løntilskud", "Benefits and løntilskud paid", -1, true,
     "integrationsydelse per month in reception, waiting, praktik or inactive, by household type, plus "
     "dansktillæg/danskbonus after PD2+ and the IGU school allowance; the løntilskud subsidy, booked with "
     "the benefit (function 5.46.61)"},
    {"benefit_refund", "Refusion af ydelse", "Benefit refund", +1, true,
     "the state's share of the benefit: the staircase by cumulative weeks on benefit (from 2016) or a share by "
     "activity (before)"},
    {"programme_costs", "Udgifter til tilbud og dansk", "Programme costs", -1, true,
     "Danish modules started, praktik months, mentors"},
    {"programme_refund", "Refusion af tilbudsudgifter", "Programme cost refund", +1, true,
     "`programme_refund.share` of programme costs within the per-person ceiling per calendar year"},
    {"igu_firm_bonus", "IGU-bonus til virksomheder (staten)", "IGU firm bonus (state)", 0, false,
     "paid by the state to private firms after 6 months of an IGU and at its completion; not municipal"},
    {"net_municipal_result", "Kommunens nettoresultat", "Net municipal result", 0, false,
     "income lines minus expense lines; the IGU firm bonus is not included"},
}};

}  // namespace

const LineLabel& line_label(int line) { return kLines[line]; }

spec::NodePtr rule_file_spec() {
    auto kr = [](const char* d) { return s::amount("kr", d); };
    auto kr_month = [](const char* d) { return s::amount("kr/month", d); };
    auto share = [](const char* d) { return s::number(0, 1, "share", d); };
    std::vector<std::string> activities(kActivityNames.begin(), kActivityNames.begin() + kLivingActivities);
    return s::object(
        "a rule period: the programme rules and amounts in force from a date",
        {s::optional("extends", s::text("an earlier rule file whose rules this one changes")),
         s::required("name", s::text("short name, e.g. dk-2016")),
         s::optional("description", s::text("what changed and the legal basis")),
         s::required("in_force_from", s::month("first month the rules apply")),
         s::optional("in_force_until", s::month("last month the rules apply (default: until the next period)")),
         s::required("introduction_period_months", s::integer(1, 120, "months", "result grants are earned within it")),
         s::required("grundtilskud", s::object("basic grant per person and month",
                                               {s::required("per_month", kr_month("amount per month")),
                                                s::required("months", s::integer(0, 120, "months",
                                                                                 "paid for this many months from arrival"))})),
         s::required("resultattilskud",
                     s::object("result grants, once per person each",
                               {s::required("job_years_1_3", kr("ordinary job started in the early window")),
                                s::required("job_years_4_5", kr("ordinary job started later in the introduction period")),
                                s::required("education_years_1_3", kr("education started in the early window")),
                                s::required("education_years_4_5", kr("education started later")),
                                s::required("danish_test", kr("passed Danish test within the introduction period")),
                                s::required("early_window_months", s::integer(1, 120, "months", "the 'years 1-3' window")),
                                s::required("min_continuous_months", s::integer(1, 24, "months", "the job or education must last")),
                                s::required("min_hours_per_week", s::integer(0, 60, "hours/week", "average hours of the job")),
                                s::required("igu_counts_as_job", s::boolean("an IGU spell earns the job grant")),
                                s::required("danish_tracks", s::array_of(s::choice({"du1", "du2", "du3"}, ""),
                                                                         "tracks whose final test earns the grant", 0, 3))})),
         s::required("bonus_per_extra_job", kr("§ 45 b bonus per extra person in ordinary work (0 outside 2017-18)")),
         s::required("repatriation_grant", kr("per person repatriating with support")),
         s::required("benefit_per_month",
                     s::object("integrationsydelse by household type",
                               {s::required("single_provider", kr_month("enlig forsørger")),
                                s::required("provider", kr_month("forsørger in a couple")),
                                s::required("non_provider", kr_month("no children"))})),
         s::optional("newcomers",
                     s::object("other benefit rates for persons who arrived from a date (this period only: not "
                               "inherited by a rule file that extends this one)",
                               {s::required("arrived_from", s::month("first arrival month the rates apply to")),
                                s::required("benefit_per_month",
                                            s::object("their benefit by household type",
                                                      {s::required("single_provider", kr_month("enlig forsørger")),
                                                       s::required("provider", kr_month("forsørger in a couple")),
                                                       s::required("non_provider", kr_month("no children"))})),
                                s::required("dansktillaeg_per_month", kr_month("their Danish supplement after PD2+"))})),
         s::required("dansktillaeg_per_month", kr_month("Danish supplement on the benefit after PD2+ (0 if none)")),
         s::required("danskbonus_per_month", kr_month("danskbonus after PD2+ on the benefit (0 if none)")),
         s::required("danskbonus_months", s::integer(0, 60, "months", "months the danskbonus is paid")),
         s::required("igu_school_allowance_per_month", kr_month("uddannelsesgodtgørelse, paid for school weeks")),
         s::required("igu_school_weeks", s::integer(0, 104, "weeks", "school weeks in a 104-week IGU")),
         s::required("benefit_refund",
                     s::object("state refund of the benefit",
                               {s::optional("staircase",
                                            s::array_of(s::object("a step", {s::required("from_week", s::integer(1, 10000, "week", "")),
                                                                              s::required("share", share(""))}),
                                                        "refund share by cumulative weeks on benefit", 1)),
                                s::optional("by_activity", s::map_of(share(""), "refund share by activity (before 2016)",
                                                                     activities)),
                                s::required("reset_after_months_off", s::integer(1, 120, "months",
                                                                                 "the staircase starts over after this long off benefit"))})),
         s::required("programme_costs",
                     s::object("costs of the offers",
                               {s::required("danish_per_module", kr("price of one Danish module")),
                                s::required("praktik_per_month", kr_month("costs of a virksomhedspraktik")),
                                s::required("loentilskud_per_hour", s::amount("kr/hour", "løntilskud subsidy per hour; booked with the benefit and refunded on its staircase (rules-and-rates §6)")),
                                s::required("loentilskud_hours_per_week", s::integer(1, 40, "hours/week", "hours subsidised")),
                                s::required("mentor_per_month", kr_month("a mentor"))})),
         s::required("programme_refund",
                     s::object("state refund of programme costs",
                               {s::required("share", share("refunded share")),
                                s::required("ceiling_per_year", kr("rådighedsbeløb per person and year"))})),
         s::required("igu_firm_bonus",
                     s::object("state bonus to private firms with an IGU",
                               {s::required("after_6_months", kr("")), s::required("at_completion", kr(""))}))});
}

spec::NodePtr budget_spec() {
    return s::object(
        "the budget forecast",
        {s::required("rules", s::array_of(s::text(""), "rule files (relative to the file that names them)", 1)),
         s::required("indexation_per_year",
                     s::by_year(s::number(-0.2, 0.5, "rate", ""), "satsregulering per year (carried forward)")),
         s::required("single_provider_share", s::number(0, 1, "share", "of parents without a partner coming by family reunification, single providers")),
         s::required("supported_repatriation_share", s::number(0, 1, "share", "of emigrations, with a repatriation grant")),
         s::required("bonus_baseline_share", s::number(0, 1, "share", "of job starts the § 45 b baseline absorbs")),
         s::required("igu_private_share", s::number(0, 1, "share", "of IGUs in private firms")),
         s::required("payment_lag_months", s::integer(0, 24, "months", "from earning a grant to its payment")),
         s::required("budget_year", s::integer(1900, 2200, "year", "the year being budgeted (\"next year\")")),
         s::optional("rule_overrides", s::map_of(s::as_partial(rule_file_spec()),
                                                 "changes to the amounts of a rule period, keyed by its name"))});
}

namespace {

Amount read_amount(const json& j) {
    Amount a;
    a.value = j.at("value").get<double>();
    a.price_level = j.at("price_level").get<int>();
    a.indexed = j.value("indexed", true);
    a.source = j.at("source").get<std::string>();
    const std::string status = j.value("status", "confirmed");
    a.uncertain = status == "uncertain" || status == "assumption";
    return a;
}

json resolve_rule_json(const fs::path& path, std::vector<fs::path> chain) {
    const fs::path canonical = fs::weakly_canonical(path);
    if (std::find(chain.begin(), chain.end(), canonical) != chain.end())
        throw InputError({path.string() + ": /extends: `extends` cycle"});
    // The same strict reading as scenario files: a folder, a duplicate key or a number too large
    // is an error naming the file.
    json doc = read_json_file(path.string(), "a rule file (.json)");
    std::vector<std::string> problems;
    for (auto& e : s::validate(doc, *rule_file_spec(), true)) problems.push_back(path.string() + ": " + e.pointer + ": " + e.message);
    if (!problems.empty()) throw InputError(problems);
    if (!doc.contains("extends")) return doc;
    chain.push_back(canonical);
    const json base = resolve_rule_json(path.parent_path() / doc["extends"].get<std::string>(), chain);
    doc.erase("extends");
    std::vector<std::pair<std::string, std::string>> ignored;
    json merged = s::merge(base, doc, *rule_file_spec(), path.string(), ignored);
    merged.erase("in_force_until");  // a period's end is its own, never inherited
    merged.erase("newcomers");       // so are the newcomers' rates (a later period's benefits replace them)
    if (doc.contains("newcomers")) merged["newcomers"] = doc["newcomers"];
    if (doc.contains("in_force_until")) merged["in_force_until"] = doc["in_force_until"];
    // The two kinds of benefit refund replace each other.
    if (doc.contains("benefit_refund")) {
        if (doc["benefit_refund"].contains("staircase")) merged["benefit_refund"].erase("by_activity");
        if (doc["benefit_refund"].contains("by_activity")) merged["benefit_refund"].erase("staircase");
    }
    return merged;
}

}  // namespace

bool is_rule_json(const json& doc) { return doc.is_object() && doc.contains("in_force_from"); }

namespace {
// The share of a month's benefit the state refunds, integrating the staircase over the weeks
// the month covers.
double staircase_share(const RulePeriod& r, double weeks_before) {
    const double weeks_now = 52.0 / 12.0;
    double refunded = 0;
    for (std::size_t i = 0; i < r.refund_staircase.size(); ++i) {
        const double lo = r.refund_staircase[i].first - 1.0;  // week 1 covers (0, 1]
        const double hi = i + 1 < r.refund_staircase.size() ? r.refund_staircase[i + 1].first - 1.0 : 1e18;
        const double overlap = std::max(0.0, std::min(hi, weeks_before + weeks_now) - std::max(lo, weeks_before));
        refunded += overlap * r.refund_staircase[i].second;
    }
    return refunded / weeks_now;
}

}  // namespace

RulePeriod load_rule_file(const std::string& path, const json* overrides) {
    json j = resolve_rule_json(path, {});
    if (overrides) {
        std::vector<std::pair<std::string, std::string>> ignored;
        j = s::merge(j, *overrides, *rule_file_spec(), "", ignored);
    }
    std::vector<std::string> problems;
    for (auto& e : s::validate(j, *rule_file_spec(), false)) problems.push_back(path + ": " + e.pointer + ": " + e.message);
    if (!problems.empty()) throw InputError(problems);
    RulePeriod r;
    r.file = path;
    r.name = j.at("name").get<std::string>();
    r.description = j.value("description", "");
    r.from = month_at(j, "in_force_from");
    if (j.contains("in_force_until")) r.until = month_at(j, "in_force_until");
    if (r.until && *r.until < r.from)
        throw InputError({path + ": /in_force_until: must not be before in_force_from"});
    r.introduction_months = integer(j, "introduction_period_months");
    r.grundtilskud_months = integer(j.at("grundtilskud"), "months");
    const bool newcomers = j.contains("newcomers");
    if (newcomers) r.newcomers_from = month_at(j.at("newcomers"), "arrived_from");
    for (auto& a : rule_amounts())
        if (newcomers || std::string_view(a.pointer).rfind("/newcomers/", 0) != 0)
            r.*a.member = read_amount(j.at(json::json_pointer(a.pointer)));
    if (!newcomers) {  // the same rates as everyone's
        r.newcomer_single_provider = r.benefit_single_provider;
        r.newcomer_provider = r.benefit_provider;
        r.newcomer_non_provider = r.benefit_non_provider;
        r.newcomer_dansktillaeg = r.dansktillaeg_per_month;
    }
    const json& rt = j.at("resultattilskud");
    r.early_window_months = integer(rt, "early_window_months");
    r.min_continuous_months = integer(rt, "min_continuous_months");
    r.min_hours_per_week = integer(rt, "min_hours_per_week");
    r.igu_counts_as_job = rt.at("igu_counts_as_job").get<bool>();
    for (auto& t : rt.at("danish_tracks"))
        r.danish_tracks.push_back(t == "du1" ? Track::du1 : t == "du2" ? Track::du2 : Track::du3);
    r.danskbonus_months = integer(j, "danskbonus_months");
    r.igu_school_allowance_per_month.value *= integer(j, "igu_school_weeks") / 104.0;  // averaged over the IGU
    const json& rf = j.at("benefit_refund");
    if (rf.contains("staircase") == rf.contains("by_activity"))
        throw InputError({path + ": /benefit_refund: give exactly one of \"staircase\" and \"by_activity\""});
    r.refund_is_staircase = rf.contains("staircase");
    if (r.refund_is_staircase) {
        for (auto& step : rf.at("staircase")) r.refund_staircase.emplace_back(integer(step, "from_week"), num(step, "share"));
        if (r.refund_staircase.front().first != 1)
            throw InputError({path + ": /benefit_refund/staircase/0/from_week: the first step must start at week 1"});
        for (std::size_t i = 1; i < r.refund_staircase.size(); ++i)
            if (r.refund_staircase[i].first <= r.refund_staircase[i - 1].first)
                throw InputError({path + ": /benefit_refund/staircase/" + std::to_string(i) +
                                  "/from_week: steps must start at increasing weeks"});
        // The share by months on benefit, up to the month from which the last step covers it all.
        const int months = int(r.refund_staircase.back().first / (52.0 / 12.0)) + 2;
        for (int k = 0; k <= months; ++k) r.refund_share_by_month.push_back(staircase_share(r, k * 52.0 / 12.0));
    } else {
        for (auto& [k, v] : rf.at("by_activity").items())
            for (int a = 0; a < kLivingActivities; ++a)
                if (k == kActivityNames[a]) r.refund_by_activity[a] = s::value_of(v);
    }
    r.refund_reset_after_months_off = integer(rf, "reset_after_months_off");
    const json& pc = j.at("programme_costs");
    r.loentilskud_per_hour.value *= integer(pc, "loentilskud_hours_per_week") * 52.0 / 12.0;  // per month
    r.programme_refund_share = num(j.at("programme_refund"), "share");
    return r;
}

BudgetParams read_budget(const json& j) {
    BudgetParams p;
    const json overrides = j.value("rule_overrides", json::object());
    for (auto& f : j.at("rules")) {
        const std::string file = f.get<std::string>();
        const std::string name = resolve_rule_json(file, {}).at("name").get<std::string>();
        p.periods.push_back(load_rule_file(file, overrides.contains(name) ? &overrides.at(name) : nullptr));
    }
    for (auto& [name, ignored] : overrides.items()) {
        bool known = false;
        for (auto& period : p.periods) known = known || period.name == name;
        if (!known) throw ScenarioError("/budget/rule_overrides/" + name, "no rule period named \"" + name + "\" among /budget/rules");
    }
    std::stable_sort(p.periods.begin(), p.periods.end(), [](auto& a, auto& b) { return a.from < b.from; });
    for (std::size_t i = 0; i + 1 < p.periods.size(); ++i) {
        const auto& a = p.periods[i];
        const auto& b = p.periods[i + 1];
        if (a.from == b.from || (a.until && *a.until >= b.from))
            throw InputError({b.file + ": /in_force_from: the period " + b.name + " (from " + format_month(b.from) +
                              ") overlaps " + a.name + " (" + a.file + ", from " + format_month(a.from) +
                              (a.until ? " until " + format_month(*a.until) : std::string()) + ")"});
    }
    // A period without an end lasts until the next one starts.
    for (std::size_t i = 0; i + 1 < p.periods.size(); ++i)
        if (!p.periods[i].until) p.periods[i].until = p.periods[i + 1].from - 1;
    p.indexation = read_year_series(j.at("indexation_per_year"), 0.0);
    p.index();
    p.single_provider_share = num(j, "single_provider_share");
    p.supported_repatriation_share = num(j, "supported_repatriation_share");
    p.bonus_baseline_share = num(j, "bonus_baseline_share");
    p.igu_private_share = num(j, "igu_private_share");
    p.payment_lag_months = integer(j, "payment_lag_months");
    p.budget_year = integer(j, "budget_year");
    return p;
}

const std::vector<AmountMember>& rule_amounts() {
    static const std::vector<AmountMember> amounts = {
        {Line::grundtilskud, "per_month", "/grundtilskud/per_month", &RulePeriod::grundtilskud_per_month},
        {Line::resultattilskud_job, "years_1_3", "/resultattilskud/job_years_1_3", &RulePeriod::job_early},
        {Line::resultattilskud_job, "years_4_5", "/resultattilskud/job_years_4_5", &RulePeriod::job_late},
        {Line::resultattilskud_education, "years_1_3", "/resultattilskud/education_years_1_3", &RulePeriod::education_early},
        {Line::resultattilskud_education, "years_4_5", "/resultattilskud/education_years_4_5", &RulePeriod::education_late},
        {Line::resultattilskud_danish, "danish_test", "/resultattilskud/danish_test", &RulePeriod::danish},
        {Line::bonus, "per_extra_job", "/bonus_per_extra_job", &RulePeriod::bonus_per_extra_job},
        {Line::repatriation, "per_person", "/repatriation_grant", &RulePeriod::repatriation},
        {Line::benefits_paid, "single_provider", "/benefit_per_month/single_provider", &RulePeriod::benefit_single_provider},
        {Line::benefits_paid, "provider", "/benefit_per_month/provider", &RulePeriod::benefit_provider},
        {Line::benefits_paid, "non_provider", "/benefit_per_month/non_provider", &RulePeriod::benefit_non_provider},
        {Line::benefits_paid, "dansktillaeg", "/dansktillaeg_per_month", &RulePeriod::dansktillaeg_per_month},
        {Line::benefits_paid, "newcomer_single_provider", "/newcomers/benefit_per_month/single_provider", &RulePeriod::newcomer_single_provider},
        {Line::benefits_paid, "newcomer_provider", "/newcomers/benefit_per_month/provider", &RulePeriod::newcomer_provider},
        {Line::benefits_paid, "newcomer_non_provider", "/newcomers/benefit_per_month/non_provider", &RulePeriod::newcomer_non_provider},
        {Line::benefits_paid, "newcomer_dansktillaeg", "/newcomers/dansktillaeg_per_month", &RulePeriod::newcomer_dansktillaeg},
        {Line::benefits_paid, "danskbonus", "/danskbonus_per_month", &RulePeriod::danskbonus_per_month},
        {Line::benefits_paid, "igu_school_allowance", "/igu_school_allowance_per_month", &RulePeriod::igu_school_allowance_per_month},
        {Line::programme_costs, "danish_per_module", "/programme_costs/danish_per_module", &RulePeriod::danish_per_module},
        {Line::programme_costs, "praktik_per_month", "/programme_costs/praktik_per_month", &RulePeriod::praktik_per_month},
        {Line::benefits_paid, "loentilskud_per_month", "/programme_costs/loentilskud_per_hour", &RulePeriod::loentilskud_per_hour},
        {Line::programme_costs, "mentor_per_month", "/programme_costs/mentor_per_month", &RulePeriod::mentor_per_month},
        {Line::programme_refund, "ceiling_per_year", "/programme_refund/ceiling_per_year", &RulePeriod::programme_refund_ceiling_per_year},
        {Line::igu_firm_bonus, "after_6_months", "/igu_firm_bonus/after_6_months", &RulePeriod::igu_bonus_6_months},
        {Line::igu_firm_bonus, "at_completion", "/igu_firm_bonus/at_completion", &RulePeriod::igu_bonus_completion},
    };
    return amounts;
}

std::vector<std::pair<const char*, const Amount*>> line_amounts(const RulePeriod& p, Line line) {
    std::vector<std::pair<const char*, const Amount*>> out;
    for (auto& a : rule_amounts())
        if (a.line == line && (p.newcomers_from || std::string_view(a.pointer).rfind("/newcomers/", 0) != 0))
            out.emplace_back(a.name, &(p.*a.member));
    return out;
}

namespace {
int pay_year_of(const BudgetParams& b, Month now) { return (now + b.payment_lag_months).year(); }
}  // namespace

LedgerRules ledger_rules(const BudgetParams& b, Month now) {
    LedgerRules rules;
    update_ledger_rules(rules, b, now);
    return rules;
}

bool ledger_rules_current(const LedgerRules& rules, const BudgetParams& b, Month now) {
    return rules.period == b.period_at(now) && rules.year == now.year() && rules.pay_year == pay_year_of(b, now);
}

bool update_ledger_rules(LedgerRules& rules, const BudgetParams& b, Month now) {
    if (ledger_rules_current(rules, b, now)) return false;
    const RulePeriod* period = b.period_at(now);
    const int year = now.year(), pay_year = pay_year_of(b, now);
    // The texts and lists are copied once per period; a new year only reprices the amounts.
    if (rules.period != period && period) rules.now = rules.paid = *period;
    rules.period = period;
    rules.year = year;
    rules.pay_year = pay_year;
    if (!period) return true;
    set_programme_months(rules, rules.programme_months);
    auto price = [&](RulePeriod& r, int in_year) {
        for (auto& a : rule_amounts()) {
            Amount& x = r.*a.member;
            x.value = b.in_prices_of(period->*a.member, in_year);
            x.price_level = in_year;
        }
    };
    price(rules.now, year);
    price(rules.paid, pay_year);
    rules.benefit_by_household = {rules.now.benefit_non_provider.value, rules.now.benefit_single_provider.value,
                                  rules.now.benefit_provider.value};
    rules.newcomer_benefit_by_household = {rules.now.newcomer_non_provider.value, rules.now.newcomer_single_provider.value,
                                           rules.now.newcomer_provider.value};
    rules.placement_cost = {};
    rules.placement_cost[int(Activity::praktik)] = rules.now.praktik_per_month.value;
    rules.loentilskud_per_month = rules.now.loentilskud_per_hour.value;
    return true;
}

void BudgetParams::index() {
    price_index.assign(indexation.dense.size(), 1.0);
    for (std::size_t i = 1; i < price_index.size(); ++i) price_index[i] = price_index[i - 1] * (1.0 + indexation.dense[i]);
    price_index_inverse.clear();
    for (double x : price_index) price_index_inverse.push_back(1.0 / x);
    period_of_month.clear();
    if (periods.empty()) return;
    first_period_month = periods.front().from;
    const Month last = periods.back().until ? *periods.back().until : periods.back().from;
    for (Month m = first_period_month; m <= last; m = m + 1) {
        int found = -1;
        for (std::size_t i = 0; i < periods.size(); ++i)
            if (periods[i].from <= m && (!periods[i].until || m <= *periods[i].until)) found = int(i);
        period_of_month.push_back(found);
    }
}

double BudgetParams::in_prices_of_by_year(const Amount& a, int year) const {
    double v = a.value;
    if (!a.indexed) return v;
    for (int y = a.price_level + 1; y <= year; ++y) v *= 1.0 + indexation.at(y);
    for (int y = a.price_level; y > year; --y) v /= 1.0 + indexation.at(y);
    return v;
}

namespace {

// Months on the benefit's refund staircase: on integrationsydelse, or in løntilskud, whose subsidy
// is booked with the benefit (function 5.46.61, rules-and-rates §6) in its place.
bool on_benefit(Activity a) {
    return one_of<Activity::reception, Activity::waiting, Activity::praktik, Activity::inactive, Activity::loentilskud>(a);
}

// The month's integrationsydelse before danskbonus: by household type (drawn once per person,
// keyed by the arrival month, and remembered; children from the month they are here), plus
// dansktillaeg after a PD2 or PD3 pass.
[[gnu::always_inline]] inline double benefit_before_bonus(Person& p, const BudgetParams& b, const LedgerRules& rules,
                                                          const Rng& rng, Month now) {
    if (!(p.ledger_flags & household_drawn))
        p.ledger_flags |= household_drawn | (rng.uniform(p.key, p.arrival.index, Draw::household_type) <
                                                     b.single_provider_share
                                                 ? household_single
                                                 : 0);
    const bool single = p.ledger_flags & household_single;
    const bool newcomer = rules.now.newcomers_from && p.arrival >= *rules.now.newcomers_from;
    // Non-provider, single provider, provider (an index rather than branches, as above).
    const auto& by_household = newcomer ? rules.newcomer_benefit_by_household : rules.benefit_by_household;
    const bool children = p.children != 0 && p.months_since_arrival(now) >= p.family_joins;
    const double benefit = by_household[int(children) * (2 - int(single))];
    const bool pd2 = p.danish == DanishStatus::passed && p.track != Track::du1;
    const double tillaeg = newcomer ? rules.now.newcomer_dansktillaeg.value : rules.now.dansktillaeg_per_month.value;
    return benefit + (pd2 ? tillaeg : 0.0);
}

// A month's programme cost counted against the person's refund ceiling of the calendar year:
// the refund it brings (0 once the ceiling is reached).
double programme_refund_due(Person& p, const RulePeriod& r, double cost, int year) {
    if (p.cost_year != std::uint8_t(year)) p.cost_year = std::uint8_t(year), p.cost_this_year = 0, p.refund_this_year = 0;
    p.cost_this_year += float(cost);
    const double ceiling = r.programme_refund_ceiling_per_year.value;
    const double due = r.programme_refund_share * std::min<double>(p.cost_this_year, ceiling) - p.refund_this_year;
    if (due <= 0) return 0;
    p.refund_this_year += float(due);
    return due;
}

// The course fee of modules started and not yet paid for (Danish status and modules), which it
// marks as paid; 0 when none is due.
double charge_course_fee(Person& p, const RulePeriod& r) {
    const int started = p.danish_module + int(one_of<DanishStatus::studying, DanishStatus::paused>(p.danish));
    if (started <= p.modules_charged || one_of<DanishStatus::dropped, DanishStatus::expired>(p.danish)) return 0;
    const double fee = (started - p.modules_charged) * r.danish_per_module.value;
    p.modules_charged = std::uint8_t(started);
    return fee;
}

}  // namespace

void ledger_history_before(Person& p, Month start) {
    const Month off_since = on_benefit(p.activity) ? start : std::max(p.arrival, std::min(p.state_since, start));
    p.benefit_months = std::uint16_t(std::clamp(off_since - p.arrival, 0, 60000));
    p.months_off_benefit = std::uint8_t(std::clamp(start - off_since, 0, 255));
    p.modules_charged = std::uint8_t(p.danish_module + int(one_of<DanishStatus::studying, DanishStatus::paused>(p.danish)));
}

LedgerEntries ledger_month(Person& p, const BudgetParams& b, bool mentor_active, const Rng& rng, Month now) {
    LedgerEntries booked;
    ledger_month(p, b, ledger_rules(b, now), mentor_active, rng, now, booked);
    return booked;
}

template <class Book>
void ledger_month(Person& p, const BudgetParams& b, const LedgerRules& rules, bool mentor_active, const Rng& rng,
                  Month now, Book& book) {
    if (!rules.period) return;
    const RulePeriod* r = &rules.now;  // amounts in this year's prices
    const int year = rules.year;
    // Lines booked in this month's year; result grants go to their payment year (add_paid).
    auto add = [&](Line line, double amount, int booking_year) __attribute__((always_inline)) {
        if (amount != 0) book.book(line, amount, booking_year);
    };
    auto add_paid = [&](Line line, double amount, int pay_year) __attribute__((always_inline)) {
        if (amount != 0) book.book_paid(line, amount, pay_year);
    };
    const int since = p.months_since_arrival(now);
    const bool left_this_month = is_exit(p.activity) && p.state_since == now;

    if (is_exit(p.activity)) {
        if (left_this_month && p.activity == Activity::emigrated &&
            rng.uniform(p.key, now.index, Draw::repatriation_support) < b.supported_repatriation_share)
            add(Line::repatriation, r->repatriation.value, year);
        return;  // a person who has left earns nothing more for this municipality
    }

    // Grundtilskud for the first months of the introduction period.
    if (since < r->grundtilskud_months) add(Line::grundtilskud, r->grundtilskud_per_month.value, year);

    // Benefits and their refund; in løntilskud the subsidy takes the benefit's place.
    const bool subsidy = p.activity == Activity::loentilskud;
    if (on_benefit(p.activity)) {
        double benefit = subsidy ? rules.loentilskud_per_month : benefit_before_bonus(p, b, rules, rng, now);
        if (p.danskbonus_left > 0 && !subsidy) benefit += r->danskbonus_per_month.value;
        add(Line::benefits_paid, benefit, year);
        if (p.months_off_benefit >= r->refund_reset_after_months_off) p.benefit_months = 0;
        const double share =
            r->refund_is_staircase
                ? r->refund_share_by_month[std::min<std::size_t>(p.benefit_months, r->refund_share_by_month.size() - 1)]
                : r->refund_by_activity[int(p.activity)];
        add(Line::benefit_refund, benefit * share, year);
        if (p.benefit_months < 60000) ++p.benefit_months;
        p.months_off_benefit = 0;
    } else if (p.months_off_benefit < 255) {
        ++p.months_off_benefit;
    }
    // Danskbonus runs for the months after the pass whether or not the person is on benefit
    // (L120: within 6 months, once); only the months on benefit are paid.
    if (p.danskbonus_left > 0) --p.danskbonus_left;
    if (p.activity == Activity::igu) add(Line::benefits_paid, r->igu_school_allowance_per_month.value, year);
    // Danskbonus starts the month after a PD2+ pass, for the months the rules give.
    if (p.danish_passed == now.index && p.track != Track::du1 && r->danskbonus_per_month.value > 0)
        p.danskbonus_left = std::uint8_t(std::min(255, r->danskbonus_months));

    // Programme costs and their refund (within the per-person ceiling per calendar year).
    double cost = charge_course_fee(p, *r);
    cost += rules.placement_cost[int(p.activity)];  // praktik; 0 elsewhere
    if (mentor_active) cost += r->mentor_per_month.value;
    if (cost > 0) {
        add(Line::programme_costs, cost, year);
        // The state refunds the programme's costs within the introduction period only (§ 45,
        // stk. 5), and only while the programme lasts; later offers fall under the employment
        // rules, outside this ledger's refunds.
        if (since < rules.refund_months) add(Line::programme_refund, programme_refund_due(p, *r, cost, year), year);
    }

    // Result grants: a job or an education kept for the required continuous months, started
    // within the introduction period; a passed Danish test. Booked in the payment month.
    const int pay_year = rules.pay_year;
    const RulePeriod& paid = rules.paid;  // amounts in the prices of the payment year
    const int spell = now - p.state_since + 1;  // months in the activity including this one
    const int started_at = p.state_since - p.arrival;
    if (spell == r->min_continuous_months && started_at < r->introduction_months) {
        const bool early = started_at < r->early_window_months;
        const bool job_spell = (p.activity == Activity::job && p.job_hours >= r->min_hours_per_week) ||
                               (p.activity == Activity::igu && r->igu_counts_as_job);
        if (job_spell && !(p.ledger_flags & grant_job)) {
            add_paid(Line::resultattilskud_job, (early ? paid.job_early : paid.job_late).value, pay_year);
            p.ledger_flags |= grant_job;
        }
        if (p.activity == Activity::education && !(p.ledger_flags & grant_education)) {
            add_paid(Line::resultattilskud_education, (early ? paid.education_early : paid.education_late).value, pay_year);
            p.ledger_flags |= grant_education;
        }
    }
    if (p.danish_passed == now.index && !(p.ledger_flags & grant_danish) && since < r->introduction_months &&
        std::find(r->danish_tracks.begin(), r->danish_tracks.end(), p.track) != r->danish_tracks.end()) {
        add_paid(Line::resultattilskud_danish, paid.danish.value, pay_year);
        p.ledger_flags |= grant_danish;
    }
    // § 45 b bonus, per person in ordinary employment above the baseline: a person's first
    // qualifying job start while the rules pay it, unless the baseline (a share of starts) takes it.
    if (p.state_since == now && p.activity == Activity::job && p.job_hours >= r->min_hours_per_week &&
        r->bonus_per_extra_job.value > 0 && !(p.ledger_flags & bonus_paid)) {
        p.ledger_flags |= bonus_paid;
        if (rng.uniform(p.key, now.index, Draw::bonus_baseline) >= b.bonus_baseline_share)
            add(Line::bonus, r->bonus_per_extra_job.value, year);
    }

    // IGU firm bonus (paid by the state to private firms): after 6 months and at completion.
    if (p.activity == Activity::igu && (spell == 6 || spell == b.igu_months) &&
        rng.uniform(p.key, p.state_since.index, Draw::igu_private) < b.igu_private_share) {
        if (spell == 6) add(Line::igu_firm_bonus, r->igu_bonus_6_months.value, year);
        if (spell == b.igu_months) add(Line::igu_firm_bonus, r->igu_bonus_completion.value, year);
    }
}

namespace {

// The refund shares of benefit months [from, to) on the staircase (the last step lasts): their sum
// and how many are not zero.
[[gnu::always_inline]] inline std::pair<double, int> staircase_sum(const std::vector<double>& share, int from, int to) {
    const int last = int(share.size()) - 1;
    double sum = 0;
    int nonzero = 0;
    int i = from;
    for (; i < to && i < last; ++i) sum += share[i], nonzero += share[i] != 0;
    if (i < to) sum += (to - i) * share[last], nonzero += share[last] != 0 ? to - i : 0;
    return {sum, nonzero};
}

// Months [first, last] in which nothing happens besides the monthly lines (no event, see
// ledger_months): what ledger_month books month by month, added up.
[[gnu::always_inline]] inline void quiet_months(Person& p, const BudgetParams& b, const LedgerRules& rules,
                                                int mentor_months, const Rng& rng, Month first, Month last,
                                                LedgerRows& book) {
    const int n = last - first + 1;
    if (n <= 0) return;
    const RulePeriod& r = rules.now;
    auto add = [&](Line line, double amount, int entries) __attribute__((always_inline)) {
        book.book_many(line, amount, entries);  // adding 0 kr and 0 entries changes nothing
    };
    // Grundtilskud for the months still within its first months.
    const int grund = std::clamp(p.arrival.index + r.grundtilskud_months - first.index, 0, n);
    add(Line::grundtilskud, grund * r.grundtilskud_per_month.value, grund * int(r.grundtilskud_per_month.value != 0));

    const int bonus = std::min<int>(n, p.danskbonus_left);  // the first months, while danskbonus lasts
    p.danskbonus_left = std::uint8_t(p.danskbonus_left - bonus);
    const bool subsidy = p.activity == Activity::loentilskud;  // booked with the benefit, as above
    if (on_benefit(p.activity)) {
        const double base = subsidy ? rules.loentilskud_per_month : benefit_before_bonus(p, b, rules, rng, first);
        const double with_bonus = subsidy ? base : base + r.danskbonus_per_month.value;
        add(Line::benefits_paid, bonus * with_bonus + (n - bonus) * base,
            bonus * int(with_bonus != 0) + (n - bonus) * int(base != 0));
        if (p.months_off_benefit >= r.refund_reset_after_months_off) p.benefit_months = 0;
        const int month0 = p.benefit_months;
        if (r.refund_is_staircase && bonus == 0) [[likely]] {
            const auto [shares, nonzero] = staircase_sum(r.refund_share_by_month, month0, month0 + n);
            add(Line::benefit_refund, base * shares, nonzero * int(base != 0));
        } else if (r.refund_is_staircase) {
            const auto [with, with_nonzero] = staircase_sum(r.refund_share_by_month, month0, month0 + bonus);
            const auto [without, without_nonzero] = staircase_sum(r.refund_share_by_month, month0 + bonus, month0 + n);
            add(Line::benefit_refund, with_bonus * with + base * without,
                with_nonzero * int(with_bonus != 0) + without_nonzero * int(base != 0));
        } else {
            const double share = r.refund_by_activity[int(p.activity)];
            add(Line::benefit_refund, share * (bonus * with_bonus + (n - bonus) * base),
                share == 0 ? 0 : bonus * int(with_bonus != 0) + (n - bonus) * int(base != 0));
        }
        p.benefit_months = std::uint16_t(std::min(60000, month0 + n));
        p.months_off_benefit = 0;
    } else {
        p.months_off_benefit = std::uint8_t(std::min(255, p.months_off_benefit + n));
    }
    if (p.activity == Activity::igu) [[unlikely]]
        add(Line::benefits_paid, n * r.igu_school_allowance_per_month.value, n * int(r.igu_school_allowance_per_month.value != 0));

    // Placements and mentors cost every month, and the course fee of modules started in the first
    // month (a change of Danish status or module starts a stretch); the refund follows the yearly
    // ceiling month by month.
    const double fee = charge_course_fee(p, r);
    const double placement = rules.placement_cost[int(p.activity)];
    const int mentor_until = p.activity == Activity::job ? p.state_since.index + mentor_months : 0;  // first month without
    if (fee <= 0 && placement <= 0 && mentor_until <= first.index) return;
    double costs = 0, refunds = 0;
    int cost_months = 0, refund_months = 0;
    for (Month t = first; t <= last; t = t + 1) {
        double cost = t == first ? fee : 0.0;  // added in ledger_month's order
        cost += placement;
        cost += t.index < mentor_until ? r.mentor_per_month.value : 0.0;
        if (cost <= 0) continue;
        costs += cost, ++cost_months;
        const double due = t - p.arrival < rules.refund_months ? programme_refund_due(p, r, cost, rules.year) : 0.0;
        refunds += due, refund_months += due != 0;
    }
    add(Line::programme_costs, costs, cost_months);
    add(Line::programme_refund, refunds, refund_months);
}

}  // namespace

void ledger_months(Person& p, const BudgetParams& b, const LedgerRules& rules, int mentor_months, const Rng& rng,
                   Month first, Month last, LedgerRows& book) {
    if (!rules.period || last < first) return;
    const RulePeriod& r = rules.now;
    auto month = [&](Month t) {
        const bool mentor = p.activity == Activity::job && t - p.state_since < mentor_months;
        ledger_month(p, b, rules, mentor, rng, t, book);
    };
    if (is_exit(p.activity)) {  // only the month of leaving can book (the repatriation grant)
        if (first <= p.state_since && p.state_since <= last) month(p.state_since);
        return;
    }
    // The months in which something may happen besides the monthly lines and the programme costs
    // go through ledger_month: a Danish pass (grant, danskbonus), a job start (§ 45 b bonus), the
    // month a job, IGU or education completes the continuous months of a result grant not yet
    // earned, the IGU months of the firm bonus, and the month reunified children join the
    // household (its benefit rate changes). The stretches between them are quiet and added up.
    std::array<int, 6> event{};
    int events = 0;
    auto may_happen = [&](int t) {  // kept in order (a few at most)
        if (t < first.index || t > last.index) return;
        int k = events++;
        for (; k > 0 && event[std::size_t(k - 1)] > t; --k) event[std::size_t(k)] = event[std::size_t(k - 1)];
        event[std::size_t(k)] = t;
    };
    if (p.danish_passed >= first.index) may_happen(p.danish_passed);
    if (one_of<Activity::job, Activity::igu, Activity::education>(p.activity) &&
        (p.ledger_flags & (grant_job | grant_education)) != (grant_job | grant_education))
        may_happen(p.state_since.index + r.min_continuous_months - 1);
    if (p.activity == Activity::job && r.bonus_per_extra_job.value > 0 && !(p.ledger_flags & bonus_paid))
        may_happen(p.state_since.index);
    if (p.activity == Activity::igu) {
        may_happen(p.state_since.index + 5);
        may_happen(p.state_since.index + b.igu_months - 1);
    }
    if (p.family_joins != 0) [[unlikely]] may_happen(p.arrival.index + p.family_joins);
    if (events == 0) [[likely]] {
        quiet_months(p, b, rules, mentor_months, rng, first, last, book);
        return;
    }
    Month from = first;
    for (int k = 0; k < events; ++k) {
        const Month t{event[std::size_t(k)]};
        if (t < from) continue;  // the same month twice
        quiet_months(p, b, rules, mentor_months, rng, from, t - 1, book);
        month(t);
        from = t + 1;
    }
    quiet_months(p, b, rules, mentor_months, rng, from, last, book);
}

template void ledger_month(Person&, const BudgetParams&, const LedgerRules&, bool, const Rng&, Month, LedgerEntries&);
template void ledger_month(Person&, const BudgetParams&, const LedgerRules&, bool, const Rng&, Month, LedgerRows&);

}  // namespace kohorte
