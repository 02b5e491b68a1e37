#include "model/http_date.hpp"

#include <algorithm>

namespace bv::model {
namespace {

using namespace std::chrono;

constexpr std::array<std::string_view, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

char* Put(char* out, std::string_view text) { return std::copy(text.begin(), text.end(), out); }

char* PutDigits(char* out, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}

// `width` digits at `text[at]`, or -1.
int Digits(std::string_view text, std::size_t at, std::size_t width) {
  if (at + width > text.size()) return -1;
  int value = 0;
  for (std::size_t i = at; i < at + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

std::string_view FormatHttpDate(sys_seconds seconds_since, HttpDateBuffer& buffer) {
  const auto day = floor<days>(seconds_since);
  const year_month_day date{day};
  const hh_mm_ss<seconds> time{seconds_since - day};
  char* out = buffer.data();
  out = Put(out, kDays[weekday{day}.c_encoding()]);
  out = Put(out, ", ");
  out = PutDigits(out, static_cast<unsigned>(date.day()), 2);
  *out++ = ' ';
  out = Put(out, kMonths[static_cast<unsigned>(date.month()) - 1]);
  *out++ = ' ';
  // Years outside 0..9999 cannot be written in the form; no MVG time is one.
  out = PutDigits(out, static_cast<unsigned>(std::clamp(static_cast<int>(date.year()), 0, 9999)), 4);
  *out++ = ' ';
  out = PutDigits(out, static_cast<unsigned>(time.hours().count()), 2);
  *out++ = ':';
  out = PutDigits(out, static_cast<unsigned>(time.minutes().count()), 2);
  *out++ = ':';
  out = PutDigits(out, static_cast<unsigned>(time.seconds().count()), 2);
  out = Put(out, " GMT");
  return {buffer.data(), static_cast<std::size_t>(out - buffer.data())};
}

std::optional<sys_seconds> ParseHttpDate(std::string_view text) {
  // "Sun, 06 Nov 1994 08:49:37 GMT": fixed positions.
  if (text.size() != 29 || text.substr(3, 2) != ", " || text[7] != ' ' || text[11] != ' ' || text[16] != ' ' ||
      text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT") {
    return std::nullopt;
  }
  const auto month_it = std::find(kMonths.begin(), kMonths.end(), text.substr(8, 3));
  const auto weekday_it = std::find(kDays.begin(), kDays.end(), text.substr(0, 3));
  const int day_number = Digits(text, 5, 2), year_number = Digits(text, 12, 4);
  const int h = Digits(text, 17, 2), m = Digits(text, 20, 2), s = Digits(text, 23, 2);
  if (month_it == kMonths.end() || weekday_it == kDays.end() || day_number < 1 || year_number < 0 || h < 0 ||
      h > 23 || m < 0 || m > 59 || s < 0 || s > 60) {
    return std::nullopt;
  }
  const year_month_day date{year{year_number}, month{static_cast<unsigned>(month_it - kMonths.begin() + 1)},
                            day{static_cast<unsigned>(day_number)}};
  if (!date.ok()) return std::nullopt;
  // The weekday must agree with the date: a date that contradicts itself is not trusted.
  if (weekday{sys_days{date}}.c_encoding() != static_cast<unsigned>(weekday_it - kDays.begin())) return std::nullopt;
  return sys_days{date} + hours{h} + minutes{m} + seconds{std::min(s, 59)};
}

}  // namespace bv::model
