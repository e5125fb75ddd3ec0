//! Geography's rules, without I/O: points and distances, the place and radius a visitor types,
//! and the French regions and départements. The embedded data (the commune table a place is
//! looked up in, the départements' outlines for the map) is `crate::geo`.

mod in_text;
mod place;
mod point;
pub mod territory;

pub use in_text::{PlaceInText, read_place};
pub use place::{DEFAULT_RADIUS, PlaceText, RADII, name_key, parse_place, parse_radius};
pub use point::{EARTH_RADIUS_KM, Point, distance_text};
