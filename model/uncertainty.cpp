#include "uncertainty.h"

#include <cmath>

#include "compare.h"
#include "random.h"

namespace kohorte {

double triangular(double u, double low, double mode, double high) {
    if (high <= low) return mode;
    const double f = (mode - low) / (high - low);
    if (u < f) return low + std::sqrt(u * (high - low) * (mode - low));
    return high - std::sqrt((1 - u) * (high - low) * (high - mode));
}

namespace {
// FNV-1a: a stable 64-bit key for a parameter's JSON pointer.
std::uint64_t key_of(const std::string& pointer) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : pointer) h = (h ^ c) * 1099511628211ULL;
    return h;
}
}  // namespace

std::vector<ParameterDraw> draw_parameters(const nlohmann::json& resolved, std::uint64_t seed, std::uint32_t replicate) {
    const Rng rng(seed, replicate);
    std::vector<ParameterDraw> out;
    for (const auto& p : ranged_parameters(resolved))
        out.push_back({p.pointer, triangular(rng.stream(key_of(p.pointer), 0, Draw::parameter_value).uniform(), p.low,
                                             p.value, p.high)});
    return out;
}

nlohmann::json apply_draws(nlohmann::json resolved, const std::vector<ParameterDraw>& draws) {
    for (const auto& d : draws) set_number(resolved, d.pointer, d.value);
    return resolved;
}

}  // namespace kohorte
