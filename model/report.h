// Committee outputs (`kohorte report`): charts rendered with gnuplot (PNG 300 dpi, SVG, PDF), an
// Excel workbook and a printable self-contained HTML report, from the result folders kohorte
// writes (run, compare, sweep, sensitivity; budget files where present). One file per output
// kind: charts.cpp, workbook.cpp, html_report.cpp; report.cpp reads the folders and assembles;
// report_labels.cpp holds every Danish/English string.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace kohorte::report {

enum class Lang { da, en };
// "da" or "en"; throws InputError otherwise.
Lang parse_lang(const std::string& text);

// ---- labels (report_labels.cpp) -------------------------------------------------------------

// The text of `key` in `lang`; throws std::out_of_range for an unknown key (a programming error,
// caught by the tests, which look every key up).
const std::string& tr(const std::string& key, Lang lang);
// `tr(key)` with "{name}" placeholders replaced.
std::string trf(const std::string& key, Lang lang, const std::map<std::string, std::string>& values);
// Every key of the label table (for tests).
std::vector<std::string> label_keys();
// A readable label for a comparison/sweep/sensitivity indicator such as "persons_job" or
// "cohort_wage_employment_36m", from tables.h and ledger.h labels.
std::string indicator_label(const std::string& indicator, Lang lang);
// A readable label for a monthly measure / cohort outcome / budget line name.
std::string measure_name(const std::string& name, Lang lang);
std::string outcome_name(const std::string& name, Lang lang);
std::string budget_line_name(const std::string& name, Lang lang);
// A unit code of the result files or the scenario spec ("persons/month", "share", "hazard/month",
// "kr (2017)", …) as a committee reads it: "personer pr. måned", "andel", … (da) or "persons per
// month", "share", … (en). An unknown code is returned as it is.
std::string unit_name(const std::string& unit, Lang lang);
// Whether unit_name() has a translation of `unit` (for tests; "" counts as known).
bool known_unit(const std::string& unit);

// ---- numbers --------------------------------------------------------------------------------

// 1.234,5 (da) or 1,234.5 (en); NaN gives "–".
std::string fmt_num(double x, int decimals, Lang lang);
// A share 0.412 as "41 %" (decimals after the percent).
std::string fmt_pct(double share, int decimals, Lang lang);
// "2030-12" as "december 2030" (da) or "December 2030" (en); anything else as it is.
std::string fmt_month(const std::string& year_month, Lang lang);
// A parameter value as parameters() gives it: true/false as ja/nej (yes/no), a number with the
// Danish decimal comma in Danish; other text as it is.
std::string fmt_value(const std::string& value, Lang lang);

// ---- CSV ------------------------------------------------------------------------------------

struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    bool empty() const { return rows.empty(); }
    int col(const std::string& name) const;  // -1 if absent
    // The number in a cell; NaN if empty, absent or not a number.
    double num(std::size_t row, const std::string& column) const;
    std::string str(std::size_t row, const std::string& column) const;
};
Table parse_csv(const std::string& text);

// ---- inputs ---------------------------------------------------------------------------------

// A run folder: monthly.csv, cohorts.csv, summary.json, manifest.json, and budget files if any.
struct RunData {
    std::string dir;
    std::string folder;    // the folder's own name (e.g. "base", "more-igu")
    std::string scenario;  // the scenario's name
    Table monthly, cohorts, budget, budget_by_cohort;
    nlohmann::json summary, manifest;
    std::string run_date;  // YYYY-MM-DD, from manifest.json's modification time
    // `run --expected`: exact expected values, no replicates and no P10/P90 (summary.json's or
    // manifest.json's "mode" is "expected_value").
    bool expected_value = false;
};

enum class FolderKind { run, compare, sweep, sensitivity };

struct Folder {
    std::string dir;
    FolderKind kind = FolderKind::run;
    std::vector<RunData> runs;  // run: one; compare: the base first, then the alternatives
    Table comparison, sweep, sensitivity;
    nlohmann::json manifest;  // run/compare: the (base) run's; sweep/sensitivity: their own
    std::string scenario;     // scenario name
    std::string command;      // from manifest.json
};

// Detects what `dir` holds. Throws InputError if it is no kohorte results folder. A comparison's
// table gets the column "identical" (yes/no) from comparison.json.
Folder load_folder(const std::string& dir);

// What a comparison's report judges the alternatives on, where they can differ from the base:
// `year`, the calendar year of the yearly indicators (the base's budget year; without a budget the
// first year in which an alternative differs from the base; else the last year), and `cohort`, the
// latest arrival year whose 36-month horizon lies inside the run. 0 where the table has none.
struct ComparisonYears {
    int year = 0, cohort = 0;
};
ComparisonYears comparison_years(const Folder& f);
// Whether row `row` of a comparison table differs by exactly 0 in every replicate (its
// "identical" column; false without one).
bool no_difference(const Table& t, std::size_t row);

struct Inputs {
    std::vector<Folder> folders;
    Lang lang = Lang::da;
    std::string scenario;  // the first folder's scenario name
    std::string version;   // program version, e.g. "0.1.0"
    std::string date;      // the date the report is made, YYYY-MM-DD (SOURCE_DATE_EPOCH's if set)
    // `date` at 00:00 UTC, in seconds since 1970: the creation time the PDF charts and the
    // workbook carry, so that two reports of the same results made the same day are
    // byte-identical (0: the current time).
    std::int64_t time = 0;
    std::string out;       // `kohorte report --out`, as given (empty: the first folder's report/)
};
// The report's date is today's (local time), or SOURCE_DATE_EPOCH's (UTC) when that is set
// (reproducible-builds.org); run dates later than SOURCE_DATE_EPOCH are shown as its date.
// Throws InputError for a SOURCE_DATE_EPOCH that is not a number of seconds.
Inputs load_inputs(const std::vector<std::string>& dirs, Lang lang);
// The folders a report reads: each input folder, and a comparison's run sub-folders.
std::vector<std::string> folders_read(const Inputs& in);

// ---- charts (charts.cpp) ---------------------------------------------------------------------

// A chart before rendering: its data files and gnuplot script (all kept in report/charts/).
struct ChartSpec {
    std::string name;     // file stem, e.g. "activity"
    std::string title;    // in the report's language
    std::string caption;  // one sentence for the HTML report
    std::vector<std::pair<std::string, std::string>> data;  // file name, content
    std::string script;   // NAME.gp; renders NAME.png (300 dpi), NAME.svg and NAME.pdf
};
// A parameter's JSON pointer as the charts show it: without the leading "/", and one longer than
// 48 characters cut at the end with "…" (the front names the section).
std::string short_pointer(const std::string& pointer);
// Every chart that the inputs have data for. Pure: no gnuplot needed.
std::vector<ChartSpec> chart_specs(const Inputs& in);

struct Chart {
    ChartSpec spec;
    std::string png, svg, pdf;  // rendered bytes
};
// Runs `gnuplot NAME.gp` for each chart in a temporary folder. Throws std::runtime_error with a
// clear message if gnuplot is missing or fails.
// The PDFs' creation date is `time` (seconds since 1970, UTC; 0: the time of rendering).
std::vector<Chart> render_charts(const std::vector<ChartSpec>& specs, std::int64_t time = 0);

// PNG size: 16 cm × 10 cm (tall charts 16 × 13) at 300 dpi.
inline constexpr int kPngDpi = 300;

// ---- workbook (workbook.cpp) -----------------------------------------------------------------

// Whether this build has libxlsxwriter.
bool have_workbook_support();
// The .xlsx bytes. Throws std::runtime_error when built without libxlsxwriter.
std::string workbook_xlsx(const Inputs& in);

// ---- HTML (html_report.cpp) ------------------------------------------------------------------

// The plain-language summary: one sentence per key result or difference.
std::vector<std::string> summary_sentences(const Inputs& in);

// One resolved-scenario parameter (a number, plain or labelled).
struct Parameter {
    std::string pointer, value, unit, low, high, source, status;
};
// Every number in the resolved scenario, with units from the scenario spec.
std::vector<Parameter> parameters(const nlohmann::json& resolved);

std::string html_report(const Inputs& in, const std::vector<Chart>& charts);

// ---- assembly (report.cpp) -------------------------------------------------------------------

// All report files (names relative to the report folder): charts/…, kohorte-report.xlsx,
// kohorte-report.html.
std::vector<std::pair<std::string, std::string>> report_files(const Inputs& in);
// Reads `dirs`, renders and writes the report folder `out` atomically.
void write_report(const std::vector<std::string>& dirs, const std::string& out, Lang lang);

// A fresh folder under the system's temporary directory, removed with everything in it when the
// object goes: where gnuplot and libxlsxwriter write their intermediate files.
class TempDir {
public:
    explicit TempDir(const std::string& prefix);  // e.g. "kohorte-charts"
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace kohorte::report
