// Shared helpers for the tests.
#pragma once
#include <fstream>
#include <sstream>
#include <string>

#include "kohorte.h"

namespace test {

inline std::string source_path(const std::string& relative) { return std::string(KOHORTE_SOURCE_DIR) + "/" + relative; }

// The small complete scenario in tests/data/tiny.json.
inline kohorte::Scenario tiny() { return kohorte::load_scenario(source_path("tests/data/tiny.json")); }

// A scenario from tiny.json with `patch` merged over it (RFC 7386 merge patch).
inline kohorte::Scenario tiny_with(const nlohmann::json& patch) {
    auto j = kohorte::resolve_scenario_json(source_path("tests/data/tiny.json"));
    j.merge_patch(patch);
    return kohorte::scenario_from_json(j, "tiny+patch");
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace test
