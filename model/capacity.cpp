#include "capacity.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kohorte {

namespace s = spec;

spec::NodePtr capacity_spec() {
    auto limit = s::object("limits of one activity",
                           {s::optional("places", s::by_year(s::integer(0, 1e7, "places", ""),
                                                             "concurrent places by year; carried forward; "
                                                             "unlimited before the first year listed")),
                            s::optional("starts_per_month", s::by_year(s::integer(0, 1e7, "starts/month", ""),
                                                                       "new starts per month by year; carried "
                                                                       "forward; unlimited before the first"))});
    return s::object("places for company-based offers and IGU",
                     {s::required("praktik", limit), s::required("loentilskud", limit), s::required("igu", limit),
                      s::required("queue_order",
                                  s::choice({kQueueOrderNames.begin(), kQueueOrderNames.end()},
                                            "who gets a free place first"))});
}

CapacityParams read_capacity(const spec::json& j) {
    CapacityParams p;
    const double unlimited = std::numeric_limits<double>::infinity();
    YearSeries none;  // no limit in any year
    none.before_first = unlimited;
    for (int i = 0; i < 3; ++i) {
        const auto& limit = j.at(kActivityNames[int(kCappedActivities[i])]);
        p.places[i] = limit.contains("places") ? read_year_series(limit.at("places"), unlimited) : none;
        p.starts_per_month[i] =
            limit.contains("starts_per_month") ? read_year_series(limit.at("starts_per_month"), unlimited) : none;
    }
    const auto order = j.at("queue_order").get<std::string>();
    for (std::size_t i = 0; i < kQueueOrderNames.size(); ++i)
        if (order == kQueueOrderNames[i]) p.order = QueueOrder(i);
    return p;
}

std::size_t allocate_places(std::vector<std::size_t>& candidates, const std::vector<Person>& people, int capped,
                            int occupancy, const CapacityParams& p, const Rng& rng, Month now) {
    const double places = p.places[capped].at(now.year());
    const double starts = p.starts_per_month[capped].at(now.year());
    const double free_places = std::max(0.0, std::min(places - occupancy, starts));
    if (free_places >= double(candidates.size())) return candidates.size();
    // Queue time counts from the first month queued; a new candidate has queued "now".
    auto queued = [&](std::size_t i) { return people[i].queued_since == kNever ? now.index : people[i].queued_since; };
    auto by_arrival = [&](std::size_t a, std::size_t b) {
        return people[a].arrival != people[b].arrival ? people[a].arrival < people[b].arrival
                                                      : people[a].key < people[b].key;
    };
    switch (p.order) {
        case QueueOrder::fifo:
            std::sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
                return queued(a) != queued(b) ? queued(a) < queued(b) : by_arrival(a, b);
            });
            break;
        case QueueOrder::arrival: std::sort(candidates.begin(), candidates.end(), by_arrival); break;
        case QueueOrder::random: {
            std::vector<std::pair<double, std::size_t>> keyed;
            for (auto i : candidates) keyed.emplace_back(rng.uniform(people[i].key, now.index, Draw::queue_priority), i);
            std::sort(keyed.begin(), keyed.end());
            for (std::size_t k = 0; k < keyed.size(); ++k) candidates[k] = keyed[k].second;
            break;
        }
        case QueueOrder::jobparat_first:
            std::sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
                if (people[a].jobparat != people[b].jobparat) return people[a].jobparat;
                return queued(a) != queued(b) ? queued(a) < queued(b) : by_arrival(a, b);
            });
            break;
    }
    return static_cast<std::size_t>(free_places);
}

}  // namespace kohorte
