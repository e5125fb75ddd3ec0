//! Calls for projects: what the ARS opens, and the checks of its form.

use time::Date;

use super::money::{parse_euros, percent};
use crate::domain::FieldError;

/// 45,000 € a year per post (ARS Île-de-France, and the national measure 5 of the Assises):
/// only the value a new call's form starts with.
pub const DEFAULT_AMOUNT_PER_POST_YEAR_CENTS: i64 = 4_500_000;
/// One year, as the national measure; Île-de-France gives two.
pub const DEFAULT_YEARS: i64 = 1;

/// A call for projects as the ARS opens it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCall {
    pub region_code: String,
    pub title: String,
    pub description: String,
    pub posts: i64,
    pub amount_per_post_year_cents: i64,
    pub years: i64,
    /// The first calendar year the subsidies pay for.
    pub first_year: i32,
    pub opens_on: Date,
    pub closes_on: Date,
    /// The documents a request must carry, by name ("Fiche de poste", "Budget prévisionnel"…).
    pub documents: Vec<String>,
}

/// A call as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub id: i64,
    pub region_code: String,
    pub title: String,
    pub description: String,
    pub posts: i64,
    pub amount_per_post_year_cents: i64,
    pub years: i64,
    pub first_year: i32,
    pub opens_on: Date,
    pub closes_on: Date,
    pub documents: Vec<String>,
    /// Requests accepted so far: the posts already given.
    pub accepted: i64,
    /// Requests filed (not drafts).
    pub filed: i64,
}

impl Call {
    /// Whether an establishment may file a new request today.
    pub fn is_open(&self, today: Date) -> bool {
        self.opens_on <= today && today <= self.closes_on
    }

    pub fn status_label(&self, today: &Date) -> &'static str {
        if *today < self.opens_on {
            "À venir"
        } else if *today <= self.closes_on {
            "Ouvert"
        } else {
            "Clos"
        }
    }

    /// What one post receives over the whole subsidy.
    pub fn total_per_post_cents(&self) -> i64 {
        self.amount_per_post_year_cents * self.years
    }

    /// The call's whole envelope: posts × amount × years.
    pub fn envelope_cents(&self) -> i64 {
        self.total_per_post_cents() * self.posts
    }

    /// "3 sur 8 postes attribués (38 %)".
    pub fn fill_text(&self) -> String {
        format!(
            "{} sur {} {} ({})",
            self.accepted,
            self.posts,
            if self.posts > 1 {
                "postes attribués"
            } else {
                "poste attribué"
            },
            percent(self.accepted, self.posts)
        )
    }

    /// "2026-2027", or "2026" for one year.
    pub fn period_text(&self) -> String {
        period_text(self.first_year, self.years)
    }
}

pub fn period_text(first_year: i32, years: i64) -> String {
    if years <= 1 {
        first_year.to_string()
    } else {
        format!("{first_year}-{}", i64::from(first_year) + years - 1)
    }
}

/// What the ARS typed in the form of a new call, before checking.
#[derive(Debug, Clone, Default)]
pub struct CallInput<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub posts: &'a str,
    pub amount: &'a str,
    pub years: &'a str,
    pub first_year: &'a str,
    pub opens_on: Option<Date>,
    pub closes_on: Option<Date>,
    /// One document per line.
    pub documents: &'a str,
}

fn small_number(field: &'static str, text: &str, min: i64, max: i64, what: &str) -> Result<i64, FieldError> {
    match text.trim().parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(FieldError::new(
            field,
            format!("Indiquez {what}, un nombre entier de {min} à {max}."),
        )),
    }
}

/// Checks a new call; each error is for its field. Dates were already read by the caller (a
/// date that is not one has its own error there).
pub fn check_call(region_code: &str, input: &CallInput<'_>, today: Date) -> Result<NewCall, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut keep = |r: Result<i64, FieldError>| r.map_err(|e| errors.push(e)).ok();
    let posts = keep(small_number("posts", input.posts, 1, 500, "le nombre de postes"));
    let amount = keep(parse_euros("amount", input.amount));
    let years = keep(small_number("years", input.years, 1, 5, "le nombre d'années"));
    let first_year = keep(small_number(
        "first_year",
        input.first_year,
        i64::from(today.year()) - 1,
        i64::from(today.year()) + 5,
        "la première année financée",
    ));
    let title = input.title.trim();
    errors.extend(text_errors(title, input.description));
    errors.extend(dates_error(input.opens_on, input.closes_on, today));
    let documents = required_documents(input.documents)
        .map_err(|e| errors.push(e))
        .unwrap_or_default();
    match (posts, amount, years, first_year, input.opens_on, input.closes_on) {
        (Some(posts), Some(amount), Some(years), Some(first_year), Some(opens_on), Some(closes_on))
            if errors.is_empty() =>
        {
            Ok(NewCall {
                region_code: region_code.to_string(),
                title: title.to_string(),
                description: input.description.trim().to_string(),
                posts,
                amount_per_post_year_cents: amount,
                years,
                first_year: first_year as i32,
                opens_on,
                closes_on,
                documents,
            })
        }
        _ => Err(errors),
    }
}

fn text_errors(title: &str, description: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if title.is_empty() {
        errors.push(FieldError::new("title", "Donnez un intitulé à l'appel à projets."));
    } else if title.chars().count() > 200 {
        errors.push(FieldError::new("title", "L'intitulé compte plus de 200 caractères."));
    }
    if description.chars().count() > 8000 {
        errors.push(FieldError::new(
            "description",
            "La présentation compte plus de 8 000 caractères.",
        ));
    }
    errors
}

/// Both dates given, in order, and the closing one not passed.
fn dates_error(opens_on: Option<Date>, closes_on: Option<Date>, today: Date) -> Option<FieldError> {
    match (opens_on, closes_on) {
        (None, _) => Some(FieldError::new("opens_on", "Indiquez la date d'ouverture.")),
        (_, None) => Some(FieldError::new("closes_on", "Indiquez la date de clôture.")),
        (Some(opens), Some(closes)) if closes < opens => Some(FieldError::new(
            "closes_on",
            "La date de clôture doit suivre la date d'ouverture.",
        )),
        (Some(_), Some(closes)) if closes < today => {
            Some(FieldError::new("closes_on", "La date de clôture est déjà passée."))
        }
        _ => None,
    }
}

/// The documents a request must carry, one a line, list marks ("-", "•", "*") taken off.
fn required_documents(text: &str) -> Result<Vec<String>, FieldError> {
    let documents: Vec<String> = text
        .lines()
        .map(|l| l.trim().trim_start_matches(['-', '•', '*']).trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    if documents.is_empty() {
        Err(FieldError::new(
            "documents",
            "Indiquez au moins un document demandé, un par ligne.",
        ))
    } else if documents.len() > 20 || documents.iter().any(|d| d.chars().count() > 200) {
        Err(FieldError::new(
            "documents",
            "Au plus 20 documents, de 200 caractères chacun.",
        ))
    } else {
        Ok(documents)
    }
}
