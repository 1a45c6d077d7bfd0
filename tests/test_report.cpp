// Committee outputs (`kohorte report`): the data behind each chart equals the result files; the
// charts exist as PNG (300 dpi), SVG and PDF and re-render from their scripts; the workbook opens
// in LibreOffice with the same numbers as the CSVs; the HTML report renders in headless Chromium
// with every image present.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "helpers.h"
#include "ledger.h"
#include "report.h"

using namespace kohorte;
using namespace kohorte::report;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) { return test::fresh_dir("report", name); }
using test::run_cli;
using test::sh;

// A comparison (cmp/) and a sweep (sweep/) of tiny.json run by the program, and a sensitivity
// folder (sens/) from tests/data/report, in `dir`.
void analysis_folders(const fs::path& dir) {
    const std::string tiny = test::source_path("tests/data/tiny.json");
    REQUIRE(run_cli("compare " + tiny + " " + tiny + " --replicates 4 --out " + (dir / "cmp").string() + " --quiet",
                    dir / "log") == 0);
    REQUIRE(run_cli("sweep " + tiny + " --vary /arrivals/refugees_per_year/2017=20:60:20 --replicates 4 --out " +
                        (dir / "sweep").string() + " --quiet",
                    dir / "log") == 0);
    fs::create_directories(dir / "sens");
    fs::copy_file(test::source_path("tests/data/report/sensitivity.csv"), dir / "sens/sensitivity.csv");
    fs::copy_file(test::source_path("tests/data/report/manifest-sensitivity.json"), dir / "sens/manifest.json");
}

// A run folder of tiny.json (or another test scenario) written by the library.
fs::path run_folder(const fs::path& dir, const std::string& scenario = "tests/data/tiny.json") {
    const Results r = run(load_scenario(test::source_path(scenario)));
    write_results(r, dir.string(), "kohorte run " + scenario);
    return dir;
}

// A chart data file: '#' lines skipped, rows of comma-separated fields, blocks by blank lines.
std::vector<std::vector<std::string>> data_rows(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> f;
        std::string cell;
        std::istringstream l(line);
        while (std::getline(l, cell, ',')) f.push_back(cell);
        rows.push_back(f);
    }
    return rows;
}

const ChartSpec* find_chart(const std::vector<ChartSpec>& charts, const std::string& name) {
    for (auto& c : charts)
        if (c.name == name) return &c;
    return nullptr;
}

double num(const std::string& s) { return s.empty() || s == "NaN" ? std::nan("") : std::stod(s); }

std::uint32_t be32(const std::string& s, std::size_t at) {
    return std::uint32_t((unsigned char)s[at]) << 24 | std::uint32_t((unsigned char)s[at + 1]) << 16 |
           std::uint32_t((unsigned char)s[at + 2]) << 8 | std::uint32_t((unsigned char)s[at + 3]);
}

// A spreadsheet cell as LibreOffice exports it: shares formatted as percent come as "41.08%".
double cell(const std::string& s) {
    if (!s.empty() && s.back() == '%') return std::stod(s.substr(0, s.size() - 1)) / 100;
    return std::stod(s);
}

bool have(const std::string& program) { return sh("command -v " + program + " >/dev/null 2>&1") == 0; }

}  // namespace

TEST_CASE("report numbers are formatted the Danish or English way") {
    CHECK(fmt_num(1234.5, 1, Lang::da) == "1.234,5");
    CHECK(fmt_num(1234.5, 1, Lang::en) == "1,234.5");
    CHECK(fmt_num(-1234567, 0, Lang::da) == "\u22121.234.567");
    CHECK(fmt_num(-0.04, 1, Lang::da) == "0,0");  // no "minus zero"
    CHECK(fmt_num(999.96, 1, Lang::da) == "1.000,0");
    CHECK(fmt_pct(0.4108, 0, Lang::da) == "41\u00a0%");
    CHECK(fmt_num(std::nan(""), 1, Lang::da) == "–");
}

TEST_CASE("every report label has Danish and English text and placeholders are filled") {
    for (auto& key : label_keys()) {
        CAPTURE(key);
        CHECK(!tr(key, Lang::da).empty());
        CHECK(!tr(key, Lang::en).empty());
    }
    CHECK(trf("ch.cmp_persons.title", Lang::da, {{"year", "2030"}}) == "Forskel til basis i 2030 (personer)");
    CHECK_THROWS_AS(tr("no.such.key", Lang::da), std::out_of_range);
    CHECK(indicator_label("cohort_wage_employment_36m", Lang::da) == "Lønmodtagere inkl. IGU og løntilskud efter 36 mdr.");
    CHECK(indicator_label("persons_job", Lang::en) == "Ordinary job");
    // English labels gloss the Danish scheme names rather than use them bare.
    CHECK(indicator_label("cohort_wage_employment_36m", Lang::en) == "Wage employment incl. IGU and wage subsidy after 36 months");
    CHECK(indicator_label("persons_wage_employment", Lang::en) == "Wage employment incl. IGU and wage subsidy");
    CHECK(measure_name("queue_praktik", Lang::en) == "Queueing for a company placement (praktik)");
    CHECK(measure_name("starts_loentilskud", Lang::en) == "Wage subsidy (løntilskud) starts");
    CHECK(budget_line_name("grundtilskud", Lang::da) == "Grundtilskud");
}

TEST_CASE("report: the stacked-area data for each month equals monthly.csv's means") {
    const fs::path dir = fresh_dir("activity");
    run_folder(dir / "run");
    const Inputs in = load_inputs({(dir / "run").string()}, Lang::da);
    REQUIRE(in.folders.front().kind == FolderKind::run);
    const auto charts = chart_specs(in);
    const ChartSpec* c = find_chart(charts, "activity");
    REQUIRE(c != nullptr);
    REQUIRE(c->data.size() == 1);
    const Table monthly = parse_csv(test::read_file((dir / "run/monthly.csv").string()));
    std::map<std::pair<std::string, std::string>, double> mean;
    for (std::size_t i = 0; i < monthly.rows.size(); ++i)
        mean[{monthly.str(i, "month"), monthly.str(i, "measure")}] = monthly.num(i, "mean");
    const auto rows = data_rows(c->data[0].second);
    CHECK(rows.size() == 60);  // 2016-01 .. 2020-12
    const char* activities[] = {"reception", "waiting", "praktik", "loentilskud", "igu", "job", "education", "inactive"};
    for (auto& row : rows) {
        REQUIRE(row.size() == 10);
        for (int k = 0; k < 8; ++k) {
            CAPTURE(row[1]);
            CAPTURE(activities[k]);
            CHECK(num(row[2 + k]) == doctest::Approx(mean.at({row[1], activities[k]})).epsilon(1e-9));
        }
    }
    // The script stacks the activities, reads that file, and speaks Danish.
    CHECK(c->script.find("'activity.csv' using 1:($3+$4+$5+$6+$7+$8+$9+$10)") != std::string::npos);
    CHECK(c->script.find("set decimalsign ','") != std::string::npos);
    CHECK(c->script.find("\"Personer efter aktivitet\"") != std::string::npos);
    CHECK(c->script.find("kohorte " + std::string(program_version()) + " · scenarie: tiny") != std::string::npos);
}

TEST_CASE("report: the cohort chart holds cohorts.csv's wage-employment shares with their P10-P90") {
    const fs::path dir = fresh_dir("cohort");
    run_folder(dir / "run");
    const auto charts = chart_specs(load_inputs({(dir / "run").string()}, Lang::da));
    const ChartSpec* c = find_chart(charts, "cohort-wage-employment");
    REQUIRE(c != nullptr);
    const Table cohorts = parse_csv(test::read_file((dir / "run/cohorts.csv").string()));
    int matched = 0;
    for (auto& row : data_rows(c->data[0].second)) {
        bool found = false;
        for (std::size_t i = 0; i < cohorts.rows.size(); ++i)
            if (cohorts.str(i, "arrival_year") == row[0] && cohorts.str(i, "months_after_arrival") == row[1] &&
                cohorts.str(i, "sex") == "all" && cohorts.str(i, "outcome") == "wage_employment") {
                CHECK(num(row[2]) == doctest::Approx(cohorts.num(i, "mean")));
                CHECK(num(row[3]) == doctest::Approx(cohorts.num(i, "p10")));
                CHECK(num(row[4]) == doctest::Approx(cohorts.num(i, "p90")));
                found = true;
            }
        CHECK(found);
        ++matched;
    }
    CHECK(matched >= 8);  // 2016 and 2017, several horizons each
    // The 50 % target and the 38 % national level are drawn.
    CHECK(c->script.find("  50 with lines") != std::string::npos);
    CHECK(c->script.find("  38 with lines") != std::string::npos);
}

TEST_CASE("report: budget charts follow budget.csv and are skipped without it") {
    const fs::path dir = fresh_dir("budget");
    run_folder(dir / "run");
    SUBCASE("no budget.csv: no budget chart") {
        const auto charts = chart_specs(load_inputs({(dir / "run").string()}, Lang::da));
        CHECK(find_chart(charts, "budget-grants") == nullptr);
        CHECK(find_chart(charts, "budget-net") == nullptr);
        CHECK(find_chart(charts, "activity") != nullptr);
    }
    SUBCASE("a budget.csv (without the uncertain_amounts column)") {
        fs::copy_file(test::source_path("tests/data/report/budget.csv"), dir / "run/budget.csv");
        const auto charts = chart_specs(load_inputs({(dir / "run").string()}, Lang::da));
        const ChartSpec* c = find_chart(charts, "budget-grants");
        REQUIRE(c != nullptr);
        const auto rows = data_rows(c->data[0].second);
        // Lines with money in some year: grundtilskud, job, education (2018), danish, bonus, repatriation.
        CHECK(rows.size() == 12);
        CHECK(rows[0] == std::vector<std::string>{"grundtilskud", "2017", "1500000", "1400000", "1610000"});
        CHECK(rows[3] == std::vector<std::string>{"resultattilskud_job", "2018", "330000", "210000", "450000"});
        for (auto& r : rows) CHECK(r[0] != "benefits_paid");
        const ChartSpec* net = find_chart(charts, "budget-net");
        REQUIRE(net != nullptr);
        CHECK(data_rows(net->data[0].second)[1] ==
              std::vector<std::string>{"net_municipal_result", "2018", "-267500", "-450000", "-90000"});
        // Thousands of kr on the axis, labelled the Danish way.
        CHECK(c->script.find("\"1.000 kr.\"") != std::string::npos);
        CHECK(c->script.find("\"1.500\" 1500") != std::string::npos);
    }
}

TEST_CASE("the HTML budget table shows every line of the municipal result, and each year adds up to it") {
    const fs::path dir = fresh_dir("budget-table");
    run_folder(dir / "run", "tests/data/tiny-budget.json");
    const std::string html = html_report(load_inputs({(dir / "run").string()}, Lang::en), {});
    const std::size_t at = html.find("<h3>" + tr("h.table_budget", Lang::en) + "</h3>");
    REQUIRE(at != std::string::npos);
    const std::string t = html.substr(at, html.find("</table>", at) - at);
    // The cells of each row (header first), "1,234*" and "−5" read as numbers.
    std::vector<std::vector<std::string>> rows;
    for (std::size_t r = t.find("<tr>"); r != std::string::npos; r = t.find("<tr>", r + 1)) {
        const std::string row = t.substr(r, t.find("</tr>", r) - r);
        std::vector<std::string> cells;
        for (std::size_t c = row.find("<t"); c != std::string::npos; c = row.find("<t", c + 1)) {
            if (row.compare(c, 4, "<tr>") == 0) continue;
            const std::size_t open = row.find('>', c) + 1;
            cells.push_back(row.substr(open, row.find("</t", open) - open));
        }
        rows.push_back(cells);
    }
    REQUIRE(rows.size() > 2);
    std::map<std::string, int> sign;  // header label -> +1 income, -1 expense
    for (int k = 0; k < kLineCount; ++k)
        if (line_label(k).sign != 0) sign[line_label(k).en] = line_label(k).sign;
    std::size_t shown = 0;
    for (auto& h : rows[0]) shown += sign.count(h);
    CHECK(shown == sign.size());  // repatriation and the programme refund too
    CHECK(std::find(rows[0].begin(), rows[0].end(), "Net municipal result") != rows[0].end());
    CHECK(std::find(rows[0].begin(), rows[0].end(), budget_line_name("igu_firm_bonus", Lang::en)) == rows[0].end());
    auto value = [](std::string s) {
        std::string out;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s.compare(i, 3, "\u2212") == 0) out += '-', i += 2;
            else if (s[i] != ',' && s[i] != '*') out += s[i];
        }
        return std::stod(out);
    };
    for (std::size_t r = 1; r < rows.size(); ++r) {
        REQUIRE(rows[r].size() == rows[0].size());
        double sum = 0, net = 0;
        for (std::size_t c = 1; c < rows[0].size(); ++c) {
            if (rows[0][c] == "Net municipal result") net = value(rows[r][c]);
            else if (sign.count(rows[0][c])) sum += sign[rows[0][c]] * value(rows[r][c]);
        }
        CHECK(std::abs(sum - net) <= double(rows[0].size()));  // each cell rounded to the krone
    }
    fs::remove_all(dir);
}

TEST_CASE("comparison charts leave room for their indicator names, long ones on two lines") {
    const fs::path dir = fresh_dir("cmp-labels");
    analysis_folders(dir);
    for (Lang lang : {Lang::da, Lang::en}) {
        const auto charts = chart_specs(load_inputs({(dir / "cmp").string()}, lang));
        for (const char* name : {"comparison-persons", "comparison-cohorts"}) {
            CAPTURE(name);
            const ChartSpec* c = find_chart(charts, name);
            REQUIRE(c != nullptr);
            const std::string& sc = c->script;
            const std::size_t m = sc.find("set lmargin ");
            REQUIRE(m != std::string::npos);
            const int margin = std::stoi(sc.substr(m + 12));
            // The tic labels: "set ytics ("LABEL" 1, "LABEL" 2, ...) font ',7'".
            const std::size_t open = sc.find("set ytics (");
            REQUIRE(open != std::string::npos);
            const std::string tics = sc.substr(open, sc.find(") font", open) - open);
            int labels = 0;
            for (std::size_t a = tics.find('"'); a != std::string::npos; a = tics.find('"', tics.find('"', a + 1) + 1)) {
                const std::string label = tics.substr(a + 1, tics.find('"', a + 1) - a - 1);
                ++labels;
                std::size_t start = 0, lines = 0;
                for (;;) {
                    const std::size_t nl = label.find("\\n", start);
                    const std::string line = label.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
                    std::size_t n = 0;
                    for (unsigned char ch : line) n += (ch & 0xC0) != 0x80;
                    CAPTURE(line);
                    CHECK(double(n) * 7 / 8 + 2 <= margin);  // 7 pt labels in 8 pt character widths, and the tics
                    CHECK(n <= 32);
                    ++lines;
                    if (nl == std::string::npos) break;
                    start = nl + 2;
                }
                CHECK(lines <= 2);
            }
            CHECK(labels > 0);
        }
    }
    fs::remove_all(dir);
}

TEST_CASE("report: comparison, sweep and tornado data equal the result files") {
    const fs::path dir = fresh_dir("analyses");
    analysis_folders(dir);
    const Inputs in = load_inputs({(dir / "cmp").string(), (dir / "sweep").string(), (dir / "sens").string()}, Lang::da);
    CHECK(in.folders[0].kind == FolderKind::compare);
    CHECK(in.folders[0].runs.size() == 2);
    CHECK(in.folders[1].kind == FolderKind::sweep);
    CHECK(in.folders[2].kind == FolderKind::sensitivity);
    const auto charts = chart_specs(in);

    const ChartSpec* cmp = find_chart(charts, "f1-comparison-persons");
    REQUIRE(cmp != nullptr);
    const Table comparison = parse_csv(test::read_file((dir / "cmp/comparison.csv").string()));
    for (auto& row : data_rows(cmp->data[0].second)) {
        bool found = false;
        for (std::size_t i = 0; i < comparison.rows.size(); ++i)
            if (comparison.str(i, "indicator") == row[1] && comparison.str(i, "year") == row[2] &&
                comparison.str(i, "alternative") == row[3]) {
                CHECK(num(row[4]) == doctest::Approx(comparison.num(i, "diff_mean")));
                CHECK(num(row[5]) == doctest::Approx(comparison.num(i, "diff_p05")));
                CHECK(num(row[6]) == doctest::Approx(comparison.num(i, "diff_p95")));
                found = true;
            }
        CHECK(found);
        CHECK(row[2] == "2020");  // the last year
    }
    REQUIRE(find_chart(charts, "f1-comparison-cohorts") != nullptr);

    const ChartSpec* sw = find_chart(charts, "f2-sweep-persons_job");
    REQUIRE(sw != nullptr);
    const Table sweep = parse_csv(test::read_file((dir / "sweep/sweep.csv").string()));
    const auto sw_rows = data_rows(sw->data[0].second);
    CHECK(sw_rows.size() == 3);
    for (auto& row : sw_rows)
        for (std::size_t i = 0; i < sweep.rows.size(); ++i)
            if (sweep.str(i, "point") == row[0] && sweep.str(i, "indicator") == "persons_job" && sweep.str(i, "year") == "2020") {
                CHECK(num(row[1]) == doctest::Approx(sweep.num(i, "/arrivals/refugees_per_year/2017")));
                CHECK(num(row[4]) == doctest::Approx(sweep.num(i, "mean")));
            }

    const ChartSpec* tornado = find_chart(charts, "f3-tornado-1");
    REQUIRE(tornado != nullptr);
    const auto t_rows = data_rows(tornado->data[0].second);
    REQUIRE(t_rows.size() == 3);
    // Ranked by |swing|: waiting/job (0.091), jobparat_share (0.055), trauma_share (-0.04).
    CHECK(t_rows[0][1] == "/pathway/hazards_per_month/waiting/job");
    CHECK(t_rows[2][1] == "/profiles/refugee/trauma_share");
    CHECK(num(t_rows[2][7]) == doctest::Approx(0.43));
    CHECK(num(t_rows[2][9]) == doctest::Approx(0.39));
    CHECK(find_chart(charts, "f3-tornado-2") != nullptr);  // the second outcome
}

TEST_CASE("report sentences follow the numbers, and a difference whose interval includes zero is not called sure") {
    Inputs in;
    in.lang = Lang::da;
    Folder f;
    f.kind = FolderKind::compare;
    f.comparison = parse_csv(
        "indicator,year,unit,base,alternative,base_mean,alt_mean,diff_mean,diff_p05,diff_p95,diff_mcse,unpaired_p05,"
        "unpaired_p95\n"
        "persons_job,2030,persons,base,alt,40,45.5,5.5,2.26,8.74,0.5,,\n"
        "cohort_wage_employment_36m,2016,share,base,alt,0.40,0.41,0.012,-0.004,0.03,0.002,,\n");
    in.folders.push_back(f);
    const auto s = summary_sentences(in);
    REQUIRE(s.size() == 2);
    CHECK(s[0].find("ikke sikkert") != std::string::npos);  // the cohort share: -0.4 to 3.0 pp
    CHECK(s[0].find("1,2 procentpoint") != std::string::npos);
    CHECK(s[1].find("højere med 5,5 personer") != std::string::npos);
    CHECK(s[1].find("90 %-interval 2,3 til 8,7") != std::string::npos);
    in.lang = Lang::en;
    CHECK(summary_sentences(in)[1].find("higher by 5.5 persons") != std::string::npos);
}

TEST_CASE("parameters: every number of the resolved scenario with its unit from the spec") {
    const Scenario s = test::tiny();
    const auto params = parameters(s.resolved);
    auto find = [&](const std::string& p) -> const Parameter* {
        for (auto& x : params)
            if (x.pointer == p) return &x;
        return nullptr;
    };
    const Parameter* adult = find("/arrivals/adult_share");
    REQUIRE(adult != nullptr);
    CHECK(adult->value == "0.6");
    CHECK(adult->unit == "share");
    const Parameter* hazard = find("/pathway/hazards_per_month/waiting/praktik");
    REQUIRE(hazard != nullptr);
    CHECK(!hazard->unit.empty());
    CHECK(find("/name") == nullptr);  // text is not a parameter
    nlohmann::json labelled = s.resolved;
    labelled["arrivals"]["adult_share"] = {{"value", 0.55}, {"low", 0.5}, {"high", 0.6}, {"status", "uncertain"},
                                           {"source", "skøn"}};
    for (auto& p : parameters(labelled))
        if (p.pointer == "/arrivals/adult_share") {
            CHECK(p.value == "0.55");
            CHECK(p.low == "0.5");
            CHECK(p.status == "uncertain");
            CHECK(p.source == "skøn");
        }
}

TEST_CASE("kohorte run --report writes PNG (300 dpi), SVG and PDF charts that re-render from their scripts") {
    REQUIRE_MESSAGE(have("gnuplot"), "gnuplot is needed (scripts/setup installs gnuplot-nox)");
    const fs::path dir = fresh_dir("cli");
    REQUIRE(run_cli("run " + test::source_path("tests/data/tiny-budget.json") + " --out " + (dir / "out").string() +
                        " --quiet --report",
                    dir / "log") == 0);
    const fs::path charts = dir / "out/report/charts";
    for (const char* name : {"activity", "cohort-wage-employment", "danish", "budget-grants", "budget-net"}) {
        CAPTURE(name);
        const std::string png = test::read_file((charts / (std::string(name) + ".png")).string());
        REQUIRE(png.size() > 1000);
        CHECK(png.compare(1, 3, "PNG") == 0);
        CHECK(be32(png, 16) == 1890);  // 16 cm at 300 dpi
        CHECK(be32(png, 20) == 1181);  // 10 cm at 300 dpi
        const auto phys = png.find("pHYs");
        REQUIRE(phys != std::string::npos);
        CHECK(be32(png, phys + 4) == 11811);  // pixels per metre = 300 dpi
        const std::string svg = test::read_file((charts / (std::string(name) + ".svg")).string());
        CHECK(svg.find("<svg") != std::string::npos);
        const std::string pdf = test::read_file((charts / (std::string(name) + ".pdf")).string());
        CHECK(pdf.rfind("%PDF", 0) == 0);
        CHECK(fs::exists(charts / (std::string(name) + ".csv")));
        CHECK(fs::exists(charts / (std::string(name) + ".gp")));
    }
    // Danish letters reach the SVG as UTF-8 text.
    CHECK(test::read_file((charts / "cohort-wage-employment.svg").string()).find("Måneder efter ankomst") != std::string::npos);
    // The kept script re-renders the chart from the kept data.
    fs::remove(charts / "danish.png");
    CHECK(sh("cd '" + charts.string() + "' && gnuplot danish.gp >/dev/null 2>&1") == 0);
    CHECK(fs::exists(charts / "danish.png"));
    CHECK(fs::exists(dir / "out/report/kohorte-report.xlsx"));
    CHECK(fs::exists(dir / "out/report/kohorte-report.html"));
    CHECK(fs::exists(dir / "out/monthly.csv"));  // the run itself is untouched
}

TEST_CASE("kohorte report: clear errors for a missing gnuplot and for a folder without results") {
    const fs::path dir = fresh_dir("errors");
    run_folder(dir / "run");
    CHECK(run_cli("report " + (dir / "run").string(), dir / "log", "PATH=/nonexistent") == 1);
    CHECK(test::read_file((dir / "log").string()).find("gnuplot was not found") != std::string::npos);
    CHECK(!fs::exists(dir / "run/report"));  // nothing half-written
    fs::create_directories(dir / "empty");
    CHECK(run_cli("report " + (dir / "empty").string(), dir / "log") == 2);
    CHECK(test::read_file((dir / "log").string()).find("not a kohorte results folder") != std::string::npos);
    CHECK(run_cli("report " + (dir / "run").string() + " --lang fr", dir / "log") == 2);
}

// The creation date in a PDF chart: the digits of "/CreationDate (D:...Z)".
std::string pdf_creation_date(const fs::path& pdf) {
    const std::string text = test::read_file(pdf.string()), tag = "/CreationDate (D:";
    const std::size_t at = text.find(tag);
    return at == std::string::npos ? "" : text.substr(at + tag.size(), 14);
}

TEST_CASE("two reports of the same results are byte-identical: the documents carry the report's date, not the second") {
    REQUIRE_MESSAGE(have_workbook_support(), "built without libxlsxwriter (scripts/setup installs libxlsxwriter-dev)");
    const fs::path dir = fresh_dir("same-bytes");
    run_folder(dir / "run", "tests/data/tiny-budget.json");
    const std::string report = "report " + (dir / "run").string() + " --out " + (dir / "rep").string();
    // 1700000000 s is 2023-11-14 22:13:20 UTC; the run folder is newer, so its run date is shown as 2023-11-14 too.
    const std::string epoch = "SOURCE_DATE_EPOCH=1700000000";
    REQUIRE(run_cli(report, dir / "log", epoch) == 0);
    fs::rename(dir / "rep", dir / "first");
    sleep(1);  // a second apart: a time stamp to the second would differ
    REQUIRE(run_cli(report, dir / "log", epoch) == 0);
    int files = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir / "first")) {
        if (!e.is_regular_file()) continue;
        const fs::path rel = fs::relative(e.path(), dir / "first");
        CHECK_MESSAGE(test::read_file(e.path().string()) == test::read_file((dir / "rep" / rel).string()), rel.string());
        ++files;
    }
    CHECK(files > 10);  // charts (data, script, PNG, SVG, PDF), workbook, HTML, manifest
    CHECK(pdf_creation_date(dir / "first/charts/activity.pdf") == "20231114000000");
    const std::string html = test::read_file((dir / "first/kohorte-report.html").string());
    CHECK(html.find("2023-11-14") != std::string::npos);
    CHECK(html.find(tr("run_date", Lang::da) + " 2023-11-14") != std::string::npos);

    // Without SOURCE_DATE_EPOCH: today's date at midnight UTC.
    REQUIRE(run_cli(report, dir / "log") == 0);
    const std::string today = pdf_creation_date(dir / "rep/charts/activity.pdf");
    REQUIRE(today.size() == 14);
    CHECK(today.substr(8) == "000000");
    CHECK(today.substr(0, 8) != "20231114");

    // A SOURCE_DATE_EPOCH that is no number of seconds is an input error; the report is kept.
    CHECK(run_cli(report, dir / "log", "SOURCE_DATE_EPOCH=2023-11-14") == 2);
    CHECK(test::read_file((dir / "log").string()).find("SOURCE_DATE_EPOCH: expected a whole number of seconds") !=
          std::string::npos);
    CHECK(pdf_creation_date(dir / "rep/charts/activity.pdf") == today);
}

TEST_CASE("the workbook opens in LibreOffice and its sheets hold the numbers of the CSVs") {
    REQUIRE_MESSAGE(have_workbook_support(), "built without libxlsxwriter (scripts/setup installs libxlsxwriter-dev)");
    REQUIRE_MESSAGE(have("libreoffice"), "LibreOffice is needed (scripts/setup installs libreoffice-calc-nogui)");
    const fs::path dir = fresh_dir("xlsx");
    const fs::path run = run_folder(dir / "run", "tests/data/tiny-budget.json");
    const Inputs in = load_inputs({run.string()}, Lang::da);
    std::ofstream(dir / "book.xlsx", std::ios::binary) << workbook_xlsx(in);
    // Every sheet to its own CSV (UTF-8, raw values rather than as displayed).
    REQUIRE(sh("cd '" + dir.string() + "' && timeout 120 libreoffice -env:UserInstallation=file://" + dir.string() +
               "/lo-profile --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,"
               "false,false,-1' --outdir '" + dir.string() + "/csv' book.xlsx >lo.log 2>&1") == 0);
    auto sheet = [&](const std::string& name) {
        const fs::path p = dir / "csv" / ("book-" + name + ".csv");
        REQUIRE_MESSAGE(fs::exists(p), p.string());
        return parse_csv(test::read_file(p.string()));
    };
    // Monthly: every (month, measure) of monthly.csv with the same mean and P90.
    const Table monthly = parse_csv(test::read_file((run / "monthly.csv").string()));
    const Table m = sheet("Månedlig");
    REQUIRE(m.rows.size() == monthly.rows.size());
    CHECK(m.header[4] == "Gennemsnit (personer)");
    std::map<std::pair<std::string, std::string>, std::size_t> at;
    for (std::size_t i = 0; i < m.rows.size(); ++i) at[{m.rows[i][0], m.rows[i][1]}] = i;
    for (std::size_t i = 0; i < monthly.rows.size(); ++i) {
        const std::size_t j = at.at({monthly.str(i, "month"), monthly.str(i, "measure")});
        CHECK(std::stod(m.rows[j][4]) == doctest::Approx(monthly.num(i, "mean")).epsilon(1e-9));
        CHECK(std::stod(m.rows[j][7]) == doctest::Approx(monthly.num(i, "p90")).epsilon(1e-9));
    }
    // Cohorts and budget likewise.
    const Table cohorts = parse_csv(test::read_file((run / "cohorts.csv").string()));
    const Table c = sheet("Årgange");
    REQUIRE(c.rows.size() == cohorts.rows.size());
    double sum_csv = 0, sum_sheet = 0;
    for (std::size_t i = 0; i < cohorts.rows.size(); ++i) sum_csv += cohorts.num(i, "mean");
    for (auto& r : c.rows) sum_sheet += cell(r[6]);
    CHECK(sum_sheet == doctest::Approx(sum_csv).epsilon(1e-9));
    const std::map<std::string, std::string> sex = {{"all", "alle"}, {"male", "mænd"}, {"female", "kvinder"}};
    std::map<std::string, std::size_t> crow;
    for (std::size_t j = 0; j < c.rows.size(); ++j)
        crow[c.rows[j][0] + "," + c.rows[j][1] + "," + c.rows[j][2] + "," + c.rows[j][3]] = j;
    for (std::size_t i = 0; i < cohorts.rows.size(); ++i) {
        const std::size_t j = crow.at(cohorts.str(i, "arrival_year") + "," + sex.at(cohorts.str(i, "sex")) + "," +
                                      cohorts.str(i, "months_after_arrival") + "," + cohorts.str(i, "outcome"));
        CHECK(cell(c.rows[j][6]) == doctest::Approx(cohorts.num(i, "mean")).epsilon(1e-9));
        CHECK(cell(c.rows[j][9]) == doctest::Approx(cohorts.num(i, "p90")).epsilon(1e-9));
        CHECK(cell(c.rows[j][5]) == doctest::Approx(cohorts.num(i, "persons")).epsilon(1e-9));
    }
    const Table budget = parse_csv(test::read_file((run / "budget.csv").string()));
    const Table b = sheet("Budget pr. år");
    REQUIRE(b.rows.size() == budget.rows.size());
    for (std::size_t i = 0; i < budget.rows.size(); ++i)
        for (auto& r : b.rows)
            if (r[0] == budget.str(i, "year") && r[1] == budget.str(i, "line")) CHECK(std::stod(r[4]) == budget.num(i, "mean"));
    // The front sheet names the scenario and seed; the parameter sheet has units and values.
    const std::string front = test::read_file((dir / "csv/book-Forside.csv").string());
    CHECK(front.find("Integrationsprognose: tiny-budget") != std::string::npos);
    CHECK(front.find("Seed (startværdi for tilfældige tal),7") != std::string::npos);
    const Table p = sheet("Parametre");
    bool found = false;
    for (auto& r : p.rows)
        if (r[0] == "/arrivals/adult_share") found = r[1] == "0.6" && r[2] == "andel";  // the unit in Danish
    CHECK(found);
}

TEST_CASE("the HTML report renders in headless Chromium with every image present") {
    REQUIRE_MESSAGE(have("chromium"), "Chromium is needed (scripts/setup installs it)");
    REQUIRE_MESSAGE(have("gnuplot"), "gnuplot is needed (scripts/setup installs gnuplot-nox)");
    const fs::path dir = fresh_dir("html");
    const std::string tiny = test::source_path("tests/data/tiny.json");
    REQUIRE(run_cli("compare " + tiny + " " + test::source_path("tests/data/tiny-budget.json") +
                        " --replicates 4 --out " + (dir / "cmp").string() + " --quiet --report",
                    dir / "log") == 0);
    const std::string html = test::read_file((dir / "cmp/report/kohorte-report.html").string());
    CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
    CHECK(html.find("@page { size: A4") != std::string::npos);
    CHECK(html.find("Sammenfatning") != std::string::npos);
    CHECK(html.find("Sådan genskabes resultaterne") != std::string::npos);
    CHECK(html.find(tiny) != std::string::npos);  // the command that made the results
    // Self-contained: every image is a data: URI.
    int images = 0;
    for (std::size_t at = 0; (at = html.find("<img", at)) != std::string::npos; ++at, ++images) {
        const std::size_t src = html.find("src=\"", at);
        REQUIRE(src != std::string::npos);
        CHECK(html.compare(src + 5, 22, "data:image/png;base64,") == 0);
    }
    int charts = 0;
    for (auto& e : fs::directory_iterator(dir / "cmp/report/charts")) charts += e.path().extension() == ".png";
    CHECK(images == charts);
    CHECK(images >= 5);

    const std::string chromium = "timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-background-networking "
                                 "--disable-component-update --disable-sync --no-first-run --user-data-dir='" +
                                 (dir / "chrome").string() + "' ";
    // A screenshot of the first A4 page.
    REQUIRE(sh(chromium + "--screenshot='" + (dir / "shot.png").string() + "' --window-size=1240,1754 'file://" +
               (dir / "cmp/report/kohorte-report.html").string() + "' >" + (dir / "chrome.log").string() + " 2>&1") == 0);
    const std::string shot = test::read_file((dir / "shot.png").string());
    REQUIRE(shot.size() > 10000);
    CHECK(be32(shot, 16) == 1240);
    CHECK(be32(shot, 20) == 1754);
    // In the browser, every <img> has decoded (a copy of the report with a check appended).
    std::string probe = html;
    probe.insert(probe.rfind("</body>"),
                 "<script>addEventListener('load', () => { const i = [...document.images]; "
                 "document.body.setAttribute('data-images', 'IMAGES ' + i.filter(x => x.complete && x.naturalWidth > 0)"
                 ".length + '/' + i.length); });</script>");
    std::ofstream(dir / "probe.html", std::ios::binary) << probe;
    REQUIRE(sh(chromium + "--virtual-time-budget=5000 --dump-dom 'file://" + (dir / "probe.html").string() + "' >" +
               (dir / "dom.html").string() + " 2>" + (dir / "chrome.log").string()) == 0);
    const std::string dom = test::read_file((dir / "dom.html").string());
    CHECK(dom.find("data-images=\"IMAGES " + std::to_string(images) + "/" + std::to_string(images) + "\"") != std::string::npos);
}

TEST_CASE("--lang en writes the report in English") {
    const fs::path dir = fresh_dir("english");
    run_folder(dir / "run");
    const Inputs in = load_inputs({(dir / "run").string()}, Lang::en);
    const auto charts = chart_specs(in);
    const ChartSpec* c = find_chart(charts, "activity");
    REQUIRE(c != nullptr);
    CHECK(c->script.find("\"Persons by activity\"") != std::string::npos);
    CHECK(c->script.find("set decimalsign '.'") != std::string::npos);
    CHECK(c->script.find("Ordinary job") != std::string::npos);
    const std::string html = html_report(in, {});
    CHECK(html.find("<html lang=\"en\">") != std::string::npos);
    CHECK(html.find("How to reproduce the results") != std::string::npos);
    CHECK(html.find("Sammenfatning") == std::string::npos);
}

TEST_CASE("the report's reproduce block names the program as the run did, and the report's --out") {
    const fs::path dir = fresh_dir("reproduce");
    const Results r = run(load_scenario(test::source_path("tests/data/tiny.json")));
    write_results(r, (dir / "run").string(), "build/kohorte run tests/data/tiny.json");
    Inputs in = load_inputs({(dir / "run").string()}, Lang::da);
    CHECK(html_report(in, {}).find("<pre>build/kohorte report " + (dir / "run").string() + "</pre>") != std::string::npos);
    in.out = "results/udvalg";
    CHECK(html_report(in, {}).find("<pre>build/kohorte report " + (dir / "run").string() + " --out results/udvalg</pre>") !=
          std::string::npos);
    in.lang = Lang::en;
    CHECK(html_report(in, {}).find(" --out results/udvalg --lang en</pre>") != std::string::npos);
}

namespace {

// A run folder's inputs with no result files: only summary.json's fields that the sentences use.
Inputs summary_only(const nlohmann::json& summary, Lang lang) {
    Inputs in;
    in.lang = lang;
    Folder f;
    f.kind = FolderKind::run;
    RunData r;
    r.scenario = "base";
    r.summary = summary;
    f.runs.push_back(r);
    in.folders.push_back(f);
    return in;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (auto& x : v) s += x + "\n";
    return s;
}

// The shared strings of an .xlsx (every text cell of every sheet, chart titles aside) and its
// workbook part (the sheet names).
std::string xlsx_strings(const fs::path& dir, const std::string& xlsx) {
    std::ofstream(dir / "book.xlsx", std::ios::binary) << xlsx;
    REQUIRE(sh("cd '" + dir.string() +
               "' && unzip -p book.xlsx xl/sharedStrings.xml xl/workbook.xml >strings.xml 2>unzip.log") == 0);
    return test::read_file((dir / "strings.xml").string());
}

// A run folder of tiny-budget.json whose resolved scenario has one uncertain labelled value.
Inputs labelled_run(const fs::path& dir, Lang lang) {
    fs::create_directories(dir);
    run_folder(dir / "run", "tests/data/tiny-budget.json");
    Inputs in = load_inputs({(dir / "run").string()}, lang);
    in.folders.front().manifest["resolved_scenario"]["arrivals"]["adult_share"] = {
        {"value", 0.55}, {"low", 0.5}, {"high", 0.6}, {"status", "uncertain"}, {"source", "skøn"}};
    return in;
}

}  // namespace

TEST_CASE("summary sentences name what is queued for once, in the report's language") {
    const nlohmann::json summary = {
        {"period", {"2015-01", "2032-12"}},
        {"last_month",
         {{"month", "2030-12"}, {"persons", {{"job", {{"mean", 42.0}}}, {"igu", {{"mean", 5.0}}}, {"waiting", {{"mean", 3.0}}}}}}},
        {"longest_mean_queue", {{"queue_praktik", 0.2}, {"queue_loentilskud", 0.1}, {"queue_igu", 0.7}}}};
    const std::string da = joined(summary_sentences(summary_only(summary, Lang::da)));
    CAPTURE(da);
    CHECK(contains(da, "Den længste gennemsnitlige kø er på 0,7 personer, der venter på en IGU-plads."));
    CHECK(!contains(da, "Venter på IGU-plads"));
    CHECK(contains(da, "Ved udgangen af december 2030 forventes 42,0 personer i ordinært job"));
    CHECK(contains(da, "for perioden januar 2015 – december 2032;"));
    const std::string en = joined(summary_sentences(summary_only(summary, Lang::en)));
    CAPTURE(en);
    CHECK(contains(en, "The longest mean queue is 0.7 persons waiting for an IGU place."));
    CHECK(!contains(en, "Queueing"));
    CHECK(contains(en, "At the end of December 2030, 42.0 persons"));
    CHECK(contains(en, "for January 2015 – December 2032;"));
    // Every queue has its own wording.
    for (const char* q : {"queue_praktik", "queue_loentilskud", "queue_igu"}) {
        const nlohmann::json s = {{"longest_mean_queue", {{q, 3.0}}}};
        CHECK(!contains(joined(summary_sentences(summary_only(s, Lang::da))), "Venter på "));
        CHECK(!contains(joined(summary_sentences(summary_only(s, Lang::en))), "Queueing"));
    }
}

TEST_CASE("the budget sentence is formatted like the others in both languages") {
    const nlohmann::json summary = {{"budget_forecast",
                                     {{"year", 2018}, {"result_grants_mean", 1234567.0}, {"result_grants_p10", 1000000.0},
                                      {"result_grants_p90", 1500000.0}, {"sentence_da", "X"}, {"sentence_en", "Y"}}}};
    const auto da = summary_sentences(summary_only(summary, Lang::da));
    REQUIRE(da.size() == 1);
    CHECK(da[0] == "I 2018 kan kommunen forvente resultattilskud (inkl. repatriering og bonus) på 1.234.567 kr. (80 %-interval "
                   "1.000.000 til 1.500.000 kr.).");
    const auto en = summary_sentences(summary_only(summary, Lang::en));
    REQUIRE(en.size() == 1);
    CHECK(contains(en[0], "In 2018 the municipality can expect result grants"));
    CHECK(contains(en[0], "1,234,567 kr (80 % interval 1,000,000 to 1,500,000 kr)"));
}

TEST_CASE("comparison, sweep and sensitivity sentences quote the indicator and keep to one language") {
    const fs::path dir = fresh_dir("sentences");
    analysis_folders(dir);
    const std::vector<std::string> dirs = {(dir / "cmp").string(), (dir / "sweep").string(), (dir / "sens").string()};
    const std::string da = joined(summary_sentences(load_inputs(dirs, Lang::da)));
    const std::string en = joined(summary_sentences(load_inputs(dirs, Lang::en)));
    CAPTURE(da);
    CAPTURE(en);
    CHECK(contains(da, "tallet for »Ordinært job« (2020)"));
    CHECK(contains(da, "»Lønmodtagere inkl. IGU og løntilskud efter 36 mdr.« (årgang 2016)"));
    CHECK(contains(en, "the figure for \"Ordinary job\" (2020)"));
    CHECK(contains(en, "(2016 cohort)"));
    for (const char* word : {" persons", " share", " waiting", " the ", " and ", " with ", "Queueing", "cohort"})
        CHECK_MESSAGE(!contains(da, word), std::string(word));
    for (const char* word : {" personer", " andel", " venter", " og ", " med ", "»", "årgang", "procentpoint"})
        CHECK_MESSAGE(!contains(en, word), std::string(word));
}

TEST_CASE("units are shown in the report's language, and the result files keep their codes") {
    CHECK(unit_name("persons", Lang::da) == "personer");
    CHECK(unit_name("persons/month", Lang::da) == "personer pr. måned");
    CHECK(unit_name("share", Lang::da) == "andel");
    CHECK(unit_name("hazard/month", Lang::da) == "rate pr. måned");
    CHECK(unit_name("kr (2017)", Lang::da) == "kr. (2017-priser)");
    CHECK(unit_name("persons/month", Lang::en) == "persons per month");
    CHECK(unit_name("kr (2017)", Lang::en) == "kr (2017 prices)");
    CHECK(fmt_value("true", Lang::da) == "ja");
    CHECK(fmt_value("false", Lang::en) == "no");
    CHECK(fmt_value("0.55", Lang::da) == "0,55");
    CHECK(fmt_value("0.55", Lang::en) == "0.55");
    CHECK(fmt_month("2030-12", Lang::da) == "december 2030");
    // Every unit of every scenario's parameters and of the result files has a translation.
    std::vector<std::string> files = {"tests/data/tiny.json", "tests/data/tiny-budget.json"};
    for (auto& e : fs::directory_iterator(test::source_path("scenarios")))
        if (e.path().extension() == ".json" && e.path().filename() != "schema.json")
            files.push_back("scenarios/" + e.path().filename().string());
    for (auto& f : files) {
        CAPTURE(f);
        for (auto& p : parameters(load_scenario(test::source_path(f)).resolved)) {
            CAPTURE(p.pointer);
            CHECK_MESSAGE(known_unit(p.unit), p.unit);
        }
    }
    for (const char* u : {"persons", "persons/month", "persons/year", "share", "kr"}) CHECK_MESSAGE(known_unit(u), u);
}

TEST_CASE("the Danish workbook has no English units, booleans or status values, and the English none in Danish") {
    REQUIRE_MESSAGE(have_workbook_support(), "built without libxlsxwriter (scripts/setup installs libxlsxwriter-dev)");
    REQUIRE_MESSAGE(have("unzip"), "unzip is needed to read the workbook's XML");
    const fs::path dir = fresh_dir("xlsx-words");
    const std::string da = xlsx_strings(dir, workbook_xlsx(labelled_run(dir / "da", Lang::da)));
    for (const char* s : {"<t>personer</t>", "<t>personer pr. måned</t>", "<t>andel</t>", "<t>ja</t>", "<t>nej</t>",
                          "<t>usikker</t>", "<t>rate pr. måned</t>", "sheet name=\"Parametre\"",
                          "<t>Mål (kode)</t>"})
        CHECK_MESSAGE(contains(da, s), std::string(s));
    for (auto& key : label_keys())
        if (key.rfind("unit.", 0) == 0) CHECK_MESSAGE(!contains(da, "<t>" + key.substr(5) + "</t>"), key);
    for (const char* s : {"<t>true</t>", "<t>false</t>", "<t>uncertain</t>", "<t>assumption</t>", "<t>yes</t>",
                          "<t>no</t>", "Queueing", "Venter på Venter"})
        CHECK_MESSAGE(!contains(da, s), std::string(s));

    const std::string en = xlsx_strings(dir, workbook_xlsx(labelled_run(dir / "en", Lang::en)));
    for (const char* s : {"<t>persons</t>", "<t>persons per month</t>", "<t>share</t>", "<t>yes</t>", "<t>no</t>",
                          "<t>uncertain</t>", "<t>hazard per month</t>", "sheet name=\"Parameters\"",
                          "<t>Measure (code)</t>"})
        CHECK_MESSAGE(contains(en, s), std::string(s));
    for (const char* s : {"<t>personer</t>", "<t>andel</t>", "<t>ja</t>", "<t>nej</t>", "<t>usikker</t>",
                          "<t>true</t>", "<t>false</t>", "<t>alle</t>"})
        CHECK_MESSAGE(!contains(en, s), std::string(s));
}

TEST_CASE("the HTML report's assumptions show units, numbers and status in the report's language") {
    const fs::path dir = fresh_dir("html-words");
    const std::string da = html_report(labelled_run(dir / "da", Lang::da), {});
    CHECK(contains(da, "<td class=\"n\">0,55</td><td>andel</td><td class=\"n\">0,5 – 0,6</td><td>usikker</td>"));
    CHECK(!contains(da, "<td>share</td>"));
    const std::string en = html_report(labelled_run(dir / "en", Lang::en), {});
    CHECK(contains(en, "<td class=\"n\">0.55</td><td>share</td><td class=\"n\">0.5 – 0.6</td><td>uncertain</td>"));
    CHECK(!contains(en, "<td>andel</td>"));
}

TEST_CASE("the report of an --expected run gives exact expected values: no replicates, no interval, no empty Danish chart") {
    const auto dir = fresh_dir("expected");
    const Scenario s = load_scenario(test::source_path("tests/data/oracle-markov.json"));
    write_results(expected_value(s), (dir / "run").string(), "kohorte run tests/data/oracle-markov.json --expected");
    // summary.json: no replicates and no P10/P90, as monthly.csv and cohorts.csv have none.
    const nlohmann::json sum = nlohmann::json::parse(test::read_file((dir / "run/summary.json").string()));
    CHECK(sum["mode"] == "expected_value");
    CHECK_FALSE(sum.contains("replicates"));
    CHECK(sum["cohorts"][0]["wage_employment_36m"].contains("mean"));
    CHECK_FALSE(sum["cohorts"][0]["wage_employment_36m"].contains("p10"));
    CHECK_FALSE(sum["cohorts"][0]["wage_employment_36m"].contains("p90"));
    CHECK_FALSE(sum["last_month"]["persons"]["job"].contains("p90"));
    const std::string share = report::fmt_pct(sum["cohorts"][0]["wage_employment_36m"]["mean"].get<double>(), 0, Lang::da);
    Inputs in = load_inputs({(dir / "run").string()}, Lang::da);
    auto s_da = summary_sentences(in);
    REQUIRE(s_da.size() >= 2);
    CHECK(s_da[0].rfind("Tallene for scenariet »oracle-markov« er eksakte forventede værdier, beregnet uden simulering "
                        "og derfor uden usikkerhedsinterval, for perioden januar 2016 – december 2020", 0) == 0);
    CHECK(s_da[1] == "Af flygtningene, der kom i 2016, forventes " + share +
                         " at være i lønmodtagerbeskæftigelse (job, IGU eller løntilskud) 36 måneder efter ankomsten – "
                         "under regeringens mål på 50 % og over landsgennemsnittet på 38 %.");
    for (auto& sentence : s_da) {
        CHECK(sentence.find("simuleret") == std::string::npos);
        CHECK(sentence.find("interval ") == std::string::npos);
    }
    const auto charts = chart_specs(in);
    CHECK(find_chart(charts, "danish") == nullptr);  // no Danish data in this mode
    REQUIRE(find_chart(charts, "cohort-wage-employment") != nullptr);
    CHECK(find_chart(charts, "cohort-wage-employment")->caption.find("eksakte forventede værdier") != std::string::npos);
    const std::string html = html_report(in, {});
    CHECK(html.find("Årgangenes resultater (alle, eksakte forventede værdier)") != std::string::npos);
    CHECK(html.find("(42 %–42 %)") == std::string::npos);
    in.lang = Lang::en;
    auto s_en = summary_sentences(in);
    CHECK(s_en[0].rfind("The figures for the scenario \"oracle-markov\" are exact expected values, computed without "
                        "simulation and so without an uncertainty interval", 0) == 0);
    CHECK(s_en[1].find("are expected to be in wage employment") != std::string::npos);
    CHECK(s_en[1].find("interval") == std::string::npos);
    // A simulated run keeps its replicates and intervals.
    run_folder(dir / "sim", "tests/data/oracle-markov.json");
    const nlohmann::json sim = nlohmann::json::parse(test::read_file((dir / "sim/summary.json").string()));
    CHECK_FALSE(sim.contains("mode"));
    CHECK(sim["replicates"] == 400);
    CHECK(sim["cohorts"][0]["wage_employment_36m"].contains("p10"));
    const auto s_sim = summary_sentences(load_inputs({(dir / "sim").string()}, Lang::da));
    CHECK(s_sim[0].find("er simuleret 400 gange") != std::string::npos);
    CHECK(find_chart(chart_specs(load_inputs({(dir / "sim").string()}, Lang::da)), "danish") != nullptr);
    fs::remove_all(dir);
}

TEST_CASE("a comparison is judged where the alternatives can differ: the budget year, the latest cohort, the budget") {
    Inputs in;
    in.lang = Lang::da;
    Folder f;
    f.kind = FolderKind::compare;
    f.comparison = parse_csv(
        "indicator,year,unit,base,alternative,base_mean,alt_mean,diff_mean,diff_p05,diff_p95,diff_mcse,unpaired_p05,"
        "unpaired_p95,identical\n"
        "persons_job,2026,persons,base,alt,40,40,0,0,0,0,,,yes\n"
        "persons_job,2027,persons,base,alt,40,42,2,0.5,3.5,0.3,,,no\n"
        "persons_job,2032,persons,base,alt,40,40.1,0.1,-1,1,0.2,,,no\n"
        "budget_net_municipal_result,2027,kr,base,alt,-4500000,-4400000,100000,20000,180000,9000,,,no\n"
        "cohort_wage_employment_36m,2015,share,base,alt,0.40,0.40,0,0,0,0,,,yes\n"
        "cohort_wage_employment_36m,2029,share,base,alt,0.40,0.45,0.05,0.01,0.09,0.01,,,no\n");
    RunData base, alt;
    base.folder = "base", base.scenario = "Basis";
    base.summary = {{"budget_forecast", {{"year", 2027}}}};
    alt.folder = "alt", alt.scenario = "Flere IGU-pladser", alt.summary = {{"description", "IGU-pladser 30 fra 2026"}};
    f.runs = {base, alt};
    CHECK(comparison_years(f).year == 2027);
    CHECK(comparison_years(f).cohort == 2029);
    in.folders.push_back(f);
    const auto s = summary_sentences(in);
    REQUIRE(s.size() == 4);
    CHECK(s[0] == "Alternativet »Flere IGU-pladser«: IGU-pladser 30 fra 2026");
    CHECK(s[1] == "Med »Flere IGU-pladser« bliver tallet for »Lønmodtagere inkl. IGU og løntilskud efter 36 mdr.« "
                  "(årgang 2029) højere med 5,0 procentpoint end med »Basis« (90 %-interval 1,0 til 9,0).");
    CHECK(s[2] == "Med »Flere IGU-pladser« bliver tallet for »Ordinært job« (2027) højere med 2,0 personer end med "
                  "»Basis« (90 %-interval 0,5 til 3,5).");
    CHECK(s[3] == "Med »Flere IGU-pladser« bliver tallet for »Kommunens nettoresultat« (2027) højere med 100.000 kr. "
                  "end med »Basis« (90 %-interval 20.000 til 180.000).");
    const std::string html = html_report(in, {});
    CHECK(html.find("<td>Kommunens nettoresultat</td><td class=\"n\">2027</td>") != std::string::npos);
    CHECK(html.find("<td class=\"n\">2032</td>") == std::string::npos);
    CHECK(html.find("<td class=\"n\">2015</td>") == std::string::npos);
    const auto charts = chart_specs(in);
    REQUIRE(find_chart(charts, "comparison-persons") != nullptr);
    CHECK(find_chart(charts, "comparison-persons")->title == "Forskel til basis i 2027 (personer)");
    REQUIRE(find_chart(charts, "comparison-cohorts") != nullptr);
    CHECK(find_chart(charts, "comparison-cohorts")->title == "Forskel til basis for årgang 2029 (procentpoint)");
    // Without a budget: the first year in which an alternative differs.
    in.folders[0].runs[0].summary = nlohmann::json::object();
    CHECK(comparison_years(in.folders[0]).year == 2027);
}

TEST_CASE("a difference of exactly 0 in every replicate reads \"ingen forskel\", from comparison.json's identical") {
    const auto dir = fresh_dir("identical");
    const std::string tiny = test::source_path("tests/data/tiny.json");
    REQUIRE(run_cli("compare " + tiny + " " + tiny + " --replicates 4 --out " + (dir / "cmp").string() + " --quiet",
                    dir / "log") == 0);
    Inputs in = load_inputs({(dir / "cmp").string()}, Lang::da);
    const Table& t = in.folders[0].comparison;
    REQUIRE(t.col("identical") >= 0);
    for (std::size_t i = 0; i < t.rows.size(); ++i) CHECK(no_difference(t, i));
    const auto s = summary_sentences(in);
    const std::string job = "Med »tiny« er tallet for »Ordinært job« (2020) det samme som med »tiny« i hver gentagelse: "
                            "ingen forskel.";
    CHECK(std::find(s.begin(), s.end(), job) != s.end());
    for (auto& sentence : s) CHECK(sentence.find("ikke sikkert") == std::string::npos);
    in.lang = Lang::en;
    const auto en = summary_sentences(in);
    CHECK(std::find(en.begin(), en.end(),
                    "With \"tiny\", the figure for \"Ordinary job\" (2020) is the same as with \"tiny\" in every replicate: "
                    "no difference.") != en.end());
    CHECK(html_report(in, {}).find("<td class=\"n\">no difference</td>") != std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("the workbook names alternatives by their scenario name, with the sub-folder beside it") {
    REQUIRE_MESSAGE(have_workbook_support(), "built without libxlsxwriter (scripts/setup installs libxlsxwriter-dev)");
    REQUIRE_MESSAGE(have("libreoffice"), "LibreOffice is needed (scripts/setup installs libreoffice-calc-nogui)");
    const fs::path dir = fresh_dir("xlsx-names");
    const std::string tiny = test::source_path("tests/data/tiny.json");
    std::ofstream(dir / "more-mentors.json") << R"({"extends": ")" << tiny
                                             << R"(", "name": "Flere mentorer", "policy": {"mentor": {"enabled": true}}})";
    REQUIRE(run_cli("compare " + tiny + " " + (dir / "more-mentors.json").string() + " --replicates 4 --out " +
                        (dir / "cmp").string() + " --quiet",
                    dir / "log") == 0);
    std::ofstream(dir / "book.xlsx", std::ios::binary) << workbook_xlsx(load_inputs({(dir / "cmp").string()}, Lang::da));
    REQUIRE(sh("cd '" + dir.string() + "' && timeout 120 libreoffice -env:UserInstallation=file://" + dir.string() +
               "/lo-profile --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,"
               "false,false,-1' --outdir '" + dir.string() + "/csv' book.xlsx >lo.log 2>&1") == 0);
    const Table c = parse_csv(test::read_file((dir / "csv/book-Sammenligning.csv").string()));
    REQUIRE(c.rows.size() > 10);
    CHECK(c.header[4] == "Alternativ");
    CHECK(c.header[5] == "Alternativ (mappe)");
    CHECK(c.rows[0][4] == "Flere mentorer");
    CHECK(c.rows[0][5] == "more-mentors");
    CHECK(c.header[15] == "Forskel, gns.: Flere mentorer");
    // The native chart's legend.
    REQUIRE(sh("cd '" + dir.string() + "' && unzip -p book.xlsx 'xl/charts/*.xml' > charts.xml") == 0);
    const std::string charts = test::read_file((dir / "charts.xml").string());
    CHECK(charts.find("Flere mentorer") != std::string::npos);
    CHECK(charts.find("more-mentors") == std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("chart labels: a parameter's pointer is cut at the end, keeping its section, swept quotas without decimals") {
    CHECK(short_pointer("/pathway/hazards_per_month/job/waiting") == "pathway/hazards_per_month/job/waiting");
    CHECK(short_pointer("/arrivals/family_reunification/trigger_probability") ==
          "arrivals/family_reunification/trigger_probabili…");
    // Cut at a character, not inside one (origin groups may have any name).
    const std::string danish = short_pointer("/profiles/refugee/origin/ØØØØØØØØØØØØØØØØØØØØØØØØØØØØØØØØØØØØ");
    CHECK(danish == "profiles/refugee/origin/ØØØØØØØØØØØØØØØØØØØØØØØ…");
    // A sweep of a quota: the x axis is the pointer as above, the sentence gives whole persons.
    const fs::path dir = fresh_dir("labels");
    const std::string tiny = test::source_path("tests/data/tiny.json");
    REQUIRE(run_cli("sweep " + tiny + " --vary /arrivals/refugees_per_year/2017=20:60:20 --replicates 2 --out " +
                        (dir / "sweep").string() + " --quiet",
                    dir / "log") == 0);
    const Inputs in = load_inputs({(dir / "sweep").string()}, Lang::da);
    const auto charts = chart_specs(in);
    const ChartSpec* sweep = find_chart(charts, "sweep-persons_job");
    REQUIRE(sweep != nullptr);
    CHECK(sweep->script.find("set xlabel \"arrivals/refugees_per_year/2017\"") != std::string::npos);
    const auto s = summary_sentences(in);
    REQUIRE(s.size() == 1);
    CHECK(s[0].rfind("Når parameteren /arrivals/refugees_per_year/2017 går fra 20 til 60, ", 0) == 0);
    fs::remove_all(dir);
}
