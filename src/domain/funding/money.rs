//! Money in integer cents: written the French way, and read as people type it.

use crate::domain::FieldError;

/// "45 000,00 €": French grouping and decimal comma, with no-break spaces so that an amount is
/// never cut at the end of a line.
/// Takes a value or a reference, as templates hold either.
pub fn euros(cents: impl std::borrow::Borrow<i64>) -> String {
    format!("{}\u{a0}€", euros_number(*cents.borrow()))
}

/// "45 000,00" without the sign, for tables whose header says "en euros".
pub fn euros_number(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let units = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, digit) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            grouped.push('\u{a0}');
        }
        grouped.push(digit);
    }
    format!("{sign}{grouped},{:02}", cents % 100)
}

/// "45000,00": what a French spreadsheet reads as a number (no grouping).
pub fn euros_csv(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    format!("{sign}{},{:02}", cents / 100, cents % 100)
}

/// The largest amount accepted anywhere: ten million euros, far above any MSP subsidy, and far
/// below where sums of cents could overflow.
pub const MAX_CENTS: i64 = 1_000_000_000;

/// Reads an amount in euros as people type it ("45000", "45 000", "45 000,50 €", "45000.5")
/// into cents, without floating point. Negative, zero and absurd amounts are refused.
pub fn parse_euros(field: &'static str, text: &str) -> Result<i64, FieldError> {
    let bad = || FieldError::new(field, "Indiquez un montant en euros, par exemple 45 000 ou 45 000,00.");
    let cleaned: String = text
        .trim()
        .trim_end_matches('€')
        .trim_end_matches("EUR")
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
        .collect();
    if cleaned.is_empty() {
        return Err(FieldError::new(field, "Indiquez un montant en euros."));
    }
    let (units, decimals) = match cleaned.split_once([',', '.']) {
        Some((units, decimals)) => (units, decimals),
        None => (cleaned.as_str(), ""),
    };
    if units.is_empty()
        || !units.chars().all(|c| c.is_ascii_digit())
        || !decimals.chars().all(|c| c.is_ascii_digit())
        || decimals.len() > 2
        || units.len() > 12
    {
        return Err(bad());
    }
    let units: i64 = units.parse().map_err(|_| bad())?;
    let decimals: i64 = match decimals.len() {
        0 => 0,
        1 => decimals.parse::<i64>().map_err(|_| bad())? * 10,
        _ => decimals.parse().map_err(|_| bad())?,
    };
    let cents = units * 100 + decimals;
    if cents <= 0 {
        return Err(FieldError::new(field, "Le montant doit être supérieur à zéro."));
    }
    if cents > MAX_CENTS {
        return Err(FieldError::new(
            field,
            "Ce montant dépasse 10 millions d'euros : vérifiez-le.",
        ));
    }
    Ok(cents)
}

/// "38 %", rounded down, from integers only.
pub fn percent(part: i64, whole: i64) -> String {
    if whole <= 0 {
        return "—".into();
    }
    format!("{}\u{a0}%", part * 100 / whole)
}
