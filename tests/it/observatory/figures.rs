//! The observatory's figures against counts this test makes itself from the fixture file.

use std::collections::BTreeMap;

use super::*;
use msp::domain::geo::territory::{REGIONS, region};

/// A table of the page by its id: the column heads and each row's head and cells, as read.
fn table(page: &str, slug: &str) -> (Vec<String>, BTreeMap<String, Vec<String>>) {
    let start = page
        .find(&format!("<table id=\"tableau-{slug}\">"))
        .unwrap_or_else(|| panic!("no table {slug}"));
    let table = &page[start..start + page[start..].find("</table>").unwrap()];
    let text = |cell: &str| unescape(&cell[cell.find('>').unwrap() + 1..]).trim().to_string();
    let head = &table[table.find("<thead>").unwrap()..table.find("</thead>").unwrap()];
    let columns = head
        .split("<th")
        .skip(3)
        .map(|c| text(c.split("</th>").next().unwrap()))
        .collect();
    let body = &table[table.find("<tbody>").unwrap()..table.find("</tbody>").unwrap()];
    let rows = body
        .split("<tr>")
        .skip(1)
        .map(|row| {
            let label = text(
                row.split("</th>")
                    .next()
                    .unwrap()
                    .trim_start_matches("<th scope=\"row\""),
            );
            let cells = row
                .split("<td")
                .skip(1)
                .map(|c| text(c.split("</td>").next().unwrap()))
                .collect();
            (label, cells)
        })
        .collect();
    (columns, rows)
}

/// A region's name from the file's cell, which holds its code or its name.
fn region_name(cell: &str) -> String {
    region(cell)
        .or_else(|| REGIONS.iter().find(|r| r.name == cell))
        .unwrap_or_else(|| panic!("region {cell}"))
        .name
        .to_string()
}

/// Counts of people: 1 to 4 is never shown; a larger count is shown, or hidden so that a total
/// does not give a small one back. Returns whether it was shown exactly.
fn protected_matches(shown: &str, count: u64, what: &str) -> bool {
    match count {
        1..=4 => {
            assert_eq!(shown, "< 5", "{what}: {count} must be hidden");
            false
        }
        _ if shown == "< 5" => false,
        _ => {
            assert_eq!(shown, count.to_string(), "{what}");
            true
        }
    }
}

on_both_backends!(the_observatory_shows_the_files_posts_and_hides_small_counts_of_people);
async fn the_observatory_shows_the_files_posts_and_hides_small_counts_of_people(app: TestApp) {
    let ccoms = ccoms(&app).await;
    let (status, _) = import(&ccoms, RECORD).await;
    assert_eq!(status, 200);
    let rows = record_rows(RECORD);

    // A visitor finds the page from the footer of any page.
    let visitor = app.browser();
    let (_, home) = visitor.page("/").await;
    assert!(
        home.contains("href=\"/observatoire\""),
        "the footer links the observatory"
    );
    let (status, page) = visitor.page("/observatoire").await;
    assert_eq!(status, 200);

    // Posts by region and year of creation: counts of posts, shown whole.
    let mut posts: BTreeMap<(String, String), u64> = BTreeMap::new();
    for row in &rows {
        *posts
            .entry((region_name(&row["region"]), row["annee_creation"].clone()))
            .or_default() += 1;
    }
    let (years, shown) = table(&page, "postes-par-region");
    assert_eq!(years.len(), 15 + 1, "2012 to 2026, and the total: {years:?}");
    for ((region, year), count) in &posts {
        let column = years.iter().position(|y| y == year).unwrap();
        assert_eq!(shown[region][column], count.to_string(), "{region} {year}");
    }
    let total: u64 = posts.values().sum();
    assert_eq!(total, 320);

    // MSPs in post: the posts "pourvu" of each region, counts of people.
    let mut in_post: BTreeMap<String, u64> = BTreeMap::new();
    for row in rows.iter().filter(|r| r["etat"] == "pourvu") {
        *in_post.entry(region_name(&row["region"])).or_default() += 1;
    }
    let (_, shown) = table(&page, "msp-en-poste");
    let mut exact = 0;
    for (region, count) in &in_post {
        exact += usize::from(protected_matches(&shown[region][0], *count, region));
    }
    assert!(exact >= 3, "the larger regions are shown");
    assert!(
        in_post.values().any(|n| (1..5).contains(n)),
        "the file has small regions"
    );

    // Graduates by cohort and track.
    let mut graduates: BTreeMap<(String, String), u64> = BTreeMap::new();
    for row in rows
        .iter()
        .filter(|r| r["diplome"] == "oui" && !r["cohorte"].is_empty())
    {
        let track = if row["parcours"] == "bobigny" {
            "Bobigny"
        } else {
            "Bordeaux"
        };
        *graduates
            .entry((row["cohorte"].clone(), track.to_string()))
            .or_default() += 1;
    }
    let (tracks, shown) = table(&page, "diplomes-par-cohorte");
    let mut hidden = 0;
    for ((cohort, track), count) in &graduates {
        let column = tracks.iter().position(|t| t == track).unwrap();
        hidden += usize::from(!protected_matches(&shown[cohort][column], *count, cohort));
    }
    assert!(hidden > 0, "some cohorts are too small to be shown");
    assert!(
        !page.contains("Aucune donnée pour le moment."),
        "every chart has figures"
    );
}

on_both_backends!(the_open_data_publish_the_imported_record_as_the_observatory_shows_it);
async fn the_open_data_publish_the_imported_record_as_the_observatory_shows_it(app: TestApp) {
    // Read before the import: the open-data page is kept per board version, and the import
    // must make it again.
    let visitor = app.browser();
    let (status, page) = visitor.page("/donnees-ouvertes").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("/donnees-ouvertes/postes-par-region.csv"),
        "the observatory's tables are listed"
    );
    let (_, before) = app.json("/donnees-ouvertes/postes-par-region.json").await;
    let posts_before: u64 = before["lignes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["valeur"].as_u64())
        .sum();
    assert_eq!(posts_before, 0, "nothing imported yet");
    let ccoms = ccoms(&app).await;
    assert_eq!(import(&ccoms, RECORD).await.0, 200);
    // The page counts each table's rows: the import moved the board's version, so it is made
    // again instead of being served as kept.
    let (_, after) = visitor.page("/donnees-ouvertes").await;
    assert_ne!(page, after, "the open-data page is made again after an import");

    // Posts by region and year, counted by the test from its file, whole in the JSON.
    let mut posts: BTreeMap<(String, String), u64> = BTreeMap::new();
    for row in record_rows(RECORD) {
        *posts
            .entry((region_name(&row["region"]), row["annee_creation"].clone()))
            .or_default() += 1;
    }
    let (status, json) = app.json("/donnees-ouvertes/postes-par-region.json").await;
    assert_eq!(status, 200);
    let published: BTreeMap<(String, String), Option<u64>> = json["lignes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let key = (
                l["region"].as_str().unwrap().to_string(),
                l["annee"].as_str().unwrap().to_string(),
            );
            (key, l["valeur"].as_u64())
        })
        .collect();
    for (key, count) in &posts {
        assert_eq!(published.get(key), Some(&Some(*count)), "{key:?}");
    }

    // MSPs in post, a count of people: what the page hides, the files hide.
    let (_, page) = visitor.page("/observatoire").await;
    let (_, shown) = table(&page, "msp-en-poste");
    let (_, json) = app.json("/donnees-ouvertes/msp-en-poste.json").await;
    let mut hidden = 0;
    for line in json["lignes"].as_array().unwrap() {
        let region = line["region"].as_str().unwrap();
        let on_page = &shown[region][0];
        match line["valeur"].as_u64() {
            Some(n) => assert_eq!(on_page, &n.to_string(), "{region}"),
            None => {
                assert_eq!(on_page, "< 5", "{region}");
                assert_eq!(line["masque"], true);
                hidden += 1;
            }
        }
    }
    assert!(hidden > 0, "the file has small regions, hidden in the data too");
    let (status, csv) = visitor.page("/donnees-ouvertes/msp-en-poste.csv").await;
    assert_eq!(status, 200);
    assert_eq!(csv.matches("< 5").count(), hidden, "the CSV hides the same cells");
}
