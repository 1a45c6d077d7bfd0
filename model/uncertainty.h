// Parameter uncertainty: in probabilistic mode every replicate draws each parameter that has a
// `low`/`high` range from a triangular distribution (low, value, high), so the bands include
// parameter uncertainty, not only Monte Carlo noise. Draws are keyed by (seed, replicate,
// parameter), so they are the same whatever the thread count and do not disturb any other draw.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kohorte {

struct ParameterDraw {
    std::string pointer;
    double value;
};

// Inverse CDF of the triangular distribution on [low, high] with its mode at `mode`.
double triangular(double u, double low, double mode, double high);

// The draws of one replicate for every ranged parameter of a resolved scenario.
std::vector<ParameterDraw> draw_parameters(const nlohmann::json& resolved, std::uint64_t seed, std::uint32_t replicate);

// The resolved scenario with the drawn values in place.
nlohmann::json apply_draws(nlohmann::json resolved, const std::vector<ParameterDraw>& draws);

}  // namespace kohorte
