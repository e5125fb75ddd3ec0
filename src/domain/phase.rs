//! Where a state stands in its life, in the same five words for every state machine of the
//! programme (projects, fiches, applications, funding requests, enrolments): what people see
//! at a glance next to the state's name, as the colour of its badge.

use super::application::ApplicationStatus;
use super::enrolment::EnrolmentState;
use super::fiche::FicheStatus;
use super::funding::RequestState;
use super::project::ProjectState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Just begun: nothing has been decided yet.
    Start,
    /// Moving: someone is working on it.
    Ongoing,
    /// Waiting for someone to act (a correction, a file to complete, an enrolment to make).
    ToDo,
    /// Ended as hoped.
    Done,
    /// Ended otherwise (withdrawn, refused, abandoned, closed).
    Closed,
}

impl Phase {
    pub const ALL: [Phase; 5] = [Phase::Start, Phase::Ongoing, Phase::ToDo, Phase::Done, Phase::Closed];

    /// The badge's name in the style sheet (`badge-…`).
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Start => "debut",
            Phase::Ongoing => "en-cours",
            Phase::ToDo => "a-faire",
            Phase::Done => "reussi",
            Phase::Closed => "clos",
        }
    }
}

impl ProjectState {
    pub fn phase(self) -> Phase {
        match self {
            ProjectState::Exploration => Phase::Start,
            ProjectState::Pourvu | ProjectState::Perennise => Phase::Done,
            ProjectState::Abandonne => Phase::Closed,
            _ => Phase::Ongoing,
        }
    }
}

impl FicheStatus {
    pub fn phase(self) -> Phase {
        match self {
            FicheStatus::Brouillon => Phase::Start,
            FicheStatus::Soumise => Phase::Ongoing,
            FicheStatus::ACorriger => Phase::ToDo,
            FicheStatus::Publiee => Phase::Done,
            FicheStatus::Close | FicheStatus::Retiree => Phase::Closed,
        }
    }
}

impl ApplicationStatus {
    pub fn phase(self) -> Phase {
        match self {
            ApplicationStatus::Recue => Phase::Start,
            ApplicationStatus::Preselectionnee | ApplicationStatus::Entretien => Phase::Ongoing,
            ApplicationStatus::Retenue | ApplicationStatus::Embauchee => Phase::Done,
            ApplicationStatus::NonRetenue | ApplicationStatus::Retiree => Phase::Closed,
        }
    }
}

impl RequestState {
    pub fn phase(self) -> Phase {
        match self {
            RequestState::Brouillon => Phase::Start,
            RequestState::Deposee | RequestState::EnInstruction => Phase::Ongoing,
            RequestState::ACompleter => Phase::ToDo,
            RequestState::Acceptee => Phase::Done,
            RequestState::Refusee | RequestState::SansSuite => Phase::Closed,
        }
    }
}

impl EnrolmentState {
    pub fn phase(self) -> Phase {
        match self {
            EnrolmentState::AInscrire => Phase::ToDo,
            EnrolmentState::DossierVap | EnrolmentState::Inscrite | EnrolmentState::EnFormation => Phase::Ongoing,
            EnrolmentState::Diplomee => Phase::Done,
            EnrolmentState::Abandon => Phase::Closed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every state machine shows all the phases it can be in, and each final state reads as an end.
    #[test]
    fn final_states_read_as_ends() {
        for status in ApplicationStatus::ALL {
            assert_eq!(
                status.is_final(),
                matches!(status.phase(), Phase::Done | Phase::Closed) && status != ApplicationStatus::Retenue,
                "{status:?}"
            );
        }
        assert_eq!(FicheStatus::ACorriger.phase(), Phase::ToDo);
        assert_eq!(RequestState::ACompleter.phase(), Phase::ToDo);
        assert_eq!(EnrolmentState::AInscrire.phase(), Phase::ToDo);
        assert_eq!(ProjectState::Abandonne.phase(), Phase::Closed);
    }
}
