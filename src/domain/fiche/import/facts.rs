//! Facts found inside a line: dates, e-mail addresses, phone numbers, working time.

use time::{Date, Month};

use super::lines::key;

const MONTHS: &[(&str, Month)] = &[
    ("janvier", Month::January),
    ("fevrier", Month::February),
    ("mars", Month::March),
    ("avril", Month::April),
    ("mai", Month::May),
    ("juin", Month::June),
    ("juillet", Month::July),
    ("aout", Month::August),
    ("septembre", Month::September),
    ("octobre", Month::October),
    ("novembre", Month::November),
    ("decembre", Month::December),
];

/// The first date in `text`: "5 août 2024", "1er avril 2025", "5/07/2024", "05.07.2024".
pub(super) fn date(text: &str) -> Option<Date> {
    let words: Vec<String> = key(text).split(' ').map(str::to_string).collect();
    for (index, word) in words.iter().enumerate() {
        let day = word.strip_suffix("er").unwrap_or(word);
        let Ok(day) = day.parse::<u8>() else { continue };
        let month = words
            .get(index + 1)
            .and_then(|month| MONTHS.iter().find(|(name, _)| name == month));
        let year = words.get(index + 2).and_then(|year| year.parse::<i32>().ok());
        if let (Some((_, month)), Some(year)) = (month, year)
            && let Ok(date) = Date::from_calendar_date(year, *month, day)
        {
            return Some(date);
        }
        let month = words.get(index + 1).and_then(|month| month.parse::<u8>().ok());
        if let (Some(month), Some(year)) = (month, year)
            && let Ok(month) = Month::try_from(month)
            && (1900..2200).contains(&year)
            && let Ok(date) = Date::from_calendar_date(year, month, day)
        {
            return Some(date);
        }
    }
    None
}

/// The e-mail addresses in `text`.
pub(super) fn emails(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | ',' | ';' | ':'))
        .map(|word| word.trim_end_matches(['.', '?', '!']))
        .filter(|word| {
            word.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.contains('@')
            })
        })
        .map(str::to_string)
        .collect()
}

/// The French phone numbers in `text` ("04 79 60 30 57", "04.79.60.30.57", "+33 4 79 60 30 57"),
/// written as groups of two digits.
pub(super) fn phones(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut digits = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut index = 0;
    while index <= chars.len() {
        let c = chars.get(index).copied().unwrap_or('x');
        let continues = c.is_ascii_digit()
            || (matches!(c, ' ' | '.' | '-')
                && !digits.is_empty()
                && chars.get(index + 1).is_some_and(char::is_ascii_digit))
            || (c == '+' && digits.is_empty());
        if continues {
            if c.is_ascii_digit() || c == '+' {
                digits.push(c);
            }
        } else {
            if let Some(phone) = phone_number(&digits) {
                found.push(phone);
            }
            digits.clear();
        }
        index += 1;
    }
    found
}

fn phone_number(digits: &str) -> Option<String> {
    let national = match digits.strip_prefix("+33") {
        Some(rest) => format!("0{rest}"),
        None => digits.to_string(),
    };
    if national.len() != 10 || !national.starts_with('0') {
        return None;
    }
    let pairs: Vec<&str> = (0..5).map(|pair| &national[pair * 2..pair * 2 + 2]).collect();
    Some(pairs.join(" "))
}

/// Working time stated in a line: a percentage, or the words for full and half time, and
/// whether it is said to be adaptable.
pub(super) fn working_time(text: &str) -> (Option<u8>, bool) {
    let folded = key(text);
    let adaptable = folded.contains("adaptable") || folded.contains("modulable");
    let words: Vec<&str> = folded.split(' ').collect();
    let percent = text.find('%').and_then(|at| {
        let before: String = text[..at]
            .trim_end()
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        before
            .chars()
            .rev()
            .collect::<String>()
            .parse::<u8>()
            .ok()
            .filter(|value| (1..=100).contains(value))
    });
    // "0,8 ETP", "1 ETP": a share of full time.
    let percent = percent.or_else(|| {
        let at = words.iter().position(|word| *word == "etp")?;
        let value = match (
            at.checked_sub(2).map(|index| words[index]),
            words.get(at.wrapping_sub(1)),
        ) {
            (Some(units), Some(tenths)) if units.len() == 1 && tenths.len() <= 2 => format!("{units}.{tenths}"),
            (_, Some(units)) => units.to_string(),
            _ => return None,
        };
        let value: f64 = value.parse().ok()?;
        (value > 0.0 && value <= 1.0).then(|| (value * 100.0).round() as u8)
    });
    let percent = percent.or_else(|| {
        if folded.contains("mi temps") {
            Some(50)
        } else if words.windows(2).any(|pair| pair == ["temps", "plein"]) {
            Some(100)
        } else {
            None
        }
    });
    (percent, adaptable)
}
