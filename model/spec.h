// The declaration of every scenario parameter, once: type, unit, range, description. From it
// come validation (with JSON-pointer errors), the merge rules for `extends`, and the JSON
// Schema in scenarios/schema.json. (After EMOD's config maps, without their ceremony.)
//
// Any number may be written plainly (`0.25`) or as a labelled value with provenance:
//   {"value": 0.25, "low": 0.2, "high": 0.35, "source": "...", "status": "derived"}
// `low`/`high` give the uncertainty range used by sensitivity analysis; `price_level` (a year)
// the prices an amount is written in.
#pragma once
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kohorte::spec {

using nlohmann::json;

enum class Kind { object, number, integer, boolean, string, choice, month, map, by_year, array };

struct Node;
using NodePtr = std::shared_ptr<const Node>;

struct Field {
    std::string name;
    NodePtr node;
    bool required = false;
};

struct Node {
    Kind kind = Kind::object;
    std::string description;
    std::string unit;
    double minimum = -std::numeric_limits<double>::infinity();
    double maximum = std::numeric_limits<double>::infinity();
    std::vector<std::string> choices;  // choice: allowed strings; map: allowed keys (empty = any)
    std::vector<Field> fields;         // object
    NodePtr items;                     // map, by_year, array: the value type
    bool sums_to_one = false;          // map or array of numbers that are shares of a whole
    bool require_label = false;        // an amount: must carry value, price_level and source
    bool replace_whole = false;        // a distribution: `extends` replaces it whole, never key by key
    std::size_t min_items = 0, max_items = std::numeric_limits<std::size_t>::max();
    std::optional<json> default_value;  // used when the field is absent
};

// Builders. `unit` is a word like "share", "persons/year", "months", "multiplier".
NodePtr number(double min, double max, std::string unit, std::string description);
NodePtr integer(double min, double max, std::string unit, std::string description);
// The largest money amount a rule file or override may give: 10 million kr, far above any rate
// or ceiling (the largest real one is below 200,000 kr); sums over persons, months and replicates
// of larger amounts could overflow to inf in budget.csv.
inline constexpr double kMaxAmount = 1e7;
// A money amount in [0, kMaxAmount] that must be written as {"value", "price_level", "source", ...}.
NodePtr amount(std::string unit, std::string description);
NodePtr boolean(std::string description);
NodePtr text(std::string description);
NodePtr choice(std::vector<std::string> choices, std::string description);
NodePtr month(std::string description);
NodePtr object(std::string description, std::vector<Field> fields);
NodePtr map_of(NodePtr items, std::string description, std::vector<std::string> keys = {});
NodePtr by_year(NodePtr items, std::string description);
NodePtr array_of(NodePtr items, std::string description, std::size_t min_items = 0,
                 std::size_t max_items = std::numeric_limits<std::size_t>::max());
// Shares of a whole over the given keys (each 0..1, together 1); replaced whole by `extends`.
NodePtr shares(std::vector<std::string> keys, std::string description);
// A distribution over free keys (shares that the reader checks): replaced whole by `extends`.
NodePtr distribution(std::string description);
NodePtr with_default(NodePtr node, json value);
// The same spec with no field required and no defaults (for partial overrides of a block).
NodePtr as_partial(const NodePtr& node);

Field required(std::string name, NodePtr node);
Field optional(std::string name, NodePtr node);

struct Error {
    std::string pointer;  // JSON pointer, "" for the document root
    std::string message;
};

// Checks `doc` against `node`. In a partial check (one file of an `extends` chain) missing
// required fields and sum-to-one are not errors; a complete check reports them too.
std::vector<Error> validate(const json& doc, const Node& node, bool partial);

// `over` overrides `base`: objects and maps merge key by key, everything else is replaced whole
// (so a labelled value never mixes its number with another file's source). `origins` records,
// for every pointer `over` sets, the name `origin`.
json merge(const json& base, const json& over, const Node& node, const std::string& origin,
           std::vector<std::pair<std::string, std::string>>& origins, const std::string& pointer = "");

// Fills in declared defaults for absent optional fields.
json with_defaults(const json& doc, const Node& node);

// A labelled value may follow another instead of giving its own: {"follows": "/json/pointer",
// "times": m, "source": ...} has m (default 1) times the followed value, so that a derived
// parameter moves with the one it is derived from wherever that is set or varied (an override,
// a sweep, the sensitivity analysis, the probabilistic mode). Returns `doc` with each such
// value worked out; with `freeze` the ties are dropped (the record of what ran). Problems
// (a followed value that does not exist or itself follows, "value" beside "follows") go to
// `errors`.
json with_follows(const json& doc, std::vector<Error>& errors, bool freeze = false);

// The JSON Schema (draft 2020-12) of `node`.
json to_json_schema(const Node& node);

// The plain number of a number field, whether written plainly or as a labelled value.
double value_of(const json& j);

// Lists every leaf parameter as (pointer, node) — for `kohorte params`.
void for_each_leaf(const Node& node, const std::string& pointer,
                   const std::function<void(const std::string&, const Node&)>& fn);

// The closest of `candidates` to `word` if it is plausibly a typo, else "".
std::string nearest(const std::string& word, const std::vector<std::string>& candidates);

std::string pointer_append(const std::string& pointer, const std::string& token);

}  // namespace kohorte::spec
