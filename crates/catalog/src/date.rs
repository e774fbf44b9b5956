//! Calendar dates as the tables give them: a day (`2026-08-05`) or only a
//! month (`2028-10`, the precision of Python's planned end-of-life dates).

use core::fmt;

/// A calendar date whose day may be unknown.
///
/// Ordering compares year, then month, then day, with an unknown day sorting
/// *before* every known day of the same month. To compare a month-precision
/// date with a day, use [`Date::compare`], which says when the answer is
/// "the same month, cannot tell".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    /// 0 = unknown.
    day: u8,
}

/// How precisely a [`Date`] is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    /// Year, month and day.
    Day,
    /// Year and month only.
    Month,
}

/// The result of [`Date::compare`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrder {
    /// Strictly before the other date.
    Before,
    /// The same day (or the same month, when both are month-precision).
    Same,
    /// Strictly after the other date.
    After,
    /// One of the two dates is known only to the month, and it is the same
    /// month as the other: the order cannot be told.
    SameMonth,
}

/// Why a text is not a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError {
    /// Byte offset in the text where the problem is.
    pub pos: usize,
    /// What is wrong.
    pub message: &'static str,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.pos)
    }
}

impl std::error::Error for DateError {}

const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => {
            if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 {
                29
            } else {
                28
            }
        }
        _ => 0,
    }
}

impl Date {
    /// A day. Panics (at compile time when used in a `const`) if the date
    /// does not exist; use [`Date::new`] for checked construction.
    pub const fn ymd(year: u16, month: u8, day: u8) -> Date {
        assert!(month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month));
        Date { year, month, day }
    }

    /// A month (day unknown). Panics if `month` is not 1–12.
    pub const fn ym(year: u16, month: u8) -> Date {
        assert!(month >= 1 && month <= 12);
        Date {
            year,
            month,
            day: 0,
        }
    }

    /// A checked date; `None` if it does not exist.
    pub const fn new(year: u16, month: u8, day: Option<u8>) -> Option<Date> {
        if month < 1 || month > 12 {
            return None;
        }
        match day {
            None => Some(Date {
                year,
                month,
                day: 0,
            }),
            Some(d) if d >= 1 && d <= days_in_month(year, month) => Some(Date {
                year,
                month,
                day: d,
            }),
            Some(_) => None,
        }
    }

    /// Parses `YYYY-MM-DD` or `YYYY-MM`.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        fn num(text: &str, start: usize, len: usize, what: &'static str) -> Result<u32, DateError> {
            let part = text.get(start..start + len).ok_or(DateError {
                pos: start.min(text.len()),
                message: what,
            })?;
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                let bad = part.bytes().position(|b| !b.is_ascii_digit()).unwrap_or(0);
                return Err(DateError {
                    pos: start + bad,
                    message: what,
                });
            }
            Ok(part.parse().unwrap_or(0))
        }
        let b = text.as_bytes();
        let year = num(
            text,
            0,
            4,
            "expected a 4-digit year (YYYY-MM or YYYY-MM-DD)",
        )?;
        if b.get(4) != Some(&b'-') {
            return Err(DateError {
                pos: 4.min(text.len()),
                message: "expected '-' after the year",
            });
        }
        let month = num(text, 5, 2, "expected a 2-digit month")?;
        if !(1..=12).contains(&month) {
            return Err(DateError {
                pos: 5,
                message: "month must be 01 to 12",
            });
        }
        if text.len() == 7 {
            return Ok(Date {
                year: year as u16,
                month: month as u8,
                day: 0,
            });
        }
        if b.get(7) != Some(&b'-') {
            return Err(DateError {
                pos: 7,
                message: "expected '-' after the month or the end of the date",
            });
        }
        let day = num(text, 8, 2, "expected a 2-digit day")?;
        if text.len() != 10 {
            return Err(DateError {
                pos: 10,
                message: "unexpected text after the date",
            });
        }
        Date::new(year as u16, month as u8, Some(day as u8)).ok_or(DateError {
            pos: 8,
            message: "no such day in that month",
        })
    }

    /// The year.
    pub const fn year(self) -> u16 {
        self.year
    }

    /// The month, 1–12.
    pub const fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, if known.
    pub const fn day(self) -> Option<u8> {
        if self.day == 0 {
            None
        } else {
            Some(self.day)
        }
    }

    /// Whether the day is known.
    pub const fn precision(self) -> Precision {
        if self.day == 0 {
            Precision::Month
        } else {
            Precision::Day
        }
    }

    /// Compares two dates, honest about month precision: a month-precision
    /// date in the same month as the other date gives [`DateOrder::SameMonth`].
    pub fn compare(self, other: Date) -> DateOrder {
        use core::cmp::Ordering::*;
        match (self.year, self.month).cmp(&(other.year, other.month)) {
            Less => DateOrder::Before,
            Greater => DateOrder::After,
            Equal => {
                if self.day == 0 || other.day == 0 {
                    if self.day == other.day {
                        DateOrder::Same
                    } else {
                        DateOrder::SameMonth
                    }
                } else {
                    match self.day.cmp(&other.day) {
                        Less => DateOrder::Before,
                        Equal => DateOrder::Same,
                        Greater => DateOrder::After,
                    }
                }
            }
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.day == 0 {
            write!(f, "{:04}-{:02}", self.year, self.month)
        } else {
            write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
        }
    }
}

impl core::str::FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Date, DateError> {
        Date::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_display() {
        assert_eq!(Date::parse("2026-11-23").unwrap(), Date::ymd(2026, 11, 23));
        assert_eq!(Date::parse("2028-10").unwrap(), Date::ym(2028, 10));
        assert_eq!(Date::ymd(2026, 1, 5).to_string(), "2026-01-05");
        assert_eq!(Date::ym(2028, 10).to_string(), "2028-10");
        assert_eq!(Date::parse("2024-02-29").unwrap().day(), Some(29));
        assert!(Date::parse("2023-02-29").is_err());
        assert_eq!(Date::parse("2026-13-01").unwrap_err().pos, 5);
        assert_eq!(Date::parse("2026/01/01").unwrap_err().pos, 4);
        assert_eq!(Date::parse("26-01-01").unwrap_err().pos, 2);
        assert!(Date::parse("2026-01-01x").is_err());
        assert!(Date::parse("").is_err());
    }

    #[test]
    fn ordering_and_compare() {
        assert!(Date::ymd(2026, 10, 1) < Date::ymd(2026, 10, 2));
        assert!(Date::ym(2026, 10) < Date::ymd(2026, 10, 1));
        assert_eq!(
            Date::ym(2026, 10).compare(Date::ymd(2026, 10, 15)),
            DateOrder::SameMonth
        );
        assert_eq!(
            Date::ym(2026, 10).compare(Date::ymd(2026, 11, 1)),
            DateOrder::Before
        );
        assert_eq!(
            Date::ymd(2026, 10, 3).compare(Date::ymd(2026, 10, 3)),
            DateOrder::Same
        );
        assert_eq!(
            Date::ymd(2026, 10, 4).compare(Date::ymd(2026, 10, 3)),
            DateOrder::After
        );
    }
}
