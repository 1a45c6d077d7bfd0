// Calendar months: the model's unit of time. A Month is a plain count of months since
// year 0, so arithmetic is integer arithmetic and "2027-03" is only a presentation.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace kohorte {

struct Month {
    int index = 0;  // year * 12 + (month - 1)

    static constexpr Month of(int year, int month) { return Month{year * 12 + (month - 1)}; }
    constexpr int year() const { return index / 12; }
    constexpr int month_of_year() const { return index % 12 + 1; }  // 1..12
    constexpr Month operator+(int months) const { return Month{index + months}; }
    constexpr Month operator-(int months) const { return Month{index - months}; }
    constexpr int operator-(Month other) const { return index - other.index; }
    constexpr auto operator<=>(const Month&) const = default;
};

// Parses "YYYY-MM" (1900 <= YYYY <= 2200); nullopt on anything else.
std::optional<Month> parse_month(std::string_view text);
std::string format_month(Month m);

}  // namespace kohorte
