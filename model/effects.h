// Flows: the kinds of transition a covariate or a policy lever can act on. An effect is a
// multiplier on the monthly hazard of every transition in a flow (m = 1: no effect).
#pragma once
#include <array>
#include <string>
#include <vector>

#include "person.h"
#include "spec.h"

namespace kohorte {

enum class Flow : std::uint8_t {
    offer,            // start of a company-based offer: praktik or løntilskud
    offer_end,        // praktik or løntilskud ends without a job
    igu_start,
    igu_breakdown,    // IGU ends early (to a job or back to waiting)
    job_entry,        // into an ordinary job
    job_exit,         // job loss
    education_entry,
    education_exit,
    inactivity,       // into illness/leave/outside the labour force
    return_to_activity,  // inactive back to waiting
};
inline constexpr int kFlowCount = 10;
inline constexpr std::array<const char*, kFlowCount> kFlowNames = {
    "offer", "offer_end", "igu_start", "igu_breakdown", "job_entry",
    "job_exit", "education_entry", "education_exit", "inactivity", "return_to_activity"};

// Which flow a transition belongs to (fixed by the model, documented in the README).
Flow flow_of(Activity from, Activity to);

struct Multipliers {
    std::array<double, kFlowCount> m;
    Multipliers() { m.fill(1.0); }
    double operator[](Flow f) const { return m[static_cast<int>(f)]; }
    double& operator[](Flow f) { return m[static_cast<int>(f)]; }
    Multipliers& operator*=(const Multipliers& o) {
        for (int i = 0; i < kFlowCount; ++i) m[i] *= o.m[i];
        return *this;
    }
};

// The fields of a multiplier set ({"job_entry": 0.25, "offer": 0.75}), to add to an object spec.
std::vector<spec::Field> flow_fields();
spec::NodePtr multipliers_spec(const std::string& description);
Multipliers read_multipliers(const spec::json& j);

}  // namespace kohorte
