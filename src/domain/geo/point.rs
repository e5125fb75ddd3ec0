//! Points on the Earth and the distances between them.

/// The mean radius of the Earth (IUGG), in kilometres.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// A point in WGS 84, in millionths of a degree: integers compare, hash and travel between
/// SQLite and PostgreSQL unchanged; a millionth of a degree is about 11 cm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Point {
    pub lat_e6: i32,
    pub lon_e6: i32,
}

impl Point {
    pub const fn new(lat_e6: i32, lon_e6: i32) -> Point {
        Point { lat_e6, lon_e6 }
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    const PARIS: Point = Point::new(48_856_600, 2_342_900);
    const LYON: Point = Point::new(45_767_700, 4_835_400);
    const STRASBOURG: Point = Point::new(48_573_600, 7_753_200);
    const CHAMBERY: Point = Point::new(45_566_600, 5_920_600);

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
}
