//! Pay, from one place: the civil service's index point (its value and since when), what an
//! offer's pay reads, and the CCOMS's recommended grades with the figures it gives for them.

use time::Date;
use time::macros::date;

use super::FicheContent;
use super::terms::thousands;

/// The monthly gross value of the index point (58,2004 € a year since 1 July 2023), the default
/// of `MSP_INDEX_POINT_EUROS`: when the government changes it, the configuration follows.
pub const INDEX_POINT_MONTHLY_EUROS: f64 = 4.850033;
pub const INDEX_POINT_SINCE: Date = date!(2023 - 07 - 01);

/// The grades the CCOMS recommends (seed 004, "Qui recrute ?"), with the monthly gross pay it
/// gives for each. These are the CCOMS's own round figures, shown as such: an offer shows the
/// pay its establishment wrote.
pub const RECOMMENDED_GRADES: [(&str, u32); 2] = [
    ("pendant la formation, animateur ou animatrice (catégorie B)", 1850),
    ("après le diplôme, éducateur ou éducatrice (catégorie A)", 2100),
];

/// "1 850 €": a recommended grade's figure as the home page shows it.
pub fn euros(amount: u32) -> String {
    format!("{}\u{a0}€", thousands(amount))
}

/// Monthly gross pay for an index (*indice majoré*) at a value of the index point, rounded to
/// ten euros: "environ 1 820 € brut mensuel (indice majoré 376)".
pub fn pay_text(index: u16, point_value_euros: f64) -> String {
    let euros = (f64::from(index) * point_value_euros / 10.0).round() as u32 * 10;
    format!(
        "environ {}\u{a0}€ brut mensuel (indice majoré {index})",
        thousands(euros)
    )
}

/// The monthly gross pay in euros, or its range, for search engines' `baseSalary`.
pub fn monthly_euros(content: &FicheContent, point_value_euros: f64) -> Option<(u32, Option<u32>)> {
    match (content.pay_index, content.pay_euros) {
        (Some(index), _) => Some(((f64::from(index) * point_value_euros).round() as u32, None)),
        (None, Some(range)) => Some((range.min, range.max.filter(|max| *max > range.min))),
        (None, None) => None,
    }
}

impl FicheContent {
    /// The pay as the offer shows it: from the index when there is one, else the amount in
    /// euros the establishment wrote; `None` when the fiche does not say.
    pub fn pay_text(&self, point_value_euros: f64) -> Option<String> {
        match (self.pay_index, self.pay_euros) {
            (Some(index), _) => Some(pay_text(index, point_value_euros)),
            (None, Some(range)) => Some(range.text()),
            (None, None) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_reads_in_euros_rounded_to_ten_at_the_point_value() {
        assert_eq!(
            pay_text(376, INDEX_POINT_MONTHLY_EUROS),
            "environ 1\u{a0}820\u{a0}€ brut mensuel (indice majoré 376)"
        );
        assert_eq!(
            pay_text(100, 4.92278),
            "environ 490\u{a0}€ brut mensuel (indice majoré 100)"
        );
    }

    #[test]
    fn the_recommended_figures_read_as_the_ccoms() {
        assert_eq!(euros(RECOMMENDED_GRADES[0].1), "1\u{a0}850\u{a0}€");
        assert_eq!(euros(RECOMMENDED_GRADES[1].1), "2\u{a0}100\u{a0}€");
    }
}
