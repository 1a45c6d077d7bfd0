#include "spec.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

#include "calendar.h"

namespace kohorte::spec {

namespace {

std::shared_ptr<Node> make(Kind kind, std::string description) {
    auto n = std::make_shared<Node>();
    n->kind = kind;
    n->description = std::move(description);
    return n;
}

std::string fmt(double x) {
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    // Whole limits such as 10000000 read better in full than as 1e+07.
    if (std::floor(x) == x && std::abs(x) < 9e18) return std::to_string(static_cast<long long>(x));
    std::ostringstream s;
    s << x;
    return s.str();
}

std::string type_name(const json& j) {
    switch (j.type()) {
        case json::value_t::null: return "null";
        case json::value_t::boolean: return "a boolean";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
        case json::value_t::number_float: return "a number (" + j.dump() + ")";
        case json::value_t::string: return "a string (" + j.dump() + ")";
        case json::value_t::array: return "an array";
        case json::value_t::object: return "an object";
        default: return "something else";
    }
}

std::string expected_of(const Node& n) {
    switch (n.kind) {
        case Kind::object: return "an object";
        case Kind::number:
            return "a number in [" + fmt(n.minimum) + ", " + fmt(n.maximum) + "]" +
                   (n.unit.empty() ? "" : " (" + n.unit + ")") +
                   " or a labelled value {\"value\": ..., \"source\": ...}";
        case Kind::integer:
            return "a whole number in [" + fmt(n.minimum) + ", " + fmt(n.maximum) + "]" +
                   (n.unit.empty() ? "" : " (" + n.unit + ")");
        case Kind::boolean: return "true or false";
        case Kind::string: return "a string";
        case Kind::choice: {
            std::string s = "one of";
            for (auto& c : n.choices) s += " \"" + c + "\"";
            return s;
        }
        case Kind::month: return "a month \"YYYY-MM\"";
        case Kind::map: return "an object";
        case Kind::by_year: return "an object keyed by year (\"2027\": ...)";
        case Kind::array: return "an array";
    }
    return "?";
}

const std::vector<std::string> kProvenanceKeys = {"value", "low", "high", "source", "status", "note", "price_level",
                                                  "indexed", "follows", "times"};
const std::vector<std::string> kStatuses = {"confirmed", "derived", "assumption", "uncertain",
                                            "calibrated"};

bool is_year_key(const std::string& k) {
    if (k.size() != 4) return false;
    for (char c : k)
        if (c < '0' || c > '9') return false;
    int y = std::stoi(k);
    return y >= 1900 && y <= 2200;
}

void check_range(double v, const Node& n, const std::string& ptr, std::vector<Error>& errors,
                 const char* what) {
    if (v < n.minimum || v > n.maximum)
        errors.push_back({ptr, std::string(what) + " " + fmt(v) + " is out of range: expected " +
                                   expected_of(n)});
}

void check(const json& j, const Node& n, const std::string& ptr, bool partial,
           std::vector<Error>& errors) {
    switch (n.kind) {
        case Kind::number: {
            if (j.is_number() && n.require_label) {
                errors.push_back({ptr, "an amount must be a labelled value {\"value\": ..., \"price_level\": YEAR, "
                                       "\"source\": \"...\"}, got a plain number"});
                return;
            }
            if (j.is_number()) {
                check_range(j.get<double>(), n, ptr, errors, "value");
                return;
            }
            if (!j.is_object()) {
                errors.push_back({ptr, "expected " + expected_of(n) + ", got " + type_name(j)});
                return;
            }
            for (auto& [k, v] : j.items()) {
                if (std::find(kProvenanceKeys.begin(), kProvenanceKeys.end(), k) == kProvenanceKeys.end()) {
                    std::string near = nearest(k, kProvenanceKeys);
                    errors.push_back({pointer_append(ptr, k),
                                      "unknown key \"" + k + "\" in a labelled value" +
                                          (near.empty() ? "" : " (did you mean \"" + near + "\"?)") +
                                          "; expected value (or follows, times), low, high, source, status, note" +
                                          std::string(n.require_label ? ", price_level, indexed" : "")});
                }
            }
            if (j.contains("follows") && !n.require_label) {
                // Its value is worked out by with_follows and checked in the resolved scenario.
                if (!j.at("follows").is_string())
                    errors.push_back({pointer_append(ptr, "follows"), "expected a JSON pointer (\"/section/key\") to the value followed, got " + type_name(j.at("follows"))});
                if (j.contains("times") && !j.at("times").is_number())
                    errors.push_back({pointer_append(ptr, "times"), "expected a number, got " + type_name(j.at("times"))});
                if (!j.contains("value")) return;
            }
            if (!j.contains("value")) {
                errors.push_back({ptr, "a labelled value needs \"value\": " + expected_of(n)});
                return;
            }
            for (const char* k : {"value", "low", "high"}) {
                if (!j.contains(k)) continue;
                const auto& v = j.at(k);
                if (!v.is_number())
                    errors.push_back({pointer_append(ptr, k), "expected a number, got " + type_name(v)});
                else
                    check_range(v.get<double>(), n, pointer_append(ptr, k), errors, k);
            }
            if (n.require_label)
                for (const char* k : {"source", "price_level"})
                    if (!j.contains(k))
                        errors.push_back({ptr, std::string("an amount needs \"") + k + "\" (its " +
                                                   (k == std::string("source") ? "source" : "price level year") + ")"});
            if (j.contains("price_level") &&
                (!j.at("price_level").is_number_integer() || j.at("price_level").get<int>() < 1900 ||
                 j.at("price_level").get<int>() > 2200))
                errors.push_back({pointer_append(ptr, "price_level"), "expected a year 1900-2200"});
            if (j.contains("indexed") && (!n.require_label || !j.at("indexed").is_boolean()))
                errors.push_back({pointer_append(ptr, "indexed"),
                                  n.require_label ? "expected true or false, got " + type_name(j.at("indexed"))
                                                  : std::string("only an amount in kroner can be indexed")});
            for (const char* k : {"source", "note"})
                if (j.contains(k) && !j.at(k).is_string())
                    errors.push_back({pointer_append(ptr, k), "expected a string, got " + type_name(j.at(k))});
            if (j.contains("status")) {
                const auto& s = j.at("status");
                if (!s.is_string() ||
                    std::find(kStatuses.begin(), kStatuses.end(), s.get<std::string>()) == kStatuses.end())
                    errors.push_back({pointer_append(ptr, "status"),
                                      "expected one of confirmed, derived, assumption, uncertain, "
                                      "calibrated, got " + type_name(s)});
            }
            auto num = [&](const char* k) { return j.contains(k) && j.at(k).is_number(); };
            if (num("low") && num("value") && j.at("low").get<double>() > j.at("value").get<double>())
                errors.push_back({pointer_append(ptr, "low"), "low must not exceed value"});
            if (num("high") && num("value") && j.at("high").get<double>() < j.at("value").get<double>())
                errors.push_back({pointer_append(ptr, "high"), "high must not be below value"});
            return;
        }
        case Kind::integer:
            if (!j.is_number() || std::floor(j.get<double>()) != j.get<double>()) {
                errors.push_back({ptr, "expected " + expected_of(n) + ", got " + type_name(j)});
                return;
            }
            check_range(j.get<double>(), n, ptr, errors, "value");
            return;
        case Kind::boolean:
            if (!j.is_boolean()) errors.push_back({ptr, "expected true or false, got " + type_name(j)});
            return;
        case Kind::string:
            if (!j.is_string()) errors.push_back({ptr, "expected a string, got " + type_name(j)});
            return;
        case Kind::choice:
            if (!j.is_string() ||
                std::find(n.choices.begin(), n.choices.end(), j.get<std::string>()) == n.choices.end()) {
                std::string near = j.is_string() ? nearest(j.get<std::string>(), n.choices) : "";
                errors.push_back({ptr, "expected " + expected_of(n) + ", got " + type_name(j) +
                                           (near.empty() ? "" : " (did you mean \"" + near + "\"?)")});
            }
            return;
        case Kind::month:
            if (!j.is_string() || !parse_month(j.get<std::string>()))
                errors.push_back({ptr, "expected a month \"YYYY-MM\", got " + type_name(j)});
            return;
        case Kind::object: {
            if (!j.is_object()) {
                errors.push_back({ptr, "expected " + expected_of(n) + ", got " + type_name(j)});
                return;
            }
            std::vector<std::string> names;
            for (auto& f : n.fields) names.push_back(f.name);
            for (auto& [k, v] : j.items()) {
                auto it = std::find_if(n.fields.begin(), n.fields.end(),
                                       [&](const Field& f) { return f.name == k; });
                if (it == n.fields.end()) {
                    std::string near = nearest(k, names);
                    errors.push_back({pointer_append(ptr, k),
                                      "unknown key \"" + k + "\"" +
                                          (near.empty() ? "" : " (did you mean \"" + near + "\"?)")});
                    continue;
                }
                check(v, *it->node, pointer_append(ptr, k), partial, errors);
            }
            if (!partial)
                for (auto& f : n.fields)
                    if (f.required && !j.contains(f.name))
                        errors.push_back({pointer_append(ptr, f.name),
                                          "missing required field \"" + f.name + "\": " +
                                              expected_of(*f.node) +
                                              (f.node->description.empty() ? "" : " — " + f.node->description)});
            return;
        }
        case Kind::map:
        case Kind::by_year: {
            if (!j.is_object()) {
                errors.push_back({ptr, "expected " + expected_of(n) + ", got " + type_name(j)});
                return;
            }
            double sum = 0;
            for (auto& [k, v] : j.items()) {
                if (n.kind == Kind::by_year && !is_year_key(k)) {
                    errors.push_back({pointer_append(ptr, k),
                                      "expected a year \"YYYY\" (1900-2200) as key, got \"" + k + "\""});
                    continue;
                }
                if (n.kind == Kind::map && !n.choices.empty() &&
                    std::find(n.choices.begin(), n.choices.end(), k) == n.choices.end()) {
                    std::string near = nearest(k, n.choices);
                    std::string all;
                    for (auto& c : n.choices) all += (all.empty() ? "" : ", ") + c;
                    errors.push_back({pointer_append(ptr, k),
                                      "unknown key \"" + k + "\"" +
                                          (near.empty() ? "" : " (did you mean \"" + near + "\"?)") +
                                          "; expected one of " + all});
                    continue;
                }
                check(v, *n.items, pointer_append(ptr, k), partial, errors);
                if (v.is_number() || (v.is_object() && v.contains("value") && v["value"].is_number()))
                    sum += value_of(v);
            }
            if (n.sums_to_one && !partial && std::abs(sum - 1.0) > 1e-6)
                errors.push_back({ptr, "shares must sum to 1, they sum to " + fmt(sum)});
            return;
        }
        case Kind::array: {
            if (!j.is_array()) {
                errors.push_back({ptr, "expected an array, got " + type_name(j)});
                return;
            }
            if (j.size() < n.min_items || j.size() > n.max_items)
                errors.push_back({ptr, "expected " +
                                           (n.min_items == n.max_items
                                                ? std::to_string(n.min_items)
                                                : "between " + std::to_string(n.min_items) + " and " +
                                                      (n.max_items == std::numeric_limits<std::size_t>::max()
                                                           ? std::string("any number of")
                                                           : std::to_string(n.max_items))) +
                                           " items, got " + std::to_string(j.size())});
            double sum = 0;
            for (std::size_t i = 0; i < j.size(); ++i) {
                check(j[i], *n.items, pointer_append(ptr, std::to_string(i)), partial, errors);
                if (j[i].is_number()) sum += j[i].get<double>();
            }
            if (n.sums_to_one && !partial && std::abs(sum - 1.0) > 1e-6)
                errors.push_back({ptr, "shares must sum to 1, they sum to " + fmt(sum)});
            return;
        }
    }
}

}  // namespace

NodePtr number(double min, double max, std::string unit, std::string description) {
    auto n = make(Kind::number, std::move(description));
    n->minimum = min;
    n->maximum = max;
    n->unit = std::move(unit);
    return n;
}
NodePtr amount(std::string unit, std::string description) {
    auto n = make(Kind::number, std::move(description));
    n->minimum = 0;
    n->maximum = kMaxAmount;
    n->unit = std::move(unit);
    n->require_label = true;
    return n;
}
NodePtr integer(double min, double max, std::string unit, std::string description) {
    auto n = make(Kind::integer, std::move(description));
    n->minimum = min;
    n->maximum = max;
    n->unit = std::move(unit);
    return n;
}
NodePtr boolean(std::string description) { return make(Kind::boolean, std::move(description)); }
NodePtr text(std::string description) { return make(Kind::string, std::move(description)); }
NodePtr choice(std::vector<std::string> choices, std::string description) {
    auto n = make(Kind::choice, std::move(description));
    n->choices = std::move(choices);
    return n;
}
NodePtr month(std::string description) { return make(Kind::month, std::move(description)); }
NodePtr object(std::string description, std::vector<Field> fields) {
    auto n = make(Kind::object, std::move(description));
    n->fields = std::move(fields);
    return n;
}
NodePtr map_of(NodePtr items, std::string description, std::vector<std::string> keys) {
    auto n = make(Kind::map, std::move(description));
    n->items = std::move(items);
    n->choices = std::move(keys);
    return n;
}
NodePtr by_year(NodePtr items, std::string description) {
    auto n = make(Kind::by_year, std::move(description));
    n->items = std::move(items);
    return n;
}
NodePtr array_of(NodePtr items, std::string description, std::size_t min_items, std::size_t max_items) {
    auto n = make(Kind::array, std::move(description));
    n->items = std::move(items);
    n->min_items = min_items;
    n->max_items = max_items;
    return n;
}
NodePtr shares(std::vector<std::string> keys, std::string description) {
    auto n = make(Kind::map, std::move(description));
    n->items = number(0, 1, "share", "");
    n->choices = std::move(keys);
    n->sums_to_one = true;
    n->replace_whole = true;
    n->unit = "share";
    return n;
}
NodePtr distribution(std::string description) {
    auto n = make(Kind::map, std::move(description));
    n->items = number(0, 1, "share", "");
    n->replace_whole = true;
    n->unit = "share";
    return n;
}
NodePtr with_default(NodePtr node, json value) {
    auto n = std::make_shared<Node>(*node);
    n->default_value = std::move(value);
    return n;
}

NodePtr as_partial(const NodePtr& node) {
    auto n = std::make_shared<Node>(*node);
    n->default_value.reset();  // what a partial override leaves out stays as it was: no default fills it
    for (auto& f : n->fields) {
        f.required = false;
        f.node = as_partial(f.node);
    }
    if (n->items) n->items = as_partial(n->items);
    return n;
}

Field required(std::string name, NodePtr node) { return {std::move(name), std::move(node), true}; }
Field optional(std::string name, NodePtr node) { return {std::move(name), std::move(node), false}; }

std::vector<Error> validate(const json& doc, const Node& node, bool partial) {
    std::vector<Error> errors;
    check(doc, node, "", partial, errors);
    return errors;
}

json merge(const json& base, const json& over, const Node& node, const std::string& origin,
           std::vector<std::pair<std::string, std::string>>& origins, const std::string& pointer) {
    const bool mergeable =
        (node.kind == Kind::object || node.kind == Kind::map || node.kind == Kind::by_year) && !node.replace_whole;
    if (!mergeable || !base.is_object() || !over.is_object()) {
        origins.emplace_back(pointer, origin);
        return over;
    }
    json out = base;
    for (auto& [k, v] : over.items()) {
        const Node* child = nullptr;
        if (node.kind == Kind::object) {
            for (auto& f : node.fields)
                if (f.name == k) child = f.node.get();
        } else {
            child = node.items.get();
        }
        std::string p = pointer_append(pointer, k);
        if (!child || !out.contains(k)) {
            origins.emplace_back(p, origin);
            out[k] = v;
        } else {
            out[k] = merge(out[k], v, *child, origin, origins, p);
        }
    }
    return out;
}

json with_defaults(const json& doc, const Node& node) {
    if (node.kind == Kind::object && doc.is_object()) {
        json out = doc;
        for (auto& f : node.fields) {
            if (out.contains(f.name))
                out[f.name] = with_defaults(out[f.name], *f.node);
            else if (f.node->default_value)
                out[f.name] = with_defaults(*f.node->default_value, *f.node);
        }
        return out;
    }
    if ((node.kind == Kind::map || node.kind == Kind::by_year) && doc.is_object()) {
        json out = doc;
        for (auto& [k, v] : out.items()) v = with_defaults(v, *node.items);
        return out;
    }
    return doc;
}

json to_json_schema(const Node& n) {
    json s;
    if (!n.description.empty()) s["description"] = n.description + (n.unit.empty() ? "" : " [" + n.unit + "]");
    auto bounds = [&](json& t) {
        if (!std::isinf(n.minimum)) t["minimum"] = n.minimum;
        if (!std::isinf(n.maximum)) t["maximum"] = n.maximum;
    };
    switch (n.kind) {
        case Kind::number: {
            json plain = {{"type", "number"}};
            bounds(plain);
            json labelled = {{"type", "object"},
                             {"additionalProperties", false},
                             {"required", {"value"}},
                             {"properties",
                              {{"value", plain},
                               {"low", plain},
                               {"high", plain},
                               {"source", {{"type", "string"}}},
                               {"note", {{"type", "string"}}},
                               {"price_level", {{"type", "integer"}, {"minimum", 1900}, {"maximum", 2200}}},
                               {"indexed", {{"type", "boolean"}}},
                               {"status", {{"enum", kStatuses}}}}}};
            if (n.require_label) {
                labelled["required"] = {"value", "price_level", "source"};
                s["oneOf"] = {labelled};
            } else {
                labelled.erase("required");
                labelled["properties"]["follows"] = {{"type", "string"}, {"description", "JSON pointer of the value followed"}};
                labelled["properties"]["times"] = {{"type", "number"}, {"description", "multiple of the value followed (default 1)"}};
                labelled["oneOf"] = {{{"required", {"value"}}, {"not", {{"required", {"follows"}}}}},
                                     {{"required", {"follows"}}, {"not", {{"required", {"value"}}}}}};
                s["oneOf"] = {plain, labelled};
            }
            break;
        }
        case Kind::integer:
            s["type"] = "integer";
            bounds(s);
            break;
        case Kind::boolean: s["type"] = "boolean"; break;
        case Kind::string: s["type"] = "string"; break;
        case Kind::choice: s["enum"] = n.choices; break;
        case Kind::month:
            s["type"] = "string";
            s["pattern"] = "^(19|20|21|22)[0-9]{2}-(0[1-9]|1[0-2])$";
            break;
        case Kind::object: {
            s["type"] = "object";
            s["additionalProperties"] = false;
            json props = json::object();
            for (auto& f : n.fields) props[f.name] = to_json_schema(*f.node);
            s["properties"] = props;
            // Required fields are required of the resolved scenario, not of each file in an
            // `extends` chain, so the schema (which sees one file) lists them only in text.
            std::string req;
            for (auto& f : n.fields)
                if (f.required) req += (req.empty() ? "" : ", ") + f.name;
            if (!req.empty()) s["$comment"] = "required once `extends` is resolved: " + req;
            break;
        }
        case Kind::map:
            s["type"] = "object";
            if (!n.choices.empty()) {
                json props = json::object();
                for (auto& k : n.choices) props[k] = to_json_schema(*n.items);
                s["properties"] = props;
                s["additionalProperties"] = false;
            } else {
                s["additionalProperties"] = to_json_schema(*n.items);
            }
            if (n.sums_to_one) s["$comment"] = "values are shares that sum to 1";
            break;
        case Kind::by_year:
            s["type"] = "object";
            s["patternProperties"] = {{"^(19|20|21|22)[0-9]{2}$", to_json_schema(*n.items)}};
            s["additionalProperties"] = false;
            break;
        case Kind::array:
            s["type"] = "array";
            s["items"] = to_json_schema(*n.items);
            if (n.min_items > 0) s["minItems"] = n.min_items;
            if (n.max_items != std::numeric_limits<std::size_t>::max()) s["maxItems"] = n.max_items;
            if (n.sums_to_one) s["$comment"] = "values are shares that sum to 1";
            break;
    }
    if (n.default_value) s["default"] = *n.default_value;
    return s;
}

json with_follows(const json& doc, std::vector<Error>& errors, bool freeze) {
    json out = doc;
    std::function<void(json&, const std::string&)> walk = [&](json& j, const std::string& ptr) {
        if (j.is_array()) {
            for (std::size_t i = 0; i < j.size(); ++i) walk(j[i], ptr + "/" + std::to_string(i));
            return;
        }
        if (!j.is_object()) return;
        if (!j.contains("follows")) {
            for (auto& [k, v] : j.items()) walk(v, pointer_append(ptr, k));
            return;
        }
        const json& f = j.at("follows");
        if (!f.is_string()) return;  // validate says so
        const std::string target = f.get<std::string>();
        if (j.contains("value")) {
            errors.push_back({ptr, "give either \"value\" or \"follows\", not both"});
            return;
        }
        const json* followed = nullptr;
        try {
            followed = &doc.at(json::json_pointer(target));
        } catch (const std::exception&) {
        }
        const bool number = followed && followed->is_number();
        const bool labelled = followed && followed->is_object() && followed->contains("value") &&
                              followed->at("value").is_number() && !followed->contains("follows");
        if (!number && !labelled) {
            errors.push_back({pointer_append(ptr, "follows"),
                              "\"" + target + "\": " +
                                  (followed ? "expected a number or a labelled value that does not itself follow another"
                                            : std::string("no such value in the scenario"))});
            return;
        }
        const double times = j.contains("times") && j.at("times").is_number() ? j.at("times").get<double>() : 1.0;
        j["value"] = times * value_of(*followed);
        if (freeze) j.erase("follows"), j.erase("times");
    };
    walk(out, "");
    return out;
}

double value_of(const json& j) {
    if (j.is_object()) return j.at("value").get<double>();
    return j.get<double>();
}

void for_each_leaf(const Node& node, const std::string& pointer,
                   const std::function<void(const std::string&, const Node&)>& fn) {
    switch (node.kind) {
        case Kind::object:
            for (auto& f : node.fields) for_each_leaf(*f.node, pointer_append(pointer, f.name), fn);
            return;
        case Kind::map:
            if (!node.choices.empty() && node.items->kind != Kind::object) {
                for (auto& k : node.choices) for_each_leaf(*node.items, pointer_append(pointer, k), fn);
                return;
            }
            for_each_leaf(*node.items, pointer_append(pointer, node.choices.empty() ? "*" : "{key}"), fn);
            return;
        case Kind::by_year: for_each_leaf(*node.items, pointer_append(pointer, "YYYY"), fn); return;
        case Kind::array: for_each_leaf(*node.items, pointer_append(pointer, "N"), fn); return;
        default: fn(pointer, node);
    }
}

std::string nearest(const std::string& word, const std::vector<std::string>& candidates) {
    auto distance = [](const std::string& a, const std::string& b) {
        std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
        for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
        for (std::size_t i = 1; i <= a.size(); ++i) {
            cur[0] = i;
            for (std::size_t j = 1; j <= b.size(); ++j)
                cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
            std::swap(prev, cur);
        }
        return prev[b.size()];
    };
    std::string best;
    std::size_t best_d = std::numeric_limits<std::size_t>::max();
    for (auto& c : candidates) {
        std::size_t d = distance(word, c);
        if (d < best_d) best_d = d, best = c;
    }
    const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
    return best_d <= limit ? best : "";
}

std::string pointer_append(const std::string& pointer, const std::string& token) {
    std::string t;
    for (char c : token) {
        if (c == '~') t += "~0";
        else if (c == '/') t += "~1";
        else t += c;
    }
    return pointer + "/" + t;
}

}  // namespace kohorte::spec
