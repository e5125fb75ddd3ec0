//! Documents made from the programme's data, outside the web pages.

pub mod csv;
pub mod open_data;
pub mod pdf;
pub mod sitemap;
pub mod zip;
