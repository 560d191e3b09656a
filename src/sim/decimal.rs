//! Decimal numbers in text, read and written without the standard library's float machinery.
//!
//! `f64`'s `Display` and `FromStr` are correct for every input, and for that they carry about
//! 25 KB (gzipped) of code and tables into the page: more than a tenth of its weight. The
//! numbers Raftlab shows and reads are rates, percentages, speeds and drawing coordinates with
//! a few decimals, which integer arithmetic handles exactly. The rare number that needs more
//! digits is written by serde_json's shortest-form writer, which the page carries anyway.

use std::fmt;

/// Decimals are written from an integer below 10^15: every such integer, and every power of ten
/// up to 10^15, is exact in an `f64`.
const SIGNIFICANT: u32 = 15;

/// At most this many decimals.
const MAX_PLACES: u32 = 15;

/// Numbers from here up are written in the shortest form (`1e+15`).
const LARGE: f64 = 1e15;

/// Writes a number without trailing zeros: `0.1`, `1.25`, `10`, `-3.5`, `1.5e+20`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decimal {
    value: f64,
    /// `None`: exactly the number, as briefly as possible.
    places: Option<u32>,
}

impl Decimal {
    /// Exactly the number, as briefly as possible: for sentences and error messages ("S2's clock
    /// now runs at 1.5x", "got 1.0000000000000002"). Reading the text back gives the same `f64`.
    pub fn new(value: f64) -> Decimal {
        Decimal {
            value,
            places: None,
        }
    }

    /// Rounded to `places` decimals (half away from zero): for coordinates and labels.
    pub fn places(value: f64, places: u8) -> Decimal {
        Decimal {
            value,
            places: Some(u32::from(places).min(MAX_PLACES)),
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
            return write_shortest(f, value);
        }
        // Keep the scaled number below 10^15: numbers with many whole digits get fewer decimals.
        let whole_digits = (0..SIGNIFICANT)
            .find(|&d| magnitude < POWERS_OF_TEN[d as usize])
            .unwrap_or(SIGNIFICANT);
        let room = SIGNIFICANT - whole_digits;
        let places = self.places.map_or(room, |p| p.min(room));
        let scale = 10u64.pow(places);
        let scaled = (magnitude * scale as f64).round() as u64;
        // Both are exact in an f64, so this division is what reading the text back gives.
        let exact = scaled as f64 / scale as f64 == magnitude;
        if self.places.is_none() && !exact {
            return write_shortest(f, value);
        }
        if scaled == 0 {
            return f.write_str("0");
        }
        let (whole, mut fraction) = (scaled / scale, scaled % scale);
        write!(f, "{sign}{whole}")?;
        if fraction == 0 {
            return Ok(());
        }
        let mut digits = places as usize;
        while fraction % 10 == 0 {
            fraction /= 10;
            digits -= 1;
        }
        write!(f, ".{fraction:0digits$}")
    }
}

/// The shortest text that reads back as `value` (`1.0000000000000002`, `1.5e-15`, `1e+20`), from
/// serde_json's float writer, which the page carries anyway to write commands.
fn write_shortest(f: &mut fmt::Formatter<'_>, value: f64) -> fmt::Result {
    f.write_str(&serde_json::to_string(&value).unwrap_or_default())
}

/// 10^0 ..= 10^22, every one exact in an `f64`.
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Reads `12`, `-0.5`, `3.25`, `.5` or `0.1000`: an optional minus, digits, an optional point
/// and digits, with at most 15 significant digits (zeros at either end do not count) and at most
/// 22 decimals or 22 zeros after them. `None` for anything else (exponents, `+`, `inf`, `NaN`).
///
/// The result is the correctly rounded `f64`, the same as `str::parse` gives: the significant
/// digits form an integer below 2^53 and the power of ten is at most 10^22, both exact in an
/// `f64`, and one IEEE multiplication or division rounds correctly (Clinger's fast path).
pub fn parse_decimal(text: &str) -> Option<f64> {
    let (negative, number) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    if !whole
        .bytes()
        .chain(fraction.bytes())
        .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    // Zeros that end the number only move the point: 0.1000 is 1 / 10^1, 2500 is 25 x 10^2.
    let fraction = fraction.trim_end_matches('0');
    let (whole, zeros) = if fraction.is_empty() {
        let trimmed = whole.trim_end_matches('0');
        (trimmed, whole.len() - trimmed.len())
    } else {
        (whole, 0)
    };
    let mut mantissa: u64 = 0;
    let mut significant = 0;
    for b in whole.bytes().chain(fraction.bytes()) {
        mantissa = mantissa * 10 + u64::from(b - b'0');
        if mantissa > 0 {
            significant += 1;
        }
        if significant > SIGNIFICANT {
            return None;
        }
    }
    if mantissa == 0 {
        return Some(if negative { -0.0 } else { 0.0 });
    }
    let value = if zeros > 0 {
        mantissa as f64 * POWERS_OF_TEN.get(zeros)?
    } else {
        mantissa as f64 / POWERS_OF_TEN.get(fraction.len())?
    };
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

    /// An error message never shows a bad value inside the range it broke.
    #[test]
    fn keeps_the_digits_that_were_typed() {
        assert_eq!(Decimal::new(1.0000001).to_string(), "1.0000001");
        assert_eq!(Decimal::new(1.0 / 3.0).to_string(), "0.3333333333333333");
        assert_eq!(Decimal::new(-1e-7).to_string(), "-0.0000001");
        assert_eq!(Decimal::new(0.0999999).to_string(), "0.0999999");
        assert_eq!(Decimal::new(-2.5e-20).to_string(), "-2.5e-20");
        assert_eq!(
            Decimal::new(1.0000000000000002).to_string(),
            "1.0000000000000002"
        );
        assert_eq!(
            Decimal::new(0.09999999999999998).to_string(),
            "0.09999999999999998"
        );
        assert_eq!(Decimal::new(1.5e-15).to_string(), "1.5e-15");
        assert_eq!(Decimal::new(1.23456789e-10).to_string(), "1.23456789e-10");
        assert_eq!(Decimal::new(1e12 + 0.1).to_string(), "1000000000000.1");
        assert_eq!(
            Decimal::new(99999999999999.9).to_string(),
            "99999999999999.9"
        );
    }

    #[test]
    fn rounds_to_the_places_asked() {
        assert_eq!(Decimal::places(12.345678, 2).to_string(), "12.35");
        assert_eq!(Decimal::places(-0.004, 2).to_string(), "0");
        assert_eq!(Decimal::places(2.999, 1).to_string(), "3");
        assert_eq!(Decimal::places(0.05, 0).to_string(), "0");
        assert_eq!(Decimal::places(1.5e13, 6).to_string(), "15000000000000");
    }

    #[test]
    fn writes_extremes_without_panicking() {
        assert_eq!(Decimal::new(f64::NAN).to_string(), "NaN");
        assert_eq!(Decimal::new(f64::NEG_INFINITY).to_string(), "-inf");
        assert_eq!(Decimal::new(1.5e20).to_string(), "1.5e+20");
        assert_eq!(
            Decimal::new(f64::MAX).to_string(),
            "1.7976931348623157e+308"
        );
        assert_eq!(
            Decimal::new(f64::MIN_POSITIVE).to_string(),
            "2.2250738585072014e-308"
        );
        assert_eq!(Decimal::new(1e14 * 1e6).to_string(), "1e+20");
        assert_eq!(Decimal::places(1e-9, 6).to_string(), "0");
        assert_eq!(Decimal::new(f64::from_bits(1)).to_string(), "5e-324");
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
