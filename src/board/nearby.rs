//! « Offres proches » under an offer (issue 23): up to four open offers, those of the same
//! département first (the same licence's track first among them), then the nearest. Read from
//! the board's index in memory, so an offer's page costs no search query; and from the
//! index's département lists and squares, so that it reads a few hundred offers, not all.

use super::filter::Circle;
use super::{Index, OfferSummary};
use crate::domain::fiche::Track;
use crate::domain::geo::Point;
use crate::domain::geo::territory::DEPARTEMENTS;

/// How many nearby offers an offer's page shows.
pub const NEARBY: usize = 4;

/// The offer the page shows, as the choice reads it.
#[derive(Debug, Clone, Copy)]
pub struct Near<'a> {
    pub id: i64,
    pub departement: &'a str,
    /// The region's code: without a point, the same region stands for "near".
    pub region: Option<&'a str>,
    pub point: Option<Point>,
    pub track: Option<Track>,
}

/// The circles, in kilometres, that the offers outside the département are looked for in, the
/// next one only when a circle holds too few; the last holds mainland France.
const RADII_KM: [f64; 6] = [30.0, 60.0, 120.0, 250.0, 500.0, 1_200.0];

impl Index {
    /// « Offres proches » of an offer, open or closed: [`nearby`] among its département's open
    /// offers and, when those are too few, the nearest others around its place (the smallest
    /// circle holding enough of them holds the nearest), or without a place its region's.
    pub fn nearby(&self, of: &Near<'_>) -> Vec<&OfferSummary> {
        let docs = self.text.docs();
        let of_departement = |code: &str| self.by_departement.get(code).map_or(&[][..], Vec::as_slice);
        let mut positions = of_departement(of.departement).to_vec();
        let in_departement = positions.iter().filter(|&&doc| docs[doc as usize].id != of.id).count();
        let wanted = NEARBY.saturating_sub(in_departement);
        match of.point {
            _ if wanted == 0 => {}
            Some(point) => {
                for radius in RADII_KM {
                    let circle = Circle::new(point, radius);
                    let around = self.grid.in_box(&circle);
                    let outside = around.iter().filter(|&&doc| {
                        let offer = &docs[doc as usize];
                        offer.employer.departement_code != of.departement
                            && offer.point.is_some_and(|p| circle.distance_km(p).is_some())
                    });
                    if outside.count() >= wanted || radius == RADII_KM[RADII_KM.len() - 1] {
                        positions.extend(around);
                        break;
                    }
                }
            }
            None => {
                let region = DEPARTEMENTS
                    .iter()
                    .filter(|d| Some(d.region_code) == of.region && d.code != of.departement);
                region.for_each(|d| positions.extend_from_slice(of_departement(d.code)));
            }
        }
        positions.sort_unstable();
        positions.dedup();
        nearby(positions.iter().map(|&doc| &docs[doc as usize]), of)
    }

    /// Where an open offer is, if the index holds it and knows its place.
    pub fn point_of(&self, id: i64) -> Option<Point> {
        let at = *self.positions.get(&id)?;
        self.text.docs()[at as usize].point
    }
}

/// The nearby offers among `offers` (open ones), best first.
pub fn nearby<'a>(offers: impl IntoIterator<Item = &'a OfferSummary>, of: &Near<'_>) -> Vec<&'a OfferSummary> {
    let mut ranked: Vec<(Rank, &OfferSummary)> = offers
        .into_iter()
        .filter(|o| o.id != of.id)
        .filter_map(|o| rank(o, of).map(|r| (r, o)))
        .collect();
    let by_rank = |a: &(Rank, &OfferSummary), b: &(Rank, &OfferSummary)| a.0.cmp(&b.0);
    if ranked.len() > NEARBY {
        ranked.select_nth_unstable_by(NEARBY - 1, by_rank);
        ranked.truncate(NEARBY);
    }
    ranked.sort_by(by_rank);
    ranked.into_iter().map(|(_, o)| o).collect()
}

/// Smaller is nearer: (other département, other track, metres away) inside the département;
/// outside it, the distance comes before the track, since a far offer of the same track helps
/// no one who cannot move. Without points, only the département and the region are known.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    elsewhere: bool,
    first: u64,
    second: u64,
    id: i64,
}

fn rank(offer: &OfferSummary, of: &Near<'_>) -> Option<Rank> {
    let departement = offer.employer.departement_code.as_str();
    let other_track = u64::from(offer.track != of.track);
    let metres = match (offer.point, of.point) {
        (Some(a), Some(b)) => (a.distance_km(b) * 1000.0) as u64,
        _ => u64::MAX,
    };
    if departement == of.departement {
        return Some(Rank {
            elsewhere: false,
            first: other_track,
            second: metres,
            id: offer.id,
        });
    }
    if metres == u64::MAX {
        // No distance to compare: the same region only, so "proche" stays true.
        let region = offer.employer.region().map(|r| r.code);
        return (of.region.is_some() && region == of.region).then_some(Rank {
            elsewhere: true,
            first: other_track,
            second: u64::MAX,
            id: offer.id,
        });
    }
    Some(Rank {
        elsewhere: true,
        first: metres,
        second: other_track,
        id: offer.id,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::domain::fiche::{Employer, Quotite, WorkingTime};

    fn offer(id: i64, departement: &str, track: Option<Track>, point: Option<(f64, f64)>) -> OfferSummary {
        OfferSummary {
            id,
            slug: format!("o{id}").into(),
            title: "MSP".into(),
            employer: Arc::new(Employer {
                id,
                name: "CH".into(),
                legal_name: "CH".into(),
                is_public: true,
                street: String::new(),
                postal_code: String::new(),
                commune: String::new(),
                departement_code: departement.into(),
                article: None,
            }),
            working_time: WorkingTime {
                quotite: Quotite::AConvenir,
                percent: None,
                percent_max: None,
                adaptable: false,
                note: String::new(),
            },
            track,
            deadline: None,
            published_at: None,
            updated_at: None,
            point: point.map(|(lat, lon)| Point::from_degrees(lat, lon)),
        }
    }

    fn ids(found: Vec<&OfferSummary>) -> Vec<i64> {
        found.into_iter().map(|o| o.id).collect()
    }

    const PARIS: (f64, f64) = (48.8566, 2.3522);

    #[test]
    fn the_same_departement_comes_first_and_its_same_track_before_the_others() {
        let offers = [
            offer(1, "75", Some(Track::Bobigny), Some(PARIS)),
            offer(2, "75", Some(Track::Bordeaux), Some((48.86, 2.35))),
            offer(3, "92", Some(Track::Bobigny), Some((48.85, 2.36))),
            offer(4, "75", Some(Track::Bobigny), Some((48.90, 2.30))),
            offer(5, "13", Some(Track::Bobigny), Some((43.3, 5.4))),
            offer(6, "69", None, Some((45.76, 4.83))),
        ];
        let of = Near {
            id: 1,
            departement: "75",
            region: Some("11"),
            point: Some(Point::from_degrees(PARIS.0, PARIS.1)),
            track: Some(Track::Bobigny),
        };
        assert_eq!(
            ids(nearby(&offers, &of)),
            vec![4, 2, 3, 6],
            "Lyon is nearer Paris than Marseille"
        );
    }

    #[test]
    fn without_a_place_only_the_departement_and_the_region_count() {
        let offers = [
            offer(1, "93", Some(Track::Bobigny), None),
            offer(2, "94", None, None),
            offer(3, "13", Some(Track::Bobigny), None),
            offer(4, "93", None, None),
        ];
        let of = Near {
            id: 9,
            departement: "93",
            region: Some("11"),
            point: None,
            track: Some(Track::Bobigny),
        };
        assert_eq!(ids(nearby(&offers, &of)), vec![1, 4, 2]);
        assert!(nearby(&[], &of).is_empty());
    }

    /// The index's walk of a département and widening circles chooses what a walk of every
    /// open offer chooses, for offers with a place, whether the département holds enough or not.
    #[test]
    fn the_index_chooses_what_a_walk_of_every_offer_chooses() {
        let today = time::macros::date!(2026 - 12 - 01);
        let mut builder = crate::board::IndexBuilder::new(today);
        for id in 0..400i64 {
            // Few offers in most départements, many in the first ones; places all over France.
            let departement = DEPARTEMENTS[(id % 7 + id % 90 * (id % 3)) as usize % 96].code;
            let place = (
                42.5 + (id * 37 % 85) as f64 / 10.0,
                -4.0 + (id * 53 % 120) as f64 / 10.0,
            );
            let track = [None, Some(Track::Bobigny), Some(Track::Bordeaux)][(id % 3) as usize];
            let mut summary = offer(id, departement, track, Some(place));
            summary.deadline = Some(today);
            builder.add(summary, "", "");
        }
        let index = builder.finish(1);
        for summary in index.text.docs() {
            let of = Near {
                id: summary.id,
                departement: &summary.employer.departement_code,
                region: summary.employer.region().map(|r| r.code),
                point: index.point_of(summary.id),
                track: summary.track,
            };
            assert_eq!(
                ids(index.nearby(&of)),
                ids(nearby(index.text.docs(), &of)),
                "{}",
                summary.id
            );
            assert_eq!(index.nearby(&of).len(), NEARBY);
        }
    }
}
