//! The demo's post projects, each at the stage its events give (DESIGN §3): opened, met by the
//! CCOMS, given up; their fiches, hires and subsidies are the other demo modules'.

use sqlx::AnyConnection;
use time::{Date, Duration};

use crate::db::accompaniment::{self, Author};
use crate::db::{projects, team_requests};
use crate::domain::fiche::{Quotite, Track};
use crate::domain::project::accompaniment::{MeetingKind, NewMeeting};
use crate::domain::project::{NewProject, Readiness};
use crate::domain::team_request::TeamRequestForm;

/// Opens a project as its team would: demo data has no recruiter to be its author.
pub(super) async fn open(conn: &mut AnyConnection, establishment_id: i64, unit: &str) -> sqlx::Result<i64> {
    let new = NewProject {
        establishment_id,
        unit: unit.to_string(),
        public_served: "Adultes présentant des troubles psychiques sévères".to_string(),
        quotite: Quotite::TempsPlein,
        track: Track::Bobigny,
        readiness: Readiness {
            why_now: "Le projet de service 2026-2030 mise sur le rétablissement.".into(),
            team_wants: "Oui : l'équipe en a parlé deux fois en réunion institutionnelle.".into(),
            ..Readiness::default()
        },
    };
    projects::insert(conn, &new, None).await
}

/// Who records the demo's meetings.
const CCOMS: Author<'static> = Author {
    user_id: None,
    name: "Coordination du CCOMS (démonstration)",
};

/// Records a meeting of the CCOMS with the team on `held_on`.
pub(super) async fn meet(conn: &mut AnyConnection, project: i64, kind: MeetingKind, held_on: Date) -> sqlx::Result<()> {
    let meeting = NewMeeting {
        kind,
        held_on,
        note: match kind {
            MeetingKind::Sensibilisation => {
                "Présentation du programme à l'équipe, questions sur le rôle du ou de la MSP."
            }
            MeetingKind::Fiche => "Relecture des missions avec le cadre de santé.",
            MeetingKind::Entretiens => "",
            MeetingKind::Suivi => "Point avec le binôme et le cadre : l'intégration se passe bien.",
        }
        .to_string(),
    };
    accompaniment::record_meeting(conn, project, &meeting, &CCOMS).await?;
    Ok(())
}

/// The awareness meeting, some weeks before `today`.
pub(super) async fn met(conn: &mut AnyConnection, project: i64, today: Date) -> sqlx::Result<()> {
    meet(conn, project, MeetingKind::Sensibilisation, today - Duration::days(60)).await
}

/// The team gives the project up.
pub(super) async fn give_up(conn: &mut AnyConnection, project: i64, reason: &str, today: Date) -> sqlx::Result<()> {
    let all = crate::domain::policy::EstablishmentScope::All;
    let version = projects::find(conn, project, &all, today)
        .await?
        .expect("just opened")
        .version;
    projects::abandon(conn, project, version, reason).await?;
    Ok(())
}

/// A team with no establishment on the platform yet has asked to create a post and confirmed
/// its address: it waits for the CCOMS.
pub(super) async fn team_request(conn: &mut AnyConnection) -> sqlx::Result<()> {
    let form = TeamRequestForm {
        etablissement: "EPSM de l'agglomération lilloise (démo)".into(),
        commune: "Lille (59000)".into(),
        equipe: "Centre de réhabilitation psychosociale".into(),
        nom: "Claude Cadre (démo)".into(),
        fonction: "Cadre de santé".into(),
        email: "cadre@epsm-lille.demo.msp.example".into(),
        projet: "L'équipe souhaite accueillir un ou une médiatrice de santé-pair dès la rentrée prochaine. Le projet de service est orienté rétablissement et le pôle finance le poste.".into(),
        ..TeamRequestForm::default()
    };
    let new = form.read().expect("a valid demo request");
    let now = time::OffsetDateTime::now_utc();
    let (id, _link) = team_requests::insert(conn, &new, now).await?;
    team_requests::confirm(conn, id, now).await?;
    Ok(())
}
