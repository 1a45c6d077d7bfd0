#include "summary.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kohorte {

namespace {
double percentile_sorted(const std::vector<double>& v, double q) {
    if (v.empty()) return NAN;
    const double pos = q * double(v.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const auto hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (pos - double(lo)) * (v[hi] - v[lo]);
}
}  // namespace

double percentile(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    return percentile_sorted(v, q);
}

Stats summarize(std::vector<double> v) {
    Stats s;
    s.n = int(v.size());
    if (v.empty()) return s;
    double sum = 0;
    for (double x : v) sum += x;
    s.mean = sum / double(v.size());
    double ss = 0;
    for (double x : v) ss += (x - s.mean) * (x - s.mean);
    // One value says nothing about the spread: no MCSE (NaN, an empty cell), not a claim of 0.
    s.mcse = v.size() > 1 ? std::sqrt(ss / double(v.size() - 1)) / std::sqrt(double(v.size()))
                          : std::numeric_limits<double>::quiet_NaN();
    std::sort(v.begin(), v.end());
    s.p10 = percentile_sorted(v, 0.10);
    s.p50 = percentile_sorted(v, 0.50);
    s.p90 = percentile_sorted(v, 0.90);
    return s;
}

}  // namespace kohorte
