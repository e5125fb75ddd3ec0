//! How easy a French text is to read (issue 23, « En bref »): the Kandel–Moles adaptation of
//! Flesch's score to French, 207 − 1.015 × words per sentence − 73.6 × syllables per word,
//! with a French syllable counter. Higher is easier; everyday plain French scores about 60 to
//! 80, an administrative text often below 40. The editor shows it in words, never as a number
//! to chase: a hint, not a rule.

/// A text's measure and what the editor says of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Readability {
    pub sentences: usize,
    pub words: usize,
    pub syllables: usize,
    pub score: f64,
}

impl Readability {
    /// None for a text without a word.
    pub fn of(text: &str) -> Option<Readability> {
        let sentences = sentences(text);
        let words: Vec<&str> = sentences.iter().flat_map(|s| words(s)).collect();
        if words.is_empty() {
            return None;
        }
        let syllables: usize = words.iter().map(|w| syllables(w)).sum();
        let (n_sentences, n_words) = (sentences.len().max(1) as f64, words.len() as f64);
        let score = 207.0 - 1.015 * (n_words / n_sentences) - 73.6 * (syllables as f64 / n_words);
        Some(Readability {
            sentences: sentences.len(),
            words: words.len(),
            syllables,
            score,
        })
    }

    /// The score in plain words.
    pub fn verdict(&self) -> &'static str {
        if self.score >= 60.0 {
            "facile à lire"
        } else if self.score >= 40.0 {
            "assez difficile : des phrases plus courtes et des mots plus simples ?"
        } else {
            "difficile à lire : coupez les longues phrases, remplacez les sigles et les mots savants"
        }
    }

    /// What the sentence count asks, when it is not three to five.
    pub fn length_advice(&self) -> Option<String> {
        match self.sentences {
            0..=2 => Some(format!(
                "{} : écrivez trois à cinq phrases.",
                crate::domain::french::count_f(self.sentences, "phrase", "phrases")
            )),
            3..=5 => None,
            n => Some(format!("{n} phrases : gardez les cinq plus importantes.")),
        }
    }
}

/// The sentences: text ended by ".", "!", "?" or "…" followed by a space or the end, or by a
/// line break. Each holds at least one word.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let ends = matches!(c, '.' | '!' | '?' | '…') && next.is_none_or(char::is_whitespace) || c == '\n';
        if ends {
            let end = at + c.len_utf8();
            found.push(&text[start..end]);
            start = end;
        }
    }
    found.push(&text[start..]);
    found.retain(|s| !words(s).is_empty());
    found
}

/// The words: runs of letters (a hyphen joins them); an elided article or pronoun ("l'",
/// "qu'") is part of the next word, as it is said with it.
pub fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphabetic() || c == '-' || c == '\'' || c == '’'))
        .flat_map(|w| w.rsplit(['\'', '’']).next())
        .map(|w| w.trim_matches('-'))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect()
}

fn is_vowel(c: char) -> bool {
    "aeiouyàâäéèêëîïôöùûüÿœæ".contains(c)
}

/// French syllables as spoken: groups of vowels, less a final mute "e" or "es" ("porte",
/// "portes": one) and the mute "e" of "-ement" ("rétablissement": four), never fewer than one.
pub fn syllables(word: &str) -> usize {
    let word = word.to_lowercase();
    let mut groups = 0;
    let mut in_vowels = false;
    for c in word.chars() {
        let vowel = is_vowel(c);
        if vowel && !in_vowels {
            groups += 1;
        }
        in_vowels = vowel;
    }
    let mute = (word.ends_with('e') || word.ends_with("es")) && !word.ends_with("ée") && !word.ends_with("ées");
    let before_e = word.trim_end_matches('s').trim_end_matches('e');
    let mute = mute && before_e.chars().next_back().is_some_and(|c| !is_vowel(c));
    let groups = groups - usize::from(word.ends_with("ement") && groups > 2);
    (groups - usize::from(mute && groups > 1)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_are_counted_as_spoken() {
        for (word, expected) in [
            ("chat", 1),
            ("porte", 1),
            ("portes", 1),
            ("équipe", 2),
            ("médiateur", 3),
            ("santé", 2),
            ("rétablissement", 4),
            ("lentement", 2),
            ("psychiatrie", 3),
            ("année", 2),
            ("le", 1),
            ("y", 1),
        ] {
            assert_eq!(syllables(word), expected, "{word}");
        }
    }

    #[test]
    fn sentences_and_words_are_split_as_a_reader_sees_them() {
        let text = "Vous travaillez à l'hôpital. Vous aidez les patients !\nVous êtes formé…";
        assert_eq!(sentences(text).len(), 3);
        assert_eq!(
            words("l'équipe d'accueil, est-ce vrai ?"),
            vec!["équipe", "accueil", "est-ce", "vrai"]
        );
        assert_eq!(sentences("3,5 jours. Ok").len(), 2, "a decimal comma ends nothing");
        assert!(Readability::of(" . ! ").is_none());
    }

    #[test]
    fn plain_short_sentences_read_easily_and_jargon_does_not() {
        let plain = Readability::of(
            "Vous rejoignez une équipe de soin. Vous aidez les gens à aller mieux. Vous parlez de votre vie. Vous êtes payé pendant la formation.",
        )
        .expect("words");
        assert_eq!(plain.sentences, 4);
        assert_eq!(plain.verdict(), "facile à lire", "{}", plain.score);
        assert_eq!(plain.length_advice(), None);
        let dense = Readability::of(
            "Le médiateur de santé-pair participe à l'élaboration institutionnelle des dispositifs d'accompagnement pluridisciplinaires orientés rétablissement, en articulation avec les partenaires sanitaires, médico-sociaux et associatifs du territoire intersectoriel.",
        )
        .expect("words");
        assert!(dense.score < 40.0, "{}", dense.score);
        assert!(dense.verdict().starts_with("difficile"));
        assert_eq!(
            dense.length_advice().as_deref(),
            Some("1 phrase : écrivez trois à cinq phrases.")
        );
    }

    #[test]
    fn the_score_follows_the_kandel_moles_formula() {
        // 2 sentences, 7 words, 10 syllables (mé-dia-teur, tra-vaille).
        let r = Readability::of("Le chat dort. Un médiateur travaille bien.").expect("words");
        assert_eq!((r.sentences, r.words, r.syllables), (2, 7, 10));
        let expected = 207.0 - 1.015 * 3.5 - 73.6 * 10.0 / 7.0;
        assert!((r.score - expected).abs() < 1e-9);
        assert_eq!(
            Readability::of("Un. Deux. Trois. Quatre. Cinq. Six.")
                .expect("words")
                .length_advice()
                .as_deref(),
            Some("6 phrases : gardez les cinq plus importantes.")
        );
    }
}
