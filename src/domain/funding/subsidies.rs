//! Subsidies: the yearly instalments, their payments, and the commitment to keep the post.

use time::{Date, Month};

use super::calls::Call;
use super::money::euros;
use crate::domain::FieldError;

/// One year of a subsidy: its amount and when it is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instalment {
    pub year: i32,
    pub amount_cents: i64,
    pub due_on: Date,
}

/// The subsidy an accepted request becomes: the call's amount for each of its years, each due
/// on 1 January of its year (the ARS records the real payment dates as they happen).
pub fn schedule(call: &Call) -> Vec<Instalment> {
    (0..call.years)
        .map(|i| {
            let year = call.first_year + i as i32;
            Instalment {
                year,
                amount_cents: call.amount_per_post_year_cents,
                due_on: Date::from_calendar_date(year, Month::January, 1).expect("1 January exists"),
            }
        })
        .collect()
}

/// The last day the subsidy pays for: 31 December of its last year.
pub fn subsidy_ends_on(first_year: i32, years: i64) -> Date {
    let last = first_year + (years.max(1) - 1) as i32;
    Date::from_calendar_date(last, Month::December, 31).expect("31 December exists")
}

/// The same day `months` months earlier, or the month's last day when it has fewer days.
pub fn months_before(date: Date, months: u8) -> Date {
    let total = date.year() * 12 + i32::from(u8::from(date.month())) - 1 - i32::from(months);
    let (year, month0) = (total.div_euclid(12), total.rem_euclid(12));
    let month = Month::try_from(month0 as u8 + 1).expect("1 to 12");
    let day = date.day().min(time::util::days_in_month(month, year));
    Date::from_calendar_date(year, month, day).expect("a day of the month")
}

/// When the establishment and the ARS are reminded of the commitment to keep the post: six
/// months before the subsidy ends, time enough to budget the post.
pub fn reminder_due_on(ends_on: Date) -> Date {
    months_before(ends_on, 6)
}

/// Checks a payment against what remains of the year's amount. The database enforces the same
/// bound in the statement that records the payment, so two payments at once cannot overshoot.
pub fn check_payment(amount_cents: i64, granted_cents: i64, paid_cents: i64) -> Result<(), FieldError> {
    let left = granted_cents - paid_cents;
    if amount_cents <= 0 {
        return Err(FieldError::new("montant", "Le montant doit être supérieur à zéro."));
    }
    if amount_cents > left {
        return Err(FieldError::new(
            "montant",
            if left <= 0 {
                "Cette année est entièrement versée : aucun versement de plus n'est possible.".to_string()
            } else {
                format!(
                    "Ce versement dépasse ce qui reste à verser pour cette année : {}.",
                    euros(left)
                )
            },
        ));
    }
    Ok(())
}

/// What is known of the commitment to keep the post, once the subsidy ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// Not recorded yet.
    Unknown,
    Yes,
    No,
}

impl Kept {
    pub fn of(value: &Option<bool>) -> Kept {
        match *value {
            None => Kept::Unknown,
            Some(true) => Kept::Yes,
            Some(false) => Kept::No,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kept::Unknown => "Pas encore renseigné",
            Kept::Yes => "Oui, le poste est pérennisé",
            Kept::No => "Non, le poste n'a pas été maintenu",
        }
    }
}

/// Whether the outcome of the commitment may be recorded today: from the reminder on, when the
/// establishment knows its next budget.
pub fn may_record_kept(reminder_due_on: Date, today: Date) -> bool {
    today >= reminder_due_on
}
