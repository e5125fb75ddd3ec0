//! A demo fiche against the seed it copies, word for word once case, accents, punctuation and
//! line breaks are folded away: what the fiche shows must be in the seed, and what the seed says
//! must be in the fiche.

use msp::domain::fiche::Offer;

/// Lower case, no accents, words only, one space apart and one at each end, so that a phrase
/// is only ever found as whole words.
pub fn fold(text: &str) -> String {
    let folded = msp::domain::text::fold(text);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    format!(" {} ", words.join(" "))
}

/// A seed's text up to its contacts (real people: the demo invents its own), e-mail addresses
/// replaced by "[adresse]" for the same reason, folded, with the seed's slips corrected as the
/// demo corrects them; each correction must meet its slip, so that the list stays honest.
pub fn seed_text(raw: &str, contacts_from: &str, corrections: &[(&str, &str)]) -> String {
    let (before, _) = raw.split_once(contacts_from).expect("the seed names its contacts");
    // An address wrapped at its hyphen is one word again, so that it is found and left out.
    let joined = before.replace("-\n", "-");
    let words: Vec<&str> = joined
        .split_whitespace()
        .map(|word| if word.contains('@') { "[adresse]" } else { word })
        .collect();
    let mut text = fold(&words.join(" "));
    for (slip, fixed) in corrections {
        let (slip, fixed) = (fold(slip), fold(fixed));
        assert!(
            text.contains(&slip),
            "the correction of «{slip}» meets nothing in the seed"
        );
        text = text.replace(&slip, &fixed);
    }
    text
}

/// Every piece of text the demo fiche shows as the seed's, sentence by sentence, with the facts
/// it states in words; `invented` names the fields the demo made up, which are not the seed's.
pub fn pieces(offer: &Offer, invented: &[String]) -> Vec<String> {
    let c = &offer.content;
    let said = |field: &str| !invented.iter().any(|f| f == field);
    let mut texts: Vec<&str> = vec![&offer.employer.name, &c.title, &c.grade, &c.pole, &c.service, &c.unit];
    texts.extend([&c.place, &c.context, &c.public_served, &c.working_time.note].map(String::as_str));
    texts.extend([&c.diploma, &c.training, &c.how_to_apply, &c.start_note].map(String::as_str));
    texts.extend(c.sites.iter().map(String::as_str));
    for group in &c.missions {
        texts.push(&group.title);
        texts.extend(group.items.iter().map(String::as_str));
    }
    for (_, items) in c.competences.groups() {
        texts.extend(items.iter().map(String::as_str));
    }
    let e = &offer.employer;
    for (field, value) in [
        ("establishment.legal_name", &e.legal_name),
        ("establishment.street", &e.street),
        ("establishment.postal_code", &e.postal_code),
        ("establishment.commune", &e.commune),
        ("apply_email", &c.apply_email),
        ("apply_url", &c.apply_url),
    ] {
        if said(field) {
            texts.push(value);
        }
    }
    if said("contacts") {
        for person in &c.contacts {
            texts.extend([&person.name, &person.role, &person.phone, &person.email].map(String::as_str));
        }
    }
    let mut pieces: Vec<String> = texts.into_iter().flat_map(sentences).collect();
    pieces.push(c.working_time.quotite.label().to_string());
    pieces.extend(c.working_time.percent.map(|p| format!("{p} %")));
    if c.working_time.adaptable {
        pieces.push("adaptable".into());
    }
    pieces.push(c.public_post.nature_label().to_string());
    pieces.extend(c.track.map(|t| t.as_str().to_string()));
    pieces.retain(|piece| !fold(piece).trim().is_empty());
    pieces
}

/// A text's sentences, and the parts of a heading joined by a dash.
fn sentences(text: &str) -> Vec<String> {
    text.split(". ")
        .flat_map(|part| part.split(" – "))
        .flat_map(str::lines)
        .map(|part| part.trim().to_string())
        .collect()
}

/// What remains of the seed once every piece is taken out (the longest first), in the seed's
/// order: the headings and what the demo does not carry.
pub fn left_after(seed: &str, pieces: &[String]) -> Vec<String> {
    let mut folded: Vec<String> = pieces.iter().map(|piece| fold(piece)).collect();
    folded.sort_by_key(|piece| std::cmp::Reverse(piece.len()));
    let mut text = seed.to_string();
    for piece in folded {
        // Two occurrences side by side share a space: take them out until none is left.
        while text.contains(&piece) {
            text = text.replace(&piece, " | ");
        }
    }
    text.split('|')
        .map(|part| part.trim().to_string())
        .filter(|part| !part.is_empty())
        .collect()
}
