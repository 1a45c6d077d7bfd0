#include "effects.h"

namespace kohorte {

Flow flow_of(Activity from, Activity to) {
    switch (to) {
        case Activity::praktik:
        case Activity::loentilskud: return Flow::offer;
        case Activity::igu: return Flow::igu_start;
        case Activity::job: return from == Activity::igu ? Flow::igu_breakdown : Flow::job_entry;
        case Activity::education: return Flow::education_entry;
        case Activity::inactive: return Flow::inactivity;
        case Activity::waiting:
            switch (from) {
                case Activity::praktik:
                case Activity::loentilskud: return Flow::offer_end;
                case Activity::igu: return Flow::igu_breakdown;
                case Activity::job: return Flow::job_exit;
                case Activity::education: return Flow::education_exit;
                default: return Flow::return_to_activity;
            }
        default: return Flow::return_to_activity;
    }
}

std::vector<spec::Field> flow_fields() {
    std::vector<spec::Field> f;
    for (const char* name : kFlowNames)
        f.push_back(spec::optional(name, spec::number(0, 100, "multiplier",
                                                      std::string("multiplier on the ") + name + " hazards")));
    return f;
}

spec::NodePtr multipliers_spec(const std::string& description) {
    return spec::object(description, flow_fields());
}

Multipliers read_multipliers(const spec::json& j) {
    Multipliers out;
    for (int i = 0; i < kFlowCount; ++i)
        if (j.contains(kFlowNames[i])) out.m[i] = spec::value_of(j.at(kFlowNames[i]));
    return out;
}

}  // namespace kohorte
