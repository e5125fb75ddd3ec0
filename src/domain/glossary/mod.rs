//! The glossary of the field's words (issue 23): a candidate reading an offer meets TCD, CMP,
//! "réhabilitation psychosociale"… The offer's page spells each acronym out at its first use
//! (a tooltip alone cannot be reached by keyboard or touch) and marks the later ones with
//! `<abbr title>`; a phrase's first use links to its entry on the public page `/glossaire`.

mod terms;
#[cfg(test)]
mod tests;

use std::collections::HashSet;

pub use terms::BUILT_IN;

/// The longest term or meaning the CCOMS may write.
pub const MAX_TERM_CHARS: usize = 60;
pub const MAX_MEANING_CHARS: usize = 200;

/// One word of the glossary and what it means, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub term: String,
    pub meaning: String,
    /// Written or corrected by the CCOMS rather than kept in the code.
    pub edited: bool,
}

impl Term {
    /// An acronym is written in capitals ("CMP", "GEM") and matched with its case, so that
    /// "du" or "gem" in a sentence stay words.
    pub fn is_acronym(&self) -> bool {
        self.term.chars().any(char::is_uppercase) && !self.term.chars().any(char::is_lowercase)
    }

    /// The term's place on the glossary page: `/glossaire#{anchor}`.
    pub fn anchor(&self) -> String {
        crate::domain::text::slugify(&self.term, 80)
    }
}

/// The glossary as the pages read it: the code's list with the CCOMS's corrections and
/// additions, in alphabetical order.
#[derive(Debug, Clone)]
pub struct Glossary {
    terms: Vec<Term>,
}

impl Glossary {
    pub fn built_in() -> Glossary {
        Glossary::with_overrides(Vec::new())
    }

    /// The code's list where each (term, meaning) written by the CCOMS replaces the term of
    /// the same spelling or adds one.
    pub fn with_overrides(overrides: Vec<(String, String)>) -> Glossary {
        let mut terms: Vec<Term> = BUILT_IN
            .iter()
            .filter(|(term, _)| !overrides.iter().any(|(t, _)| t == term))
            .map(|(term, meaning)| Term {
                term: (*term).into(),
                meaning: (*meaning).into(),
                edited: false,
            })
            .collect();
        terms.extend(overrides.into_iter().map(|(term, meaning)| Term {
            term,
            meaning,
            edited: true,
        }));
        terms.sort_by_key(|t| crate::domain::text::fold(&t.term));
        Glossary { terms }
    }

    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    pub fn find(&self, term: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.term == term)
    }

    /// A reader of one page: each term is spelled out once, at its first use on the page.
    pub fn explainer(self) -> Explainer {
        let mut longest_first: Vec<usize> = (0..self.terms.len()).collect();
        longest_first.sort_by_key(|&i| std::cmp::Reverse(self.terms[i].term.chars().count()));
        Explainer {
            glossary: self,
            longest_first,
            seen: HashSet::new(),
        }
    }
}

/// Explains the terms of one page's texts, read in the page's order.
#[derive(Debug)]
pub struct Explainer {
    glossary: Glossary,
    /// Positions in the glossary, longest term first: "réhabilitation psychosociale" before
    /// any shorter term it could hold.
    longest_first: Vec<usize>,
    /// The terms already met on the page.
    seen: HashSet<usize>,
}

impl Explainer {
    /// The text as HTML, escaped, with its terms explained: "TCD (thérapie comportementale
    /// dialectique)" the first time, `<abbr title="…">TCD</abbr>` after; a phrase's first use
    /// links to its entry. An acronym the text itself spells out, "… (CAC)", is only marked.
    pub fn html(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 32);
        let (mut last, mut at) = (0, 0);
        while at < text.len() {
            if starts_word(text, at)
                && let Some((index, end)) = self.match_at(text, at)
            {
                out.push_str(&escape(&text[last..at]));
                self.render(
                    &mut out,
                    index,
                    &text[at..end],
                    text[..at].ends_with('(') && text[end..].starts_with(')'),
                );
                (last, at) = (end, end);
                continue;
            }
            at += text[at..].chars().next().map_or(1, char::len_utf8);
        }
        out.push_str(&escape(&text[last..]));
        out
    }

    /// The longest term starting at `at` and ending where a word ends: (its position, its end).
    fn match_at(&self, text: &str, at: usize) -> Option<(usize, usize)> {
        let rest = &text[at..];
        self.longest_first.iter().find_map(|&index| {
            let term = &self.glossary.terms[index];
            let end = if term.is_acronym() {
                rest.starts_with(term.term.as_str()).then_some(term.term.len())?
            } else {
                let count = term.term.chars().count();
                let len: usize = rest.chars().take(count).map(char::len_utf8).sum();
                (rest[..len].to_lowercase() == term.term.to_lowercase()).then_some(len)?
            };
            let ends_word = rest[end..].chars().next().is_none_or(|c| !is_word(c));
            ends_word.then_some((index, at + end))
        })
    }

    fn render(&mut self, out: &mut String, index: usize, written: &str, spelled_out_by_text: bool) {
        let term = &self.glossary.terms[index];
        let first = self.seen.insert(index);
        let (written, meaning) = (escape(written), escape(&term.meaning));
        match (term.is_acronym(), first && !spelled_out_by_text) {
            (true, true) => out.push_str(&format!("{written} ({meaning})")),
            (true, false) => out.push_str(&format!("<abbr title=\"{meaning}\">{written}</abbr>")),
            (false, true) => out.push_str(&format!(
                "<a href=\"/glossaire#{}\" class=\"glossary-link\">{written}</a>",
                term.anchor()
            )),
            (false, false) => out.push_str(&written),
        }
    }
}

/// Letters, digits and the hyphen make words: "GREMO-PASS" holds no "PASS" of its own.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

fn starts_word(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_none_or(|c| !is_word(c))
}

/// The text safe inside an element or a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A term or meaning the CCOMS typed, trimmed, or the French message for its field.
pub fn check_entry(term: &str, meaning: &str) -> Result<(String, String), crate::domain::FieldError> {
    use crate::domain::FieldError;
    let (term, meaning) = (term.trim(), meaning.split_whitespace().collect::<Vec<_>>().join(" "));
    if term.is_empty() {
        return Err(FieldError::new("terme", "Écrivez le sigle ou le mot à expliquer."));
    }
    if term.chars().count() > MAX_TERM_CHARS || !term.chars().any(char::is_alphanumeric) {
        return Err(FieldError::new(
            "terme",
            format!("Écrivez un sigle ou un mot de {MAX_TERM_CHARS} caractères au plus."),
        ));
    }
    if meaning.is_empty() {
        return Err(FieldError::new(
            "definition",
            "Écrivez ce que veut dire ce terme, en mots simples.",
        ));
    }
    if meaning.chars().count() > MAX_MEANING_CHARS {
        return Err(FieldError::new(
            "definition",
            format!("L'explication doit tenir en {MAX_MEANING_CHARS} caractères au plus."),
        ));
    }
    Ok((term.to_string(), meaning))
}
