//! The icon set: a few line drawings on a 24-unit grid, inlined in the page (no font, no third
//! party, nothing to download). Icons are decoration next to words that say the same thing, so
//! they are hidden from screen readers; they take the colour and size of the text around them.

macro_rules! icons {
    ($($name:literal => $shapes:literal),+ $(,)?) => {
        /// Every icon's name, for the style guide.
        pub const NAMES: &[&str] = &[$($name),+];

        /// The icon's SVG markup (`{{ crate::web::icons::icon("download")|safe }}` in a template);
        /// an unknown name draws nothing, and a test checks every name the templates use.
        pub fn icon(name: &str) -> &'static str {
            match name {
                $($name => concat!(
                    r#"<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">"#,
                    $shapes,
                    "</svg>"
                ),)+
                _ => "",
            }
        }
    };
}

icons! {
    "fleche" => r#"<path d="M5 12h14M13 6l6 6-6 6"/>"#,
    "telecharger" => r#"<path d="M12 4v11M7 10l5 5 5-5M5 20h14"/>"#,
    "calendrier" => r#"<rect x="4" y="5" width="16" height="15" rx="2"/><path d="M4 10h16M9 3v4M15 3v4"/>"#,
    "lieu" => r#"<path d="M12 21s-7-6.2-7-11a7 7 0 0 1 14 0c0 4.8-7 11-7 11z"/><circle cx="12" cy="10" r="2.5"/>"#,
    "horloge" => r#"<circle cx="12" cy="12" r="8"/><path d="M12 8v4l3 2"/>"#,
    "valide" => r#"<path d="M5 12.5l4.5 4.5L19 7.5"/>"#,
    "alerte" => r#"<path d="M12 4l9 16H3z"/><path d="M12 10v4M12 17.5v.01"/>"#,
    "info" => r#"<circle cx="12" cy="12" r="9"/><path d="M12 11v6M12 7.5v.01"/>"#,
    "personne" => r#"<circle cx="12" cy="8" r="4"/><path d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7"/>"#,
    "courriel" => r#"<rect x="3" y="5" width="18" height="14" rx="2"/><path d="M3 7l9 6 9-6"/>"#,
    "document" => r#"<path d="M6 3h8l4 4v14H6z"/><path d="M14 3v4h4"/>"#,
    "imprimer" => r#"<path d="M7 9V3h10v6"/><rect x="3" y="9" width="18" height="8" rx="2"/><path d="M7 14h10v7H7z"/>"#,
    "chercher" => r#"<circle cx="11" cy="11" r="6"/><path d="M20 20l-4.5-4.5"/>"#,
    "ajouter" => r#"<path d="M12 5v14M5 12h14"/>"#,
    "supprimer" => r#"<path d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13"/>"#,
    "cadenas" => r#"<rect x="5" y="11" width="14" height="10" rx="2"/><path d="M8 11V8a4 4 0 0 1 8 0v3"/>"#,
    "flux" => r#"<path d="M5 5a14 14 0 0 1 14 14M5 11a8 8 0 0 1 8 8"/><circle cx="6" cy="18" r="1.5"/>"#,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_icon_is_a_hidden_svg() {
        for name in NAMES {
            let svg = icon(name);
            assert!(
                svg.starts_with(r#"<svg class="icon""#) && svg.contains(r#"aria-hidden="true""#),
                "{name}"
            );
            assert_eq!(svg.matches('<').count(), svg.matches('>').count(), "{name}");
        }
        assert_eq!(icon("inconnu"), "");
    }
}
