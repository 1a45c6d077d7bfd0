// Every Danish and English string of the committee outputs, in one table. Measure, outcome and
// budget-line names come from tables.cpp and ledger.cpp; this table holds the rest.
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <unordered_map>

#include "ledger.h"
#include "report.h"
#include "scenario.h"
#include "tables.h"

namespace kohorte::report {

namespace {

struct Text {
    const char* key;
    const char* da;
    const char* en;
};

// clang-format off
const Text kTexts[] = {
    // general
    {"report.title", "Integrationsprognose", "Integration forecast"},
    {"scenario", "Scenarie", "Scenario"},
    {"description", "Beskrivelse", "Description"},
    {"version", "Programversion", "Program version"},
    {"git_commit", "Git-commit", "Git commit"},
    {"run_date", "Kørt", "Run on"},
    {"report_date", "Rapport lavet", "Report made"},
    {"seed", "Seed (startværdi for tilfældige tal)", "Seed"},
    {"replicates", "Gentagelser", "Replicates"},
    {"mode", "Beregning", "Computation"},
    {"mode.expected", "eksakte forventede værdier (ingen simulering, ingen gentagelser)",
     "exact expected values (no simulation, no replicates)"},
    {"period", "Periode", "Period"},
    {"persons_simulated", "Simulerede personer (gns.)", "Persons simulated (mean)"},
    {"mode", "Kørselstype", "Mode"},
    {"command", "Kommando", "Command"},
    {"footer", "kohorte {version} · scenarie: {scenario}", "kohorte {version} · scenario: {scenario}"},
    {"key_results", "Hovedresultater", "Key results"},
    {"value", "Værdi", "Value"},
    {"unit", "Enhed", "Unit"},
    {"source", "Kilde", "Source"},
    {"status", "Status", "Status"},
    {"low", "Lav", "Low"},
    {"high", "Høj", "High"},
    {"parameter", "Parameter (JSON-pointer)", "Parameter (JSON pointer)"},
    {"no_source", "(ingen kilde angivet)", "(no source given)"},
    // units in headers
    {"u.persons", "personer", "persons"},
    {"u.persons/month", "personer pr. måned", "persons per month"},
    {"u.persons/year", "personer pr. år", "persons per year"},
    {"u.share", "andel", "share"},
    {"u.kr", "kr.", "kr"},
    {"u.pp", "procentpoint", "percentage points"},
    {"u.thousand_kr", "1.000 kr.", "kr thousand"},
    // units of the result files and the scenario spec, as shown in the workbook and the report
    // (the CSV files keep the codes: unit_name() looks "unit." + code up here)
    {"unit.persons", "personer", "persons"},
    {"unit.persons/month", "personer pr. måned", "persons per month"},
    {"unit.persons/year", "personer pr. år", "persons per year"},
    {"unit.share", "andel", "share"},
    {"unit.kr", "kr.", "kr"},
    {"unit.kr/hour", "kr. pr. time", "kr per hour"},
    {"unit.kr/month", "kr. pr. måned", "kr per month"},
    {"unit.kr_at_prices", "kr. ({year}-priser)", "kr ({year} prices)"},
    {"unit.hazard/month", "rate pr. måned", "hazard per month"},
    {"unit.probability", "sandsynlighed", "probability"},
    {"unit.probability/year", "sandsynlighed pr. år", "probability per year"},
    {"unit.rate", "rate pr. år", "rate per year"},
    {"unit.multiplier", "faktor", "multiplier"},
    {"unit.children", "børn", "children"},
    {"unit.hours/week", "timer pr. uge", "hours per week"},
    {"unit.starts/month", "starter pr. måned", "starts per month"},
    {"unit.places", "pladser", "places"},
    {"unit.replicates", "gentagelser", "replicates"},
    {"unit.threads", "tråde", "threads"},
    {"unit.week", "uge", "week"},
    {"unit.weeks", "uger", "weeks"},
    {"unit.month of year", "måned i året", "month of the year"},
    {"unit.months", "måneder", "months"},
    {"unit.year", "år", "year"},
    {"unit.years", "år", "years"},
    // columns
    {"c.month", "Måned", "Month"},
    {"c.year", "År", "Year"},
    // columns holding the result files' codes (queue_igu, wage_employment, …), beside a label column
    {"c.measure", "Mål (kode)", "Measure (code)"},
    {"c.measure_label", "Betegnelse", "Label"},
    {"c.unit", "Enhed", "Unit"},
    {"c.mean", "Gennemsnit", "Mean"},
    {"c.p10", "P10", "P10"},
    {"c.p50", "Median", "Median"},
    {"c.p90", "P90", "P90"},
    {"c.mcse", "MC-standardfejl", "MC standard error"},
    {"c.arrival_year", "Ankomstår", "Arrival year"},
    {"c.sex", "Køn", "Sex"},
    {"c.months_after_arrival", "Måneder efter ankomst", "Months after arrival"},
    {"c.outcome", "Udfald (kode)", "Outcome (code)"},
    {"c.persons", "Personer", "Persons"},
    {"c.line", "Post (kode)", "Line (code)"},
    {"c.uncertain", "Usikre satser", "Uncertain amounts"},
    {"c.indicator", "Indikator", "Indicator"},
    {"c.indicator_code", "Indikator (kode)", "Indicator (code)"},
    {"c.alternative", "Alternativ", "Alternative"},
    {"c.alternative_code", "Alternativ (mappe)", "Alternative (folder)"},
    {"c.base_mean", "Basis, gns.", "Base, mean"},
    {"c.alt_mean", "Alternativ, gns.", "Alternative, mean"},
    {"c.diff_mean", "Forskel, gns.", "Difference, mean"},
    {"c.diff_p05", "Forskel, P5", "Difference, P5"},
    {"c.diff_p95", "Forskel, P95", "Difference, P95"},
    {"c.no_difference", "ingen forskel", "no difference"},
    {"c.point", "Punkt", "Point"},
    {"c.rank", "Rang", "Rank"},
    {"c.at_low", "Ved lav", "At low"},
    {"c.at_value", "Ved værdi", "At value"},
    {"c.at_high", "Ved høj", "At high"},
    {"c.swing", "Udsving", "Swing"},
    {"sex.all", "alle", "all"},
    {"sex.male", "mænd", "men"},
    {"sex.female", "kvinder", "women"},
    {"yes", "ja", "yes"},
    {"no", "nej", "no"},
    {"month.01", "januar", "January"},
    {"month.02", "februar", "February"},
    {"month.03", "marts", "March"},
    {"month.04", "april", "April"},
    {"month.05", "maj", "May"},
    {"month.06", "juni", "June"},
    {"month.07", "juli", "July"},
    {"month.08", "august", "August"},
    {"month.09", "september", "September"},
    {"month.10", "oktober", "October"},
    {"month.11", "november", "November"},
    {"month.12", "december", "December"},
    // sheets (at most 31 characters)
    {"sheet.front", "Forside", "Overview"},
    {"sheet.activities", "Aktiviteter", "Activities"},
    {"sheet.monthly", "Månedlig", "Monthly"},
    {"sheet.cohorts", "Årgange", "Cohorts"},
    {"sheet.budget", "Budget pr. år", "Budget by year"},
    {"sheet.budget_by_cohort", "Budget pr. årgang", "Budget by cohort"},
    {"sheet.comparison", "Sammenligning", "Comparison"},
    {"sheet.sweep", "Variation", "Sweep"},
    {"sheet.sensitivity", "Følsomhed", "Sensitivity"},
    {"sheet.parameters", "Parametre", "Parameters"},
    // charts
    {"ch.activity.title", "Personer efter aktivitet", "Persons by activity"},
    {"ch.activity.caption", "Gennemsnitligt antal personer i hver aktivitet ved udgangen af måneden, stablet.",
     "Mean number of persons in each activity at the end of the month, stacked."},
    {"ch.cohort.title", "Andel i lønmodtagerbeskæftigelse efter måneder i Danmark",
     "Share in wage employment by months since arrival"},
    {"ch.cohort.caption",
     "Andel af hver årgang (ankomstår) i job, IGU eller løntilskud; båndet er P10–P90 over gentagelserne. "
     "Stiplet: regeringens mål (50 %); prikket: landsplan (38 %).",
     "Share of each arrival cohort in a job, IGU or wage subsidy (løntilskud); the band is P10–P90 over "
     "replicates. Dashed: the government's target (50 %); dotted: national level (38 %)."},
    {"ch.cohort.caption_expected",
     "Forventet andel af hver årgang (ankomstår) i job, IGU eller løntilskud: eksakte forventede værdier, "
     "uden bånd. Stiplet: regeringens mål (50 %); prikket: landsplan (38 %).",
     "Expected share of each arrival cohort in a job, IGU or wage subsidy (løntilskud): exact expected values, "
     "no band. Dashed: the government's target (50 %); dotted: national level (38 %)."},
    {"ch.target", "Mål: 50 %", "Target: 50 %"},
    {"ch.national", "Landsplan: 38 %", "National: 38 %"},
    {"ch.danish.title", "Danskuddannelse og beståede danskprøver", "Danish education and tests passed"},
    {"ch.danish.caption", "Personer i kommunen, der har bestået en danskprøve, og personer i gang med "
     "danskuddannelse; bånd P10–P90.",
     "Persons in the municipality who have passed a Danish test and persons in Danish education; "
     "bands P10–P90."},
    {"ch.budget.title", "Statstilskud pr. år efter type", "Grants by year and type"},
    {"ch.budget.caption", "Forventede tilskud pr. år i løbende priser; bånd P10–P90.",
     "Expected grants by year in current prices; bands P10–P90."},
    {"ch.budget_net.title", "Kommunens nettoresultat pr. år", "Net municipal result by year"},
    {"ch.budget_net.caption", "Indtægter minus udgifter på integrationsområdet; bånd P10–P90.",
     "Income minus expenses of the integration budget; band P10–P90."},
    {"ch.cmp_persons.title", "Forskel til basis i {year} (personer)", "Difference from base in {year} (persons)"},
    {"ch.cmp_cohorts.title", "Forskel til basis for årgang {year} (procentpoint)",
     "Difference from base for the {year} cohort (percentage points)"},
    {"ch.cmp.caption", "Gennemsnitlig forskel (alternativ − basis) med 90 %-interval over parrede gentagelser.",
     "Mean difference (alternative − base) with 90 % interval over paired replicates."},
    {"ch.sweep.title", "{indicator} ({year})", "{indicator} ({year})"},
    {"ch.sweep.caption", "Gennemsnit med P10–P90 for hvert punkt i variationen.",
     "Mean with P10–P90 at each point of the sweep."},
    {"ch.tornado.title", "Følsomhed: {indicator} ({year})", "Sensitivity: {indicator} ({year})"},
    {"ch.tornado.caption", "Resultatet når hver parameter sættes til sin lave og høje værdi én ad gangen; "
     "den lodrette linje er resultatet med de angivne værdier.",
     "The result when each parameter is set to its low and high value one at a time; the vertical line "
     "is the result with the values as given."},
    {"ch.param_low", "Parameter lav", "Parameter low"},
    {"ch.param_high", "Parameter høj", "Parameter high"},
    {"ch.x.month", "År", "Year"},
    {"ch.x.months_since_arrival", "Måneder efter ankomst", "Months since arrival"},
    {"ch.y.persons", "Personer", "Persons"},
    {"ch.y.share_pct", "Andel (%)", "Share (%)"},
    {"ch.y.thousand_kr", "1.000 kr.", "kr thousand"},
    {"ch.y.difference", "Forskel", "Difference"},
    {"ch.passed", "Har bestået danskprøve", "Have passed a Danish test"},
    {"ch.studying", "I danskuddannelse", "In Danish education"},
    {"ch.net", "Nettoresultat", "Net result"},
    // HTML
    {"h.summary", "Sammenfatning", "Summary"},
    {"h.charts", "Figurer", "Charts"},
    {"h.tables", "Tabeller", "Tables"},
    {"h.assumptions", "Forudsætninger og kilder", "Assumptions and sources"},
    {"h.reproduce", "Sådan genskabes resultaterne", "How to reproduce the results"},
    {"h.figure", "Figur", "Figure"},
    {"h.table_activities", "Personer efter aktivitet i december (gennemsnit)", "Persons by activity in December (mean)"},
    {"h.table_cohorts", "Årgangenes resultater (alle, gennemsnit og P10–P90)", "Cohort results (all, mean and P10–P90)"},
    {"h.table_cohorts_expected", "Årgangenes resultater (alle, eksakte forventede værdier)",
     "Cohort results (all, exact expected values)"},
    {"h.table_budget", "Budget pr. år (kr., gennemsnit)", "Budget by year (kr, mean)"},
    {"h.table_comparison", "Sammenligning: hovedindikatorer", "Comparison: key indicators"},
    {"h.table_sweep", "Variation: hovedindikatorer", "Sweep: key indicators"},
    {"h.table_sensitivity", "Følsomhed: de vigtigste parametre", "Sensitivity: the most important parameters"},
    {"h.assumptions_intro",
     "Alle tal i scenariet med enhed, interval, kilde og status. Rækker med status »antagelse« eller "
     "»usikker« er fremhævet: dem hviler resultaterne mest på skøn.",
     "Every number in the scenario with unit, range, source and status. Rows with status assumption or "
     "uncertain are highlighted: the results rest most on judgement there."},
    {"h.assumption_counts", "Parametre med kilde: {total}; heraf antagelser: {assumption}, usikre: {uncertain}.",
     "Parameters with a source: {total}; of which assumptions: {assumption}, uncertain: {uncertain}."},
    {"h.reproduce_intro", "Resultaterne kan genskabes nøjagtigt (samme seed giver de samme tal) med:",
     "The results can be reproduced exactly (the same seed gives the same numbers) with:"},
    {"h.report_command", "Og denne rapport med:", "And this report with:"},
    {"h.status_legend", "Status: bekræftet, afledt, kalibreret, antagelse, usikker.",
     "Status: confirmed, derived, calibrated, assumption, uncertain."},
    {"status.confirmed", "bekræftet", "confirmed"},
    {"status.derived", "afledt", "derived"},
    {"status.assumption", "antagelse", "assumption"},
    {"status.uncertain", "usikker", "uncertain"},
    {"status.calibrated", "kalibreret", "calibrated"},
    // sentences
    {"s.run",
     "Scenariet »{scenario}« er simuleret {replicates} gange (seed {seed}) for perioden {from} – {to}; i alt "
     "{persons} personer i gennemsnit.",
     "The scenario \"{scenario}\" was simulated {replicates} times (seed {seed}) for {from} – {to}; "
     "{persons} persons on average."},
    {"s.run_expected",
     "Tallene for scenariet »{scenario}« er eksakte forventede værdier, beregnet uden simulering og derfor uden "
     "usikkerhedsinterval, for perioden {from} – {to}; i alt {persons} personer forventet.",
     "The figures for the scenario \"{scenario}\" are exact expected values, computed without simulation and so "
     "without an uncertainty interval, for {from} – {to}; {persons} persons expected."},
    {"s.cohort_wage_expected",
     "Af flygtningene, der kom i {year}, forventes {share} at være i lønmodtagerbeskæftigelse (job, IGU eller "
     "løntilskud) 36 måneder efter ankomsten – {target} regeringens mål på 50 % og {national} landsgennemsnittet "
     "på 38 %.",
     "Of the refugees who arrived in {year}, {share} are expected to be in wage employment (job, IGU or wage "
     "subsidy) 36 months after arrival – {target} the government's target of 50 % and {national} the national "
     "average of 38 %."},
    {"s.cohort_wage",
     "Af flygtningene, der kom i {year}, er {share} i lønmodtagerbeskæftigelse (job, IGU eller løntilskud) 36 "
     "måneder efter ankomsten (80 %-interval {p10}–{p90}) – {target} regeringens mål på 50 % og {national} "
     "landsgennemsnittet på 38 %.",
     "Of the refugees who arrived in {year}, {share} are in wage employment (job, IGU or wage subsidy) 36 months "
     "after arrival (80 % interval {p10}–{p90}) – {target} the government's target of 50 % and {national} the "
     "national average of 38 %."},
    {"s.below", "under", "below"},
    {"s.above", "over", "above"},
    {"s.at", "på niveau med", "at"},
    {"s.danish60",
     "{share} af {year}-årgangen har bestået en danskprøve inden for 5 år (80 %-interval {p10}–{p90}).",
     "{share} of the {year} cohort have passed a Danish test within 5 years (80 % interval {p10}–{p90})."},
    {"s.last_month",
     "Ved udgangen af {month} forventes {job} personer i ordinært job, {igu} i IGU og {waiting} uden et tilbud.",
     "At the end of {month}, {job} persons are expected in ordinary jobs, {igu} in IGU and {waiting} waiting "
     "without an offer."},
    // {what}: one of the q.* places below, never a measure's label (that is a heading, "Venter på
    // IGU-plads", and would read "venter på Venter på IGU-plads" in the sentence)
    {"s.queue", "Den længste gennemsnitlige kø er på {persons} personer, der venter på {what}.",
     "The longest mean queue is {persons} persons waiting for {what}."},
    {"q.queue_praktik", "en praktikplads", "a company placement (praktik)"},
    {"q.queue_loentilskud", "en løntilskudsplads", "a wage-subsidy place (løntilskud)"},
    {"q.queue_igu", "en IGU-plads", "an IGU place"},
    {"s.result_grants",
     "I {year} kan kommunen forvente resultattilskud (inkl. repatriering og bonus) på {mean} kr. (80 %-interval {p10} "
     "til {p90} kr.).",
     "In {year} the municipality can expect result grants (resultattilskud, repatriation included, and bonus) of "
     "{mean} kr (80 % interval {p10} to {p90} kr)."},
    {"s.net",
     "Kommunens nettoresultat på integrationsområdet i {year} forventes at blive {mean} kr. (80 %-interval "
     "{p10} til {p90} kr.).",
     "The municipality's net result on integration in {year} is expected to be {mean} kr (80 % interval "
     "{p10} to {p90} kr)."},
    {"s.diff_sure",
     "Med »{alt}« bliver tallet for »{indicator}« ({year}) {direction} med {diff} {unit} end med »{base}« "
     "(90 %-interval {p05} til {p95}).",
     "With \"{alt}\", the figure for \"{indicator}\" ({year}) is {direction} by {diff} {unit} than with "
     "\"{base}\" (90 % interval {p05} to {p95})."},
    {"s.diff_unsure",
     "Med »{alt}« ændres tallet for »{indicator}« ({year}) ikke sikkert i forhold til »{base}«: forskellen er "
     "{diff} {unit}, men 90 %-intervallet ({p05} til {p95}) omfatter nul.",
     "With \"{alt}\", the figure for \"{indicator}\" ({year}) does not change reliably compared with "
     "\"{base}\": the difference is {diff} {unit}, but the 90 % interval ({p05} to {p95}) includes zero."},
    {"s.diff_none",
     "Med »{alt}« er tallet for »{indicator}« ({year}) det samme som med »{base}« i hver gentagelse: ingen forskel.",
     "With \"{alt}\", the figure for \"{indicator}\" ({year}) is the same as with \"{base}\" in every replicate: no "
     "difference."},
    {"s.alt_description", "Alternativet »{alt}«: {description}", "The alternative \"{alt}\": {description}"},
    {"s.higher", "højere", "higher"},
    {"s.lower", "lavere", "lower"},
    {"s.sweep",
     "Når parameteren {parameter} går fra {from} til {to}, går tallet for »{indicator}« ({year}) fra {at_from} "
     "til {at_to}.",
     "As the parameter {parameter} goes from {from} to {to}, the figure for \"{indicator}\" ({year}) goes from "
     "{at_from} to {at_to}."},
    {"s.sensitivity",
     "Den parameter, der betyder mest for »{indicator}« ({year}), er {parameter}: mellem dens lave og høje "
     "værdi går resultatet fra {at_low} til {at_high}.",
     "The parameter that matters most for \"{indicator}\" ({year}) is {parameter}: between its low and high "
     "value the result goes from {at_low} to {at_high}."},
    {"s.cohort_year", "årgang {year}", "{year} cohort"},
    // indicators (compare.cpp names)
    {"ind.persons_wage_employment", "Lønmodtagere inkl. IGU og løntilskud", "Wage employment incl. IGU and wage subsidy"},
    {"ind.persons_job_or_education", "I ordinært job eller uddannelse", "In an ordinary job or education"},
    {"ind.after_months", "efter {months} mdr.", "after {months} months"},
    {"ind.persons_suffix", "(personer)", "(persons)"},
};
// clang-format on

struct Entry {
    std::string da, en;
};
const std::unordered_map<std::string, Entry>& index() {
    static const auto map = [] {
        std::unordered_map<std::string, Entry> m;
        for (const Text& t : kTexts) m.emplace(t.key, Entry{t.da, t.en});
        return m;
    }();
    return map;
}

}  // namespace

Lang parse_lang(const std::string& text) {
    if (text == "da") return Lang::da;
    if (text == "en") return Lang::en;
    throw InputError({"--lang " + text + ": expected da or en"});
}

const std::string& tr(const std::string& key, Lang lang) {
    auto t = index().find(key);
    if (t == index().end()) throw std::out_of_range("report label \"" + key + "\" is not in report_labels.cpp");
    return lang == Lang::da ? t->second.da : t->second.en;
}

std::string trf(const std::string& key, Lang lang, const std::map<std::string, std::string>& values) {
    std::string s = tr(key, lang);
    for (auto& [name, value] : values) {
        const std::string token = "{" + name + "}";
        for (std::size_t pos = 0; (pos = s.find(token, pos)) != std::string::npos; pos += value.size())
            s.replace(pos, token.size(), value);
    }
    return s;
}

std::vector<std::string> label_keys() {
    std::vector<std::string> keys;
    for (const Text& t : kTexts) keys.push_back(t.key);
    return keys;
}

std::string measure_name(const std::string& name, Lang lang) {
    for (int k = 0; k < kMeasureCount; ++k)
        if (name == measure_label(k).name) return lang == Lang::da ? measure_label(k).da : measure_label(k).en;
    return name;
}

std::string outcome_name(const std::string& name, Lang lang) {
    for (int k = 0; k < kOutcomeCount; ++k)
        if (name == outcome_label(k).name) return lang == Lang::da ? outcome_label(k).da : outcome_label(k).en;
    return name;
}

std::string budget_line_name(const std::string& name, Lang lang) {
    for (int k = 0; k < kLineCount; ++k)
        if (name == line_label(k).name) return lang == Lang::da ? line_label(k).da : line_label(k).en;
    return name;
}

std::string indicator_label(const std::string& indicator, Lang lang) {
    if (index().count("ind." + indicator)) return tr("ind." + indicator, lang);
    if (indicator.rfind("persons_", 0) == 0) return measure_name(indicator.substr(8), lang);
    if (indicator.rfind("budget_", 0) == 0) return budget_line_name(indicator.substr(7), lang);
    if (indicator.rfind("cohort_", 0) == 0 && indicator.size() > 8 && indicator.back() == 'm') {
        const std::string rest = indicator.substr(7, indicator.size() - 8);  // outcome_H
        const auto us = rest.rfind('_');
        if (us != std::string::npos)
            return outcome_name(rest.substr(0, us), lang) + " " +
                   trf("ind.after_months", lang, {{"months", rest.substr(us + 1)}});
    }
    return measure_name(indicator, lang);
}

std::string unit_name(const std::string& unit, Lang lang) {
    if (unit.empty()) return unit;
    if (index().count("unit." + unit)) return tr("unit." + unit, lang);
    // An amount without a unit in the spec: "kr (2017)" from its price level (report.cpp).
    if (unit.rfind("kr (", 0) == 0 && unit.back() == ')')
        return trf("unit.kr_at_prices", lang, {{"year", unit.substr(4, unit.size() - 5)}});
    return unit;
}

bool known_unit(const std::string& unit) {
    return unit.empty() || index().count("unit." + unit) || unit_name(unit, Lang::da) != unit;
}

std::string fmt_month(const std::string& ym, Lang lang) {
    if (ym.size() != 7 || ym[4] != '-' || !index().count("month." + ym.substr(5))) return ym;
    return tr("month." + ym.substr(5), lang) + " " + ym.substr(0, 4);
}

std::string fmt_value(const std::string& value, Lang lang) {
    if (value == "true") return tr("yes", lang);
    if (value == "false") return tr("no", lang);
    if (lang == Lang::en || value.empty()) return value;
    // A plain number ("0.6", "-1.5e-05"): the Danish decimal comma; digits are not grouped, so
    // a value reads as written in the scenario.
    if (value.find_first_not_of("0123456789.-+e") != std::string::npos) return value;
    std::string s = value;
    for (char& c : s)
        if (c == '.') c = ',';
    return s;
}

std::string fmt_num(double x, int decimals, Lang lang) {
    if (std::isnan(x)) return "–";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, std::abs(x));
    std::string s = buf;
    const auto dot = s.find('.');
    std::string whole = s.substr(0, dot), frac = dot == std::string::npos ? "" : s.substr(dot + 1);
    const char thousands = lang == Lang::da ? '.' : ',', point = lang == Lang::da ? ',' : '.';
    std::string grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) grouped += thousands;
        grouped += whole[i];
    }
    if (!frac.empty()) grouped += std::string(1, point) + frac;
    const bool zero = grouped.find_first_not_of("0.,") == std::string::npos;
    // A minus sign (U+2212) reads better than a hyphen in print; never "−0".
    return (x < 0 && !zero ? "\u2212" : "") + grouped;
}

std::string fmt_pct(double share, int decimals, Lang lang) {
    if (std::isnan(share)) return "–";
    return fmt_num(share * 100, decimals, lang) + "\u00a0%";
}

}  // namespace kohorte::report
