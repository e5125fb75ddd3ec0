use super::*;
use time::macros::date;

#[test]
fn amounts_are_written_the_french_way() {
    assert_eq!(euros(4_500_000), "45\u{a0}000,00\u{a0}€");
    assert_eq!(euros(5), "0,05\u{a0}€");
    assert_eq!(euros(123_456_789), "1\u{a0}234\u{a0}567,89\u{a0}€");
    assert_eq!(euros(-150), "-1,50\u{a0}€");
    assert_eq!(euros_csv(4_500_050), "45000,50");
}

#[test]
fn amounts_are_read_into_cents_without_floating_point() {
    assert_eq!(parse_euros("a", "45000"), Ok(4_500_000));
    assert_eq!(parse_euros("a", " 45 000,00 € "), Ok(4_500_000));
    assert_eq!(parse_euros("a", "45\u{a0}000,5"), Ok(4_500_050));
    assert_eq!(parse_euros("a", "0.1"), Ok(10));
    // 0.1 + 0.2 is not 0.3 in floating point; in cents it is.
    assert_eq!(parse_euros("a", "0,1").unwrap() + parse_euros("a", "0,2").unwrap(), 30);
    for bad in ["", "abc", "-5", "0", "1,234", "1.2.3", "99999999999999"] {
        assert!(parse_euros("a", bad).is_err(), "{bad}");
    }
}

fn input<'a>() -> CallInput<'a> {
    CallInput {
        title: "Appel à projets MSP 2026-2027",
        description: "",
        posts: "8",
        amount: "45 000",
        years: "2",
        first_year: "2026",
        opens_on: Some(date!(2025 - 10 - 01)),
        closes_on: Some(date!(2025 - 12 - 15)),
        documents: "Fiche de poste\n- Budget prévisionnel\n\n",
    }
}

#[test]
fn a_call_is_checked_field_by_field() {
    let today = date!(2025 - 10 - 01);
    let call = check_call("11", &input(), today).unwrap();
    assert_eq!(call.amount_per_post_year_cents, 4_500_000);
    assert_eq!(call.documents, ["Fiche de poste", "Budget prévisionnel"]);
    let bad = CallInput {
        posts: "0",
        amount: "beaucoup",
        closes_on: Some(date!(2025 - 09 - 01)),
        documents: " ",
        ..input()
    };
    let errors = check_call("11", &bad, today).unwrap_err();
    let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["posts", "amount", "closes_on", "documents"]);
}

fn call() -> Call {
    let new = check_call("11", &input(), date!(2025 - 10 - 01)).unwrap();
    Call {
        id: 1,
        region_code: new.region_code,
        title: new.title,
        description: new.description,
        posts: new.posts,
        amount_per_post_year_cents: new.amount_per_post_year_cents,
        years: new.years,
        first_year: new.first_year,
        opens_on: new.opens_on,
        closes_on: new.closes_on,
        documents: new.documents,
        accepted: 3,
        filed: 5,
    }
}

#[test]
fn a_calls_envelope_and_fill_rate_are_exact() {
    let call = call();
    assert_eq!(call.total_per_post_cents(), 9_000_000);
    assert_eq!(call.envelope_cents(), 72_000_000);
    assert_eq!(call.fill_text(), "3 sur 8 postes attribués (37\u{a0}%)");
    assert_eq!(call.period_text(), "2026-2027");
    assert!(call.is_open(date!(2025 - 12 - 15)) && !call.is_open(date!(2025 - 12 - 16)));
}

#[test]
fn a_request_follows_the_demarches_simplifiees_states() {
    use RequestAction as A;
    use RequestState as S;
    assert_eq!(S::Brouillon.apply(A::Deposer), Ok(S::Deposee));
    assert_eq!(S::Deposee.apply(A::DemanderComplements), Ok(S::ACompleter));
    assert_eq!(S::ACompleter.apply(A::Deposer), Ok(S::Deposee));
    assert_eq!(S::Deposee.apply(A::Instruire), Ok(S::EnInstruction));
    assert_eq!(S::EnInstruction.apply(A::Accepter), Ok(S::Acceptee));
    assert_eq!(S::EnInstruction.apply(A::Refuser), Ok(S::Refusee));
    assert_eq!(S::EnInstruction.apply(A::ClasserSansSuite), Ok(S::SansSuite));
    assert_eq!(S::Refusee.apply(A::Rouvrir), Ok(S::EnInstruction));
    assert_eq!(S::SansSuite.apply(A::Rouvrir), Ok(S::EnInstruction));
    // Decisions are final except through a reopening; an accepted request is not reopened.
    assert!(S::Acceptee.apply(A::Rouvrir).is_err());
    assert!(S::Refusee.apply(A::Accepter).is_err());
    assert!(S::Brouillon.apply(A::Accepter).is_err());
    assert!(S::Deposee.apply(A::Accepter).is_err());
    assert_eq!(S::Deposee.ars_actions(), [A::DemanderComplements, A::Instruire]);
    assert!(S::Acceptee.ars_actions().is_empty());
    for state in S::ALL {
        assert_eq!(S::parse(state.as_str()), Some(state));
    }
}

fn decision(action: RequestAction) -> Decision<'static> {
    Decision {
        action,
        reason: "",
        missing_documents: vec![],
        commitment: true,
        amount_confirmed: true,
        call_open: true,
        posts_left: 1,
    }
}

#[test]
fn an_acceptance_needs_the_recorded_commitment_and_the_amount_confirmed() {
    let uncommitted = Decision {
        commitment: false,
        amount_confirmed: false,
        ..decision(RequestAction::Accepter)
    };
    let errors = decide(RequestState::EnInstruction, &uncommitted).unwrap_err();
    let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["etat", "confirmation"]);
    assert!(errors[0].message.contains("engagement de pérenniser"));
    assert_eq!(
        decide(RequestState::EnInstruction, &decision(RequestAction::Accepter)),
        Ok(RequestState::Acceptee)
    );
    // Refusing needs neither.
    let refusal = Decision {
        reason: "Hors du périmètre de l'appel.",
        ..uncommitted
    };
    let refusal = Decision {
        action: RequestAction::Refuser,
        ..refusal
    };
    assert_eq!(decide(RequestState::EnInstruction, &refusal), Ok(RequestState::Refusee));
}

#[test]
fn a_refusal_needs_a_reason_and_a_filing_its_documents_and_commitment() {
    let errors = decide(RequestState::EnInstruction, &decision(RequestAction::Refuser)).unwrap_err();
    assert_eq!(errors[0].field, "motif");
    let with_reason = Decision {
        reason: "Le projet ne prévoit pas de binôme.",
        ..decision(RequestAction::Refuser)
    };
    assert_eq!(
        decide(RequestState::EnInstruction, &with_reason),
        Ok(RequestState::Refusee)
    );
    let incomplete = Decision {
        missing_documents: vec!["Budget prévisionnel".into()],
        commitment: false,
        call_open: false,
        ..decision(RequestAction::Deposer)
    };
    let fields: Vec<_> = decide(RequestState::Brouillon, &incomplete)
        .unwrap_err()
        .iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(fields, ["etat", "document", "engagement"]);
    // Completing after the closing date is allowed: the ARS asked for it.
    let late = Decision {
        call_open: false,
        ..decision(RequestAction::Deposer)
    };
    assert_eq!(decide(RequestState::ACompleter, &late), Ok(RequestState::Deposee));
    let full = Decision {
        posts_left: 0,
        ..decision(RequestAction::Accepter)
    };
    assert!(decide(RequestState::EnInstruction, &full).is_err());
}

#[test]
fn documents_are_recognised_from_their_content() {
    assert_eq!(sniff_document(b"%PDF-1.7\n..."), Some(DocumentKind::Pdf));
    let odt = b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0mimetypeapplication/vnd.oasis.opendocument.textPK";
    assert_eq!(sniff_document(odt), Some(DocumentKind::Odt));
    let docx = b"PK\x03\x04....[Content_Types].xml....PK\x03\x04..word/document.xml..";
    assert_eq!(sniff_document(docx), Some(DocumentKind::Docx));
    let xlsx = b"PK\x03\x04....[Content_Types].xml....xl/workbook.xml";
    assert_eq!(sniff_document(xlsx), Some(DocumentKind::Xlsx));
    assert_eq!(sniff_document(b"PK\x03\x04 a zip of photos"), None);
    assert_eq!(sniff_document(b"MZ\x90\0 an executable"), None);
    assert!(check_document(b"").is_err());
    assert!(check_document(&vec![b'%'; MAX_DOCUMENT_BYTES + 1]).is_err());
    assert_eq!(
        clean_file_name("C:\\Users\\x\\budget \"2026\".exe", DocumentKind::Pdf),
        "budget 2026.pdf"
    );
    assert_eq!(size_text(1_300_000), "1,2\u{a0}Mo");
}

#[test]
fn a_subsidy_pays_each_year_of_the_call_and_reminds_six_months_before_it_ends() {
    let call = call();
    let years = schedule(&call);
    assert_eq!(years.len(), 2);
    assert_eq!(years.iter().map(|y| y.amount_cents).sum::<i64>(), 9_000_000);
    assert_eq!(years[1].year, 2027);
    let ends = subsidy_ends_on(2026, 2);
    assert_eq!(ends, date!(2027 - 12 - 31));
    assert_eq!(reminder_due_on(ends), date!(2027 - 06 - 30));
    assert_eq!(months_before(date!(2027 - 08 - 31), 6), date!(2027 - 02 - 28));
    assert_eq!(months_before(date!(2027 - 03 - 15), 6), date!(2026 - 09 - 15));
}

#[test]
fn a_payment_never_exceeds_what_was_granted() {
    assert!(check_payment(4_500_000, 4_500_000, 0).is_ok());
    assert!(check_payment(2_000_000, 4_500_000, 2_500_000).is_ok());
    let over = check_payment(2_000_001, 4_500_000, 2_500_000).unwrap_err();
    assert!(over.message.contains("20\u{a0}000,00\u{a0}€"), "{}", over.message);
    assert!(check_payment(1, 4_500_000, 4_500_000).is_err());
    assert!(check_payment(0, 4_500_000, 0).is_err());
}
