use super::*;

on_both_backends!(a_call_title_written_as_a_formula_comes_out_of_the_csv_as_text);

async fn a_call_title_written_as_a_formula_comes_out_of_the_csv_as_text(app: TestApp) {
    let region = region(&app).await;
    let ars = app.signed_in(&region.ars).await;
    for title in [
        "=HYPERLINK(\"http://evil.example\";\"clic\")",
        "-2+3",
        "@SOMME(A1)",
        "+33 1 23 45",
    ] {
        let call = common::call_form(title, "1");
        let response = ars.post("/appels/nouveau", &common::pairs(&call)).await;
        assert_eq!(response.status(), 303, "{title}");
    }
    let csv = ars.get("/financements.csv").await.text().await.unwrap();
    let cells = [
        "postes prévus;\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"clic\"\") (",
        "postes prévus;'-2+3 (",
        "postes prévus;'@SOMME(A1) (",
        "postes prévus;'+33 1 23 45 (",
    ];
    common::assert_holds(&csv, &cells);
    // No cell starts as a formula; the numbers the platform writes stay numbers.
    for line in csv.lines() {
        for cell in line.split(';') {
            assert!(
                !cell.trim_start_matches('"').starts_with(['=', '+', '-', '@']),
                "{cell:?} in {line:?}"
            );
        }
    }
    assert!(csv.contains("postes prévus;'-2+3 ("), "{csv}");
    assert!(csv.contains("montant engagé (euros);total;0,00"), "{csv}");
}
