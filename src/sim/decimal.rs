//! Decimal numbers in text, read and written without the standard library's float machinery.
//!
//! `f64`'s `Display` and `FromStr` are correct for every input, and for that they carry about
//! 25 KB (gzipped) of code and tables into the page: more than a tenth of its weight. The
//! numbers Raftlab shows and reads are rates, percentages, speeds and drawing coordinates with
//! a few decimals, which integer arithmetic handles exactly.

use std::fmt;

/// The most decimals [`Decimal`] writes.
pub const MAX_PLACES: u8 = 6;

/// Beyond this magnitude a number is written in scientific form.
const LARGE: f64 = 1e15;

/// Writes a number rounded to `places` decimals, without trailing zeros: `0.1`, `1.25`, `10`,
/// `-3.5`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decimal {
    value: f64,
    places: u8,
}

impl Decimal {
    /// Up to six decimals: for numbers in sentences ("S2's clock now runs at 1.5x").
    pub fn new(value: f64) -> Decimal {
        Decimal::places(value, MAX_PLACES)
    }

    /// Rounded to `places` decimals (at most six): for coordinates and labels.
    pub fn places(value: f64, places: u8) -> Decimal {
        Decimal {
            value,
            places: places.min(MAX_PLACES),
        }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.value;
        if value.is_nan() {
            return f.write_str("NaN");
        }
        let sign = if value < 0.0 { "-" } else { "" };
        let magnitude = value.abs();
        if magnitude.is_infinite() {
            return write!(f, "{sign}inf");
        }
        if magnitude >= LARGE {
            return write_scientific(f, sign, magnitude);
        }
        let scale = 10u64.pow(u32::from(self.places));
        // Below 1e15 * 1e6 the product fits a u64 and rounds to the nearest unit.
        let scaled = (magnitude * scale as f64).round() as u64;
        let (whole, mut fraction) = (scaled / scale, scaled % scale);
        if scaled == 0 {
            return f.write_str("0");
        }
        write!(f, "{sign}{whole}")?;
        if fraction == 0 {
            return Ok(());
        }
        let mut digits = self.places as usize;
        while fraction % 10 == 0 {
            fraction /= 10;
            digits -= 1;
        }
        write!(f, ".{fraction:0digits$}")
    }
}

/// `1.5e20`: three decimals of mantissa are plenty for numbers nobody types on purpose.
fn write_scientific(f: &mut fmt::Formatter<'_>, sign: &str, mut magnitude: f64) -> fmt::Result {
    let mut exponent = 0;
    while magnitude >= 10.0 {
        magnitude /= 10.0;
        exponent += 1;
    }
    write!(f, "{sign}{}e{exponent}", Decimal::places(magnitude, 3))
}

/// 10^0 ..= 10^22, every one exact in an `f64`.
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Reads `12`, `-0.5`, `3.25` or `.5`: an optional minus, digits, an optional point and
/// digits, at most 15 significant digits. `None` for anything else (exponents, `inf`, `NaN`).
///
/// The result is the correctly rounded `f64`, the same as `str::parse` gives: the digits form
/// an integer below 2^53 and the divisor is a power of ten below 10^23, both exact in an `f64`,
/// and one IEEE division rounds correctly (Clinger's fast path).
pub fn parse_decimal(text: &str) -> Option<f64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let all_digits = whole.bytes().chain(fraction.bytes());
    let mut mantissa: u64 = 0;
    let mut significant = 0;
    for b in all_digits {
        if !b.is_ascii_digit() {
            return None;
        }
        mantissa = mantissa * 10 + u64::from(b - b'0');
        if mantissa > 0 {
            significant += 1;
        }
        if significant > 15 {
            return None;
        }
    }
    let divisor = *POWERS_OF_TEN.get(fraction.len())?;
    let value = mantissa as f64 / divisor;
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_like_display_for_everyday_numbers() {
        for x in [
            0.0, 0.1, 0.05, 1.25, 10.0, 1.5, 0.002, 20.0, 123456.5, -3.5, 0.999999,
        ] {
            assert_eq!(Decimal::new(x).to_string(), x.to_string(), "{x}");
        }
    }

    #[test]
    fn rounds_to_the_places_asked() {
        assert_eq!(Decimal::places(12.345678, 2).to_string(), "12.35");
        assert_eq!(Decimal::places(-0.004, 2).to_string(), "0");
        assert_eq!(Decimal::places(2.999, 1).to_string(), "3");
        assert_eq!(Decimal::places(0.05, 0).to_string(), "0");
        assert_eq!(Decimal::new(1.0 / 3.0).to_string(), "0.333333");
    }

    #[test]
    fn writes_extremes_without_panicking() {
        assert_eq!(Decimal::new(f64::NAN).to_string(), "NaN");
        assert_eq!(Decimal::new(f64::NEG_INFINITY).to_string(), "-inf");
        assert_eq!(Decimal::new(1.5e20).to_string(), "1.5e20");
        assert_eq!(Decimal::new(f64::MAX).to_string(), "1.798e308");
        assert_eq!(Decimal::new(1e-9).to_string(), "0");
    }

    #[test]
    fn reads_exactly_what_str_parse_reads() {
        for text in [
            "0",
            "0.1",
            "10",
            "1.5",
            "0.05",
            ".5",
            "5.",
            "-0.25",
            "123456789012345",
            "0.000000000000001",
        ] {
            assert_eq!(parse_decimal(text), text.parse::<f64>().ok(), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_plain_decimal() {
        for text in [
            "",
            ".",
            "-",
            "1e3",
            "inf",
            "NaN",
            "1.2.3",
            "0x10",
            "+1",
            " 1",
            "1 ",
            "1234567890123456",
        ] {
            assert_eq!(parse_decimal(text), None, "{text:?}");
        }
    }
}
