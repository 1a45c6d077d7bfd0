#include "policy.h"

#include <algorithm>

#include "read.h"

namespace kohorte {

namespace s = spec;

spec::NodePtr policy_spec() {
    auto mult = [](const char* d) { return s::number(0, 20, "multiplier", d); };
    auto months = [](const char* d) { return s::integer(0, 600, "months", d); };
    return s::object(
        "policy levers",
        {s::required("programme_months", s::integer(1, 120, "months", "length of the integration programme")),
         s::required("first_offer",
                     s::object("deadline for the first company-based offer",
                               {s::required("enabled", s::boolean("apply the deadline")),
                                s::required("within_weeks", s::number(0.5, 104, "weeks", "weeks from the end of reception")),
                                s::required("compliance", s::number(0, 0.999, "share", "share of job-ready men who get the offer in time; the `offer` effects (women, activity-ready, outreach) scale the others' hazard"))})),
         s::required("job_oriented_danish",
                     s::object("job-oriented Danish and industry packages (branchepakker)",
                               {s::required("enabled", s::boolean("offer it")),
                                s::required("job_entry_male", mult("on job entry, men")),
                                s::required("job_entry_female", mult("on job entry, women")),
                                s::required("from_month", months("first month since arrival with the effect")),
                                s::required("to_month", months("last month since arrival with the effect")),
                                s::required("danish_progress", mult("on Danish module progress"))})),
         s::required("igu",
                     s::object("integrationsgrunduddannelse",
                               {s::required("enabled", s::boolean("IGU can be started")),
                                s::required("from", s::month("first month new IGUs may start")),
                                s::required("until", s::month("last month new IGUs may start")),
                                s::required("age_min", s::integer(18, 64, "years", "youngest age at start")),
                                s::required("age_max", s::integer(18, 64, "years", "oldest age at start")),
                                s::required("max_residence_years",
                                            s::integer(1, 30, "years", "longest residence at start")),
                                s::required("female_start", mult("on women's IGU start hazards (their take-up)"))})),
         s::required("mentor", s::object("mentor / aftercare (efterværn) in a new job",
                                         {s::required("enabled", s::boolean("offer it")),
                                          s::required("job_exit", mult("on job loss while it lasts")),
                                          s::required("months", months("months of support from the job start"))})),
         s::required("outreach_women", s::object("outreach to women outside the labour force",
                                                 {s::required("enabled", s::boolean("do it")),
                                                  s::required("offer", mult("on offers to women")),
                                                  s::required("job_entry", mult("on job entry, women"))})),
         s::optional("danish_fee",
                     s::with_default(
                         s::object("the 2018 Danish course fee for self-supporting students",
                                   {s::required("enabled", s::boolean("charge the fee")),
                                    s::required("dropout_in_job", mult("on Danish dropout while in an ordinary job"))}),
                         {{"enabled", false}, {"dropout_in_job", 1.0}})),
         s::required("job_first",
                     s::object("job-first regime: job-ready by default, continuous company-based activity",
                               {s::required("enabled", s::boolean("apply it")),
                                s::required("job_entry_male", mult("on job entry, men")),
                                s::required("job_entry_female", mult("on job entry, women")),
                                s::required("job_exit", mult("on job loss (jobs with few hours)")),
                                s::required("full_until_month", months("full effect until this month since arrival")),
                                s::required("fade_until_month", months("effect fades linearly to none by this month"))}))});
}

PolicyParams read_policy(const spec::json& j) {
    PolicyParams p;
    p.programme_months = integer(j, "programme_months");
    const auto& fo = j.at("first_offer");
    p.first_offer.enabled = fo.at("enabled").get<bool>();
    p.first_offer.within_weeks = num(fo, "within_weeks");
    p.first_offer.compliance = num(fo, "compliance");
    p.first_offer.hazard_per_month = p.first_offer.hazard();
    const auto& jd = j.at("job_oriented_danish");
    p.job_oriented_danish = {jd.at("enabled").get<bool>(), num(jd, "job_entry_male"), num(jd, "job_entry_female"),
                             integer(jd, "from_month"), integer(jd, "to_month"), num(jd, "danish_progress")};
    const auto& ig = j.at("igu");
    p.igu = {ig.at("enabled").get<bool>(), month_at(ig, "from"), month_at(ig, "until"), integer(ig, "age_min"),
             integer(ig, "age_max"), integer(ig, "max_residence_years"), num(ig, "female_start")};
    if (p.igu.age_min > p.igu.age_max) throw ScenarioError("/policy/igu/age_min", "age_min must not exceed age_max");
    if (p.igu.from > p.igu.until) throw ScenarioError("/policy/igu/from", "from must not be after until");
    const auto& me = j.at("mentor");
    p.mentor = {me.at("enabled").get<bool>(), num(me, "job_exit"), integer(me, "months")};
    const auto& ow = j.at("outreach_women");
    p.outreach_women = {ow.at("enabled").get<bool>(), num(ow, "offer"), num(ow, "job_entry")};
    if (j.contains("danish_fee")) {
        const auto& df = j.at("danish_fee");
        p.danish_fee = {df.at("enabled").get<bool>(), num(df, "dropout_in_job")};
    }
    const auto& jf = j.at("job_first");
    p.job_first = {jf.at("enabled").get<bool>(), num(jf, "job_entry_male"), num(jf, "job_entry_female"),
                   num(jf, "job_exit"), integer(jf, "full_until_month"), integer(jf, "fade_until_month")};
    if (p.job_first.full_until_month > p.job_first.fade_until_month)
        throw ScenarioError("/policy/job_first/full_until_month", "full_until_month must not exceed fade_until_month");
    if (p.job_oriented_danish.from_month > p.job_oriented_danish.to_month)
        throw ScenarioError("/policy/job_oriented_danish/from_month", "from_month must not exceed to_month");
    return p;
}

Multipliers policy_multipliers(const PolicyParams& p, const Person& person, Month now) {
    Multipliers m;
    const int since = person.months_since_arrival(now);
    const bool female = person.sex == Sex::female;
    if (p.job_first.enabled) {
        const auto& jf = p.job_first;
        double full = female ? jf.job_entry_female : jf.job_entry_male;
        double w = since <= jf.full_until_month ? 1.0
                   : since >= jf.fade_until_month
                       ? 0.0
                       : double(jf.fade_until_month - since) / double(jf.fade_until_month - jf.full_until_month);
        m[Flow::job_entry] *= 1.0 + (full - 1.0) * w;
        // Jobs found under the regime have few hours and end more often.
        if (person.activity == Activity::job && person.state_since.index - person.arrival.index <= jf.fade_until_month)
            m[Flow::job_exit] *= jf.job_exit;
    }
    const auto& jd = p.job_oriented_danish;
    if (jd.enabled && since >= jd.from_month && since <= jd.to_month)
        m[Flow::job_entry] *= female ? jd.job_entry_female : jd.job_entry_male;
    if (female) m[Flow::igu_start] *= p.igu.female_start;
    if (p.outreach_women.enabled && female) {
        m[Flow::offer] *= p.outreach_women.offer;
        m[Flow::job_entry] *= p.outreach_women.job_entry;
    }
    if (p.mentor.enabled && person.activity == Activity::job && person.months_in_state(now) < p.mentor.months)
        m[Flow::job_exit] *= p.mentor.job_exit;
    return m;
}

Multipliers policy_multiplier_bound(const PolicyParams& p) {
    auto up = [](double a, double b = 0) { return std::max({1.0, a, b}); };
    Multipliers m;
    if (p.job_first.enabled) {  // fades between 1 and the full effect
        m[Flow::job_entry] *= up(p.job_first.job_entry_male, p.job_first.job_entry_female);
        m[Flow::job_exit] *= up(p.job_first.job_exit);
    }
    m[Flow::igu_start] *= up(p.igu.female_start);
    const auto& jd = p.job_oriented_danish;
    if (jd.enabled) m[Flow::job_entry] *= up(jd.job_entry_male, jd.job_entry_female);
    if (p.outreach_women.enabled) {
        m[Flow::offer] *= up(p.outreach_women.offer);
        m[Flow::job_entry] *= up(p.outreach_women.job_entry);
    }
    if (p.mentor.enabled) m[Flow::job_exit] *= up(p.mentor.job_exit);
    return m;
}

bool igu_open(const PolicyParams& p, const Person& person, Month now) {
    const auto& ig = p.igu;
    if (!ig.enabled || now < ig.from || now > ig.until) return false;
    const int age = person.age_at(now);
    return age >= ig.age_min && age <= ig.age_max && person.months_since_arrival(now) < 12 * ig.max_residence_years;
}

}  // namespace kohorte
