// Capacity: company placements, løntilskud jobs and IGU places are limited (employer demand,
// consultants). Each month, after everyone's own moves, the free places of a capped activity go
// to its candidates in the queue order the scenario chooses; a person in `waiting` who finds no
// place stays queued (and is a candidate again next month), a person elsewhere (say in praktik
// and due for løntilskud) simply stays where they are. This is what couples persons.
#pragma once
#include <array>
#include <cstddef>
#include <vector>

#include "person.h"
#include "random.h"
#include "read.h"

namespace kohorte {

enum class QueueOrder : std::uint8_t {
    fifo,            // longest in the queue first, then earliest arrival
    arrival,         // earliest arrival first
    random,          // a fresh random priority each month (common random numbers per person)
    jobparat_first,  // job-ready first, then fifo
};
inline constexpr std::array<const char*, 4> kQueueOrderNames = {"fifo", "arrival", "random", "jobparat_first"};

inline constexpr std::array<Activity, 3> kCappedActivities = {Activity::praktik, Activity::loentilskud, Activity::igu};
inline int capped_index(Activity a) {  // -1 if not capped
    switch (a) {
        case Activity::praktik: return 0;
        case Activity::loentilskud: return 1;
        case Activity::igu: return 2;
        default: return -1;
    }
}

struct CapacityParams {
    std::array<YearSeries, 3> places;            // concurrent places, by year; unlimited if absent
    std::array<YearSeries, 3> starts_per_month;  // new starts a month, by year; unlimited if absent
    QueueOrder order = QueueOrder::fifo;
};

spec::NodePtr capacity_spec();
CapacityParams read_capacity(const spec::json& j);

// Orders the candidates for one capped activity (indices into `people`) and returns how many of
// the first ones get a place, given the current occupancy.
std::size_t allocate_places(std::vector<std::size_t>& candidates, const std::vector<Person>& people,
                            int capped, int occupancy, const CapacityParams& p, const Rng& rng, Month now);

}  // namespace kohorte
