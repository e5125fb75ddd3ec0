use super::*;

on_both_backends!(an_ars_sees_a_request_and_its_documents_only_once_filed);

async fn an_ars_sees_a_request_and_its_documents_only_once_filed(app: TestApp) {
    let region = region(&app).await;
    let ars = app.signed_in(&region.ars).await;
    let recruiter = app.signed_in(&region.recruiter).await;
    let call = open_call(&ars).await;
    let request = start_request(&recruiter, &region.employer, &call, "Un poste en réhabilitation.").await;
    let response = upload(&app, &recruiter, &request, "Fiche de poste", "fiche.pdf", FICHE_PDF).await;
    assert_eq!(response.status(), 303);

    // A spreadsheet that declares a gigabyte once inflated is refused, next to its field.
    let bomb = inflating(xlsx(), "xl/workbook.xml", 1 << 30);
    let response = upload(&app, &recruiter, &request, "Budget prévisionnel", "budget.xlsx", &bomb).await;
    assert_eq!(response.status(), 422);
    says(response, &["anormalement volumineux"]).await;
    let response = upload(
        &app,
        &recruiter,
        &request,
        "Budget prévisionnel",
        "budget.xlsx",
        &xlsx(),
    )
    .await;
    assert_eq!(response.status(), 303);

    // The draft is the establishment's: the ARS finds neither it, nor its documents, nor it in a list.
    let page = says(recruiter.get(&request).await, &["Brouillon"]).await;
    let document = format!("/documents-financement/{}", linked_id(&page, "/documents-financement/"));
    assert_eq!(recruiter.get(&document).await.status(), 200);
    assert_eq!(ars.get(&request).await.status(), 404);
    assert_eq!(ars.get(&document).await.status(), 404);
    let (_, dashboard) = ars.page("/financements").await;
    assert!(!dashboard.contains(&request), "{dashboard}");
    let (_, call_page) = ars.page(&call).await;
    assert!(!call_page.contains(&request), "{call_page}");
    let response = ars
        .post(
            &format!("{request}/instruction"),
            &[("action", "instruire"), ("motif", ""), ("version", "1")],
        )
        .await;
    assert_eq!(response.status(), 404, "nor acts on it");

    // Filed, it is the ARS's to read.
    assert_eq!(file(&recruiter, &request, true).await.status(), 303);
    assert_eq!(ars.get(&request).await.status(), 200);
    assert_eq!(ars.get(&document).await.status(), 200);
    let (_, dashboard) = ars.page("/financements").await;
    assert!(dashboard.contains(&request), "{dashboard}");
}
