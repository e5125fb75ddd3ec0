use super::*;

on_both_backends!(every_file_parses_and_says_the_same_as_the_others);
async fn every_file_parses_and_says_the_same_as_the_others(app: TestApp) {
    app.load_demo().await;
    for slug in [POSTS, OFFERS] {
        let (csv, data, schema) = files(&app, slug).await;
        let names: Vec<&str> = schema["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(csv[0], names, "the CSV's header is the schema's fields");
        assert_eq!(data["jeu"], slug);
        assert_eq!(schema["name"], slug);
        assert_eq!(data["schema"], format!("/donnees-ouvertes/{slug}.schema.json"));
        for document in [&data["licence"]["url"], &schema["licenses"][0]["path"]] {
            assert_eq!(document, "https://www.etalab.gouv.fr/licence-ouverte-open-licence/");
        }
        let rows = data["lignes"].as_array().unwrap();
        assert_eq!(rows.len(), csv.len() - 1, "{slug}: as many rows in both files");
        assert!(!rows.is_empty(), "the demo has figures for {slug}");
        let validator = jsonschema::draft202012::new(&row_schema(&schema)).expect("the schema compiles");
        for (row, line) in rows.iter().zip(&csv[1..]) {
            let errors: Vec<String> = validator.iter_errors(row).map(|e| e.to_string()).collect();
            assert!(
                errors.is_empty(),
                "{slug}: {row} does not follow the schema: {errors:?}"
            );
            let (keys, value) = line.split_at(names.len() - 1);
            for (name, key) in names.iter().zip(keys) {
                assert_eq!(row[name], key.as_str());
            }
            match (&row["valeur"], value[0].as_str()) {
                (Value::Null, "< 5") => assert_eq!(row["masque"], true),
                (Value::Number(n), text) => assert_eq!(n.to_string(), text, "{slug}: {row} against {line:?}"),
                other => panic!("{slug}: the files disagree: {other:?}"),
            }
        }
    }
}

on_both_backends!(a_count_of_posts_hidden_on_the_page_is_hidden_in_every_file);
async fn a_count_of_posts_hidden_on_the_page_is_hidden_in_every_file(app: TestApp) {
    // The demo funds one post in Île-de-France: a count of 1 that nobody may read.
    app.load_demo().await;
    let (_, page) = app.page("/statistiques").await;
    let posts = page.split("id=\"titre-offres\"").next().unwrap();
    let row = posts
        .split("<th scope=\"row\">Île-de-France</th>")
        .nth(1)
        .expect("the region's row")
        .split("</tr>")
        .next()
        .unwrap();
    assert!(row.contains("&#60; 5") || row.contains("&lt; 5"), "{row}");
    let (csv, data, schema) = files(&app, POSTS).await;
    let hidden: Vec<&Vec<String>> = csv.iter().filter(|line| line[2] == "< 5").collect();
    assert!(hidden.iter().any(|line| line[0] == "Île-de-France"), "{csv:?}");
    // The year's total would give the one post back: it is hidden too.
    assert!(hidden.iter().any(|line| line[0] == "France entière"), "{csv:?}");
    let masked = data["lignes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["masque"] == true)
        .count();
    assert_eq!(masked, hidden.len());
    assert_eq!(schema["missingValues"], json!(["< 5"]));
    for line in &csv[1..] {
        let shown: Option<u64> = line[2].parse().ok();
        assert!(!matches!(shown, Some(1..=4)), "a small count shown: {line:?}");
    }
}

on_both_backends!(offers_are_counted_whole_the_same_on_the_page_and_in_the_files);
async fn offers_are_counted_whole_the_same_on_the_page_and_in_the_files(app: TestApp) {
    app.load_demo().await;
    let (csv, data, schema) = files(&app, OFFERS).await;
    assert!(
        csv[1..].iter().all(|line| line[2] != "< 5"),
        "offers are public: {csv:?}"
    );
    assert!(data["lignes"].as_array().unwrap().iter().all(|r| r["masque"] == false));
    assert_eq!(schema["missingValues"], json!([]));
    let published = app
        .scalar("SELECT COUNT(*) FROM fiches WHERE published_at IS NOT NULL AND status IN ('publiee', 'close')")
        .await;
    let total: i64 = csv[1..]
        .iter()
        .filter(|l| l[0] == "France entière")
        .map(|l| l[2].parse::<i64>().unwrap())
        .sum();
    assert_eq!(total, published, "every published offer counted once");
    // The page's table says the same, cell by cell.
    let (_, page) = app.page("/statistiques").await;
    let offers = page.split("id=\"titre-offres\"").nth(1).unwrap();
    for line in csv[1..].iter().filter(|l| l[0] != "France entière") {
        // As askama escapes the names (Provence-Alpes-Côte d'Azur).
        let name = line[0].replace('&', "&#38;").replace('\'', "&#39;");
        let row = offers
            .split(&format!("<th scope=\"row\">{name}</th>"))
            .nth(1)
            .unwrap_or_else(|| panic!("{name} on the page"));
        assert!(
            row.split("</tr>")
                .next()
                .unwrap()
                .contains(&format!("\"number\">{}<", line[2])),
            "{line:?}"
        );
    }
}

on_both_backends!(the_page_describes_each_dataset_and_links_its_files);
async fn the_page_describes_each_dataset_and_links_its_files(app: TestApp) {
    app.load_demo().await;
    let (status, page) = app.page("/donnees-ouvertes").await;
    assert_eq!(status, 200);
    assert!(page.contains("Licence Ouverte / Open Licence version 2.0"), "{page}");
    assert!(page.contains("1 à 4"), "the small-cell rule in plain words");
    for slug in [POSTS, OFFERS] {
        for file in [".csv", ".json", ".schema.json"] {
            let link = format!("/donnees-ouvertes/{slug}{file}");
            assert!(page.contains(&format!("href=\"{link}\"")), "{link}");
            assert_eq!(app.get(&link).await.status(), 200, "{link}");
        }
        let (_, _, schema) = files(&app, slug).await;
        for field in schema["fields"].as_array().unwrap() {
            assert!(
                page.contains(&format!("<code>{}</code>", field["name"].as_str().unwrap())),
                "{field}"
            );
        }
    }
    let (_, statistics) = app.page("/statistiques").await;
    assert!(statistics.contains("href=\"/donnees-ouvertes\""));
}

on_both_backends!(an_unknown_dataset_or_format_is_not_found);
async fn an_unknown_dataset_or_format_is_not_found(app: TestApp) {
    for path in [
        "/donnees-ouvertes/inconnu.csv",
        "/donnees-ouvertes/postes-finances-par-region.xls",
        "/donnees-ouvertes/.json",
    ] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
}
