// Charts: for each chart a data file (CSV, as the numbers stand in the results) and a gnuplot
// script that renders it as PNG (300 dpi), SVG and PDF — both kept in report/charts/ so a chart
// can be re-rendered or restyled with `gnuplot NAME.gp`. Okabe–Ito colours with dash patterns
// and point types (readable in black-and-white print), DejaVu Sans (æ, ø, å, –), tick labels
// formatted here in Danish (1.234,5) or English, the program version and scenario in small print.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "person.h"
#include "report.h"
#include "tables.h"

namespace kohorte::report {

namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Okabe–Ito, in the order series take them; the line types also differ in dash and point.
constexpr const char* kColours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"};
constexpr const char* kDashes[] = {"1", "2", "3", "4", "5", "(12,4,2,4)", "(2,3)"};
constexpr int kPoints[] = {7, 5, 9, 13, 6, 4, 8};
constexpr int kSeries = 7;

std::string d(double x) {
    if (std::isnan(x)) return "NaN";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.10g", x);
    return buf;
}

std::string q(const std::string& s) {  // a gnuplot string literal; a line break stays one
    std::string out = "\"";
    for (char c : s) {
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// Characters (not bytes) of a UTF-8 text.
std::size_t chars(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

// A category label longer than `width` characters on two lines, broken at the space nearest its
// middle, so that long indicator names fit beside the plot instead of running off its left edge.
std::string wrap_label(const std::string& s, std::size_t width) {
    if (chars(s) <= width) return s;
    std::size_t best = std::string::npos;
    for (std::size_t i = s.find(' '); i != std::string::npos; i = s.find(' ', i + 1))
        if (best == std::string::npos || std::abs(double(i) - double(s.size()) / 2) < std::abs(double(best) - double(s.size()) / 2))
            best = i;
    if (best == std::string::npos) return s;
    return s.substr(0, best) + "\n" + s.substr(best + 1);
}

// The left margin (in the terminal's character widths at 8 pt) that holds tic labels drawn at
// `font_pt` (their longest line decides), with room for the tic marks.
int label_margin(const std::vector<std::string>& labels, double font_pt) {
    std::size_t longest = 0;
    for (auto& l : labels) {
        std::size_t start = 0;
        for (std::size_t nl; (nl = l.find('\n', start)) != std::string::npos; start = nl + 1)
            longest = std::max(longest, chars(l.substr(start, nl - start)));
        longest = std::max(longest, chars(l.substr(start)));
    }
    return std::max(10, int(std::ceil(double(longest) * font_pt / 8.0)) + 3);
}

// A "nice" axis over [lo, hi] with about 5 steps; tick labels formatted for `lang`.
std::string axis(const std::string& which, double lo, double hi, Lang lang, const std::string& suffix = "",
                 bool from_zero = false) {
    if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
    if (from_zero) lo = std::min(lo, 0.0), hi = std::max(hi, 0.0);
    if (hi - lo < 1e-9) {
        const double pad = std::max(std::abs(hi) * 0.1, 1.0);
        lo -= lo == 0 && from_zero ? 0 : pad, hi += pad;
    }
    const double raw = (hi - lo) / 5;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double n = raw / mag;
    const double step = (n < 1.5 ? 1 : n < 3 ? 2 : n < 7 ? 5 : 10) * mag;
    const double a = std::floor(lo / step + 1e-9) * step, b = std::ceil(hi / step - 1e-9) * step;
    const int decimals = std::max(0, int(-std::floor(std::log10(step) + 1e-9)));
    std::string tics;
    for (double t = a; t <= b + step * 1e-6; t += step) {
        const double v = std::abs(t) < step * 1e-6 ? 0.0 : t;
        if (!tics.empty()) tics += ", ";
        // Explicit tic labels are formats in gnuplot: a literal % is written %%.
        std::string label = fmt_num(v, decimals, lang) + suffix;
        for (std::size_t k = 0; (k = label.find('%', k)) != std::string::npos; k += 2) label.insert(k, "%");
        tics += q(label) + " " + d(v);
    }
    return "set " + which + "range [" + d(a) + ":" + d(b) + "]\nset " + which + "tics (" + tics + ")\n";
}

// Year tics on a time axis in decimal years.
std::string year_axis(int first, int last) {
    const int span = last - first + 1;
    const int step = span <= 8 ? 1 : span <= 16 ? 2 : 5;
    std::string tics;
    for (int y = first; y <= last + 1; ++y)
        if ((y - first) % step == 0) tics += (tics.empty() ? "" : ", ") + q(std::to_string(y)) + " " + std::to_string(y);
    return "set xrange [" + std::to_string(first) + ":" + std::to_string(last + 1) + "]\nset xtics (" + tics + ")\n";
}

struct Script {
    std::string name, body;
    double height_cm = 10;
};

std::string preamble(const Inputs& in, const std::string& title, const std::string& xlabel,
                     const std::string& ylabel) {
    std::string s;
    s += "# kohorte chart. Re-render in this folder with: gnuplot " + std::string("THIS_FILE") + "\n";
    s += "set encoding utf8\n";
    s += std::string("set decimalsign ") + (in.lang == Lang::da ? "','" : "'.'") + "\n";
    s += "set datafile separator ','\nset datafile missing 'NaN'\n";
    s += "set title " + q(title) + " font ',10'\n";
    if (!xlabel.empty()) s += "set xlabel " + q(xlabel) + "\n";
    if (!ylabel.empty()) s += "set ylabel " + q(ylabel) + "\n";
    s += "set border 3 lw 0.8\nset tics nomirror out scale 0.6\n";
    s += "set grid ytics lc rgb '#d9d9d9' lw 0.5 dt 1\n";
    s += "set key top left Left reverse samplen 2.5 spacing 1.1 font ',7' box lc rgb '#bbbbbb' opaque\n";
    s += "set label 100 " + q(trf("footer", in.lang, {{"version", in.version}, {"scenario", in.scenario}})) +
         " at screen 0.99, screen 0.015 right font ',5.5' tc rgb '#555555'\n";
    for (int i = 0; i < kSeries; ++i)
        s += "set linetype " + std::to_string(i + 1) + " lc rgb '" + kColours[i] + "' lw 1.6 dt " + kDashes[i] +
             " pt " + std::to_string(kPoints[i]) + " ps 0.55\n";
    s += "set style fill transparent solid 0.18 noborder\n";
    return s;
}

// The three terminals around the plot command.
std::string finish(const Script& sc, const std::string& plot) {
    const double w_cm = 16, h_cm = sc.height_cm;
    const int w_px = int(std::lround(w_cm / 2.54 * kPngDpi)), h_px = int(std::lround(h_cm / 2.54 * kPngDpi));
    // pngcairo draws a point as 2 pixels at fontscale 1 (it assumes 144 dpi), so this makes
    // text and lines the same size on the PNG as on the PDF.
    const double scale = kPngDpi / 144.0;
    char buf[512];
    std::string s;
    std::snprintf(buf, sizeof buf,
                  "set terminal pngcairo size %d,%d font 'DejaVu Sans,8' fontscale %.4f linewidth %.4f noenhanced\n",
                  w_px, h_px, scale, scale);
    s += buf;
    s += "set output '" + sc.name + ".png'\n" + plot + "\n";
    std::snprintf(buf, sizeof buf, "set terminal svg size %d,%d font 'DejaVu Sans,8' noenhanced\n",
                  int(std::lround(w_cm / 2.54 * 96)), int(std::lround(h_cm / 2.54 * 96)));
    s += buf;
    s += "set output '" + sc.name + ".svg'\nreplot\n";
    std::snprintf(buf, sizeof buf, "set terminal pdfcairo size %gcm,%gcm font 'DejaVu Sans,8' noenhanced\n", w_cm, h_cm);
    s += buf;
    s += "set output '" + sc.name + ".pdf'\nreplot\nunset output\n";
    return s;
}

ChartSpec make(const std::string& name, const std::string& title, const std::string& caption,
               std::vector<std::pair<std::string, std::string>> data, const std::string& settings,
               const std::string& plot, double height_cm = 10) {
    Script sc{name, "", height_cm};
    std::string script = settings + finish(sc, plot);
    const auto pos = script.find("THIS_FILE");
    if (pos != std::string::npos) script.replace(pos, 9, name + ".gp");
    return {name, title, caption, std::move(data), script};
}

double decimal_month(const std::string& ym) {  // "2016-03" → 2016 + 2.5/12 (mid-month)
    if (ym.size() < 7) return kNaN;
    return std::stoi(ym.substr(0, 4)) + (std::stoi(ym.substr(5, 2)) - 0.5) / 12.0;
}

// ---- run charts -----------------------------------------------------------------------------

// Means of `measures` per month, from monthly.csv: month → measure → (mean, p10, p90).
struct Band {
    double mean = kNaN, p10 = kNaN, p90 = kNaN;
};
std::map<std::string, std::map<std::string, Band>> by_month(const Table& t) {
    std::map<std::string, std::map<std::string, Band>> out;
    for (std::size_t i = 0; i < t.rows.size(); ++i)
        out[t.str(i, "month")][t.str(i, "measure")] = {t.num(i, "mean"), t.num(i, "p10"), t.num(i, "p90")};
    return out;
}

int year_of(const std::string& ym) { return std::stoi(ym.substr(0, 4)); }

std::optional<ChartSpec> activity_chart(const Inputs& in, const RunData& r, const std::string& name) {
    if (r.monthly.empty()) return std::nullopt;
    const auto months = by_month(r.monthly);
    static constexpr const char* kFill[] = {"#56B4E9", "#E69F00", "#F0E442", "#CC79A7",
                                            "#009E73", "#0072B2", "#D55E00", "#999999"};
    std::string data = "# x,month";
    for (int k = 0; k < kLivingActivities; ++k) data += std::string(",") + measure_label(k).name;
    data += "\n";
    double top = 0;
    for (auto& [month, m] : months) {
        data += d(decimal_month(month)) + "," + month;
        double sum = 0;
        for (int k = 0; k < kLivingActivities; ++k) {
            auto it = m.find(measure_label(k).name);
            const double v = it == m.end() ? 0.0 : it->second.mean;
            sum += v;
            data += "," + d(v);
        }
        top = std::max(top, sum);
        data += "\n";
    }
    std::string s = preamble(in, tr("ch.activity.title", in.lang), tr("ch.x.month", in.lang), tr("ch.y.persons", in.lang));
    s += "set key outside below center horizontal maxcols 4 Left reverse noopaque nobox\n";
    s += year_axis(year_of(months.begin()->first), year_of(months.rbegin()->first));
    s += axis("y", 0, top, in.lang, "", true);
    // Stacked: each layer is the running sum of the activities below it, drawn from the top down;
    // every other layer also gets a light hatch so neighbours differ in black-and-white print.
    std::string plot = "plot \\\n";
    for (int k = kLivingActivities - 1; k >= 0; --k) {
        std::string sum;
        for (int j = 0; j <= k; ++j) sum += (j ? "+" : "") + std::string("$") + std::to_string(j + 3);
        const std::string label = in.lang == Lang::da ? measure_label(k).da : measure_label(k).en;
        plot += "  '" + name + ".csv' using 1:(" + sum + ") with filledcurves x1 fs solid 1.0 noborder lc rgb '" +
                kFill[k] + "' title " + q(label) + ", \\\n";
        if (k % 2 == 1)
            plot += "  '" + name + ".csv' using 1:(" + sum +
                    ") with filledcurves x1 fs transparent pattern 5 noborder lc rgb '#ffffff' notitle, \\\n";
    }
    plot.resize(plot.size() - 4);
    return make(name, tr("ch.activity.title", in.lang), tr("ch.activity.caption", in.lang), {{name + ".csv", data}}, s,
                plot);
}

std::optional<ChartSpec> cohort_chart(const Inputs& in, const RunData& r, const std::string& name) {
    if (r.cohorts.empty()) return std::nullopt;
    struct Point {
        int months;
        double mean, p10, p90, persons;
    };
    std::map<std::string, std::vector<Point>> cohorts;
    for (std::size_t i = 0; i < r.cohorts.rows.size(); ++i)
        if (r.cohorts.str(i, "sex") == "all" && r.cohorts.str(i, "outcome") == "wage_employment")
            cohorts[r.cohorts.str(i, "arrival_year")].push_back(
                {int(r.cohorts.num(i, "months_after_arrival")), r.cohorts.num(i, "mean"), r.cohorts.num(i, "p10"),
                 r.cohorts.num(i, "p90"), r.cohorts.num(i, "persons")});
    // The (at most 4) largest cohorts with at least two horizons, in arrival order; cohorts of
    // fewer than 20 persons only if there is no larger one (their bands are too wide to read).
    std::vector<std::pair<double, std::string>> sizes;
    for (auto& [year, pts] : cohorts)
        if (pts.size() >= 2) sizes.emplace_back(-pts.front().persons, year);
    if (sizes.empty()) return std::nullopt;
    std::stable_sort(sizes.begin(), sizes.end());
    std::size_t large = 0;
    while (large < sizes.size() && -sizes[large].first >= 20) ++large;
    sizes.resize(std::min<std::size_t>(large > 0 ? large : 2, std::min<std::size_t>(4, sizes.size())));
    std::vector<std::string> chosen;
    for (auto& s : sizes) chosen.push_back(s.second);
    std::sort(chosen.begin(), chosen.end());

    std::string data = "# arrival_year,months_after_arrival,mean,p10,p90 (shares; one block per cohort)\n";
    int max_h = 0;
    std::set<int> horizons;
    for (std::size_t c = 0; c < chosen.size(); ++c) {
        if (c) data += "\n\n";
        for (auto& p : cohorts[chosen[c]]) {
            data += chosen[c] + "," + std::to_string(p.months) + "," + d(p.mean) + "," + d(p.p10) + "," + d(p.p90) + "\n";
            max_h = std::max(max_h, p.months);
            horizons.insert(p.months);
        }
    }
    std::string s = preamble(in, tr("ch.cohort.title", in.lang), tr("ch.x.months_since_arrival", in.lang),
                             tr("ch.y.share_pct", in.lang));
    std::string xt;
    for (int h : horizons) xt += (xt.empty() ? "" : ", ") + q(std::to_string(h)) + " " + std::to_string(h);
    s += "set xrange [0:" + std::to_string(max_h + 2) + "]\nset xtics (" + xt + ")\n";
    s += axis("y", 0, 100, in.lang, " %");
    std::string plot = "plot \\\n";
    for (std::size_t c = 0; c < chosen.size(); ++c)
        plot += "  '" + name + ".csv' index " + std::to_string(c) + " using 2:($4*100):($5*100) with filledcurves lt " +
                std::to_string(c + 1) + " notitle, \\\n";
    for (std::size_t c = 0; c < chosen.size(); ++c)
        plot += "  '" + name + ".csv' index " + std::to_string(c) + " using 2:($3*100) with linespoints lt " +
                std::to_string(c + 1) + " title " + q(chosen[c]) + ", \\\n";
    plot += "  50 with lines lc rgb '#000000' lw 1.2 dt (10,5) title " + q(tr("ch.target", in.lang)) + ", \\\n";
    plot += "  38 with lines lc rgb '#444444' lw 1.2 dt (2,4) title " + q(tr("ch.national", in.lang));
    return make(name, tr("ch.cohort.title", in.lang),
                tr(r.expected_value ? "ch.cohort.caption_expected" : "ch.cohort.caption", in.lang), {{name + ".csv", data}},
                s, plot);
}

std::optional<ChartSpec> danish_chart(const Inputs& in, const RunData& r, const std::string& name) {
    if (r.monthly.empty()) return std::nullopt;
    const auto months = by_month(r.monthly);
    std::string data = "# x,month,danish_passed_mean,danish_passed_p10,danish_passed_p90,danish_studying_mean,"
                       "danish_studying_p10,danish_studying_p90\n";
    double top = 0;
    bool any = false;
    for (auto& [month, m] : months) {
        auto p = m.find("danish_passed"), st = m.find("danish_studying");
        if (p == m.end() || st == m.end()) continue;
        // Expected-value runs leave the Danish measures empty: no data, no chart.
        any = any || std::isfinite(p->second.mean) || std::isfinite(st->second.mean);
        data += d(decimal_month(month)) + "," + month + "," + d(p->second.mean) + "," + d(p->second.p10) + "," +
                d(p->second.p90) + "," + d(st->second.mean) + "," + d(st->second.p10) + "," + d(st->second.p90) + "\n";
        for (double v : {p->second.p90, st->second.p90, p->second.mean, st->second.mean})
            if (std::isfinite(v)) top = std::max(top, v);
    }
    if (!any) return std::nullopt;
    std::string s = preamble(in, tr("ch.danish.title", in.lang), tr("ch.x.month", in.lang), tr("ch.y.persons", in.lang));
    s += year_axis(year_of(months.begin()->first), year_of(months.rbegin()->first));
    s += axis("y", 0, top, in.lang, "", true);
    s += "set key top right\n";
    const std::string f = "'" + name + ".csv'";
    std::string plot = "plot \\\n  " + f + " using 1:4:5 with filledcurves lt 1 notitle, \\\n  " + f +
                       " using 1:7:8 with filledcurves lt 2 notitle, \\\n  " + f + " using 1:3 with lines lt 1 title " +
                       q(tr("ch.passed", in.lang)) + ", \\\n  " + f + " using 1:6 with lines lt 2 title " +
                       q(tr("ch.studying", in.lang));
    return make(name, tr("ch.danish.title", in.lang), tr("ch.danish.caption", in.lang), {{name + ".csv", data}}, s, plot);
}

// Budget lines by year with bands, in thousands of kr.
std::optional<ChartSpec> budget_chart(const Inputs& in, const RunData& r, const std::string& name,
                                      const std::vector<std::string>& lines, const std::string& key) {
    if (r.budget.empty()) return std::nullopt;
    std::map<std::string, std::vector<std::size_t>> rows;
    for (std::size_t i = 0; i < r.budget.rows.size(); ++i) rows[r.budget.str(i, "line")].push_back(i);
    std::vector<std::string> shown;
    for (auto& l : lines) {
        bool nonzero = false;
        for (auto i : rows[l]) nonzero = nonzero || std::abs(r.budget.num(i, "mean")) > 0;
        if (nonzero) shown.push_back(l);
    }
    if (shown.empty()) return std::nullopt;
    std::string data = "# line,year,mean,p10,p90 (kr; one block per line)\n";
    double lo = 0, hi = 0;
    int y0 = 9999, y1 = 0;
    for (std::size_t k = 0; k < shown.size(); ++k) {
        if (k) data += "\n\n";
        for (auto i : rows[shown[k]]) {
            const int year = int(r.budget.num(i, "year"));
            y0 = std::min(y0, year), y1 = std::max(y1, year);
            data += shown[k] + "," + std::to_string(year) + "," + d(r.budget.num(i, "mean")) + "," +
                    d(r.budget.num(i, "p10")) + "," + d(r.budget.num(i, "p90")) + "\n";
            for (const char* c : {"mean", "p10", "p90"}) {
                const double v = r.budget.num(i, c) / 1000;
                if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
            }
        }
    }
    const std::string title = tr("ch." + key + ".title", in.lang);
    std::string s = preamble(in, title, tr("c.year", in.lang), tr("ch.y.thousand_kr", in.lang));
    const int span = y1 - y0;
    const int step = span <= 10 ? 1 : span <= 20 ? 2 : 5;
    s += "set xrange [" + std::to_string(y0) + "-0.5:" + std::to_string(y1) + "+0.5]\nset xtics " +
         std::to_string(y0) + "," + std::to_string(step) + " format '%.0f'\n";
    s += axis("y", lo, hi, in.lang, "", true);
    s += "set key top right\nset xzeroaxis lt -1 lw 0.6\n";
    const std::string f = "'" + name + ".csv'";
    std::string plot = "plot \\\n";
    for (std::size_t k = 0; k < shown.size(); ++k)
        plot += "  " + f + " index " + std::to_string(k) + " using 2:($4/1000):($5/1000) with filledcurves lt " +
                std::to_string(k % kSeries + 1) + " notitle, \\\n";
    for (std::size_t k = 0; k < shown.size(); ++k)
        plot += "  " + f + " index " + std::to_string(k) + " using 2:($3/1000) with linespoints lt " +
                std::to_string(k % kSeries + 1) + " title " + q(budget_line_name(shown[k], in.lang)) + ", \\\n";
    plot.resize(plot.size() - 4);
    return make(name, title, tr("ch." + key + ".caption", in.lang), {{name + ".csv", data}}, s, plot);
}

// ---- comparison -----------------------------------------------------------------------------

std::string alt_title(const Folder& f, const std::string& folder) {
    for (auto& r : f.runs)
        if (r.folder == folder) return r.scenario;
    return folder;
}

// Differences with 90 % intervals for key indicators in one year, one row per indicator.
std::optional<ChartSpec> comparison_chart(const Inputs& in, const Folder& f, const std::string& name, bool cohorts) {
    const Table& t = f.comparison;
    if (t.empty()) return std::nullopt;
    const std::vector<std::string> persons = {"persons_job", "persons_wage_employment", "persons_job_or_education",
                                              "persons_igu", "persons_loentilskud", "persons_praktik",
                                              "persons_education", "persons_waiting", "danish_passes"};
    const std::vector<std::string> shares = {"cohort_wage_employment_36m", "cohort_ordinary_employment_36m",
                                             "cohort_employment_or_education_36m", "cohort_off_benefits_36m",
                                             "cohort_danish_test_passed_36m", "cohort_company_offer_started_6m"};
    const auto& wanted = cohorts ? shares : persons;
    // The year the report judges on (comparison_years): the budget year, or the latest arrival
    // year with the 36-month share.
    const ComparisonYears years = comparison_years(f);
    const int year = cohorts ? years.cohort : years.year;
    if (year == 0) return std::nullopt;
    std::vector<std::string> alts;
    for (std::size_t i = 0; i < t.rows.size(); ++i)
        if (std::find(alts.begin(), alts.end(), t.str(i, "alternative")) == alts.end())
            alts.push_back(t.str(i, "alternative"));
    std::vector<std::string> inds;
    for (auto& w : wanted)
        for (std::size_t i = 0; i < t.rows.size(); ++i)
            if (t.str(i, "indicator") == w && int(t.num(i, "year")) == year) {
                inds.push_back(w);
                break;
            }
    if (inds.empty()) return std::nullopt;
    const double scale = cohorts ? 100 : 1;
    std::string data = "# y,indicator,year,alternative,diff_mean,diff_p05,diff_p95 (one block per alternative" +
                       std::string(cohorts ? "; shares" : "") + ")\n";
    double lo = 0, hi = 0;
    const double width = 0.7 / double(alts.size());
    for (std::size_t a = 0; a < alts.size(); ++a) {
        if (a) data += "\n\n";
        for (std::size_t k = 0; k < inds.size(); ++k)
            for (std::size_t i = 0; i < t.rows.size(); ++i)
                if (t.str(i, "indicator") == inds[k] && int(t.num(i, "year")) == year &&
                    t.str(i, "alternative") == alts[a]) {
                    const double y = double(k + 1) + (double(a) - double(alts.size() - 1) / 2) * width;
                    data += d(y) + "," + inds[k] + "," + std::to_string(year) + "," + alts[a] + "," +
                            d(t.num(i, "diff_mean")) + "," + d(t.num(i, "diff_p05")) + "," + d(t.num(i, "diff_p95")) + "\n";
                    for (const char* c : {"diff_p05", "diff_p95", "diff_mean"}) {
                        const double v = t.num(i, c) * scale;
                        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
                    }
                }
    }
    const std::string title =
        trf(cohorts ? "ch.cmp_cohorts.title" : "ch.cmp_persons.title", in.lang, {{"year", std::to_string(year)}});
    std::string s = preamble(in, title, tr(cohorts ? "u.pp" : "ch.y.difference", in.lang), "");
    std::string yt;
    std::vector<std::string> labels;
    for (std::size_t k = 0; k < inds.size(); ++k) {
        labels.push_back(wrap_label(indicator_label(inds[k], in.lang), 30));
        yt += (yt.empty() ? "" : ", ") + q(labels.back()) + " " + std::to_string(k + 1);
    }
    s += "set yrange [" + d(inds.size() + 0.6) + ":0.4]\nset ytics (" + yt + ") font ',7'\nset grid noytics xtics\n";
    const double pad = (hi - lo) * 0.05;
    s += axis("x", lo - pad, hi + pad, in.lang);
    s += "set border 1\nset lmargin " + std::to_string(label_margin(labels, 7)) + "\nset key bottom right\nset xzeroaxis\n";
    s += "set arrow 1 from 0, graph 0 to 0, graph 1 nohead lc rgb '#000000' lw 0.8\n";
    const std::string f2 = "'" + name + ".csv'";
    std::string plot = "plot \\\n";
    const std::string sc = cohorts ? "*100" : "";
    for (std::size_t a = 0; a < alts.size(); ++a)
        plot += "  " + f2 + " index " + std::to_string(a) + " using ($5" + sc + "):1:($6" + sc + "):($7" + sc +
                ") with xerrorbars lt " + std::to_string(a % kSeries + 1) + " ps 0.8 title " +
                q(alt_title(f, alts[a])) + ", \\\n";
    plot.resize(plot.size() - 4);
    const double height = std::max(8.0, 3.5 + 0.9 * double(inds.size()));
    return make(name, title, tr("ch.cmp.caption", in.lang), {{name + ".csv", data}}, s, plot, height);
}

// ---- sweep ----------------------------------------------------------------------------------

std::vector<ChartSpec> sweep_charts(const Inputs& in, const Folder& f, const std::string& prefix) {
    std::vector<ChartSpec> out;
    const Table& t = f.sweep;
    if (t.empty()) return out;
    const int ind_col = t.col("indicator");
    if (ind_col < 2) return out;
    std::vector<std::string> axes(t.header.begin() + 1, t.header.begin() + ind_col);
    struct Want {
        std::string indicator;
        bool last_year;  // else the first year that has it
    };
    for (const Want& w : {Want{"persons_job", true}, Want{"cohort_wage_employment_36m", false},
                          Want{"persons_wage_employment", true}}) {
        int year = w.last_year ? 0 : 99999;
        for (std::size_t i = 0; i < t.rows.size(); ++i)
            if (t.str(i, "indicator") == w.indicator)
                year = w.last_year ? std::max(year, int(t.num(i, "year"))) : std::min(year, int(t.num(i, "year")));
        if (year == 0 || year == 99999) continue;
        const bool share = w.indicator.rfind("cohort_", 0) == 0;
        // Series: one per combination of the other axes' values.
        std::map<std::string, std::vector<std::size_t>> series;
        std::vector<std::string> order;
        for (std::size_t i = 0; i < t.rows.size(); ++i) {
            if (t.str(i, "indicator") != w.indicator || int(t.num(i, "year")) != year) continue;
            std::string key;
            for (std::size_t a = 1; a < axes.size(); ++a)
                key += (key.empty() ? "" : ", ") + short_pointer(axes[a]) + " = " + fmt_num(t.num(i, axes[a]), 2, in.lang);
            if (!series.count(key)) order.push_back(key);
            series[key].push_back(i);
        }
        if (order.size() > std::size_t(kSeries)) order.resize(kSeries);
        const std::string name = prefix + "sweep-" + w.indicator;
        std::string data = "# point," + axes[0] + ",indicator,year,mean,p10,p90 (one block per series)\n";
        double lo = 0, hi = 0, x0 = 1e300, x1 = -1e300;
        for (std::size_t k = 0; k < order.size(); ++k) {
            if (k) data += "\n\n";
            for (auto i : series[order[k]]) {
                data += t.str(i, "point") + "," + d(t.num(i, axes[0])) + "," + w.indicator + "," + std::to_string(year) +
                        "," + d(t.num(i, "mean")) + "," + d(t.num(i, "p10")) + "," + d(t.num(i, "p90")) + "\n";
                x0 = std::min(x0, t.num(i, axes[0])), x1 = std::max(x1, t.num(i, axes[0]));
                for (const char* c : {"mean", "p10", "p90"}) {
                    const double v = t.num(i, c) * (share ? 100 : 1);
                    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
                }
            }
        }
        const std::string title =
            trf("ch.sweep.title", in.lang, {{"indicator", indicator_label(w.indicator, in.lang)}, {"year", std::to_string(year)}});
        std::string s = preamble(in, title, short_pointer(axes[0]), tr(share ? "ch.y.share_pct" : "ch.y.persons", in.lang));
        s += axis("x", x0, x1, in.lang);
        s += axis("y", lo, hi, in.lang, share ? " %" : "", true);
        s += "set key top left\n";
        const std::string f2 = "'" + name + ".csv'", sc = share ? "*100" : "";
        std::string plot = "plot \\\n";
        for (std::size_t k = 0; k < order.size(); ++k)
            plot += "  " + f2 + " index " + std::to_string(k) + " using 2:($6" + sc + "):($7" + sc +
                    ") with filledcurves lt " + std::to_string(k + 1) + " notitle, \\\n";
        for (std::size_t k = 0; k < order.size(); ++k)
            plot += "  " + f2 + " index " + std::to_string(k) + " using 2:($5" + sc + ") with linespoints lt " +
                    std::to_string(k + 1) + " title " + q(order[k].empty() ? indicator_label(w.indicator, in.lang) : order[k]) +
                    ", \\\n";
        plot.resize(plot.size() - 4);
        out.push_back(make(name, title, tr("ch.sweep.caption", in.lang), {{name + ".csv", data}}, s, plot));
    }
    return out;
}

// ---- tornado --------------------------------------------------------------------------------

}  // namespace

// The scenario spec has no committee names for parameters, so a chart shows the pointer: without
// its leading "/" and, if long, cut at the end, keeping the section that says what kind of
// parameter it is ("arrivals/family_reunification/trigger_probabil…").
std::string short_pointer(const std::string& p) {
    std::string s = p.rfind('/', 0) == 0 ? p.substr(1) : p;
    if (chars(s) <= 48) return s;
    std::size_t cut = 0;
    for (std::size_t n = 0; cut < s.size() && n < 47; ++n)  // 47 characters, not bytes, then "…"
        for (++cut; cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80;) ++cut;
    return s.substr(0, cut) + "…";
}

namespace {

std::vector<ChartSpec> tornado_charts(const Inputs& in, const Folder& f, const std::string& prefix) {
    std::vector<ChartSpec> out;
    const Table& t = f.sensitivity;
    if (t.empty()) return out;
    std::vector<std::pair<std::string, int>> outcomes;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        std::pair<std::string, int> o{t.str(i, "outcome"), int(t.num(i, "year"))};
        if (std::find(outcomes.begin(), outcomes.end(), o) == outcomes.end()) outcomes.push_back(o);
    }
    if (outcomes.size() > 3) outcomes.resize(3);
    for (std::size_t o = 0; o < outcomes.size(); ++o) {
        std::vector<std::size_t> rows;
        for (std::size_t i = 0; i < t.rows.size(); ++i)
            if (t.str(i, "outcome") == outcomes[o].first && int(t.num(i, "year")) == outcomes[o].second &&
                std::isfinite(t.num(i, "swing")))
                rows.push_back(i);
        std::stable_sort(rows.begin(), rows.end(), [&](auto a, auto b) {
            return std::abs(t.num(a, "swing")) > std::abs(t.num(b, "swing"));
        });
        if (rows.size() > 15) rows.resize(15);
        if (rows.empty()) continue;
        const bool share = outcomes[o].first.rfind("cohort_", 0) == 0;
        const double sc = share ? 100 : 1;
        const std::string name = prefix + "tornado-" + std::to_string(o + 1);
        std::string data = "# rank,parameter,low,value,high,outcome,year,at_low,at_value,at_high\n";
        double lo = 1e300, hi = -1e300, centre = kNaN;
        std::string yt;
        for (std::size_t k = 0; k < rows.size(); ++k) {
            const auto i = rows[k];
            data += std::to_string(k + 1) + "," + t.str(i, "parameter") + "," + t.str(i, "low") + "," + t.str(i, "value") +
                    "," + t.str(i, "high") + "," + outcomes[o].first + "," + std::to_string(outcomes[o].second) + "," +
                    d(t.num(i, "at_low")) + "," + d(t.num(i, "at_value")) + "," + d(t.num(i, "at_high")) + "\n";
            for (const char* c : {"at_low", "at_value", "at_high"}) {
                const double v = t.num(i, c) * sc;
                if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
            }
            centre = t.num(i, "at_value") * sc;
            yt += (yt.empty() ? "" : ", ") + q(short_pointer(t.str(i, "parameter"))) + " " + std::to_string(k + 1);
        }
        const std::string label = indicator_label(outcomes[o].first, in.lang);
        const std::string title =
            trf("ch.tornado.title", in.lang, {{"indicator", label}, {"year", std::to_string(outcomes[o].second)}});
        std::string s = preamble(in, title, share ? tr("ch.y.share_pct", in.lang) : tr("ch.y.persons", in.lang), "");
        s += "set yrange [" + d(rows.size() + 0.7) + ":0.3]\nset ytics (" + yt + ") font ',6.5'\nset grid noytics xtics\n";
        const double pad = (hi - lo) * 0.05 + 1e-9;
        s += axis("x", lo - pad, hi + pad, in.lang, share ? " %" : "");
        s += "set border 1\nset lmargin 36\nset key bottom right\n";
        s += "set arrow 1 from " + d(centre) + ", graph 0 to " + d(centre) + ", graph 1 nohead lc rgb '#000000' lw 1\n";
        const std::string f2 = "'" + name + ".csv'";
        auto bar = [&](int col) {
            const std::string v = "($9*" + d(sc) + ")", e = "($" + std::to_string(col) + "*" + d(sc) + ")";
            return "using (" + v + "<" + e + "?" + v + ":" + e + "):1:(" + v + "<" + e + "?" + v + ":" + e + "):(" + v +
                   "<" + e + "?" + e + ":" + v + "):($1-0.32):($1+0.32)";
        };
        std::string plot = "plot \\\n";
        plot += "  " + f2 + " " + bar(8) + " with boxxyerror fs solid 0.85 border lc rgb '#000000' lc rgb '" +
                kColours[0] + "' title " + q(tr("ch.param_low", in.lang)) + ", \\\n";
        plot += "  " + f2 + " " + bar(10) + " with boxxyerror fs pattern 2 border lc rgb '#000000' lc rgb '" +
                kColours[1] + "' title " + q(tr("ch.param_high", in.lang));
        const double height = std::max(8.0, 3.0 + 0.55 * double(rows.size()));
        out.push_back(make(name, title, tr("ch.tornado.caption", in.lang), {{name + ".csv", data}}, s, plot, height));
    }
    return out;
}

// ---- rendering ------------------------------------------------------------------------------

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::uint32_t crc32(const unsigned char* p, std::size_t n) {
    std::uint32_t c = 0xffffffffu;
    for (std::size_t i = 0; i < n; ++i) {
        c ^= p[i];
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    return c ^ 0xffffffffu;
}

// Marks a PNG as 300 dpi (a pHYs chunk after IHDR), so print and office programs size it right.
std::string with_dpi(const std::string& png, int dpi) {
    if (png.size() < 33 || png.compare(12, 4, "IHDR") != 0 || png.find("pHYs") != std::string::npos) return png;
    const std::uint32_t ppm = std::uint32_t(std::lround(dpi / 0.0254));
    unsigned char chunk[21] = {0, 0, 0, 9, 'p', 'H', 'Y', 's'};
    for (int k = 0; k < 2; ++k)
        for (int b = 0; b < 4; ++b) chunk[8 + 4 * k + b] = (ppm >> (24 - 8 * b)) & 0xff;
    chunk[16] = 1;  // metre
    const std::uint32_t crc = crc32(chunk + 4, 13);
    for (int b = 0; b < 4; ++b) chunk[17 + b] = (crc >> (24 - 8 * b)) & 0xff;
    std::string out = png.substr(0, 33);
    out.append(reinterpret_cast<const char*>(chunk), 21);
    out += png.substr(33);
    return out;
}

// Sets the creation date of a PDF that cairo wrote to `time` (seconds since 1970, UTC). Cairo
// stamps the current time ("/CreationDate (D:YYYYMMDDHHMMSSZ)" when TZ is UTC, as run_gnuplot
// sets it); the replacement has the same length, so the cross-reference offsets stay right.
std::string with_creation_date(std::string pdf, std::int64_t time) {
    const std::string tag = "/CreationDate (D:";
    const std::size_t at = pdf.find(tag);
    if (time <= 0 || at == std::string::npos || at + tag.size() + 16 > pdf.size()) return pdf;
    const std::size_t digits = at + tag.size();
    for (std::size_t k = 0; k < 14; ++k)
        if (!std::isdigit(static_cast<unsigned char>(pdf[digits + k]))) return pdf;
    if (pdf.compare(digits + 14, 2, "Z)") != 0) return pdf;
    const std::time_t t = std::time_t(time);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char stamp[16];
    if (std::strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &tm) != 14) return pdf;
    pdf.replace(digits, 14, stamp);
    return pdf;
}

// Runs `gnuplot script` in `dir` with TZ=UTC (for with_creation_date); returns the exit status
// (127: gnuplot not found).
int run_gnuplot(const fs::path& dir, const std::string& script, const fs::path& log) {
    // The child's environment is made before fork: after it, only async-signal-safe calls.
    std::vector<std::string> env_text{"TZ=UTC0"};
    for (char** e = environ; *e; ++e)
        if (std::string_view(*e).substr(0, 3) != "TZ=") env_text.emplace_back(*e);
    std::vector<char*> env;
    for (auto& e : env_text) env.push_back(e.data());
    env.push_back(nullptr);
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("cannot start gnuplot: fork failed");
    if (pid == 0) {
        if (chdir(dir.c_str()) != 0) _exit(126);
        const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) dup2(fd, 1), dup2(fd, 2), close(fd);
        char* argv[] = {const_cast<char*>("gnuplot"), const_cast<char*>(script.c_str()), nullptr};
        execvpe("gnuplot", argv, env.data());
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) throw std::runtime_error("gnuplot: waitpid failed");
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

std::vector<ChartSpec> chart_specs(const Inputs& in) {
    std::vector<ChartSpec> out;
    auto add = [&](std::optional<ChartSpec> c) {
        if (c) out.push_back(std::move(*c));
    };
    const bool several = in.folders.size() > 1;
    for (std::size_t i = 0; i < in.folders.size(); ++i) {
        const Folder& f = in.folders[i];
        const std::string prefix = several ? "f" + std::to_string(i + 1) + "-" : "";
        if (!f.runs.empty()) {
            const RunData& r = f.runs.front();
            add(activity_chart(in, r, prefix + "activity"));
            add(cohort_chart(in, r, prefix + "cohort-wage-employment"));
            add(danish_chart(in, r, prefix + "danish"));
            add(budget_chart(in, r, prefix + "budget-grants",
                             {"grundtilskud", "resultattilskud_job", "resultattilskud_education",
                              "resultattilskud_danish", "bonus", "repatriation"},
                             "budget"));
            add(budget_chart(in, r, prefix + "budget-net", {"net_municipal_result"}, "budget_net"));
        }
        if (f.kind == FolderKind::compare) {
            add(comparison_chart(in, f, prefix + "comparison-persons", false));
            add(comparison_chart(in, f, prefix + "comparison-cohorts", true));
        }
        for (auto& c : sweep_charts(in, f, prefix)) out.push_back(std::move(c));
        for (auto& c : tornado_charts(in, f, prefix)) out.push_back(std::move(c));
    }
    return out;
}

std::vector<Chart> render_charts(const std::vector<ChartSpec>& specs, std::int64_t time) {
    std::vector<Chart> out;
    if (specs.empty()) return out;
    const TempDir temp("kohorte-charts");
    const fs::path& dir = temp.path();
    for (const ChartSpec& s : specs) {
        for (auto& [name, content] : s.data) std::ofstream(dir / name, std::ios::binary) << content;
        std::ofstream(dir / (s.name + ".gp"), std::ios::binary) << s.script;
        const int status = run_gnuplot(dir, s.name + ".gp", dir / (s.name + ".log"));
        if (status == 127)
            throw std::runtime_error("gnuplot was not found: the charts need it (Debian: apt-get install gnuplot-nox; "
                                     "scripts/setup installs it)");
        if (status != 0)
            throw std::runtime_error("gnuplot failed on " + s.name + ".gp (exit status " + std::to_string(status) +
                                     "):\n" + slurp(dir / (s.name + ".log")));
        Chart c{s, with_dpi(slurp(dir / (s.name + ".png")), kPngDpi), slurp(dir / (s.name + ".svg")),
                with_creation_date(slurp(dir / (s.name + ".pdf")), time)};
        if (c.png.empty() || c.svg.empty() || c.pdf.empty())
            throw std::runtime_error("gnuplot did not write all of " + s.name + ".png/.svg/.pdf:\n" +
                                     slurp(dir / (s.name + ".log")));
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace kohorte::report
