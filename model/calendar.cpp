#include "calendar.h"

#include <cstdio>

namespace kohorte {

std::optional<Month> parse_month(std::string_view text) {
    if (text.size() != 7 || text[4] != '-') return std::nullopt;
    int year = 0, month = 0;
    for (int i = 0; i < 4; ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        year = year * 10 + (text[i] - '0');
    }
    for (int i = 5; i < 7; ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        month = month * 10 + (text[i] - '0');
    }
    if (year < 1900 || year > 2200 || month < 1 || month > 12) return std::nullopt;
    return Month::of(year, month);
}

std::string format_month(Month m) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", m.year(), m.month_of_year());
    return buf;
}

}  // namespace kohorte
