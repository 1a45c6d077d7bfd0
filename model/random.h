// Counter-based random numbers. Every random decision in the model is a pure function of
// (seed, replicate, person, month, Draw): nothing depends on the order in which persons or
// threads are processed, so two scenarios that differ in one lever draw the same numbers for
// every decision the lever does not touch (common random numbers).
//
// The generator is Philox2x64-10 (Salmon et al. 2011, "Parallel random numbers: as easy as
// 1, 2, 3"), which passes BigCrush; one 64x64->128-bit multiply per round makes it about twice
// as fast as Philox4x32-10 on x86-64. Boost.Random distributions run on top of a DrawStream.
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
using Block = std::array<std::uint32_t, 4>;  // four 32-bit numbers: the two 64-bit words, low half first

// The key of each of Philox2x64-10's rounds (the key schedule adds a Weyl constant per round).
using RoundKeys = std::array<std::uint64_t, 10>;
inline RoundKeys philox_round_keys(std::uint64_t k) {
    RoundKeys keys;
    for (auto& key : keys) key = k, k += 0x9E3779B97F4A7C15u;
    return keys;
}

// Philox2x64-10: counter {c0, c1}, with the round keys of key k.
inline std::array<std::uint64_t, 2> philox2x64_10(std::array<std::uint64_t, 2> c, const RoundKeys& keys) {
    constexpr std::uint64_t M = 0xD2B74407B1CE6E93u;
    for (int round = 0; round < 10; ++round) {
        __extension__ using u128 = unsigned __int128;
        const u128 product = u128(M) * c[0];
        c = {std::uint64_t(product >> 64) ^ keys[round] ^ c[1], std::uint64_t(product)};
    }
    return c;
}
inline std::array<std::uint64_t, 2> philox2x64_10(std::array<std::uint64_t, 2> c, std::uint64_t k) {
    return philox2x64_10(c, philox_round_keys(k));
}

// The counter of one block: the person, and {month << 8 | block id, replicate} in the second word.
inline Block philox_block(const RoundKeys& keys, std::uint64_t person, std::uint32_t word2, std::uint32_t replicate) {
    const auto r = philox2x64_10({person, (std::uint64_t(replicate) << 32) | word2}, keys);
    return {std::uint32_t(r[0]), std::uint32_t(r[0] >> 32), std::uint32_t(r[1]), std::uint32_t(r[1] >> 32)};
}
}  // namespace detail

// The key of one decision (a DrawStream counts the successive blocks of a decision that needs many numbers).
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
        : keys_(detail::philox_round_keys(k.seed)), person_(k.person), word2_((std::uint32_t(k.month) << 8) | std::uint32_t(k.draw)),
          replicate_(k.replicate) {}

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
        // The block number goes into the top bits of the replicate word (replicates < 2^24).
        // 256 blocks (1,024 numbers) per decision; more would repeat the stream, so refuse.
        if (block_number_ > 255) throw std::length_error("DrawStream: more than 1,024 numbers for one decision");
        block_ = detail::philox_block(keys_, person_, word2_, replicate_ ^ (block_number_++ << 24));
        lane_ = 0;
    }
    detail::RoundKeys keys_;
    std::uint64_t person_;
    std::uint32_t word2_, replicate_;
    detail::Block block_{};
    std::uint32_t block_number_ = 0;
    int lane_ = 4;
};

// The random source of one replicate: hands out streams and single uniforms by key. Not
// thread-safe (it caches the last block): one Rng per replicate.
class Rng {
public:
    Rng(std::uint64_t seed, std::uint32_t replicate)
        : seed_(seed), replicate_(replicate), keys_(detail::philox_round_keys(seed)) {}
    DrawStream stream(std::uint64_t person, int month, Draw d) const {
        return DrawStream({seed_, replicate_, person, month, d});
    }
    // Uniform on [0, 1) with 32 random bits: lane (d mod 4) of block (d div 4).
    double uniform(std::uint64_t person, int month, Draw d) const {
        const std::uint32_t block = kBlockBase + std::uint32_t(d) / 4;
        if (person != cached_person_ || month != cached_month_ || block != cached_block_) {
            cached_person_ = person, cached_month_ = month, cached_block_ = block;
            cached_ = detail::philox_block(keys_, person, (std::uint32_t(month) << 8) | block, replicate_);
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
    detail::RoundKeys keys_;  // the seed's key schedule, worked out once
    mutable std::uint64_t cached_person_ = ~std::uint64_t(0);
    mutable int cached_month_ = -1;
    mutable std::uint32_t cached_block_ = 0;
    mutable detail::Block cached_{};
};

}  // namespace kohorte
