// random.h: Philox2x64-10 known answers, keying of every decision, uniformity, Boost.Random.
#include <doctest/doctest.h>

#include <concepts>
#include <random>
#include <set>

#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "unit_helpers.h"

using namespace kohorte;
using Block = std::array<std::uint32_t, 4>;

static_assert(std::uniform_random_bit_generator<DrawStream>);

TEST_CASE("random: Philox2x64-10 gives the Random123 known-answer vectors") {
    using detail::philox2x64_10;
    using Words = std::array<std::uint64_t, 2>;
    CHECK(philox2x64_10({0, 0}, 0) == Words{0xca00a0459843d731, 0x66c24222c9a845b5});
    CHECK(philox2x64_10({~0ULL, ~0ULL}, ~0ULL) == Words{0x65b021d60cd8310f, 0x4d02f3222f86df20});
    // The third Random123 vector (digits of pi).
    CHECK(philox2x64_10({0x243f6a8885a308d3, 0x13198a2e03707344}, 0xa4093822299f31d0) ==
          Words{0x0a5e742c2997341c, 0xb0f883d38000de5d});
}

// A block's four 32-bit numbers: the two output words, low half first.
static Block block_of(std::uint64_t seed, std::uint64_t person, std::uint32_t word2, std::uint32_t replicate) {
    const auto r = detail::philox2x64_10({person, (std::uint64_t(replicate) << 32) | word2}, seed);
    return {std::uint32_t(r[0]), std::uint32_t(r[0] >> 32), std::uint32_t(r[1]), std::uint32_t(r[1] >> 32)};
}

TEST_CASE("random: a single uniform is lane d mod 4 of block 128 + d div 4 of its key") {
    // The documented layout: counter {person, replicate << 32 | month << 8 | block}, key = seed.
    const std::uint64_t seed = 0x123456789abcdefULL, person = (std::uint64_t(2016) << 32) | (17u << 8);
    const std::uint32_t replicate = 3;
    const int month = Month::of(2017, 5).index;
    const Rng rng(seed, replicate);
    for (int d = 0; d < int(Draw::count); ++d) {
        CAPTURE(d);
        const Block b = block_of(seed, person, (std::uint32_t(month) << 8) | (128u + d / 4), replicate);
        CHECK(rng.uniform(person, month, Draw(d)) == double(b[d % 4]) * 0x1.0p-32);
    }
}

TEST_CASE("random: a stream is the Philox blocks of its key, block number in the top byte of the replicate word") {
    const std::uint64_t seed = 99, person = 0xabcdef0123ULL;
    const std::uint32_t replicate = 5;
    const int month = 24200;
    auto s = Rng(seed, replicate).stream(person, month, Draw::reunification_member);
    const std::uint32_t word2 = (std::uint32_t(month) << 8) | std::uint32_t(Draw::reunification_member);
    for (std::uint32_t block = 0; block < 3; ++block) {
        const Block b = block_of(seed, person, word2, replicate ^ (block << 24));
        for (int lane = 0; lane < 4; ++lane) CHECK(s() == b[lane]);
    }
    // uniform() takes two 32-bit numbers: the high word first, 53 bits kept.
    auto t = Rng(seed, replicate).stream(person, month, Draw::reunification_member);
    auto raw = Rng(seed, replicate).stream(person, month, Draw::reunification_member);
    const std::uint64_t hi = raw(), lo = raw();
    CHECK(t.uniform() == double(((hi << 32) | lo) >> 11) * 0x1.0p-53);
}

TEST_CASE("random: the same key gives the same numbers, whatever was drawn in between") {
    const Rng a(1, 0), b(1, 0);
    const double u = a.uniform(5, 100, Draw::demography);
    a.uniform(6, 100, Draw::pathway_leave);  // invalidates the cached block
    a.uniform(5, 100, Draw::igu_outcome);    // another block of the same person-month
    CHECK(b.uniform(5, 100, Draw::demography) == u);
    CHECK(a.uniform(5, 100, Draw::demography) == u);
    auto s1 = a.stream(5, 100, Draw::age), s2 = b.stream(5, 100, Draw::age);
    for (int i = 0; i < 20; ++i) CHECK(s1() == s2());
}

TEST_CASE("random: changing any part of the key changes the number") {
    const std::uint64_t person = 5;
    const int month = 100;
    const Rng a(1, 0);
    const double u = a.uniform(person, month, Draw::demography);
    // Each part, including the high halves of the 64-bit seed and person.
    const std::vector<double> others = {
        Rng(2, 0).uniform(person, month, Draw::demography),
        Rng(1 + (std::uint64_t(1) << 32), 0).uniform(person, month, Draw::demography),
        Rng(1, 1).uniform(person, month, Draw::demography),
        a.uniform(person + 1, month, Draw::demography),
        a.uniform(person + (std::uint64_t(1) << 32), month, Draw::demography),
        a.uniform(person, month + 1, Draw::demography),
        a.uniform(person, month, Draw::pathway_leave),  // same block, other lane
        a.uniform(person, month, Draw::igu_outcome),    // other block
    };
    std::set<double> all(others.begin(), others.end());
    all.insert(u);
    CHECK(all.size() == others.size() + 1);

    auto first = [](const DrawStream& proto) {
        DrawStream s = proto;
        return std::pair{s(), s()};
    };
    const auto base = first(a.stream(person, month, Draw::age));
    CHECK(first(Rng(2, 0).stream(person, month, Draw::age)) != base);
    CHECK(first(Rng(1, 1).stream(person, month, Draw::age)) != base);
    CHECK(first(a.stream(person + 1, month, Draw::age)) != base);
    CHECK(first(a.stream(person, month + 1, Draw::age)) != base);
    CHECK(first(a.stream(person, month, Draw::children)) != base);
}

TEST_CASE("random: streams and single uniforms never share a counter") {
    // Stream counters carry the Draw (< 128) in the low byte of word 2, single uniforms a block id >= 128.
    const Rng rng(11, 2);
    std::set<std::uint32_t> uniform_words;
    for (int d = 0; d < int(Draw::count); ++d)
        uniform_words.insert(std::uint32_t(rng.uniform(42, 300, Draw(d)) * 0x1.0p32));
    for (int d = 0; d < int(Draw::count); ++d) {
        auto s = rng.stream(42, 300, Draw(d));
        for (int i = 0; i < 8; ++i) CHECK(uniform_words.count(s()) == 0);
    }
}

TEST_CASE("random: uniforms lie in 0 <= u < 1 with mean 1/2, variance 1/12, no lag-1 correlation (4 standard errors)") {
    const Rng rng(3, 0);
    const int n = 200000;
    double sum = 0, sumsq = 0, sumprod = 0, prev = rng.uniform(0, 7, Draw::sex);
    double ssum = 0, ssumsq = 0;
    for (int i = 1; i <= n; ++i) {
        const double u = rng.uniform(std::uint64_t(i), 7, Draw::sex);
        REQUIRE(u >= 0.0);
        REQUIRE(u < 1.0);
        sum += u, sumsq += u * u, sumprod += u * prev;
        prev = u;
        auto s = rng.stream(std::uint64_t(i), 7, Draw::age);
        const double v = s.uniform();
        REQUIRE(v >= 0.0);
        REQUIRE(v < 1.0);
        ssum += v, ssumsq += v * v;
    }
    // Var(U) = 1/12; Var(U^2) = 1/5 - 1/9 = 4/45; Var(UV) = 1/9 - 1/16 = 7/144 for independent U, V.
    unit::check_mean(sum, n, 0.5, 1.0 / 12);
    unit::check_mean(sumsq, n, 1.0 / 3, 4.0 / 45);
    unit::check_mean(sumprod, n, 0.25, 7.0 / 144);
    unit::check_mean(ssum, n, 0.5, 1.0 / 12);
    unit::check_mean(ssumsq, n, 1.0 / 3, 4.0 / 45);
    // The four lanes of a block are independent of each other too (persons keyed 0..n).
    double lane_prod = 0;
    for (int i = 0; i < n; ++i)
        lane_prod += rng.uniform(std::uint64_t(i), 9, Draw::demography) * rng.uniform(std::uint64_t(i), 9, Draw::pathway_leave);
    unit::check_mean(lane_prod, n, 0.25, 7.0 / 144);
}

TEST_CASE("random: a DrawStream drives Boost.Random distributions (4 standard errors)") {
    const Rng rng(4, 0);
    const int n = 20000;
    double poisson = 0, normal = 0, normal_sq = 0, die = 0;
    for (int i = 0; i < n; ++i) {
        auto s = rng.stream(std::uint64_t(i), 0, Draw::children);
        boost::random::poisson_distribution<int> d(2.5);
        poisson += d(s);
        boost::random::normal_distribution<double> z(0.0, 1.0);
        const double x = z(s);
        normal += x, normal_sq += x * x;
        boost::random::uniform_int_distribution<int> six(1, 6);
        die += six(s);
    }
    unit::check_mean(poisson, n, 2.5, 2.5);
    unit::check_mean(normal, n, 0.0, 1.0);
    unit::check_mean(normal_sq, n, 1.0, 2.0);    // Var(Z^2) = 2
    unit::check_mean(die, n, 3.5, 35.0 / 12);    // Var of a die = 35/12
}
