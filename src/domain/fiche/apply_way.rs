//! The one way to apply an offer's page shows first, as its « Postuler » button (issue 23):
//! the platform's form when the fiche says so, else the establishment's own page, else the
//! e-mail address; the section « Comment postuler » keeps the others, second.

use super::FicheContent;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplyWay<'a> {
    /// The platform's form, `/offres/{slug}/candidater`.
    Platform,
    /// The establishment's own page, an `https://` address.
    Website(&'a str),
    Email(&'a str),
    /// Only the written instructions of « Comment postuler ».
    Instructions,
}

impl FicheContent {
    pub fn first_apply_way(&self) -> ApplyWay<'_> {
        if self.apply_on_platform {
            ApplyWay::Platform
        } else if !self.apply_url.is_empty() {
            ApplyWay::Website(&self.apply_url)
        } else if !self.apply_email.is_empty() {
            ApplyWay::Email(&self.apply_email)
        } else {
            ApplyWay::Instructions
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_platform_comes_first_then_the_establishments_page_then_the_mail() {
        let mut content = FicheContent {
            apply_url: "https://ch.example/recrutement".into(),
            apply_email: "rh@ch.example".into(),
            ..FicheContent::default()
        };
        assert_eq!(content.first_apply_way(), ApplyWay::Platform);
        content.apply_on_platform = false;
        assert_eq!(
            content.first_apply_way(),
            ApplyWay::Website("https://ch.example/recrutement")
        );
        content.apply_url.clear();
        assert_eq!(content.first_apply_way(), ApplyWay::Email("rh@ch.example"));
        content.apply_email.clear();
        assert_eq!(content.first_apply_way(), ApplyWay::Instructions);
    }
}
