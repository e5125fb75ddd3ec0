//! Where a member would work: a whole region or one département.

use crate::domain::geo::territory::{self, Departement, Region};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Region(&'static Region),
    Departement(&'static Departement),
}

impl Area {
    /// The stored code: "r84" for a region, "d69" for a département (the two kinds of INSEE
    /// code overlap: region 11 is not département 11).
    pub fn code(&self) -> String {
        match self {
            Area::Region(r) => format!("r{}", r.code),
            Area::Departement(d) => format!("d{}", d.code),
        }
    }

    /// The area a stored code names; `None` for anything [`Area::code`] never writes.
    pub fn parse(code: &str) -> Option<Area> {
        if let Some(region) = code.strip_prefix('r') {
            territory::region(region).map(Area::Region)
        } else {
            territory::departement(code.strip_prefix('d')?).map(Area::Departement)
        }
    }

    /// The stored list: codes separated by spaces.
    pub fn parse_list(text: &str) -> Vec<Area> {
        text.split_whitespace().filter_map(Area::parse).collect()
    }

    pub fn list_text(areas: &[Area]) -> String {
        areas.iter().map(Area::code).collect::<Vec<_>>().join(" ")
    }

    /// "Auvergne-Rhône-Alpes (toute la région)" or "Rhône (69)".
    pub fn label(&self) -> String {
        match self {
            Area::Region(r) => format!("{} (toute la région)", r.name),
            Area::Departement(d) => format!("{} ({})", d.name, d.code),
        }
    }

    fn region_code(&self) -> &'static str {
        match self {
            Area::Region(r) => r.code,
            Area::Departement(d) => d.region_code,
        }
    }

    /// Whether someone willing to work in `self` may be found by a search of `searched`: a
    /// region covers its départements and a département is in its region, both ways.
    pub fn meets(&self, searched: &Area) -> bool {
        match (self, searched) {
            (Area::Departement(mine), Area::Departement(theirs)) => mine.code == theirs.code,
            _ => self.region_code() == searched.region_code(),
        }
    }
}
