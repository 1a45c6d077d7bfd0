#include "tables.h"

namespace kohorte {

namespace {
const std::array<Label, kMeasureCount> kMeasures = {{
    {"reception", "Modtagelse", "Reception", "persons"},
    {"waiting", "Uden tilbud", "Waiting (no offer)", "persons"},
    {"praktik", "Virksomhedspraktik", "Company placement (praktik)", "persons"},
    {"loentilskud", "Løntilskud", "Wage subsidy (løntilskud)", "persons"},
    {"igu", "IGU", "IGU", "persons"},
    {"job", "Ordinært job", "Ordinary job", "persons"},
    {"education", "Ordinær uddannelse", "Ordinary education", "persons"},
    {"inactive", "Sygdom/orlov/uden for arbejdsstyrken", "Inactive (illness, leave)", "persons"},
    {"moved_away", "Fraflyttet (i alt)", "Moved away (cumulative)", "persons"},
    {"emigrated", "Udrejst/repatrieret (i alt)", "Emigrated/repatriated (cumulative)", "persons"},
    {"died", "Døde (i alt)", "Died (cumulative)", "persons"},
    {"retired", "Pensioneret (i alt)", "Retired (cumulative)", "persons"},
    {"queue_praktik", "Venter på praktikplads", "Queueing for a company placement (praktik)", "persons"},
    {"queue_loentilskud", "Venter på løntilskudsplads", "Queueing for a wage-subsidy place (løntilskud)", "persons"},
    {"queue_igu", "Venter på IGU-plads", "Queueing for an IGU place", "persons"},
    {"starts_praktik", "Starter i praktik", "Company placement (praktik) starts", "persons/month"},
    {"starts_loentilskud", "Starter i løntilskud", "Wage subsidy (løntilskud) starts", "persons/month"},
    {"starts_igu", "Starter i IGU", "IGU starts", "persons/month"},
    {"starts_job", "Starter i ordinært job", "Ordinary job starts", "persons/month"},
    {"arrivals", "Ankomne", "Arrivals", "persons/month"},
    {"danish_studying", "I danskuddannelse", "In Danish education", "persons"},
    {"danish_passed", "Har bestået danskprøve", "Have passed a Danish test", "persons"},
    {"in_programme", "I integrationsprogrammet", "In the integration programme", "persons"},
    {"danish_passes", "Beståede danskprøver", "Danish tests passed", "persons/month"},
}};
const std::array<Label, kOutcomeCount> kOutcomes = {{
    {"ordinary_employment", "Ordinær ustøttet beskæftigelse", "Ordinary unsupported employment", "share"},
    {"wage_employment", "Lønmodtagere inkl. IGU og løntilskud", "Wage employment incl. IGU and wage subsidy", "share"},
    {"employment_or_education", "I beskæftigelse eller uddannelse", "Ordinary employment or education", "share"},
    {"off_benefits", "Selvforsørgende (uden offentlig ydelse)", "Off public benefits", "share"},
    {"company_offer_started", "Har startet virksomhedsrettet tilbud", "Has started a company-based offer", "share"},
    {"danish_test_passed", "Har bestået danskprøve", "Has passed a Danish test", "share"},
}};
}  // namespace

const Label& measure_label(int measure) { return kMeasures[measure]; }
const Label& outcome_label(int outcome) { return kOutcomes[outcome]; }

double person_months(const ReplicateTables& t, const TableShape& shape) {
    double n = 0;
    for (int m = 0; m < shape.months; ++m)
        for (int a = 0; a < kLivingActivities; ++a) n += t.monthly[shape.monthly_index(m, a)];
    return n;
}

}  // namespace kohorte
