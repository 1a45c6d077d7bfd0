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

namespace kohorte {

// Names every random decision. Append new kinds at the end: the numeric value is part of the
// key, so renumbering would change every result.
enum class Draw : std::uint8_t {
    // population
    arrival_month, sex, age, schooling, origin, children, trauma, channel,
    reunification_trigger, reunification_size, reunification_member, reunification_lag,
    // processes
    demography, reception_assessment, danish_progress, danish_dropout, danish_pause,
    danish_test, pathway_leave, pathway_destination, job_hours, queue_priority,
    igu_outcome, offer_outcome, caseload, first_offer,
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

// The random source of one replicate: hands out streams and single uniforms by key.
class Rng {
public:
    Rng(std::uint64_t seed, std::uint32_t replicate) : seed_(seed), replicate_(replicate) {}
    DrawStream stream(std::uint64_t person, int month, Draw d) const {
        return DrawStream({seed_, replicate_, person, month, d});
    }
    double uniform(std::uint64_t person, int month, Draw d) const {
        return stream(person, month, d).uniform();
    }
    std::uint64_t seed() const { return seed_; }
    std::uint32_t replicate() const { return replicate_; }

private:
    std::uint64_t seed_;
    std::uint32_t replicate_;
};

}  // namespace kohorte
