//! The homes' lines added for issue 20: what each says, where it leads, and that none names a
//! candidate (counts, offer titles, numbers and dates only).

use time::macros::{date, datetime};

use super::*;

const TODAY: Date = date!(2026 - 12 - 03);

fn meeting(application_id: i64) -> Meeting {
    Meeting {
        fiche_id: 7,
        fiche_title: "Médiateur de santé-pair – hôpital de jour".into(),
        application_id,
        starts_at: datetime!(2026-11-30 13:00 UTC),
    }
}

fn pending(url: &str, text: &str, on: Date) -> Pending {
    Pending {
        url: url.into(),
        text: text.into(),
        on,
    }
}

fn section<'a>(home: &'a Home, id: &str) -> &'a Section {
    home.sections
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no section {id}"))
}

#[test]
fn a_recruiter_sees_the_evaluations_they_owe_and_their_msps_milestones() {
    let desk = RecruiterDesk {
        owed: vec![meeting(42)],
        milestones: vec![
            pending("/inscriptions/3", "Suivi (inscription n° 3)", date!(2026 - 11 - 20)),
            pending("/inscriptions/3", "Bilan (inscription n° 3)", date!(2026 - 12 - 20)),
        ],
        ..Default::default()
    };
    let home = recruiter_home(&desk, TODAY);
    let owed = section(&home, "evaluations");
    assert_eq!(owed.lines[0].url, "/candidatures/42");
    assert!(
        owed.lines[0].detail.contains("candidature n° 42"),
        "{:?}",
        owed.lines[0]
    );
    assert!(owed.lines[0].detail.contains("30 novembre 2026"), "{:?}", owed.lines[0]);
    let figure = home.figures.iter().find(|f| f.url == "#evaluations").unwrap();
    assert_eq!((figure.count, figure.late), (1, true));
    let year = section(&home, "premiere-annee");
    assert_eq!(year.lines.len(), 2);
    assert!(
        year.lines[0]
            .detail
            .starts_with("En retard : prévue le 20 novembre 2026")
    );
    assert!(year.lines[1].detail.starts_with("Prévue le 20 décembre 2026"));
}

#[test]
fn the_coordinator_sees_interviews_to_attend_and_late_paths_apart_from_late_fiches() {
    let desk = CoordinatorDesk {
        review: vec![(5, "Fiche soumise".into(), datetime!(2026-12-01 10:00 UTC))],
        attend: vec![meeting(9)],
        late: vec![
            (date!(2026 - 11 - 01), "Clôture : une offre".into(), "/fiches/5".into()),
            (date!(2026 - 11 - 02), "Suivi à 3 mois".into(), "/inscriptions/2".into()),
        ],
        ..Default::default()
    };
    let home = coordinator_home(&desk, TODAY);
    assert_eq!(section(&home, "a-relire").lines[0].text, "Fiche soumise");
    assert_eq!(section(&home, "entretiens").lines[0].url, "/candidatures/9");
    assert_eq!(section(&home, "en-retard").lines[0].url, "/fiches/5");
    let paths = section(&home, "parcours-en-retard");
    assert_eq!(paths.lines.len(), 1);
    assert_eq!(paths.lines[0].url, "/inscriptions/2");
}

#[test]
fn an_ars_officer_sees_the_answers_awaited_and_the_payments_due() {
    let desk = ArsDesk {
        awaited: vec![pending("/demandes/4", "Hôpital de jour (CH)", date!(2026 - 11 - 23))],
        payments: vec![pending(
            "/subventions/2",
            "CMP (CH), année 2026 : 22 500 € à verser",
            date!(2026 - 01 - 01),
        )],
        ..Default::default()
    };
    let home = ars_home(desk, TODAY);
    let awaited = section(&home, "reponses");
    assert_eq!(awaited.lines[0].url, "/demandes/4");
    assert_eq!(awaited.lines[0].detail, "Renvoyée le 23 novembre 2026, depuis 10 jours");
    let due = section(&home, "versements");
    assert_eq!(due.lines[0].detail, "À verser depuis le 1er janvier 2026");
    assert!(home.figures.iter().any(|f| f.url == "#versements" && f.late));
}

#[test]
fn a_university_sees_how_full_its_next_cohort_is() {
    let next = CohortFill {
        name: "2027, Bobigny".into(),
        enrolled: 3,
        capacity: 30,
        starts: Some(date!(2027 - 02 - 01)),
    };
    let home = university_home(&[], Some(next));
    let line = &section(&home, "promotion").lines[0];
    assert_eq!(line.text, "Promotion 2027, Bobigny");
    assert_eq!(
        line.detail,
        "3 personnes inscrites sur 30 places, première semaine de formation le 1er février 2027"
    );
    assert!(section(&university_home(&[], None), "promotion").lines.is_empty());
}

#[test]
fn an_admin_sees_the_invitations_pending() {
    let invitation = pending(
        "/admin/invitations",
        "scol@exemple.fr (Université)",
        date!(2026 - 12 - 10),
    );
    let home = admin_home(&[invitation]);
    let line = &section(&home, "invitations").lines[0];
    assert_eq!(line.detail, "Valable jusqu'au 10 décembre 2026");
    assert_eq!(home.figures[0].count, 1);
}

#[test]
fn a_candidate_lands_on_their_home_and_their_header_starts_with_it() {
    assert_eq!(places(Role::Candidate)[0].1, "/espace");
}

#[test]
fn a_candidates_home_leads_to_the_pool_and_counts_the_invitations_waiting() {
    let home = candidate_home(0);
    assert!(home.figures.is_empty(), "nothing waits: no figure");
    assert!(section(&home, "pages").lines.iter().any(|l| l.url == "/compte/vivier"));
    let home = candidate_home(2);
    assert_eq!(home.figures.len(), 1);
    assert_eq!(home.figures[0].count, 2);
    assert_eq!(home.figures[0].label, "invitations à postuler");
    assert_eq!(home.figures[0].url, "/compte/vivier#invitations");
}
