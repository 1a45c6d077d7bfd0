// Summaries over replicates: mean, P10/P50/P90 and the Monte Carlo standard error.
#pragma once
#include <vector>

namespace kohorte {

struct Stats {
    double mean = 0, p10 = 0, p50 = 0, p90 = 0;
    double mcse = 0;  // standard deviation / sqrt(n): the Monte Carlo standard error of the mean (NaN if n < 2)
    int n = 0;
};

// Percentiles by linear interpolation between order statistics (Hyndman & Fan type 7, the
// default of R and numpy).
double percentile(std::vector<double> sorted_or_not, double q);
Stats summarize(std::vector<double> values);

}  // namespace kohorte
