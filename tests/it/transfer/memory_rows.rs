//! The rows of the programme's memory (issue 26) in the transfer: the observatory's record,
//! the resource centre, the MSPs' network and the agenda.

use super::Param;

/// Two posts of the historical record: one filled and graduated, one a project still.
pub(super) fn observatory_rows(at: &'static str) -> Vec<(&'static str, Vec<Param>)> {
    vec![
        (
            "INSERT INTO historical_posts (reference, region, departement, establishment, created_year, state, \
             project_start, hired_on, subsidy_end_year, kept, grade_at_hire, grade_now, educateur_year, track, \
             cohort, graduated, imported_at) VALUES ('IDF-2014-003', '11', '93', 'EPS « Ville »', 2014, 'pourvu', \
             '2013-03-15', '2014-02-01', 2017, 1, 'animateur', 'educateur', 2016, 'bobigny', 2014, 1, $1)",
            vec![Param::Text(at)],
        ),
        (
            "INSERT INTO historical_posts (reference, region, departement, establishment, created_year, state, \
             project_start, hired_on, subsidy_end_year, kept, grade_at_hire, grade_now, educateur_year, track, \
             cohort, graduated, imported_at) VALUES ('ARA-2026-001', '84', NULL, 'CH Test', 2026, 'projet', \
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, $1)",
            vec![Param::Text(at)],
        ),
    ]
}

/// A staff-only resource of the resource centre, withdrawn, with two versions of its file.
pub(super) fn resource_rows(recruiter: i64, at: &'static str) -> Vec<(&'static str, Vec<Param>)> {
    let version = "INSERT INTO resource_versions (resource_id, number, media_type, size, key_id, sealed, created_at) \
         SELECT id, $1, 'pdf', 4, 'abcd1234', $2, $3 FROM resources WHERE slug = 'guide-export'";
    vec![
        (
            "INSERT INTO resources (slug, title, summary, audiences, themes, dated, visibility, link, withdrawn_at, \
             created_by, created_at, updated_at) VALUES ('guide-export', 'Guide « accueil »', 'Un résumé\n\nsuivi', \
             'equipes msp', 'accueil', '2026-03-15', 'equipes', '', $1, $2, $1, $1)",
            vec![Param::Text(at), Param::Int(recruiter)],
        ),
        (
            version,
            vec![Param::Int(1), Param::Bytes(vec![1, 2, 3, 255]), Param::Text(at)],
        ),
        (version, vec![Param::Int(2), Param::Bytes(vec![4, 0]), Param::Text(at)]),
    ]
}

/// The MSPs' network: Alex and the recruiter (roles do not matter to the tables) as members, a
/// closed conversation with a reported message, and a block.
pub(super) fn network_rows(recruiter: i64, at: &'static str) -> Vec<(&'static str, Vec<Param>)> {
    vec![
        (
            "INSERT INTO network_members (user_id, shown_name, region, year, track, topics, accepts_messages, joined_at, \
          updated_at) SELECT id, 'Lune « pseudo »', '52', 2021, 'bordeaux', 'binôme', id % 2, $2, $2 FROM users \
          WHERE id = $1 OR email = 'alex@export.fr'",
            vec![Param::Int(recruiter), Param::Text(at)],
        ),
        (
            "INSERT INTO network_conversations (starter_id, recipient_id, started_at, last_message_at, closed_at, \
          closed_by) SELECT $1, id, $2, $2, $2, $1 FROM users WHERE email = 'alex@export.fr'",
            vec![Param::Int(recruiter), Param::Text(at)],
        ),
        (
            "INSERT INTO network_messages (conversation_id, author_id, body, sent_at) VALUES (1, $1, 'Bonjour,\n\n« à toi »', $2)",
            vec![Param::Int(recruiter), Param::Text(at)],
        ),
        (
            "INSERT INTO network_blocks (blocker_id, blocked_id, created_at) SELECT id, $1, $2 FROM users \
          WHERE email = 'alex@export.fr'",
            vec![Param::Int(recruiter), Param::Text(at)],
        ),
        (
            "INSERT INTO network_reports (reporter_id, reported_id, message_id, reason, created_at, handled_at) \
          SELECT id, $1, 1, 'Insistant', $2, NULL FROM users WHERE email = 'alex@export.fr'",
            vec![Param::Int(recruiter), Param::Text(at)],
        ),
    ]
}

/// A gathering of the agenda, cancelled, and a registration reminded the day before.
pub(super) fn agenda_rows(recruiter: i64, at: &'static str) -> Vec<(&'static str, Vec<Param>)> {
    vec![
        (
            "INSERT INTO gatherings (kind, title, description, starts_at, ends_at, place, region_code, video_url, \
             audience, capacity, registration_open, sequence, created_by, created_at, updated_at, cancelled_at) \
             VALUES ('sensibilisation', 'Réunion « équipes »', 'Présentation, du métier', $1, $1, 'Lille', '32', \
             'https://visio.export.fr/a', 'equipes', 12, 1, 2, $2, $1, $1, $1)",
            vec![Param::Text(at), Param::Int(recruiter)],
        ),
        (
            "INSERT INTO gathering_registrations (gathering_id, user_id, state, registered_at, reminded_at) \
             VALUES (1, $1, 'attente', $2, $2)",
            vec![Param::Int(recruiter), Param::Text(at)],
        ),
    ]
}
