// The Excel workbook (libxlsxwriter): a front sheet, one sheet per table with a frozen header row
// and an autofilter, number formats (stored in Excel's notation; a Danish Excel shows 1.234,5),
// units in the headers, native Excel charts for the main series, and every parameter.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <variant>

#include "person.h"
#include "report.h"
#include "tables.h"

#if KOHORTE_HAVE_XLSXWRITER
#include <xlsxwriter.h>
#endif

namespace kohorte::report {

#if !KOHORTE_HAVE_XLSXWRITER

bool have_workbook_support() { return false; }
std::string workbook_xlsx(const Inputs&) {
    throw std::runtime_error("this kohorte was built without libxlsxwriter, so it cannot write the Excel workbook "
                             "(Debian: apt-get install libxlsxwriter-dev, then rebuild; scripts/setup does both)");
}

#else

bool have_workbook_support() { return true; }

namespace fs = std::filesystem;

namespace {

using Cell = std::variant<std::monostate, std::string, double>;

struct Formats {
    lxw_format *header, *title, *bold, *wrap, *integer, *decimal1, *decimal2, *decimal4, *share, *kr, *highlight,
        *highlight_wrap;
};

Formats make_formats(lxw_workbook* wb) {
    Formats f{};
    auto fmt = [&](const char* num) {
        lxw_format* x = workbook_add_format(wb);
        if (num) format_set_num_format(x, num);
        return x;
    };
    f.header = fmt(nullptr);
    format_set_bold(f.header);
    format_set_text_wrap(f.header);
    format_set_bg_color(f.header, 0xDDE6F0);
    format_set_bottom(f.header, LXW_BORDER_THIN);
    format_set_align(f.header, LXW_ALIGN_VERTICAL_TOP);
    f.title = fmt(nullptr);
    format_set_bold(f.title);
    format_set_font_size(f.title, 16);
    f.bold = fmt(nullptr);
    format_set_bold(f.bold);
    f.wrap = fmt(nullptr);
    format_set_text_wrap(f.wrap);
    format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
    f.integer = fmt("#,##0");
    f.decimal1 = fmt("#,##0.0");
    f.decimal2 = fmt("#,##0.00");
    f.decimal4 = fmt("#,##0.0000");
    f.share = fmt("0.0 %");
    f.kr = fmt("#,##0 \"kr.\"");
    f.highlight = fmt(nullptr);
    format_set_bg_color(f.highlight, 0xFCE4C4);
    f.highlight_wrap = fmt(nullptr);
    format_set_bg_color(f.highlight_wrap, 0xFCE4C4);
    format_set_text_wrap(f.highlight_wrap);
    return f;
}

struct Column {
    std::string header;
    double width;
    lxw_format* format;  // for numbers
};

// Writes a header row (frozen, with an autofilter) and the rows.
void write_table(lxw_worksheet* ws, const Formats& f, const std::vector<Column>& cols,
                 const std::vector<std::vector<Cell>>& rows, lxw_row_t first_row = 0) {
    for (std::size_t c = 0; c < cols.size(); ++c) {
        worksheet_write_string(ws, first_row, lxw_col_t(c), cols[c].header.c_str(), f.header);
        worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c), cols[c].width, nullptr);
    }
    worksheet_set_row(ws, first_row, 32, nullptr);
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t c = 0; c < rows[r].size() && c < cols.size(); ++c) {
            const lxw_row_t row = lxw_row_t(first_row + 1 + r);
            if (auto* s = std::get_if<std::string>(&rows[r][c]))
                worksheet_write_string(ws, row, lxw_col_t(c), s->c_str(), nullptr);
            else if (auto* x = std::get_if<double>(&rows[r][c]); x && std::isfinite(*x))
                worksheet_write_number(ws, row, lxw_col_t(c), *x, cols[c].format);
        }
    worksheet_freeze_panes(ws, first_row + 1, 0);
    if (!rows.empty())
        worksheet_autofilter(ws, first_row, 0, lxw_row_t(first_row + rows.size()), lxw_col_t(cols.size() - 1));
}

Cell num(const Table& t, std::size_t i, const std::string& c) {
    const double v = t.num(i, c);
    return std::isfinite(v) ? Cell(v) : Cell();
}

// A sheet name Excel accepts: at most 31 characters, none of []:*?/\, unique.
std::string sheet_name(const std::string& base, std::set<std::string>& used) {
    std::string s;
    for (char c : base)
        if (!std::strchr("[]:*?/\\", c)) s += c;
    std::string name = s.substr(0, 28);
    for (int k = 2; used.count(name); ++k) name = s.substr(0, 26) + " " + std::to_string(k);
    used.insert(name);
    return name;
}

lxw_chart_line line_style(int k) {
    static const uint32_t colours[] = {0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7, 0xE69F00, 0x56B4E9, 0x000000};
    static const uint8_t dashes[] = {LXW_CHART_LINE_DASH_SOLID,      LXW_CHART_LINE_DASH_DASH,
                                     LXW_CHART_LINE_DASH_ROUND_DOT,  LXW_CHART_LINE_DASH_DASH_DOT,
                                     LXW_CHART_LINE_DASH_LONG_DASH,  LXW_CHART_LINE_DASH_LONG_DASH_DOT,
                                     LXW_CHART_LINE_DASH_SQUARE_DOT};
    lxw_chart_line l{};
    l.color = colours[k % 7];
    l.width = 2;
    l.dash_type = dashes[k % 7];
    return l;
}

struct Book {
    lxw_workbook* wb;
    Formats f;
    Lang lang;
    std::set<std::string> used;
};

void front_sheet(Book& b, const Inputs& in) {
    const std::string name = sheet_name(tr("sheet.front", in.lang), b.used);
    lxw_worksheet* ws = workbook_add_worksheet(b.wb, name.c_str());
    worksheet_set_column(ws, 0, 0, 34, nullptr);
    worksheet_set_column(ws, 1, 1, 100, nullptr);
    worksheet_write_string(ws, 0, 0, (tr("report.title", in.lang) + ": " + in.scenario).c_str(), b.f.title);
    lxw_row_t row = 2;
    auto kv = [&](const std::string& key, const std::string& value) {
        worksheet_write_string(ws, row, 0, tr(key, in.lang).c_str(), b.f.bold);
        worksheet_write_string(ws, row, 1, value.c_str(), b.f.wrap);
        ++row;
    };
    auto kv_num = [&](const std::string& key, double value) {
        worksheet_write_string(ws, row, 0, tr(key, in.lang).c_str(), b.f.bold);
        worksheet_write_number(ws, row, 1, value, b.f.integer);
        ++row;
    };
    const Folder& first = in.folders.front();
    const nlohmann::json& m = first.manifest;
    kv("scenario", in.scenario);
    if (m.contains("resolved_scenario") && m["resolved_scenario"].contains("description"))
        kv("description", m["resolved_scenario"]["description"].get<std::string>());
    if (!first.runs.empty() && !first.runs.front().run_date.empty()) kv("run_date", first.runs.front().run_date);
    kv("report_date", in.date);
    if (!first.runs.empty() && first.runs.front().expected_value) {
        kv("mode", tr("mode.expected", in.lang));  // nothing is drawn: no seed, no replicates
    } else {
        if (m.contains("seed")) kv_num("seed", m["seed"].get<double>());
        else if (m.contains("resolved_scenario")) kv_num("seed", m["resolved_scenario"]["simulation"].value("seed", 0.0));
        if (m.contains("replicates")) kv_num("replicates", m["replicates"].get<double>());
        else if (m.contains("resolved_scenario"))
            kv_num("replicates", m["resolved_scenario"]["simulation"].value("replicates", 0.0));
    }
    if (!first.runs.empty() && first.runs.front().summary.contains("period")) {
        auto& p = first.runs.front().summary["period"];
        kv("period", fmt_month(p[0].get<std::string>(), in.lang) + " – " + fmt_month(p[1].get<std::string>(), in.lang));
    }
    kv("version", m.value("version", in.version));
    if (m.contains("git_commit")) kv("git_commit", m["git_commit"].get<std::string>());
    if (!first.command.empty()) kv("command", first.command);
    ++row;
    worksheet_write_string(ws, row++, 0, tr("key_results", in.lang).c_str(), b.f.title);
    for (const std::string& s : summary_sentences(in)) {
        worksheet_write_string(ws, row, 0, "•", nullptr);
        worksheet_write_string(ws, row, 1, s.c_str(), b.f.wrap);
        worksheet_set_row(ws, row, 30, nullptr);
        ++row;
    }
}

void monthly_sheet(Book& b, const RunData& r) {
    const Lang lang = b.lang;
    const std::string name = sheet_name(tr("sheet.monthly", lang), b.used);
    lxw_worksheet* ws = workbook_add_worksheet(b.wb, name.c_str());
    // Measure by measure (each measure's months are one block, so a chart series is one range).
    std::vector<std::string> measures;
    std::map<std::string, std::vector<std::size_t>> rows_of;
    for (std::size_t i = 0; i < r.monthly.rows.size(); ++i) {
        const std::string m = r.monthly.str(i, "measure");
        if (!rows_of.count(m)) measures.push_back(m);
        rows_of[m].push_back(i);
    }
    std::vector<std::vector<Cell>> rows;
    std::map<std::string, std::pair<std::size_t, std::size_t>> block;  // measure → first, last data row
    for (auto& m : measures) {
        block[m] = {rows.size() + 1, rows.size() + rows_of[m].size()};
        for (auto i : rows_of[m])
            rows.push_back({r.monthly.str(i, "month"), m, measure_name(m, lang), unit_name(r.monthly.str(i, "unit"), lang),
                            num(r.monthly, i, "mean"), num(r.monthly, i, "p10"), num(r.monthly, i, "p50"),
                            num(r.monthly, i, "p90"), num(r.monthly, i, "mcse")});
    }
    const std::string p = " (" + tr("u.persons", lang) + ")";
    write_table(ws, b.f,
                {{tr("c.month", lang), 9, nullptr}, {tr("c.measure", lang), 18, nullptr},
                 {tr("c.measure_label", lang), 30, nullptr}, {tr("c.unit", lang), 13, nullptr},
                 {tr("c.mean", lang) + p, 12, b.f.decimal2}, {tr("c.p10", lang) + p, 10, b.f.decimal2},
                 {tr("c.p50", lang) + p, 10, b.f.decimal2}, {tr("c.p90", lang) + p, 10, b.f.decimal2},
                 {tr("c.mcse", lang) + p, 12, b.f.decimal4}},
                rows);
    // Persons by activity, stacked.
    lxw_chart* chart = workbook_add_chart(b.wb, LXW_CHART_AREA_STACKED);
    static const uint32_t fills[] = {0x56B4E9, 0xE69F00, 0xF0E442, 0xCC79A7, 0x009E73, 0x0072B2, 0xD55E00, 0x999999};
    bool any = false;
    for (int k = 0; k < kLivingActivities; ++k) {
        auto it = block.find(measure_label(k).name);
        if (it == block.end()) continue;
        any = true;
        lxw_chart_series* s = chart_add_series(chart, nullptr, nullptr);
        chart_series_set_categories(s, name.c_str(), lxw_row_t(it->second.first), 0, lxw_row_t(it->second.second), 0);
        chart_series_set_values(s, name.c_str(), lxw_row_t(it->second.first), 4, lxw_row_t(it->second.second), 4);
        chart_series_set_name(s, measure_name(it->first, lang).c_str());
        lxw_chart_fill fill{};
        fill.color = fills[k];
        chart_series_set_fill(s, &fill);
    }
    if (any) {
        chart_title_set_name(chart, tr("ch.activity.title", lang).c_str());
        chart_axis_set_name(chart->y_axis, tr("ch.y.persons", lang).c_str());
        chart_axis_set_num_format(chart->y_axis, "#,##0");
        chart_legend_set_position(chart, LXW_CHART_LEGEND_RIGHT);
        lxw_chart_options opt{};
        opt.x_scale = 2.2;
        opt.y_scale = 1.8;
        worksheet_insert_chart_opt(ws, 1, 10, chart, &opt);
    }
}

void cohorts_sheet(Book& b, const RunData& r) {
    const Lang lang = b.lang;
    const std::string name = sheet_name(tr("sheet.cohorts", lang), b.used);
    lxw_worksheet* ws = workbook_add_worksheet(b.wb, name.c_str());
    // Outcome, sex, cohort blocks (each cohort's horizons are one range).
    std::vector<std::size_t> order(r.cohorts.rows.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto key = [&](std::size_t i) {
        return std::make_tuple(r.cohorts.str(i, "outcome"), r.cohorts.str(i, "sex"), r.cohorts.str(i, "arrival_year"));
    };
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto c) { return key(a) < key(c); });
    std::vector<std::vector<Cell>> rows;
    std::map<std::string, std::pair<std::size_t, std::size_t>> wage;  // cohort → rows of wage_employment, all
    for (auto i : order) {
        const std::string sex = r.cohorts.str(i, "sex");
        rows.push_back({num(r.cohorts, i, "arrival_year"), tr("sex." + sex, lang), num(r.cohorts, i, "months_after_arrival"),
                        r.cohorts.str(i, "outcome"), outcome_name(r.cohorts.str(i, "outcome"), lang),
                        num(r.cohorts, i, "persons"), num(r.cohorts, i, "mean"), num(r.cohorts, i, "p10"),
                        num(r.cohorts, i, "p50"), num(r.cohorts, i, "p90"), num(r.cohorts, i, "mcse")});
        if (sex == "all" && r.cohorts.str(i, "outcome") == "wage_employment") {
            auto& w = wage[r.cohorts.str(i, "arrival_year")];
            if (w.first == 0) w.first = rows.size();
            w.second = rows.size();
        }
    }
    const std::string s = " (" + tr("u.share", lang) + ")";
    write_table(ws, b.f,
                {{tr("c.arrival_year", lang), 10, nullptr},
                 {tr("c.sex", lang), 8, nullptr},
                 {tr("c.months_after_arrival", lang), 11, nullptr},
                 {tr("c.outcome", lang), 22, nullptr},
                 {tr("c.measure_label", lang), 34, nullptr},
                 {tr("c.persons", lang), 10, b.f.decimal2},
                 {tr("c.mean", lang) + s, 11, b.f.share},
                 {tr("c.p10", lang) + s, 10, b.f.share},
                 {tr("c.p50", lang) + s, 10, b.f.share},
                 {tr("c.p90", lang) + s, 10, b.f.share},
                 {tr("c.mcse", lang) + s, 12, b.f.decimal4}},
                rows);
    lxw_chart* chart = workbook_add_chart(b.wb, LXW_CHART_SCATTER_STRAIGHT_WITH_MARKERS);
    int k = 0;
    for (auto& [year, range] : wage) {
        if (range.second <= range.first || k >= 7) continue;
        lxw_chart_series* se = chart_add_series(chart, nullptr, nullptr);
        chart_series_set_categories(se, name.c_str(), lxw_row_t(range.first), 2, lxw_row_t(range.second), 2);
        chart_series_set_values(se, name.c_str(), lxw_row_t(range.first), 6, lxw_row_t(range.second), 6);
        chart_series_set_name(se, year.c_str());
        lxw_chart_line l = line_style(k++);
        chart_series_set_line(se, &l);
    }
    if (k > 0) {
        chart_title_set_name(chart, tr("ch.cohort.title", lang).c_str());
        chart_axis_set_name(chart->x_axis, tr("ch.x.months_since_arrival", lang).c_str());
        chart_axis_set_num_format(chart->y_axis, "0 %");
        chart_axis_set_min(chart->y_axis, 0);
        chart_axis_set_max(chart->y_axis, 1);
        lxw_chart_options opt{};
        opt.x_scale = 2.0;
        opt.y_scale = 1.6;
        worksheet_insert_chart_opt(ws, 1, 12, chart, &opt);
    }
}

void budget_sheet(Book& b, const RunData& r) {
    const Lang lang = b.lang;
    const std::string name = sheet_name(tr("sheet.budget", lang), b.used);
    lxw_worksheet* ws = workbook_add_worksheet(b.wb, name.c_str());
    std::vector<std::string> lines;
    std::map<std::string, std::vector<std::size_t>> rows_of;
    for (std::size_t i = 0; i < r.budget.rows.size(); ++i) {
        const std::string l = r.budget.str(i, "line");
        if (!rows_of.count(l)) lines.push_back(l);
        rows_of[l].push_back(i);
    }
    const bool has_uncertain = r.budget.col("uncertain_amounts") >= 0;
    std::vector<std::vector<Cell>> rows;
    std::map<std::string, std::pair<std::size_t, std::size_t>> block;
    for (auto& l : lines) {
        block[l] = {rows.size() + 1, rows.size() + rows_of[l].size()};
        for (auto i : rows_of[l]) {
            std::vector<Cell> row = {num(r.budget, i, "year"), l, budget_line_name(l, lang), num(r.budget, i, "persons"),
                                     num(r.budget, i, "mean"), num(r.budget, i, "p10"), num(r.budget, i, "p50"),
                                     num(r.budget, i, "p90"), num(r.budget, i, "mcse")};
            if (has_uncertain) row.push_back(tr(r.budget.str(i, "uncertain_amounts") == "yes" ? "yes" : "no", lang));
            rows.push_back(std::move(row));
        }
    }
    const std::string kr = " (" + tr("u.kr", lang) + ")";
    std::vector<Column> cols = {{tr("c.year", lang), 8, nullptr},
                                {tr("c.line", lang), 24, nullptr},
                                {tr("c.measure_label", lang), 30, nullptr},
                                {tr("c.persons", lang), 10, b.f.decimal2},
                                {tr("c.mean", lang) + kr, 14, b.f.kr},
                                {tr("c.p10", lang) + kr, 14, b.f.kr},
                                {tr("c.p50", lang) + kr, 14, b.f.kr},
                                {tr("c.p90", lang) + kr, 14, b.f.kr},
                                {tr("c.mcse", lang) + kr, 12, b.f.kr}};
    if (has_uncertain) cols.push_back({tr("c.uncertain", lang), 10, nullptr});
    write_table(ws, b.f, cols, rows);
    lxw_chart* chart = workbook_add_chart(b.wb, LXW_CHART_LINE);
    int k = 0;
    for (const char* l : {"grundtilskud", "resultattilskud_job", "resultattilskud_education", "resultattilskud_danish",
                          "bonus", "net_municipal_result"}) {
        auto it = block.find(l);
        if (it == block.end()) continue;
        lxw_chart_series* s = chart_add_series(chart, nullptr, nullptr);
        chart_series_set_categories(s, name.c_str(), lxw_row_t(it->second.first), 0, lxw_row_t(it->second.second), 0);
        chart_series_set_values(s, name.c_str(), lxw_row_t(it->second.first), 4, lxw_row_t(it->second.second), 4);
        chart_series_set_name(s, budget_line_name(l, lang).c_str());
        lxw_chart_line ls = line_style(k++);
        chart_series_set_line(s, &ls);
    }
    if (k > 0) {
        chart_title_set_name(chart, tr("ch.budget.title", lang).c_str());
        chart_axis_set_name(chart->y_axis, tr("u.kr", lang).c_str());
        chart_axis_set_num_format(chart->y_axis, "#,##0");
        chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
        lxw_chart_options opt{};
        opt.x_scale = 2.2;
        opt.y_scale = 1.8;
        worksheet_insert_chart_opt(ws, 1, lxw_col_t(cols.size() + 1), chart, &opt);
    }
}

void comparison_sheet(Book& b, const Folder& f) {
    const Lang lang = b.lang;
    const Table& t = f.comparison;
    const std::string name = sheet_name(tr("sheet.comparison", lang), b.used);
    lxw_worksheet* ws = workbook_add_worksheet(b.wb, name.c_str());
    // Alternatives by their scenario's name, as in the HTML report; the sub-folder beside it.
    auto alt_name = [&](const std::string& folder) {
        for (auto& r : f.runs)
            if (r.folder == folder) return r.scenario;
        return folder;
    };
    std::vector<std::vector<Cell>> rows;
    for (std::size_t i = 0; i < t.rows.size(); ++i)
        rows.push_back({t.str(i, "indicator"), indicator_label(t.str(i, "indicator"), lang), num(t, i, "year"),
                        unit_name(t.str(i, "unit"), lang), alt_name(t.str(i, "alternative")), t.str(i, "alternative"),
                        num(t, i, "base_mean"), num(t, i, "alt_mean"), num(t, i, "diff_mean"), num(t, i, "diff_p05"),
                        num(t, i, "diff_p95"), num(t, i, "diff_mcse")});
    write_table(ws, b.f,
                {{tr("c.indicator_code", lang), 28, nullptr}, {tr("c.measure_label", lang), 34, nullptr},
                 {tr("c.year", lang), 7, nullptr}, {tr("c.unit", lang), 12, nullptr},
                 {tr("c.alternative", lang), 24, nullptr}, {tr("c.alternative_code", lang), 16, nullptr},
                 {tr("c.base_mean", lang), 12, b.f.decimal4},
                 {tr("c.alt_mean", lang), 12, b.f.decimal4}, {tr("c.diff_mean", lang), 12, b.f.decimal4},
                 {tr("c.diff_p05", lang), 12, b.f.decimal4}, {tr("c.diff_p95", lang), 12, b.f.decimal4},
                 {tr("c.mcse", lang), 12, b.f.decimal4}},
                rows);
    // Key indicators in the year the report judges on (comparison_years): a small table beside it,
    // and a bar chart of the differences.
    const int last = comparison_years(f).year;
    std::vector<std::string> alts;
    for (std::size_t i = 0; i < t.rows.size(); ++i)
        if (std::find(alts.begin(), alts.end(), t.str(i, "alternative")) == alts.end()) alts.push_back(t.str(i, "alternative"));
    const std::vector<std::string> key = {"persons_job", "persons_wage_employment", "persons_igu", "persons_waiting",
                                          "danish_passes"};
    const lxw_col_t c0 = 14;
    worksheet_write_string(ws, 0, c0, (tr("c.indicator", lang) + " " + std::to_string(last)).c_str(), b.f.header);
    for (std::size_t a = 0; a < alts.size(); ++a)
        worksheet_write_string(ws, 0, lxw_col_t(c0 + 1 + a), (tr("c.diff_mean", lang) + ": " + alt_name(alts[a])).c_str(),
                               b.f.header);
    worksheet_set_column(ws, c0, c0, 34, nullptr);
    lxw_row_t row = 1;
    for (auto& k : key) {
        bool any = false;
        for (std::size_t a = 0; a < alts.size(); ++a)
            for (std::size_t i = 0; i < t.rows.size(); ++i)
                if (t.str(i, "indicator") == k && int(t.num(i, "year")) == last && t.str(i, "alternative") == alts[a]) {
                    worksheet_write_number(ws, row, lxw_col_t(c0 + 1 + a), t.num(i, "diff_mean"), b.f.decimal1);
                    any = true;
                }
        if (!any) continue;
        worksheet_write_string(ws, row, c0, indicator_label(k, lang).c_str(), nullptr);
        ++row;
    }
    if (row > 1 && last > 0) {
        lxw_chart* chart = workbook_add_chart(b.wb, LXW_CHART_BAR);
        for (std::size_t a = 0; a < alts.size(); ++a) {
            lxw_chart_series* s = chart_add_series(chart, nullptr, nullptr);
            chart_series_set_categories(s, name.c_str(), 1, c0, row - 1, c0);
            chart_series_set_values(s, name.c_str(), 1, lxw_col_t(c0 + 1 + a), row - 1, lxw_col_t(c0 + 1 + a));
            chart_series_set_name(s, alt_name(alts[a]).c_str());
            lxw_chart_fill fill{};
            fill.color = line_style(int(a)).color;
            chart_series_set_fill(s, &fill);
        }
        chart_title_set_name(chart, trf("ch.cmp_persons.title", lang, {{"year", std::to_string(last)}}).c_str());
        chart_axis_set_num_format(chart->x_axis, "#,##0.0");
        chart_axis_set_reverse(chart->y_axis);
        chart_axis_set_label_position(chart->y_axis, LXW_CHART_AXIS_LABEL_POSITION_LOW);
        lxw_chart_options opt{};
        opt.x_scale = 1.8;
        opt.y_scale = 1.4;
        worksheet_insert_chart_opt(ws, row + 1, c0, chart, &opt);
    }
}

void sweep_sheet(Book& b, const Folder& f) {
    const Lang lang = b.lang;
    const Table& t = f.sweep;
    const std::string name = sheet_name(tr("sheet.sweep", lang), b.used);
    lxw_worksheet* ws = workbook_add_worksheet(b.wb, name.c_str());
    const int ind = t.col("indicator");
    if (ind < 1) return;
    std::vector<std::string> axes(t.header.begin() + 1, t.header.begin() + ind);
    // Indicator and year first, then point: each indicator's points are one range.
    std::vector<std::size_t> order(t.rows.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto c) {
        return std::make_pair(t.str(a, "indicator"), t.num(a, "year")) < std::make_pair(t.str(c, "indicator"), t.num(c, "year"));
    });
    std::vector<std::vector<Cell>> rows;
    int last = 0;
    for (std::size_t i = 0; i < t.rows.size(); ++i)
        if (t.str(i, "indicator") == "persons_job") last = std::max(last, int(t.num(i, "year")));
    std::pair<std::size_t, std::size_t> block{0, 0};
    for (auto i : order) {
        std::vector<Cell> row = {num(t, i, "point")};
        for (auto& a : axes) row.push_back(num(t, i, a));
        for (Cell c : {Cell(t.str(i, "indicator")), Cell(indicator_label(t.str(i, "indicator"), lang)), num(t, i, "year"),
                       Cell(unit_name(t.str(i, "unit"), lang)), num(t, i, "mean"), num(t, i, "p10"), num(t, i, "p50"), num(t, i, "p90"),
                       num(t, i, "mcse")})
            row.push_back(c);
        rows.push_back(std::move(row));
        if (t.str(i, "indicator") == "persons_job" && int(t.num(i, "year")) == last) {
            if (block.first == 0) block.first = rows.size();
            block.second = rows.size();
        }
    }
    std::vector<Column> cols = {{tr("c.point", lang), 7, nullptr}};
    for (auto& a : axes) cols.push_back({a, 22, b.f.decimal2});
    for (Column c : {Column{tr("c.indicator_code", lang), 28, nullptr}, Column{tr("c.measure_label", lang), 34, nullptr},
                     Column{tr("c.year", lang), 7, nullptr}, Column{tr("c.unit", lang), 12, nullptr},
                     Column{tr("c.mean", lang), 12, b.f.decimal4}, Column{tr("c.p10", lang), 12, b.f.decimal4},
                     Column{tr("c.p50", lang), 12, b.f.decimal4}, Column{tr("c.p90", lang), 12, b.f.decimal4},
                     Column{tr("c.mcse", lang), 12, b.f.decimal4}})
        cols.push_back(c);
    write_table(ws, b.f, cols, rows);
    if (axes.size() == 1 && block.second > block.first) {
        lxw_chart* chart = workbook_add_chart(b.wb, LXW_CHART_SCATTER_STRAIGHT_WITH_MARKERS);
        const lxw_col_t mean_col = lxw_col_t(1 + axes.size() + 4);
        for (int k = 0; k < 3; ++k) {
            lxw_chart_series* s = chart_add_series(chart, nullptr, nullptr);
            chart_series_set_categories(s, name.c_str(), lxw_row_t(block.first), 1, lxw_row_t(block.second), 1);
            const lxw_col_t c = lxw_col_t(mean_col + (k == 0 ? 0 : k == 1 ? 1 : 3));
            chart_series_set_values(s, name.c_str(), lxw_row_t(block.first), c, lxw_row_t(block.second), c);
            chart_series_set_name(s, (k == 0 ? tr("c.mean", lang) : k == 1 ? tr("c.p10", lang) : tr("c.p90", lang)).c_str());
            lxw_chart_line l = line_style(0);
            if (k) l.dash_type = LXW_CHART_LINE_DASH_DASH, l.width = 1;
            chart_series_set_line(s, &l);
        }
        chart_title_set_name(chart, trf("ch.sweep.title", lang, {{"indicator", indicator_label("persons_job", lang)},
                                                                 {"year", std::to_string(last)}})
                                        .c_str());
        chart_axis_set_name(chart->x_axis, axes[0].c_str());
        lxw_chart_options opt{};
        opt.x_scale = 1.8;
        opt.y_scale = 1.5;
        worksheet_insert_chart_opt(ws, 1, lxw_col_t(cols.size() + 1), chart, &opt);
    }
}

void sensitivity_sheet(Book& b, const Folder& f) {
    const Lang lang = b.lang;
    const Table& t = f.sensitivity;
    const std::string name = sheet_name(tr("sheet.sensitivity", lang), b.used);
    lxw_worksheet* ws = workbook_add_worksheet(b.wb, name.c_str());
    // Outcome by outcome (file order within each), so the first outcome's ranking is one range.
    std::vector<std::string> outcomes;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const std::string o = t.str(i, "outcome") + ":" + t.str(i, "year");
        if (std::find(outcomes.begin(), outcomes.end(), o) == outcomes.end()) outcomes.push_back(o);
    }
    std::vector<std::vector<Cell>> rows;
    std::size_t first_block_end = 0;
    for (auto& o : outcomes) {
        for (std::size_t i = 0; i < t.rows.size(); ++i) {
            if (t.str(i, "outcome") + ":" + t.str(i, "year") != o) continue;
            const double v = t.num(i, "at_value");
            rows.push_back({num(t, i, "rank"), t.str(i, "parameter"), num(t, i, "low"), num(t, i, "value"),
                            num(t, i, "high"), t.str(i, "outcome"), indicator_label(t.str(i, "outcome"), lang),
                            num(t, i, "year"), num(t, i, "at_low"),
                            num(t, i, "at_value"), num(t, i, "at_high"), num(t, i, "swing"), t.num(i, "at_low") - v,
                            t.num(i, "at_high") - v});
        }
        if (first_block_end == 0) first_block_end = rows.size();
    }
    write_table(ws, b.f,
                {{tr("c.rank", lang), 6, nullptr}, {tr("parameter", lang), 44, nullptr},
                 {tr("low", lang), 10, b.f.decimal4}, {tr("value", lang), 10, b.f.decimal4},
                 {tr("high", lang), 10, b.f.decimal4}, {tr("c.outcome", lang), 26, nullptr},
                 {tr("c.measure_label", lang), 34, nullptr}, {tr("c.year", lang), 7, nullptr}, {tr("c.at_low", lang), 11, b.f.decimal4},
                 {tr("c.at_value", lang), 11, b.f.decimal4}, {tr("c.at_high", lang), 11, b.f.decimal4},
                 {tr("c.swing", lang), 11, b.f.decimal4}, {tr("c.at_low", lang) + " − " + tr("c.at_value", lang), 12, b.f.decimal4},
                 {tr("c.at_high", lang) + " − " + tr("c.at_value", lang), 12, b.f.decimal4}},
                rows);
    const std::size_t n = std::min<std::size_t>(first_block_end, 15);
    if (n > 0) {
        lxw_chart* chart = workbook_add_chart(b.wb, LXW_CHART_BAR);
        for (int k = 0; k < 2; ++k) {
            lxw_chart_series* s = chart_add_series(chart, nullptr, nullptr);
            chart_series_set_categories(s, name.c_str(), 1, 1, lxw_row_t(n), 1);
            chart_series_set_values(s, name.c_str(), 1, lxw_col_t(12 + k), lxw_row_t(n), lxw_col_t(12 + k));
            chart_series_set_name(s, tr(k == 0 ? "ch.param_low" : "ch.param_high", lang).c_str());
            lxw_chart_fill fill{};
            fill.color = line_style(k).color;
            chart_series_set_fill(s, &fill);
        }
        chart_set_series_overlap(chart, 100);
        chart_axis_set_reverse(chart->y_axis);
        chart_axis_set_label_position(chart->y_axis, LXW_CHART_AXIS_LABEL_POSITION_LOW);
        const std::string o = outcomes.front();
        const auto colon = o.rfind(':');
        chart_title_set_name(chart, trf("ch.tornado.title", lang, {{"indicator", indicator_label(o.substr(0, colon), lang)},
                                                                   {"year", o.substr(colon + 1)}})
                                        .c_str());
        lxw_chart_options opt{};
        opt.x_scale = 2.0;
        opt.y_scale = 2.0;
        worksheet_insert_chart_opt(ws, 1, 15, chart, &opt);
    }
}

void parameters_sheet(Book& b, const nlohmann::json& resolved) {
    const Lang lang = b.lang;
    const std::string name = sheet_name(tr("sheet.parameters", lang), b.used);
    lxw_worksheet* ws = workbook_add_worksheet(b.wb, name.c_str());
    const auto params = parameters(resolved);
    const std::vector<Column> cols = {{tr("parameter", lang), 52, nullptr}, {tr("value", lang), 12, nullptr},
                                      {tr("unit", lang), 16, nullptr},      {tr("low", lang), 9, nullptr},
                                      {tr("high", lang), 9, nullptr},       {tr("status", lang), 12, nullptr},
                                      {tr("source", lang), 90, nullptr}};
    std::vector<std::vector<Cell>> rows;
    for (auto& p : params) {
        auto number_or_text = [](const std::string& s) -> Cell {
            if (s.empty()) return Cell();
            try {
                std::size_t used = 0;
                const double v = std::stod(s, &used);
                if (used == s.size()) return v;
            } catch (...) {
            }
            return s;
        };
        Cell value = number_or_text(p.value);
        if (auto* s = std::get_if<std::string>(&value)) *s = fmt_value(*s, lang);  // true → ja
        rows.push_back({p.pointer, value, unit_name(p.unit, lang), number_or_text(p.low), number_or_text(p.high),
                        p.status.empty() ? std::string() : tr("status." + p.status, lang), p.source});
    }
    write_table(ws, b.f, cols, rows);
    // Assumptions and uncertain values highlighted.
    for (std::size_t r = 0; r < params.size(); ++r)
        if (params[r].status == "assumption" || params[r].status == "uncertain")
            for (std::size_t c = 0; c < cols.size(); ++c) {
                const lxw_row_t row = lxw_row_t(r + 1);
                if (auto* s = std::get_if<std::string>(&rows[r][c]))
                    worksheet_write_string(ws, row, lxw_col_t(c), s->c_str(), b.f.highlight);
                else if (auto* x = std::get_if<double>(&rows[r][c]))
                    worksheet_write_number(ws, row, lxw_col_t(c), *x, b.f.highlight);
                else
                    worksheet_write_blank(ws, row, lxw_col_t(c), b.f.highlight);
            }
}

}  // namespace

std::string workbook_xlsx(const Inputs& in) {
    const TempDir temp("kohorte-workbook");
    const fs::path file = temp.path() / "kohorte-report.xlsx";
    lxw_workbook* wb = workbook_new(file.c_str());
    if (!wb) throw std::runtime_error("libxlsxwriter could not start a workbook");
    Book b{wb, make_formats(wb), in.lang, {}};
    const std::string title = tr("report.title", in.lang) + ": " + in.scenario;
    lxw_doc_properties props{};
    props.title = const_cast<char*>(title.c_str());
    props.author = const_cast<char*>("kohorte");
    props.created = std::time_t(in.time);  // the report's date, not the second: see Inputs::time
    workbook_set_properties(wb, &props);

    front_sheet(b, in);
    const nlohmann::json* resolved = nullptr;
    for (const Folder& f : in.folders) {
        if (!f.runs.empty()) {
            const RunData& r = f.runs.front();
            if (!r.monthly.empty()) monthly_sheet(b, r);
            if (!r.cohorts.empty()) cohorts_sheet(b, r);
            if (!r.budget.empty()) budget_sheet(b, r);
        }
        if (!f.comparison.empty()) comparison_sheet(b, f);
        if (!f.sweep.empty()) sweep_sheet(b, f);
        if (!f.sensitivity.empty()) sensitivity_sheet(b, f);
        if (!resolved && f.manifest.is_object() && f.manifest.contains("resolved_scenario"))
            resolved = &f.manifest["resolved_scenario"];
    }
    if (resolved) parameters_sheet(b, *resolved);
    const lxw_error err = workbook_close(wb);
    if (err != LXW_NO_ERROR) throw std::runtime_error(std::string("writing the workbook failed: ") + lxw_strerror(err));
    std::ifstream f(file, std::ios::binary);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

#endif

}  // namespace kohorte::report
