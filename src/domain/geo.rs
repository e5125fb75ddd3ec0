//! Distances and place names: the rules of a search around a place, without the commune table
//! (which is `crate::geo`).

use super::FieldError;
use super::text::fold;

/// The mean radius of the Earth (IUGG), in kilometres.
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// A point in WGS 84, in millionths of a degree: integers compare, hash and travel between
/// SQLite and PostgreSQL unchanged; a millionth of a degree is about 11 cm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Point {
    pub lat_e6: i32,
    pub lon_e6: i32,
}

impl Point {
    pub fn from_degrees(lat: f64, lon: f64) -> Point {
        Point {
            lat_e6: (lat * 1e6).round() as i32,
            lon_e6: (lon * 1e6).round() as i32,
        }
    }

    pub fn lat(self) -> f64 {
        f64::from(self.lat_e6) / 1e6
    }

    pub fn lon(self) -> f64 {
        f64::from(self.lon_e6) / 1e6
    }

    /// The great-circle distance (haversine), in kilometres.
    pub fn distance_km(self, other: Point) -> f64 {
        let (lat1, lat2) = (self.lat().to_radians(), other.lat().to_radians());
        let d_lat = lat2 - lat1;
        let d_lon = (other.lon() - self.lon()).to_radians();
        let a = (d_lat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (d_lon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
    }

    /// A latitude and longitude band holding every point within `km` (and some more, in the
    /// corners): what the database can filter on with an index before the exact distance.
    pub fn bounding_box(self, km: f64) -> (Point, Point) {
        let d_lat = km / 111.0 + 0.01;
        // The widest longitude span is at the latitude nearest the pole within the band.
        let far_lat = (self.lat().abs() + d_lat).min(89.0).to_radians();
        let d_lon = km / (111.32 * far_lat.cos()) + 0.01;
        (
            Point::from_degrees(self.lat() - d_lat, self.lon() - d_lon),
            Point::from_degrees(self.lat() + d_lat, self.lon() + d_lon),
        )
    }
}

/// "à 12 km", "à moins d'1 km": distances are shown to the kilometre; town halls are points,
/// so more precision would only pretend.
pub fn distance_text(km: f64) -> String {
    if km < 1.0 {
        "à moins d'1 km".into()
    } else {
        format!("à {} km", km.round() as u64)
    }
}

/// The radii a search may use, in kilometres.
pub const RADII: [u32; 5] = [10, 25, 50, 100, 200];
/// The radius when a place is given without one.
pub const DEFAULT_RADIUS: u32 = 50;

/// Reads `rayon`: one of [`RADII`].
pub fn parse_radius(text: &str) -> Result<u32, FieldError> {
    let text = text.trim().trim_end_matches("km").trim();
    text.parse::<u32>().ok().filter(|km| RADII.contains(km)).ok_or_else(|| {
        FieldError::new(
            "rayon",
            "Le rayon doit être de 10, 25, 50, 100 ou 200 km : choisissez une de ces distances.",
        )
    })
}

/// The key two spellings of a commune's name share: accents, case, hyphens and apostrophes do
/// not matter, and "St"/"Ste" mean "Saint"/"Sainte" ("st etienne" finds Saint-Étienne).
pub fn name_key(name: &str) -> String {
    fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "st" => "saint",
            "ste" => "sainte",
            w => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a visitor typed in the place field, once read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceText {
    /// "73000".
    PostalCode(String),
    /// "Saint-Denis (97400)", "saint denis 97400": as the suggestions and the choices write it.
    NameAndPostalCode(String, String),
    /// "Chambéry", "st etienne".
    Name(String),
}

/// Longest place name accepted; the longest French commune name has 45 letters.
const MAX_PLACE_CHARS: usize = 100;

/// Reads the `lieu` parameter; `None` when it is empty.
pub fn parse_place(text: &str) -> Result<Option<PlaceText>, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.chars().count() > MAX_PLACE_CHARS {
        return Err(FieldError::new(
            "lieu",
            "Le lieu est trop long : indiquez un code postal ou le nom d'une commune.",
        ));
    }
    let is_postal = |s: &str| s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit());
    if is_postal(text) {
        return Ok(Some(PlaceText::PostalCode(text.into())));
    }
    if text.bytes().all(|b| b.is_ascii_digit() || b == b' ') {
        return Err(FieldError::new(
            "lieu",
            format!("« {text} » n'est pas un code postal : un code postal a 5 chiffres, par exemple 73000."),
        ));
    }
    // A trailing postal code, in brackets or not.
    let stripped = text.trim_end_matches(')').trim_end();
    if let Some((name, last)) = stripped.rsplit_once([' ', '(']) {
        let name = name.trim().trim_end_matches('(').trim();
        if is_postal(last) && !name.is_empty() {
            return Ok(Some(PlaceText::NameAndPostalCode(name_key(name), last.into())));
        }
    }
    let key = name_key(text);
    if key.is_empty() {
        return Err(FieldError::new(
            "lieu",
            "Indiquez un code postal ou le nom d'une commune, par exemple Chambéry ou 73000.",
        ));
    }
    Ok(Some(PlaceText::Name(key)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARIS: Point = Point {
        lat_e6: 48_856_600,
        lon_e6: 2_342_900,
    };
    const LYON: Point = Point {
        lat_e6: 45_767_700,
        lon_e6: 4_835_400,
    };
    const STRASBOURG: Point = Point {
        lat_e6: 48_573_600,
        lon_e6: 7_753_200,
    };
    const CHAMBERY: Point = Point {
        lat_e6: 45_566_600,
        lon_e6: 5_920_600,
    };

    #[test]
    fn known_distances_between_town_halls() {
        // Published great-circle distances: Paris–Lyon 392 km, Strasbourg–Chambéry 362 km
        // (town hall to town hall, "à vol d'oiseau").
        let paris_lyon = PARIS.distance_km(LYON);
        assert!((paris_lyon - 392.0).abs() < 2.0, "{paris_lyon}");
        let strasbourg_chambery = STRASBOURG.distance_km(CHAMBERY);
        assert!((strasbourg_chambery - 362.0).abs() < 3.0, "{strasbourg_chambery}");
        assert_eq!(PARIS.distance_km(PARIS), 0.0);
        assert!((LYON.distance_km(PARIS) - paris_lyon).abs() < 1e-9);
    }

    #[test]
    fn the_bounding_box_holds_the_circle() {
        for (centre, km) in [(PARIS, 50.0), (LYON, 200.0), (Point::from_degrees(-20.88, 55.45), 10.0)] {
            let (low, high) = centre.bounding_box(km);
            for (d_lat, d_lon) in [(1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0)] {
                // Walk towards each side until just beyond `km`: the last point inside is in the box.
                let mut step = 0.0;
                while centre.distance_km(Point::from_degrees(
                    centre.lat() + d_lat * (step + 0.001),
                    centre.lon() + d_lon * (step + 0.001),
                )) <= km
                {
                    step += 0.001;
                }
                let edge = Point::from_degrees(centre.lat() + d_lat * step, centre.lon() + d_lon * step);
                assert!(edge.lat_e6 >= low.lat_e6 && edge.lat_e6 <= high.lat_e6);
                assert!(edge.lon_e6 >= low.lon_e6 && edge.lon_e6 <= high.lon_e6);
            }
        }
    }

    #[test]
    fn distances_are_shown_to_the_kilometre() {
        assert_eq!(distance_text(0.3), "à moins d'1 km");
        assert_eq!(distance_text(12.4), "à 12 km");
        assert_eq!(distance_text(391.6), "à 392 km");
    }

    #[test]
    fn only_the_offered_radii_are_accepted() {
        assert_eq!(parse_radius("50"), Ok(50));
        assert_eq!(parse_radius(" 200 km"), Ok(200));
        for bad in ["abc", "-5", "0", "30", "", "1e2", "9999999999999"] {
            assert_eq!(parse_radius(bad).unwrap_err().field, "rayon", "{bad}");
        }
    }

    #[test]
    fn names_match_whatever_the_accents_case_and_punctuation() {
        assert_eq!(name_key("Saint-Étienne"), "saint etienne");
        assert_eq!(name_key("st etienne"), "saint etienne");
        assert_eq!(name_key("SAINTE-MARIE"), name_key("Ste Marie"));
        assert_eq!(name_key("L'Haÿ-les-Roses"), "l hay les roses");
        assert_eq!(name_key("Chambéry"), name_key("CHAMBERY"));
        assert_eq!(name_key("Œuilly"), "oeuilly");
    }

    #[test]
    fn a_place_is_a_postal_code_a_name_or_both() {
        assert_eq!(parse_place(""), Ok(None));
        assert_eq!(parse_place(" 73000 "), Ok(Some(PlaceText::PostalCode("73000".into()))));
        assert_eq!(
            parse_place("Saint-Denis (97400)"),
            Ok(Some(PlaceText::NameAndPostalCode("saint denis".into(), "97400".into())))
        );
        assert_eq!(
            parse_place("saint denis 93200"),
            Ok(Some(PlaceText::NameAndPostalCode("saint denis".into(), "93200".into())))
        );
        assert_eq!(parse_place("Chambéry"), Ok(Some(PlaceText::Name("chambery".into()))));
        for bad in ["7300", "730000", "12 34", "--", &"x".repeat(101)] {
            assert_eq!(parse_place(bad).unwrap_err().field, "lieu", "{bad}");
        }
    }
}
