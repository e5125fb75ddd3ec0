//! What the board's searches filter offers by besides their words: the deadline, the
//! département, region, working time and track, and a circle around a place.

use std::collections::HashMap;

use time::Date;

use super::OfferSummary;
use crate::domain::fiche::{Quotite, Track};
use crate::domain::geo::territory::{DEPARTEMENTS, REGIONS};
use crate::domain::geo::{EARTH_RADIUS_KM, Point};
use crate::domain::offer_query::OfferQuery;

/// An offer's filter values as small integers: positions in `DEPARTEMENTS`, `REGIONS`,
/// `Quotite::ALL` and `Track::ALL` ([`UNKNOWN`] for a code not in them), the deadline as a
/// Julian day. A search checks thousands of offers, and these fit in the processor's cache
/// where the summaries do not.
#[derive(Clone, Copy)]
pub(super) struct Meta {
    deadline: i32,
    point: Option<Point>,
    departement: u8,
    region: u8,
    quotite: u8,
    track: u8,
}

const UNKNOWN: u8 = u8::MAX;

fn position<T>(items: &[T], found: impl Fn(&T) -> bool) -> u8 {
    items
        .iter()
        .position(found)
        .and_then(|i| u8::try_from(i).ok())
        .unwrap_or(UNKNOWN)
}

impl Meta {
    pub(super) fn of(summary: &OfferSummary) -> Meta {
        Meta {
            deadline: summary.deadline.map_or(i32::MIN, Date::to_julian_day),
            point: summary.point,
            departement: position(DEPARTEMENTS, |d| d.code == summary.employer.departement_code),
            region: summary
                .employer
                .region()
                .map_or(UNKNOWN, |region| position(REGIONS, |r| r.code == region.code)),
            quotite: position(&Quotite::ALL, |q| *q == summary.working_time.quotite),
            track: position(&Track::ALL, |t| Some(*t) == summary.track),
        }
    }

    /// An offer taken out of the index: no search admits it any more.
    pub(super) fn close(&mut self) {
        self.deadline = i32::MIN;
    }
}

/// A search's filters as [`Meta`] holds them, with its circle computed once.
pub(super) struct Filter {
    today: i32,
    departement: Option<u8>,
    region: Option<u8>,
    quotite: Option<u8>,
    track: Option<u8>,
    pub(super) near: Option<Circle>,
}

impl Filter {
    /// Whether the search keeps every offer the index holds: no filter but the day, whose
    /// passed offers the index has already taken out (`Index::on_day`).
    pub(super) fn keeps_every_offer(&self) -> bool {
        self.departement.is_none()
            && self.region.is_none()
            && self.quotite.is_none()
            && self.track.is_none()
            && self.near.is_none()
    }
}

pub(super) struct Circle {
    centre: Point,
    radius: f64,
    /// The corners of a box around the circle.
    low: Point,
    high: Point,
}

impl Circle {
    pub(super) fn new(centre: Point, radius: f64) -> Circle {
        let (low, high) = centre.bounding_box(radius);
        Circle {
            centre,
            radius,
            low,
            high,
        }
    }

    /// The nearest and farthest any point of a square may be from the centre, in kilometres,
    /// a little wider than exact: the haversine of the distance is a sum of two terms, each
    /// bounded on its own by the square's edges (the latitudes' cosine is highest at the
    /// equator and lowest at the edge nearest a pole).
    pub(super) fn square_km(&self, (lat, lon): (i32, i32)) -> (f64, f64) {
        let degrees = |e6: i32| f64::from(e6) / 1e6;
        let span = |centre: i32, cell: i32| {
            let (low, high) = (degrees(cell * CELL), degrees((cell + 1) * CELL));
            let centre = degrees(centre);
            let far = (centre - low).abs().max((centre - high).abs());
            let near = if (low..=high).contains(&centre) {
                0.0
            } else {
                (centre - low).abs().min((centre - high).abs())
            };
            (near.to_radians(), far.to_radians(), low, high)
        };
        let (lat_near, lat_far, low, high) = span(self.centre.lat_e6, lat);
        let (lon_near, lon_far, _, _) = span(self.centre.lon_e6, lon);
        let cos_centre = self.centre.lat().to_radians().cos();
        let (cos_low, cos_high) = (low.to_radians().cos(), high.to_radians().cos());
        let cos_max = if (low..=high).contains(&0.0) {
            1.0
        } else {
            cos_low.max(cos_high)
        };
        let half_sin2 = |angle: f64| (angle / 2.0).sin().powi(2);
        let km = |a: f64| 2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin();
        let nearest = km(half_sin2(lat_near) + cos_centre * cos_low.min(cos_high) * half_sin2(lon_near));
        let farthest = km(half_sin2(lat_far) + cos_centre * cos_max * half_sin2(lon_far));
        (nearest - SQUARE_MARGIN_KM, farthest + SQUARE_MARGIN_KM)
    }

    pub(super) fn radius(&self) -> f64 {
        self.radius
    }

    /// Whether a point is in the circle, and how far from its centre.
    pub(super) fn distance_km(&self, point: Point) -> Option<f64> {
        let km = self.centre.distance_km(point);
        (km <= self.radius).then_some(km)
    }
}

impl Filter {
    pub(super) fn of(query: &OfferQuery, today: Date) -> Filter {
        Filter {
            today: today.to_julian_day(),
            departement: query.departement.map(|d| position(DEPARTEMENTS, |x| x.code == d.code)),
            region: query.region.map(|r| position(REGIONS, |x| x.code == r.code)),
            quotite: query.quotite.map(|q| position(&Quotite::ALL, |x| *x == q)),
            track: query.track.map(|t| position(&Track::ALL, |x| *x == t)),
            near: query
                .near
                .as_ref()
                .map(|near| Circle::new(near.place.commune.point, f64::from(near.radius_km))),
        }
    }

    /// Whether an offer passes the filters: `None` if not, else its distance in kilometres
    /// around the search's place, if it has one.
    pub(super) fn admits(&self, meta: &Meta) -> Option<Option<f64>> {
        if !self.admits_but_distance(meta) {
            return None;
        }
        match (&self.near, meta.point) {
            (None, _) => Some(None),
            (Some(near), Some(point)) => near.distance_km(point).map(Some),
            (Some(_), None) => None,
        }
    }

    /// Whether an offer passes every filter but the circle's exact distance (its box is
    /// checked): enough for an offer of a square wholly inside the circle.
    pub(super) fn admits_but_distance(&self, meta: &Meta) -> bool {
        let differs = |wanted: Option<u8>, value: u8| wanted.is_some_and(|w| w != value);
        if meta.deadline < self.today
            || differs(self.departement, meta.departement)
            || differs(self.region, meta.region)
            || differs(self.quotite, meta.quotite)
            || differs(self.track, meta.track)
        {
            return false;
        }
        let Some(near) = &self.near else {
            return true;
        };
        // The box first: integer comparisons, and most offers of the squares are outside it.
        meta.point.is_some_and(|point| {
            (near.low.lat_e6..=near.high.lat_e6).contains(&point.lat_e6)
                && (near.low.lon_e6..=near.high.lon_e6).contains(&point.lon_e6)
        })
    }
}

/// The offers by square of [`CELL`] millionths of a degree: a search around a place reads the
/// squares its circle touches, not every offer.
#[derive(Default, Clone)]
pub(super) struct Grid {
    /// Positions of the offers, ascending, in each square.
    cells: HashMap<(i32, i32), Vec<u32>>,
}

/// A quarter of a degree: about 28 km north to south, 18 km east to west in France.
const CELL: i32 = 250_000;

/// Widens a square's distances against rounding: far above the haversine's error, far below
/// a kilometre shown.
const SQUARE_MARGIN_KM: f64 = 1e-6;

fn cell_of(point: Point) -> (i32, i32) {
    (point.lat_e6.div_euclid(CELL), point.lon_e6.div_euclid(CELL))
}

impl Grid {
    /// Adds an offer, at a position above every position added before.
    pub(super) fn add(&mut self, doc: u32, point: Point) {
        self.cells.entry(cell_of(point)).or_default().push(doc);
    }

    /// The squares a circle's box touches, with their offers (ascending positions).
    pub(super) fn squares(&self, circle: &Circle) -> impl Iterator<Item = ((i32, i32), &[u32])> {
        let (low, high) = (cell_of(circle.low), cell_of(circle.high));
        (low.0..=high.0)
            .flat_map(move |lat| (low.1..=high.1).map(move |lon| (lat, lon)))
            .filter_map(|cell| self.cells.get(&cell).map(|docs| (cell, docs.as_slice())))
    }

    /// Takes an offer out of its square.
    pub(super) fn remove(&mut self, doc: u32, point: Point) {
        if let Some(cell) = self.cells.get_mut(&cell_of(point)) {
            cell.retain(|&d| d != doc);
        }
    }

    /// The offers of the squares a circle's box touches, ascending.
    pub(super) fn in_box(&self, circle: &Circle) -> Vec<u32> {
        let (low, high) = (cell_of(circle.low), cell_of(circle.high));
        let mut docs = Vec::new();
        for lat in low.0..=high.0 {
            for lon in low.1..=high.1 {
                if let Some(cell) = self.cells.get(&(lat, lon)) {
                    docs.extend_from_slice(cell);
                }
            }
        }
        docs.sort_unstable();
        docs
    }
}
