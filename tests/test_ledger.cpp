// The finance ledger, line by line, against hand-computed budgets. The test rule files in
// tests/data/rules/ use round amounts at the price level of their year and no indexation.
#include <doctest/doctest.h>

#include <limits>
#include <map>
#include <random>

#include "helpers.h"
#include "report.h"

using namespace kohorte;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

BudgetParams budget(std::vector<std::string> files, json extra = json::object()) {
    json j = {{"rules", json::array()},
              {"indexation_per_year", {{"2016", 0.0}}},
              {"single_provider_share", 0.0},
              {"supported_repatriation_share", 1.0},
              {"bonus_baseline_share", 1.0},
              {"igu_private_share", 1.0},
              {"payment_lag_months", 0},
              {"budget_year", 2018}};
    for (auto& f : files) j["rules"].push_back(test::source_path("tests/data/rules/" + f));
    j.merge_patch(extra);
    return read_budget(j);
}

// Books of one or more persons month by month: (line, month index) -> kr.
struct Books {
    std::map<std::pair<int, int>, double> by_month;
    double total(Line line) const {
        double s = 0;
        for (auto& [k, v] : by_month)
            if (k.first == int(line)) s += v;
        return s;
    }
    double in_month(Line line, Month m) const {
        auto it = by_month.find({int(line), m.index});
        return it == by_month.end() ? 0.0 : it->second;
    }
};

// Runs the ledger for one person over [from, to], letting `set` fix the person's state each month;
// `programme_months`: the programme's length (policy.programme_months), if shorter than the law's.
template <class F>
void live(Person& p, const BudgetParams& b, Month from, Month to, Books& books, F set,
          int programme_months = std::numeric_limits<int>::max()) {
    const Rng rng(1, 0);
    for (Month m = from; m <= to; m = m + 1) {
        set(p, m);
        LedgerRules rules = ledger_rules(b, m);
        set_programme_months(rules, programme_months);
        LedgerEntries entries;
        ledger_month(p, b, rules, false, rng, m, entries);
        for (const LedgerEntry& e : entries) books.by_month[{e.line, m.index}] += e.amount;
    }
}

Person arrived(Month m) {
    Person p;
    p.key = 42;
    p.arrival = m;
    p.state_since = m;
    p.activity = Activity::waiting;
    p.track = Track::du2;
    return p;
}

void become(Person& p, Activity a, Month m, int hours = 0) {
    if (p.activity != a) p.activity = a, p.state_since = m;
    p.job_hours = std::uint8_t(hours);
}

}  // namespace

TEST_CASE("ledger: 10 persons start a 25 h job in month 7 and keep it: 10 job grants paid in month 12") {
    const BudgetParams b = budget({"test-a.json"});
    Books books;
    const Month arrival = Month::of(2017, 1), job_start = Month::of(2017, 7);
    for (int i = 0; i < 10; ++i) {
        Person p = arrived(arrival);
        p.key = 100 + i;
        live(p, b, arrival, Month::of(2017, 12), books, [&](Person& q, Month m) {
            if (m >= job_start) become(q, Activity::job, m, 25);
        });
    }
    CHECK(books.in_month(Line::resultattilskud_job, Month::of(2017, 12)) == doctest::Approx(10 * 50000));
    CHECK(books.total(Line::resultattilskud_job) == doctest::Approx(10 * 50000));
    // Grundtilskud continues whatever the activity: 12 months x 1,000 x 10 persons.
    CHECK(books.total(Line::grundtilskud) == doctest::Approx(10 * 12 * 1000));
    // Benefits only while waiting (months 1-6), non-provider rate.
    CHECK(books.total(Line::benefits_paid) == doctest::Approx(10 * 6 * 6000));
}

TEST_CASE("ledger: a 15 h/week job earns no job grant") {
    const BudgetParams b = budget({"test-a.json"});
    Books books;
    Person p = arrived(Month::of(2017, 1));
    live(p, b, Month::of(2017, 1), Month::of(2018, 12), books, [&](Person& q, Month m) {
        if (m >= Month::of(2017, 3)) become(q, Activity::job, m, 15);
    });
    CHECK(books.total(Line::resultattilskud_job) == 0);
}

TEST_CASE("ledger: a job started in year 4 earns the lower rate, once") {
    const BudgetParams b = budget({"test-a.json"});
    Books books;
    Person p = arrived(Month::of(2016, 1));
    const Month start = Month::of(2019, 2);  // 37 months after arrival
    live(p, b, Month::of(2016, 1), Month::of(2019, 12), books, [&](Person& q, Month m) {
        if (m >= start) become(q, Activity::job, m, 37);
    });
    CHECK(books.in_month(Line::resultattilskud_job, start + 5) == doctest::Approx(30000));
    CHECK(books.total(Line::resultattilskud_job) == doctest::Approx(30000));
    // Grundtilskud stops after 36 months.
    CHECK(books.total(Line::grundtilskud) == doctest::Approx(36 * 1000));
}

TEST_CASE("ledger: the refund staircase over 60 weeks") {
    const BudgetParams b = budget({"test-a.json"});
    Books books;
    Person p = arrived(Month::of(2017, 1));
    live(p, b, Month::of(2017, 1), Month::of(2018, 2), books, [](Person&, Month) {});
    // Weeks 1-4 at 80 %, 5-26 at 40 %, 27-52 at 30 %: 19.8 refunded weeks in the first 52,
    // each week being 12/52 of a month's 6,000 kr.
    const double week = 6000.0 * 12.0 / 52.0;
    double first_year = 0;
    for (int m = 1; m <= 12; ++m) first_year += books.in_month(Line::benefit_refund, Month::of(2017, m));
    CHECK(first_year == doctest::Approx(19.8 * week));
    // The first month: 4 weeks at 80 % and 1/3 week at 40 %.
    CHECK(books.in_month(Line::benefit_refund, Month::of(2017, 1)) == doctest::Approx((4 * 0.8 + (52.0 / 12 - 4) * 0.4) * week));
    // Weeks 53-60.7 (months 13 and 14): 20 %.
    CHECK(books.in_month(Line::benefit_refund, Month::of(2018, 1)) == doctest::Approx(0.2 * 6000));
    CHECK(books.in_month(Line::benefit_refund, Month::of(2018, 2)) == doctest::Approx(0.2 * 6000));
}

TEST_CASE("ledger: the staircase starts over after 12 months off benefit") {
    const BudgetParams b = budget({"test-a.json"});
    Books books;
    Person p = arrived(Month::of(2016, 1));
    live(p, b, Month::of(2016, 1), Month::of(2018, 2), books, [](Person& q, Month m) {
        if (m >= Month::of(2016, 12) && m < Month::of(2017, 12)) become(q, Activity::education, m);
        if (m >= Month::of(2017, 12)) become(q, Activity::waiting, m);
    });
    CHECK(books.in_month(Line::benefit_refund, Month::of(2017, 12)) ==
          doctest::Approx(books.in_month(Line::benefit_refund, Month::of(2016, 1))));
}

TEST_CASE("ledger: a caseload person's months before the run count on the staircase, and modules begun then are paid") {
    const BudgetParams b = budget({"test-a.json"});
    const Month start = Month::of(2018, 1);
    // On benefit since arriving 12 months before the start: the run begins at the 20 % step, as
    // month 13 of the staircase test does, not at 80 %.
    {
        Books books;
        Person p = arrived(Month::of(2017, 1));
        ledger_history_before(p, start);
        CHECK(p.benefit_months == 12);
        CHECK(p.months_off_benefit == 0);
        live(p, b, start, start, books, [](Person&, Month) {});
        CHECK(books.in_month(Line::benefit_refund, start) == doctest::Approx(0.2 * 6000));
    }
    // In a job since 2017-06: 5 months on benefit before it, 7 off. Back on benefit after 3 more
    // months off (10 < 12), the staircase goes on at month 6 (40 %); a job since 2016-12 (13 off)
    // starts it over at 80 %.
    auto refund_on_return = [&](Month job_since) {
        Books books;
        Person p = arrived(Month::of(2017, 1));
        become(p, Activity::job, job_since, 37);
        ledger_history_before(p, start);
        live(p, b, start, start + 3, books, [&](Person& q, Month m) {
            if (m == start + 3) become(q, Activity::waiting, m);
        });
        return books.in_month(Line::benefit_refund, start + 3);
    };
    const double week = 6000.0 * 12.0 / 52.0;
    CHECK(refund_on_return(Month::of(2017, 6)) == doctest::Approx(0.4 * 6000));
    // Løntilskud is booked with the benefit: its months before the start are months on benefit.
    Person subsidised = arrived(Month::of(2017, 1));
    become(subsidised, Activity::loentilskud, Month::of(2017, 6));
    ledger_history_before(subsidised, start);
    CHECK(subsidised.benefit_months == 12);
    CHECK(subsidised.months_off_benefit == 0);
    Person early = arrived(Month::of(2016, 6));
    become(early, Activity::job, Month::of(2016, 12), 37);
    ledger_history_before(early, start);
    CHECK(early.benefit_months == 6);
    CHECK(early.months_off_benefit == 13);
    {
        Books books;
        live(early, b, start, start, books, [](Person& q, Month m) { become(q, Activity::waiting, m); });
        CHECK(books.in_month(Line::benefit_refund, start) == doctest::Approx((4 * 0.8 + (52.0 / 12 - 4) * 0.4) * week));
    }
    // Two modules done and the third begun before the start: no course fee until the fourth.
    {
        Books books;
        Person p = arrived(Month::of(2017, 1));
        p.danish = DanishStatus::studying;
        p.danish_module = 2;
        ledger_history_before(p, start);
        CHECK(p.modules_charged == 3);
        live(p, b, start, start + 1, books, [&](Person& q, Month m) {
            if (m == start + 1) q.danish_module = 3;
        });
        CHECK(books.in_month(Line::programme_costs, start) == 0);
        CHECK(books.in_month(Line::programme_costs, start + 1) == doctest::Approx(2000));
    }
}

TEST_CASE("the engine gives the initial caseload its months before the run, arrivals start at zero") {
    const fs::path dir = test::fresh_dir("ledger", "caseload-history");
    {
        std::ofstream out(dir / "caseload.csv");
        out << "arrival_month,sex,age_at_arrival,channel,activity,activity_since,danish_modules\n"
               "2013-05,male,30,asylum,waiting,,2\n"
               "2014-02,female,41,quota,job,2015-06,6\n";
    }
    auto j = resolve_scenario_json(test::source_path("tests/data/tiny-budget.json"));
    j["initial_caseload"] = (dir / "caseload.csv").string();
    const Scenario s = scenario_from_json(j, "tiny-budget+caseload");  // starts 2016-01
    const World w(s, 1);
    REQUIRE(w.people.size() > 2);
    // Caseload persons come first (by arrival); the arrivals of the run follow.
    CHECK(w.people[0].benefit_months == 32);  // 2013-05 .. 2015-12 on benefit
    CHECK(w.people[0].months_off_benefit == 0);
    CHECK(w.people[0].modules_charged == 3);  // two done, the third begun
    CHECK(w.people[1].benefit_months == 16);  // 2014-02 .. 2015-05, then in a job
    CHECK(w.people[1].months_off_benefit == 7);
    for (std::size_t i = 2; i < w.people.size(); ++i) {
        REQUIRE(w.people[i].arrival >= s.simulation.start);
        CHECK(w.people[i].benefit_months == 0);
        CHECK(w.people[i].modules_charged == 0);
    }
    fs::remove_all(dir);
}

TEST_CASE("ledger: the period switch on 1 July 2019") {
    const BudgetParams b = budget({"test-a.json", "test-b.json"});
    REQUIRE(b.period_at(Month::of(2019, 6))->name == "test-a");
    REQUIRE(b.period_at(Month::of(2019, 7))->name == "test-b");
    Books june, july;
    Person p = arrived(Month::of(2018, 1)), q = arrived(Month::of(2018, 1));
    // Six months of job ending in June 2019 vs in July 2019.
    live(p, b, Month::of(2018, 1), Month::of(2019, 6), june,
         [](Person& x, Month m) { if (m >= Month::of(2019, 1)) become(x, Activity::job, m, 37); });
    live(q, b, Month::of(2018, 1), Month::of(2019, 7), july,
         [](Person& x, Month m) { if (m >= Month::of(2019, 2)) become(x, Activity::job, m, 37); });
    CHECK(june.in_month(Line::resultattilskud_job, Month::of(2019, 6)) == doctest::Approx(50000));
    CHECK(july.in_month(Line::resultattilskud_job, Month::of(2019, 7)) == doctest::Approx(60000));
}

TEST_CASE("ledger: education, Danish test, bonus, repatriation and IGU firm bonus") {
    const BudgetParams b = budget({"test-a.json"}, {{"bonus_baseline_share", 0.0}});
    SUBCASE("education kept 6 months in year 2") {
        Books books;
        Person p = arrived(Month::of(2016, 1));
        live(p, b, Month::of(2016, 1), Month::of(2017, 12), books,
             [](Person& x, Month m) { if (m >= Month::of(2017, 3)) become(x, Activity::education, m); });
        CHECK(books.in_month(Line::resultattilskud_education, Month::of(2017, 8)) == doctest::Approx(40000));
        CHECK(books.total(Line::resultattilskud_education) == doctest::Approx(40000));
    }
    SUBCASE("a Danish test of a listed track, and not of an unlisted one") {
        Books books;
        Person p = arrived(Month::of(2016, 1)), d1 = arrived(Month::of(2016, 1));
        d1.track = Track::du1;  // du1 is not in danish_tracks of test-a
        auto pass = [](Person& x, Month m) {
            if (m == Month::of(2017, 6)) x.danish = DanishStatus::passed, x.danish_passed = m.index;
        };
        live(p, b, Month::of(2016, 1), Month::of(2017, 12), books, pass);
        CHECK(books.total(Line::resultattilskud_danish) == doctest::Approx(10000));
        Books none;
        live(d1, b, Month::of(2016, 1), Month::of(2017, 12), none, pass);
        CHECK(none.total(Line::resultattilskud_danish) == 0);
    }
    SUBCASE("bonus per job start of at least 20 hours, nothing for a short job") {
        Books books;
        Person p = arrived(Month::of(2016, 1)), s = arrived(Month::of(2016, 1));
        live(p, b, Month::of(2016, 1), Month::of(2016, 6), books,
             [](Person& x, Month m) { if (m >= Month::of(2016, 4)) become(x, Activity::job, m, 30); });
        CHECK(books.total(Line::bonus) == doctest::Approx(5000));
        Books none;
        live(s, b, Month::of(2016, 1), Month::of(2016, 6), none,
             [](Person& x, Month m) { if (m >= Month::of(2016, 4)) become(x, Activity::job, m, 10); });
        CHECK(none.total(Line::bonus) == 0);
        // Once per person: a second job after a spell of waiting brings no second bonus; a short
        // job first does not use it up.
        Books twice;
        Person q = arrived(Month::of(2016, 1));
        live(q, b, Month::of(2016, 1), Month::of(2016, 12), twice, [](Person& x, Month m) {
            const int k = m.month_of_year();
            if (k >= 2 && k <= 3) become(x, Activity::job, m, 10);
            else if (k >= 5 && k <= 7) become(x, Activity::job, m, 30);
            else if (k >= 10) become(x, Activity::job, m, 37);
            else become(x, Activity::waiting, m);
        });
        CHECK(twice.in_month(Line::bonus, Month::of(2016, 5)) == doctest::Approx(5000));
        CHECK(twice.total(Line::bonus) == doctest::Approx(5000));
    }
    SUBCASE("repatriation: the grant in the month of leaving, nothing after") {
        Books books;
        Person p = arrived(Month::of(2016, 1));
        live(p, b, Month::of(2016, 1), Month::of(2016, 12), books,
             [](Person& x, Month m) { if (m >= Month::of(2016, 5)) become(x, Activity::emigrated, m); });
        CHECK(books.in_month(Line::repatriation, Month::of(2016, 5)) == doctest::Approx(7000));
        CHECK(books.total(Line::grundtilskud) == doctest::Approx(4 * 1000));  // Jan-Apr only
    }
    SUBCASE("IGU firm bonus after 6 months and at 24") {
        Books books;
        Person p = arrived(Month::of(2016, 1));
        live(p, b, Month::of(2016, 1), Month::of(2018, 12), books,
             [](Person& x, Month m) { if (m >= Month::of(2016, 7)) become(x, Activity::igu, m, 30); });
        CHECK(books.in_month(Line::igu_firm_bonus, Month::of(2016, 12)) == doctest::Approx(3000));
        CHECK(books.in_month(Line::igu_firm_bonus, Month::of(2018, 6)) == doctest::Approx(4000));
        CHECK(books.total(Line::igu_firm_bonus) == doctest::Approx(7000));
        CHECK(books.total(Line::resultattilskud_job) == 0);  // IGU does not count as a job in test-a
    }
}

TEST_CASE("ledger: benefits by household type") {
    Person parent = arrived(Month::of(2016, 1));
    parent.children = 2;
    Books single, couple;
    live(parent, budget({"test-a.json"}, {{"single_provider_share", 1.0}}), Month::of(2016, 1), Month::of(2016, 1),
         single, [](Person&, Month) {});
    Person parent2 = arrived(Month::of(2016, 1));
    parent2.children = 2;
    live(parent2, budget({"test-a.json"}), Month::of(2016, 1), Month::of(2016, 1), couple, [](Person&, Month) {});
    CHECK(single.total(Line::benefits_paid) == doctest::Approx(9000));
    CHECK(couple.total(Line::benefits_paid) == doctest::Approx(8000));
}

// A praktik month costs 1,300 kr in these tests (test-a's 500 overridden).
BudgetParams praktik_1300() {
    return budget({"test-a.json"}, {{"rule_overrides", {{"test-a", {{"programme_costs", {{"praktik_per_month", {{"value", 1300}, {"price_level", 2016}, {"source", "test"}}}}}}}}}});
}

TEST_CASE("ledger: reunified children count in the household from the month they come, and a couple is never single") {
    // test-a: non-provider 6,000, provider 8,000, single provider 9,000 kr. The children join 3
    // months after the refugee: 3 months at the non-provider rate, then the provider rate.
    Person parent = arrived(Month::of(2016, 1));
    parent.children = 2;
    parent.family_joins = 3;
    Books books;
    live(parent, budget({"test-a.json"}), Month::of(2016, 1), Month::of(2016, 6), books, [](Person&, Month) {});
    for (int m = 1; m <= 6; ++m) CHECK(books.in_month(Line::benefits_paid, Month::of(2016, m)) == (m <= 3 ? 6000 : 8000));
    // With every parent drawn single, one whose partner follows (household settled at arrival) is not.
    Person couple = arrived(Month::of(2016, 1));
    couple.children = 2;
    couple.ledger_flags = household_drawn;
    Books both;
    live(couple, budget({"test-a.json"}, {{"single_provider_share", 1.0}}), Month::of(2016, 1), Month::of(2016, 1),
         both, [](Person&, Month) {});
    CHECK(both.total(Line::benefits_paid) == 8000);
}

TEST_CASE("ledger: programme costs and the refund within the yearly ceiling") {
    const BudgetParams b = praktik_1300();
    Books books;
    Person p = arrived(Month::of(2016, 1));
    live(p, b, Month::of(2016, 1), Month::of(2016, 12), books,
         [](Person& x, Month m) { become(x, Activity::praktik, m); });
    const double monthly = 1300;
    CHECK(books.total(Line::programme_costs) == doctest::Approx(12 * monthly));
    // Half of the costs, but only up to half of the 12,000 kr ceiling.
    CHECK(books.total(Line::programme_refund) == doctest::Approx(0.5 * 12000));
    CHECK(books.in_month(Line::programme_refund, Month::of(2016, 1)) == doctest::Approx(0.5 * monthly));
    // Danish modules are charged when they start.
    Books danish;
    Person d = arrived(Month::of(2016, 1));
    live(d, b, Month::of(2016, 1), Month::of(2016, 3), danish, [](Person& x, Month m) {
        x.danish = DanishStatus::studying;
        x.danish_module = std::uint8_t(m.month_of_year() - 1);  // module 1 in Jan, 2 in Feb, 3 in Mar
    });
    CHECK(danish.total(Line::programme_costs) == doctest::Approx(3 * 2000));
}

TEST_CASE("ledger: the løntilskud subsidy is booked with the benefit, on its refund staircase") {
    // rules-and-rates §6: løntilskud for programme participants is booked with the benefit
    // (function 5.46.61). Two months waiting, then 12 months of løntilskud, then waiting: the
    // subsidy (10 kr x 30 h x 52/12 = 1,300 kr) replaces the benefit and its months go on up the
    // staircase, so the return to benefit in month 15 is refunded at 20 %, not back at 80 %.
    const BudgetParams b = budget({"test-a.json"});
    Books books;
    const Month arrival = Month::of(2017, 1);
    Person p = arrived(arrival);
    live(p, b, arrival, arrival + 14, books, [&](Person& x, Month m) {
        become(x, m >= arrival + 2 && m < arrival + 14 ? Activity::loentilskud : Activity::waiting, m);
    });
    const double week = 52.0 / 12;  // weeks per month
    CHECK(books.in_month(Line::benefits_paid, arrival + 2) == doctest::Approx(1300));
    CHECK(books.in_month(Line::benefits_paid, arrival + 14) == doctest::Approx(6000));
    CHECK(books.total(Line::benefits_paid) == doctest::Approx(3 * 6000 + 12 * 1300));
    // Month 3 on benefit covers weeks 8.67-13: 40 %.
    CHECK(books.in_month(Line::benefit_refund, arrival + 2) == doctest::Approx(0.4 * 1300));
    // Month 6 covers weeks 21.7-26 (40 %), month 7 weeks 26-30.3 (30 %).
    CHECK(books.in_month(Line::benefit_refund, arrival + 5) == doctest::Approx(0.4 * 1300));
    CHECK(books.in_month(Line::benefit_refund, arrival + 6) == doctest::Approx(0.3 * 1300));
    // The first month: 4 weeks at 80 % and the rest at 40 %.
    CHECK(books.in_month(Line::benefit_refund, arrival) == doctest::Approx((4 * 0.8 + (week - 4) * 0.4) / week * 6000));
    CHECK(books.in_month(Line::benefit_refund, arrival + 14) == doctest::Approx(0.2 * 6000));
    // It is not a programme cost and brings no programme refund.
    CHECK(books.total(Line::programme_costs) == 0);
    CHECK(books.total(Line::programme_refund) == 0);
}

TEST_CASE("ledger: danskbonus runs for the 6 months after the pass, paid in those on benefit") {
    // A PD2 pass in June 2017 while in a job (March-August), back on benefit from September: of
    // the bonus months July-December only September-December are paid (4 x 1,000 kr), and
    // nothing after December.
    const BudgetParams b = budget(
        {"test-a.json"},
        {{"rule_overrides", {{"test-a", {{"danskbonus_per_month", {{"value", 1000}, {"price_level", 2016}, {"source", "test"}}}}}}}});
    Books books;
    Person p = arrived(Month::of(2017, 1));
    live(p, b, Month::of(2017, 1), Month::of(2018, 3), books, [](Person& x, Month m) {
        if (m == Month::of(2017, 6)) x.danish = DanishStatus::passed, x.danish_passed = m.index;
        become(x, m >= Month::of(2017, 3) && m <= Month::of(2017, 8) ? Activity::job : Activity::waiting, m, 37);
    });
    CHECK(books.total(Line::benefits_paid) == doctest::Approx(9 * 6000 + 4 * 1000));
    CHECK(books.in_month(Line::benefits_paid, Month::of(2017, 12)) == doctest::Approx(7000));
    CHECK(books.in_month(Line::benefits_paid, Month::of(2018, 1)) == doctest::Approx(6000));
}

TEST_CASE("ledger: newcomers' benefit rates go to those who arrived from their date, in their period only") {
    // test-a (from 2016-01) with newcomer rates for arrivals from 2016-02; test-b (from 2019-07)
    // extends test-a and does not inherit them.
    const json newcomers = {{"arrived_from", "2016-02"},
                            {"benefit_per_month",
                             {{"single_provider", {{"value", 5500}, {"price_level", 2016}, {"source", "test"}}},
                              {"provider", {{"value", 5200}, {"price_level", 2016}, {"source", "test"}}},
                              {"non_provider", {{"value", 5000}, {"price_level", 2016}, {"source", "test"}}}}},
                            {"dansktillaeg_per_month", {{"value", 500}, {"price_level", 2016}, {"source", "test"}}}};
    const auto dir = test::fresh_dir("ledger", "newcomers");
    json a_rules = json::parse(test::read_file(test::source_path("tests/data/rules/test-a.json")), nullptr, true, true);
    a_rules["newcomers"] = newcomers;
    std::ofstream(dir / "test-a.json") << a_rules.dump();
    fs::copy_file(test::source_path("tests/data/rules/test-b.json"), dir / "test-b.json");
    json j = {{"rules", {(dir / "test-a.json").string(), (dir / "test-b.json").string()}},
              {"indexation_per_year", {{"2016", 0.0}}}, {"single_provider_share", 0.0},
              {"supported_repatriation_share", 1.0}, {"bonus_baseline_share", 1.0}, {"igu_private_share", 1.0},
              {"payment_lag_months", 0}, {"budget_year", 2018}};
    const BudgetParams b = read_budget(j);
    Books before, newcomer, passed, later;
    Person a = arrived(Month::of(2016, 1)), n = arrived(Month::of(2016, 2)), d = arrived(Month::of(2016, 2));
    live(a, b, Month::of(2016, 3), Month::of(2016, 3), before, [](Person&, Month) {});
    live(n, b, Month::of(2016, 3), Month::of(2016, 3), newcomer, [](Person&, Month) {});
    live(d, b, Month::of(2016, 3), Month::of(2016, 3), passed, [](Person& x, Month m) {
        x.danish = DanishStatus::passed, x.danish_passed = m.index - 1;  // du2: PD2
    });
    CHECK(before.total(Line::benefits_paid) == doctest::Approx(6000));
    CHECK(newcomer.total(Line::benefits_paid) == doctest::Approx(5000));
    CHECK(passed.total(Line::benefits_paid) == doctest::Approx(5000 + 500));
    Person n2 = arrived(Month::of(2016, 2));
    live(n2, b, Month::of(2019, 7), Month::of(2019, 7), later, [](Person&, Month) {});
    CHECK(later.total(Line::benefits_paid) == doctest::Approx(6000));  // test-b: everyone's rates
}

TEST_CASE("ledger: programme costs after the introduction period bring no refund") {
    // test-a: a 60-month introduction period. Praktik from month 55 to month 66 after arrival:
    // the first 5 months (55-59) are refunded at half, the 7 after it not, and they cost the same.
    const BudgetParams b = praktik_1300();
    Books books;
    const Month arrival = Month::of(2016, 1);
    Person p = arrived(arrival);
    live(p, b, arrival + 55, arrival + 66, books, [](Person& x, Month m) { become(x, Activity::praktik, m); });
    const double monthly = 1300;
    CHECK(books.total(Line::programme_costs) == doctest::Approx(12 * monthly));
    CHECK(books.total(Line::programme_refund) == doctest::Approx(5 * 0.5 * monthly));
    CHECK(books.in_month(Line::programme_refund, arrival + 59) == doctest::Approx(0.5 * monthly));
    CHECK(books.in_month(Line::programme_refund, arrival + 60) == 0);
}

TEST_CASE("ledger: a programme shorter than the introduction period ends the refund with it") {
    // test-a: a 60-month introduction period; the programme lasts 12 months. Praktik from month
    // 8 to month 15 after arrival: months 8-11 are refunded at half, 12-15 not.
    const BudgetParams b = praktik_1300();
    const Month arrival = Month::of(2016, 1);
    LedgerRules rules = ledger_rules(b, arrival + 8);
    REQUIRE(rules.refund_months == 60);
    set_programme_months(rules, 12);
    CHECK(rules.refund_months == 12);
    Person p = arrived(arrival);
    Books books;
    live(p, b, arrival + 8, arrival + 15, books, [](Person& x, Month m) { become(x, Activity::praktik, m); }, 12);
    const double monthly = 1300;
    CHECK(books.total(Line::programme_costs) == doctest::Approx(8 * monthly));
    CHECK(books.total(Line::programme_refund) == doctest::Approx(4 * 0.5 * monthly));
    CHECK(books.in_month(Line::programme_refund, arrival + 11) == doctest::Approx(0.5 * monthly));
    CHECK(books.in_month(Line::programme_refund, arrival + 12) == 0);
}

TEST_CASE("budget through the engine: a policy change that shortens the programme stops the refunds from its month") {
    // From 2018-01 the programme lasts 1 month: nobody is in it after their month of arrival,
    // which has no programme costs (reception), so no refund is booked from 2018 on.
    auto j = kohorte::resolve_scenario_json(test::source_path("tests/data/tiny-budget.json"));
    j["policy_changes"] = {{"2018-01", {{"programme_months", 1}}}};
    const Scenario s = kohorte::scenario_from_json(j, "tiny-budget+patch");
    const Results r = run(s);
    REQUIRE(r.shape.budget);
    auto total = [&](int year, Line line) {
        double sum = 0;
        for (auto& rep : r.replicates) sum += rep.budget_amount[r.shape.budget_index(year - r.shape.budget_first_year, int(line))];
        return sum;
    };
    CHECK(total(2017, Line::programme_refund) > 0);
    for (int year : {2018, 2019, 2020}) {
        CAPTURE(year);
        CHECK(total(year, Line::programme_costs) > 0);
        CHECK(total(year, Line::programme_refund) == 0);
    }
}

TEST_CASE("ledger: indexation from the price level") {
    BudgetParams b = budget({"test-a.json"}, {{"indexation_per_year", {{"2017", 0.02}, {"2018", 0.03}}}});
    const Amount a{1000, 2016, true, false, "x"};
    CHECK(b.in_prices_of(a, 2016) == doctest::Approx(1000));
    CHECK(b.in_prices_of(a, 2018) == doctest::Approx(1000 * 1.02 * 1.03));
    CHECK(b.in_prices_of(a, 2015) == doctest::Approx(1000));  // 2016's rate is 0
    CHECK(b.in_prices_of_by_year(a, 2018) == doctest::Approx(1000 * 1.02 * 1.03));
    // A fixed sum in kroner ("indexed": false) is the same in every year.
    const Amount fixed{1000, 2016, false, false, "x"};
    CHECK(b.in_prices_of(fixed, 2018) == 1000);
    CHECK(b.in_prices_of(fixed, 2015) == 1000);
    CHECK(b.in_prices_of_by_year(fixed, 2018) == 1000);
    CHECK(b.in_prices_of(fixed, 2300) == 1000);  // outside the dense years too
}

TEST_CASE("ledger: the state's fixed sums (IGU firm bonus, repatriation grant, § 45 b bonus) are not indexed") {
    const Scenario s = load_scenario(test::source_path("scenarios/base.json"));
    const BudgetParams& b = *s.budget;
    int fixed_sums = 0;
    for (auto& period : b.periods) {
        CAPTURE(period.name);
        for (const Amount* a : {&period.igu_bonus_6_months, &period.igu_bonus_completion, &period.repatriation,
                                &period.bonus_per_extra_job})
            if (a->value != 0) {  // the periods without the sum have 0 kr
                CHECK_FALSE(a->indexed);
                ++fixed_sums;
            }
        CHECK(period.benefit_provider.indexed);  // rates follow the satsregulering
    }
    CHECK(fixed_sums > 10);
    const RulePeriod* p2027 = b.period_at(Month::of(2027, 1));
    REQUIRE(p2027 != nullptr);
    CHECK(b.in_prices_of(p2027->repatriation, 2027) == 25000);
    CHECK(b.in_prices_of(p2027->igu_bonus_6_months, 2027) == 20000);
}

// base.json's rule files give the integrationsydelse rates of rules-and-rates.md §3.1 in the year
// they were paid (2016 and 2017 derived), not the 2015 rates indexed; and what the dossier does
// not give is marked uncertain.
TEST_CASE("rules: base.json pays the benefit rates of rules-and-rates §3.1 in their years") {
    const Scenario s = load_scenario(test::source_path("scenarios/base.json"));
    const BudgetParams& b = *s.budget;
    auto rate = [&](int year, int month) {
        const LedgerRules r = ledger_rules(b, Month::of(year, month));
        REQUIRE(r.period != nullptr);
        return std::array<double, 3>{std::round(r.now.benefit_single_provider.value), std::round(r.now.benefit_provider.value),
                                     std::round(r.now.benefit_non_provider.value)};
    };
    using A = std::array<double, 3>;
    CHECK(rate(2016, 9) == A{12058, 8439, 6030});   // derived: the 2017 estimate less 1.25 %
    CHECK(rate(2017, 3) == A{12211, 8546, 6106});   // derived from the 2018 rates
    CHECK(rate(2018, 3) == A{12364, 8653, 6182});   // January-June 2018
    CHECK(rate(2018, 9) == A{11993, 8393, 5997});   // after the 3 % cut
    CHECK(rate(2019, 9) == A{12143, 8498, 6072});
    CHECK(rate(2020, 5) == A{12283, 8596, 6142});
    CHECK(rate(2021, 9) == A{12437, 8703, 6219});
    auto amount_in = [&](int year, Amount RulePeriod::*member) { return b.period_at(Month::of(year, 6))->*member; };
    CHECK_FALSE(amount_in(2021, &RulePeriod::benefit_provider).uncertain);
    CHECK(amount_in(2022, &RulePeriod::benefit_provider).uncertain);  // the 2021 rates indexed
    CHECK(amount_in(2024, &RulePeriod::benefit_provider).uncertain);
    CHECK_FALSE(amount_in(2015, &RulePeriod::programme_refund_ceiling_per_year).uncertain);
    CHECK(amount_in(2016, &RulePeriod::programme_refund_ceiling_per_year).uncertain);  // 2016-2023 not found
    CHECK(amount_in(2023, &RulePeriod::programme_refund_ceiling_per_year).uncertain);
}

TEST_CASE("rule files: \"indexed\" must be true or false, and only on an amount in kroner") {
    const auto dir = test::fresh_dir("ledger", "indexed");
    std::string text = test::read_file(test::source_path("tests/data/rules/test-a.json"));
    const auto at = text.find("\"price_level\"");
    REQUIRE(at != std::string::npos);
    text.insert(at, "\"indexed\": \"no\", ");
    std::ofstream(dir / "bad.json") << text;
    const std::string problems = test::problems_of([&] { load_rule_file((dir / "bad.json").string()); });
    CHECK(problems.find("bad.json: /") != std::string::npos);
    CHECK(problems.find("/indexed: expected true or false, got a string") != std::string::npos);
}

TEST_CASE("rule files are read as strictly as scenarios: a duplicate key, a folder") {
    const auto dir = test::fresh_dir("ledger", "strict");
    std::string text = test::read_file(test::source_path("tests/data/rules/test-a.json"));
    text.insert(text.find("\"name\""), "\"name\": \"twice\",\n  ");
    std::ofstream(dir / "dup.json") << text;
    CHECK(test::problems_of([&] { load_rule_file((dir / "dup.json").string()); }).find("dup.json: /name: duplicate key") !=
          std::string::npos);
    CHECK(test::problems_of([&] { load_rule_file(dir.string()); }).find("is a folder, expected a rule file") !=
          std::string::npos);
}

TEST_CASE("rule files: missing amount, negative amount and overlapping periods are rejected") {
    auto message = [](auto f) { return test::problems_of(f); };
    const std::string missing = message([] { load_rule_file(test::source_path("tests/data/rules/missing-amount.json")); });
    CHECK(missing.find("missing-amount.json: /grundtilskud/per_month: missing required field") != std::string::npos);
    CHECK(missing.find("/resultattilskud: missing required field") != std::string::npos);
    const std::string negative = message([] { load_rule_file(test::source_path("tests/data/rules/negative-amount.json")); });
    CHECK(negative.find("negative-amount.json: /repatriation_grant/value: value -5 is out of range") != std::string::npos);
    const std::string overlap = message([] { budget({"test-a.json", "overlap.json"}); });
    CHECK(overlap.find("overlaps test-a") != std::string::npos);
    const std::string plain = message([] {
        budget({"test-a.json"});
        throw InputError({"loaded"});
    });
    CHECK(plain == "loaded\n");
}

TEST_CASE("budget through the engine: the net result is the signed sum of the lines") {
    const Scenario s = kohorte::load_scenario(test::source_path("tests/data/tiny-budget.json"));
    const Results r = run(s);
    REQUIRE(r.shape.budget);
    for (auto& rep : r.replicates)
        for (int y = 0; y < r.shape.budget_years; ++y) {
            double cohorts = 0, total = 0;
            for (int l = 0; l < kLineCount - 1; ++l) {
                total += rep.budget_amount[r.shape.budget_index(y, l)];
                for (int c = 0; c < r.shape.budget_cohorts; ++c)
                    cohorts += rep.budget_cohort_amount[r.shape.budget_cohort_index(c, y, l)];
            }
            CHECK(cohorts == doctest::Approx(total));  // the cohorts add up to the year
        }
    const std::string csv = budget_csv(r);
    CHECK(csv.rfind("year,line,unit,persons,mean,p10,p50,p90,mcse,uncertain_amounts\n", 0) == 0);
    CHECK(csv.find("\n2019,net_municipal_result,kr,,") != std::string::npos);
    const auto forecast = budget_forecast(r);
    CHECK(forecast["year"] == 2019);
    CHECK(forecast["sentence_da"].get<std::string>().find("I 2019 kan kommunen forvente resultattilskud") == 0);
    // The forecast's result grants: the four resultattilskud lines (repatriation included) and the bonus.
    const int y2019 = 2019 - r.shape.budget_first_year;
    double grants = 0;
    for (auto& rep : r.replicates)
        for (Line l : {Line::resultattilskud_job, Line::resultattilskud_education, Line::resultattilskud_danish,
                       Line::repatriation, Line::bonus})
            grants += rep.budget_amount[r.shape.budget_index(y2019, int(l))];
    REQUIRE(r.replicates[0].budget_amount[r.shape.budget_index(y2019, int(Line::repatriation))] +
                r.replicates[1].budget_amount[r.shape.budget_index(y2019, int(Line::repatriation))] >
            0);
    CHECK(forecast["result_grants_mean"].get<double>() == std::round(grants / double(r.replicates.size())));
    // The sentences are the report's, from the same numbers.
    for (auto lang : {report::Lang::da, report::Lang::en})
        CHECK(forecast[lang == report::Lang::da ? "sentence_da" : "sentence_en"].get<std::string>() ==
              report::trf("s.result_grants", lang,
                          {{"year", "2019"},
                           {"mean", report::fmt_num(forecast["result_grants_mean"].get<double>(), 0, lang)},
                           {"p10", report::fmt_num(forecast["result_grants_p10"].get<double>(), 0, lang)},
                           {"p90", report::fmt_num(forecast["result_grants_p90"].get<double>(), 0, lang)}}));
}

TEST_CASE("a scenario may override any amount of a named rule period") {
    auto j = resolve_scenario_json(test::source_path("tests/data/tiny-budget.json"));
    const Results base = run(scenario_from_json(j, "base"));
    j["budget"]["rule_overrides"] = {
        {"dk-2017-07", {{"repatriation_grant", {{"value", 50000}, {"price_level", 2017}, {"source", "test"}}}}}};
    const Results doubled = run(scenario_from_json(j, "override"));
    const int y2017 = 2017 - base.shape.budget_first_year, line = int(Line::repatriation);
    double a = 0, b = 0;
    for (std::size_t i = 0; i < base.replicates.size(); ++i) {
        a += base.replicates[i].budget_amount[base.shape.budget_index(y2017, line)];
        b += doubled.replicates[i].budget_amount[base.shape.budget_index(y2017, line)];
    }
    REQUIRE(a > 0);
    CHECK(b == doctest::Approx(2 * a));  // same persons, same events, twice the amount
    j["budget"]["rule_overrides"] = {{"dk-1999", json::object()}};
    CHECK_THROWS_WITH_AS(scenario_from_json(j, "bad"), doctest::Contains("/budget/rule_overrides/dk-1999"), InputError);
}

// The engine books a person's months in stretches of unchanged state (ledger_months). For any
// state and stretch, that must book what ledger_month books month by month, and leave the person's
// ledger state as the months one by one leave it. Random states under the shipped rule files
// (the staircase and the older refund by activity, the § 45 b bonus, danskbonus, the refund
// ceiling), with and without a payment lag.
TEST_CASE("ledger: a stretch of months books what its months book one by one, for any state") {
    const Scenario s = kohorte::load_scenario(test::source_path("scenarios/base.json"));
    REQUIRE(s.budget);
    std::mt19937_64 gen(20261202);
    auto pick = [&](int lo, int hi) { return int(std::uniform_int_distribution<int>(lo, hi)(gen)); };
    std::array<double, kLineCount> line_count{};
    for (int l = 0; l < kLineCount; ++l) line_count[l] = line_label(l).monthly ? 1.0 / 12.0 : 1.0;
    int stretches = 0, events = 0;
    for (int lag : {0, 3}) {
        BudgetParams b = *s.budget;
        b.payment_lag_months = lag;
        for (int trial = 0; trial < 20000; ++trial) {
            Person p;
            p.key = gen();
            p.arrival = Month::of(pick(2013, 2024), pick(1, 12));
            const Month first = p.arrival + pick(0, 80);
            LedgerRules rules = ledger_rules(b, first);
            if (!rules.period) continue;
            if (pick(0, 1)) set_programme_months(rules, pick(1, 60));  // a programme shorter than the law's period
            // The stretch: months under the same rules (period, year, payment year).
            Month last = first;
            for (int n = pick(0, 30); n > 0 && ledger_rules_current(rules, b, last + 1); --n) last = last + 1;
            p.activity = Activity(pick(0, kActivityCount - 1));
            p.state_since = first - pick(0, std::min(40, first - p.arrival));
            p.track = Track(pick(0, 2));
            p.children = std::uint8_t(pick(0, 2));
            p.family_joins = std::uint8_t(pick(0, 1) ? 0 : pick(1, 60));
            p.job_hours = std::uint8_t(pick(0, 1) ? 37 : pick(5, 25));
            p.danish = DanishStatus(pick(0, 6));
            p.danish_module = std::uint8_t(pick(0, 6));
            p.modules_charged = std::uint8_t(pick(0, p.danish_module + 1));
            const int passed = pick(0, 3);  // never, before the stretch, at its start, inside it
            p.danish_passed = passed == 0 ? kNever
                              : passed == 1 ? (first - pick(1, 20)).index
                              : passed == 2 ? first.index
                                            : (first + pick(0, last - first)).index;
            p.benefit_months = std::uint16_t(pick(0, 1) ? pick(0, 20) : pick(0, 400));
            p.months_off_benefit = std::uint8_t(pick(0, 20));
            p.danskbonus_left = std::uint8_t(pick(0, 1) ? 0 : pick(0, 6));
            p.ledger_flags = std::uint8_t(pick(0, 31));
            p.cost_year = std::uint8_t(first.year() - pick(0, 1));
            p.cost_this_year = float(pick(0, 1) ? 0 : pick(0, 60000));
            p.refund_this_year = float(pick(0, int(p.cost_this_year / 2)));
            const int mentor_months = pick(0, 1) ? 0 : pick(1, 12);
            const Rng rng(7, std::uint32_t(trial));

            // Booking rows and payment rows (the same rows when the years are the same, as in the engine).
            std::vector<double> month_by_month(4 * kLineCount, 0.0), stretch(4 * kLineCount, 0.0);
            auto rows = [&](std::vector<double>& v) {
                const bool same = rules.pay_year == rules.year;
                return LedgerRows{v.data(), v.data() + kLineCount, v.data() + (same ? 0 : 2 * kLineCount),
                                  v.data() + (same ? 1 : 3) * kLineCount, line_count.data()};
            };
            Person one = p, all = p;
            LedgerRows a = rows(month_by_month), z = rows(stretch);
            for (Month t = first; t <= last; t = t + 1)
                ledger_month(one, b, rules, one.activity == Activity::job && t - one.state_since < mentor_months, rng, t, a);
            ledger_months(all, b, rules, mentor_months, rng, first, last, z);
            ++stretches;
            events += one.ledger_flags != p.ledger_flags || one.danskbonus_left > p.danskbonus_left;

            INFO("trial " << trial << ", lag " << lag << ", activity " << kActivityNames[int(p.activity)] << ", months "
                          << format_month(first) << " to " << format_month(last));
            for (std::size_t k = 0; k < month_by_month.size(); ++k)
                REQUIRE(stretch[k] == doctest::Approx(month_by_month[k]).epsilon(1e-12).scale(1.0));
            CHECK(all.benefit_months == one.benefit_months);
            CHECK(all.months_off_benefit == one.months_off_benefit);
            CHECK(all.ledger_flags == one.ledger_flags);
            CHECK(all.modules_charged == one.modules_charged);
            CHECK(all.danskbonus_left == one.danskbonus_left);
            CHECK(all.cost_year == one.cost_year);
            CHECK(all.cost_this_year == one.cost_this_year);  // the same float operations in the same order
            CHECK(all.refund_this_year == one.refund_this_year);
        }
    }
    // The random states reach the events (grants earned, danskbonus started), not only quiet months.
    CHECK(stretches > 30000);
    CHECK(events > 1000);
}

// The engine books each person-month once, in whichever stretch it falls (state changes, new
// years and rule periods, leaving, the end of the run): the persons counted on benefit in the
// budget are the persons in the benefit activities (and løntilskud) in the monthly tables.
TEST_CASE("budget through the engine: every person-month on benefit is booked once") {
    Scenario s = kohorte::load_scenario(test::source_path("scenarios/base.json"));
    const TableShape shape = table_shape(s);
    const int benefits = int(Line::benefits_paid);
    for (std::uint32_t rep : {0u, 1u, 2u}) {
        const ReplicateTables t = run_replicate(s, rep);
        double booked = 0, expected = 0;
        for (int y = 0; y < shape.budget_years; ++y) booked += 12 * t.budget_count[shape.budget_index(y, benefits)];
        for (int m = 0; m < shape.months; ++m) {
            const LedgerRules rules = ledger_rules(*s.budget, shape.start + m);
            REQUIRE(rules.period);
            for (Activity a : {Activity::reception, Activity::waiting, Activity::praktik, Activity::inactive,
                               Activity::loentilskud})  // the subsidy is booked with the benefit
                expected += t.monthly[shape.monthly_index(m, int(a))];
            if (rules.now.igu_school_allowance_per_month.value != 0)
                expected += t.monthly[shape.monthly_index(m, int(Activity::igu))];
        }
        CHECK(expected > 10000);
        CHECK(booked == doctest::Approx(expected).epsilon(1e-12));
    }
}

TEST_CASE("explain: a budget line's rule, amounts and persons, and an unknown line or year names what exists") {
    const Results r = run(load_scenario(test::source_path("tests/data/tiny-budget.json")));
    const json e = budget_explain_json(r);
    const std::string text = explain_budget_line(e, "resultattilskud_job", 2017);
    CHECK(text.rfind("resultattilskud_job (", 0) == 0);
    CHECK(text.find("Rule periods in force in 2017:") != std::string::npos);
    CHECK(text.find("dk-2017 from 2017-01") != std::string::npos);
    CHECK(text.find("In the median replicate (#") != std::string::npos);
    // An indexed amount is shown in its price level and the year's prices; a fixed sum as itself.
    CHECK(text.find(" kr (2017 prices) = ") != std::string::npos);
    const std::string repatriation = explain_budget_line(e, "repatriation", 2019);
    CHECK(repatriation.find("25,000 kr (a fixed sum, not indexed) = 25,000 kr in 2019 prices") != std::string::npos);
    CHECK(e["lines"]["repatriation"]["years"]["2019"]["rules"][0]["amounts"].begin()->at("indexed") == false);
    CHECK_THROWS_WITH_AS(explain_budget_line(e, "resultatilskud_job", 2017), doctest::Contains("resultattilskud_job"),
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(explain_budget_line(e, "resultattilskud_job", 1990),
                         "the results have no budget for 1990; expected a year from 2016 to 2020", std::invalid_argument);
}

TEST_CASE("budget_year must be a year the run simulates in full and reports") {
    // tiny-budget.json simulates 2016-01..2020-12; a patch moves start, end or report_from.
    auto with = [](json patch) {
        auto j = resolve_scenario_json(test::source_path("tests/data/tiny-budget.json"));
        j.merge_patch(patch);
        return test::problems_of([&] { scenario_from_json(j, "t.json"); });
    };
    CHECK(with({{"budget", {{"budget_year", 2016}}}}) == "");
    CHECK(with({{"budget", {{"budget_year", 2020}}}}) == "");
    CHECK(with({{"budget", {{"budget_year", 2015}}}}) ==
          "t.json: /budget/budget_year: budget_year 2015 is not a year the run simulates in full and reports: "
          "expected a year from 2016 to 2020 (/simulation/start 2016-01, /simulation/end 2020-12)\n");
    // A year only partly simulated would forecast part of its grants.
    CHECK(with({{"simulation", {{"end", "2019-06"}}}}) ==
          "t.json: /budget/budget_year: budget_year 2019 is not a year the run simulates in full and reports: "
          "expected a year from 2016 to 2018 (/simulation/start 2016-01, /simulation/end 2019-06)\n");
    CHECK(with({{"simulation", {{"start", "2016-02"}}}, {"budget", {{"budget_year", 2016}}}}) ==
          "t.json: /budget/budget_year: budget_year 2016 is not a year the run simulates in full and reports: "
          "expected a year from 2017 to 2020 (/simulation/start 2016-02, /simulation/end 2020-12)\n");
    // budget.csv starts with report_from's year (a report_from in mid-2019 still reports 2019).
    CHECK(with({{"simulation", {{"report_from", "2019-07"}}}}) == "");
    CHECK(with({{"simulation", {{"report_from", "2020-01"}}}}) ==
          "t.json: /budget/budget_year: budget_year 2019 is not a year the run simulates in full and reports: "
          "expected a year from 2020 to 2020 (/simulation/start 2016-01, /simulation/end 2020-12, "
          "/simulation/report_from 2020-01)\n");
    CHECK(with({{"simulation", {{"start", "2016-03"}, {"end", "2016-11"}, {"report_from", "2016-03"}}}}) ==
          "t.json: /budget/budget_year: budget_year 2019 is not a year the run simulates in full and reports: "
          "the run has no such year (/simulation/start 2016-03, /simulation/end 2016-11)\n");
}
