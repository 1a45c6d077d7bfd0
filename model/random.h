// Counter-based random numbers. Every random decision in the model is a pure function of
// (seed, replicate, person, month, Draw): nothing depends on the order in which persons or
// threads are processed, so two scenarios that differ in one lever draw the same numbers for
// every decision the lever does not touch (common random numbers).
//
// The generator is Philox4x32-10 (Salmon et al. 2011, "Parallel random numbers: as easy as
// 1, 2, 3"), which passes BigCrush; Boost.Random distributions run on top of a DrawStream.
#pragma once
#include <array>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace kohorte {

// Names every random decision. Append new kinds at the end: the numeric value is part of the
// key, so renumbering would change every result.
//
// A single uniform (Rng::uniform) is one 32-bit lane of a Philox block: the decisions are grouped
// four to a block in enum order, so the frequent monthly decisions of a person share one block
// computation (demography, pathway leave, Danish progress and status). Each decision keeps its
// own fixed lane, so it is still keyed by its name alone.
// Streams (Rng::stream, for distributions needing many numbers) use their own counters.
enum class Draw : std::uint8_t {
    // block 0-1: population
    arrival_month, sex, age, schooling,
    origin, children, trauma, channel,
    // block 2: reunification
    reunification_trigger, reunification_size, reunification_member, reunification_lag,
    // block 3: every person's month (one block computation per person-month)
    demography, pathway_leave, danish_progress, danish_status,
    // block 4: rarer monthly decisions
    pathway_destination, job_hours, igu_outcome, danish_test,
    // block 5
    reception_assessment, queue_priority, caseload, household_type,
    // block 6: the ledger and parameter uncertainty (keyed by the parameter, not a person)
    repatriation_support, bonus_baseline, igu_private, parameter_value,
    count
};

namespace detail {
inline std::array<std::uint32_t, 4> philox4x32_10(std::array<std::uint32_t, 4> c,
                                                  std::array<std::uint32_t, 2> k) {
    constexpr std::uint32_t M0 = 0xD2511F53u, M1 = 0xCD9E8D57u;
    constexpr std::uint32_t W0 = 0x9E3779B9u, W1 = 0xBB67AE85u;
    for (int round = 0; round < 10; ++round) {
        const std::uint64_t p0 = std::uint64_t(M0) * c[0];
        const std::uint64_t p1 = std::uint64_t(M1) * c[2];
        c = {std::uint32_t(p1 >> 32) ^ c[1] ^ k[0], std::uint32_t(p1),
             std::uint32_t(p0 >> 32) ^ c[3] ^ k[1], std::uint32_t(p0)};
        k[0] += W0;
        k[1] += W1;
    }
    return c;
}
}  // namespace detail

// The key of one decision; `sub` counts successive blocks when a decision needs many numbers.
struct DrawKey {
    std::uint64_t seed;
    std::uint32_t replicate;
    std::uint64_t person;
    int month;
    Draw draw;
};

// A stream of 32-bit numbers for one decision, usable as a UniformRandomBitGenerator by
// Boost.Random (and <random>) distributions.
class DrawStream {
public:
    using result_type = std::uint32_t;
    explicit DrawStream(const DrawKey& k)
        : key_{std::uint32_t(k.seed), std::uint32_t(k.seed >> 32)},
          counter_{std::uint32_t(k.person), std::uint32_t(k.person >> 32),
                   (std::uint32_t(k.month) << 8) | std::uint32_t(k.draw), k.replicate} {}

    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

    result_type operator()() {
        if (lane_ == 4) refill();
        return block_[lane_++];
    }
    // Uniform on [0, 1) with 53 random bits.
    double uniform() {
        const std::uint64_t hi = (*this)(), lo = (*this)();
        return double(((hi << 32) | lo) >> 11) * 0x1.0p-53;
    }

private:
    void refill() {
        auto c = counter_;
        // The block number goes into the top bits of the replicate word (replicates < 2^24).
        // 256 blocks (1,024 numbers) per decision; more would repeat the stream, so refuse.
        if (block_number_ > 255) throw std::length_error("DrawStream: more than 1,024 numbers for one decision");
        c[3] ^= block_number_++ << 24;
        block_ = detail::philox4x32_10(c, key_);
        lane_ = 0;
    }
    std::array<std::uint32_t, 2> key_;
    std::array<std::uint32_t, 4> counter_;
    std::array<std::uint32_t, 4> block_{};
    std::uint32_t block_number_ = 0;
    int lane_ = 4;
};

// The random source of one replicate: hands out streams and single uniforms by key. Not
// thread-safe (it caches the last block): one Rng per replicate.
class Rng {
public:
    Rng(std::uint64_t seed, std::uint32_t replicate) : seed_(seed), replicate_(replicate) {}
    DrawStream stream(std::uint64_t person, int month, Draw d) const {
        return DrawStream({seed_, replicate_, person, month, d});
    }
    // Uniform on [0, 1) with 32 random bits: lane (d mod 4) of block (d div 4).
    double uniform(std::uint64_t person, int month, Draw d) const {
        const std::uint32_t block = kBlockBase + std::uint32_t(d) / 4;
        if (person != cached_person_ || month != cached_month_ || block != cached_block_) {
            cached_person_ = person, cached_month_ = month, cached_block_ = block;
            cached_ = detail::philox4x32_10(
                {std::uint32_t(person), std::uint32_t(person >> 32), (std::uint32_t(month) << 8) | block, replicate_},
                {std::uint32_t(seed_), std::uint32_t(seed_ >> 32)});
        }
        return double(cached_[std::uint32_t(d) % 4]) * 0x1.0p-32;
    }
    std::uint64_t seed() const { return seed_; }
    std::uint32_t replicate() const { return replicate_; }

private:
    // Block ids live above the Draw values that streams use, so the two never share a counter.
    static constexpr std::uint32_t kBlockBase = 128;
    static_assert(std::uint32_t(Draw::count) < kBlockBase);
    std::uint64_t seed_;
    std::uint32_t replicate_;
    mutable std::uint64_t cached_person_ = ~std::uint64_t(0);
    mutable int cached_month_ = -1;
    mutable std::uint32_t cached_block_ = 0;
    mutable std::array<std::uint32_t, 4> cached_{};
};

}  // namespace kohorte
