//! ARS funding (DESIGN §3, issue 7): calls for projects, funding requests and their instruction,
//! subsidies, their payments and the commitment to keep the post.
//!
//! Money is integer cents everywhere: no floating point touches an amount, so totals add up to
//! the cent. Everything here is pure; the db layer stores what these functions decide.

use time::{Date, Month};

use super::FieldError;

// --- Money ---------------------------------------------------------------------------------

/// "45 000,00 €": French grouping and decimal comma, with no-break spaces so that an amount is
/// never cut at the end of a line.
/// Takes a value or a reference, as templates hold either.
pub fn euros(cents: impl std::borrow::Borrow<i64>) -> String {
    format!("{}\u{a0}€", euros_number(*cents.borrow()))
}

/// "45 000,00" without the sign, for tables whose header says "en euros".
pub fn euros_number(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let units = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, digit) in units.chars().enumerate() {
        if i > 0 && (units.len() - i).is_multiple_of(3) {
            grouped.push('\u{a0}');
        }
        grouped.push(digit);
    }
    format!("{sign}{grouped},{:02}", cents % 100)
}

/// "45000,00": what a French spreadsheet reads as a number (no grouping).
pub fn euros_csv(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    format!("{sign}{},{:02}", cents / 100, cents % 100)
}

/// The largest amount accepted anywhere: ten million euros, far above any MSP subsidy, and far
/// below where sums of cents could overflow.
pub const MAX_CENTS: i64 = 1_000_000_000;

/// Reads an amount in euros as people type it ("45000", "45 000", "45 000,50 €", "45000.5")
/// into cents, without floating point. Negative, zero and absurd amounts are refused.
pub fn parse_euros(field: &'static str, text: &str) -> Result<i64, FieldError> {
    let bad = || FieldError::new(field, "Indiquez un montant en euros, par exemple 45 000 ou 45 000,00.");
    let cleaned: String = text
        .trim()
        .trim_end_matches('€')
        .trim_end_matches("EUR")
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
        .collect();
    if cleaned.is_empty() {
        return Err(FieldError::new(field, "Indiquez un montant en euros."));
    }
    let (units, decimals) = match cleaned.split_once([',', '.']) {
        Some((units, decimals)) => (units, decimals),
        None => (cleaned.as_str(), ""),
    };
    if units.is_empty()
        || !units.chars().all(|c| c.is_ascii_digit())
        || !decimals.chars().all(|c| c.is_ascii_digit())
        || decimals.len() > 2
        || units.len() > 12
    {
        return Err(bad());
    }
    let units: i64 = units.parse().map_err(|_| bad())?;
    let decimals: i64 = match decimals.len() {
        0 => 0,
        1 => decimals.parse::<i64>().map_err(|_| bad())? * 10,
        _ => decimals.parse().map_err(|_| bad())?,
    };
    let cents = units * 100 + decimals;
    if cents <= 0 {
        return Err(FieldError::new(field, "Le montant doit être supérieur à zéro."));
    }
    if cents > MAX_CENTS {
        return Err(FieldError::new(
            field,
            "Ce montant dépasse 10 millions d'euros : vérifiez-le.",
        ));
    }
    Ok(cents)
}

// --- Calls for projects --------------------------------------------------------------------

/// 45,000 € a year per post (ARS Île-de-France, and the national measure 5 of the Assises):
/// only the value a new call's form starts with.
pub const DEFAULT_AMOUNT_PER_POST_YEAR_CENTS: i64 = 4_500_000;
/// One year, as the national measure; Île-de-France gives two.
pub const DEFAULT_YEARS: i64 = 1;

/// A call for projects as the ARS opens it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCall {
    pub region_code: String,
    pub title: String,
    pub description: String,
    pub posts: i64,
    pub amount_per_post_year_cents: i64,
    pub years: i64,
    /// The first calendar year the subsidies pay for.
    pub first_year: i32,
    pub opens_on: Date,
    pub closes_on: Date,
    /// The documents a request must carry, by name ("Fiche de poste", "Budget prévisionnel"…).
    pub documents: Vec<String>,
}

/// A call as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub id: i64,
    pub region_code: String,
    pub title: String,
    pub description: String,
    pub posts: i64,
    pub amount_per_post_year_cents: i64,
    pub years: i64,
    pub first_year: i32,
    pub opens_on: Date,
    pub closes_on: Date,
    pub documents: Vec<String>,
    /// Requests accepted so far: the posts already given.
    pub accepted: i64,
    /// Requests filed (not drafts).
    pub filed: i64,
}

impl Call {
    /// Whether an establishment may file a new request today.
    pub fn is_open(&self, today: Date) -> bool {
        self.opens_on <= today && today <= self.closes_on
    }

    pub fn status_label(&self, today: &Date) -> &'static str {
        if *today < self.opens_on {
            "À venir"
        } else if *today <= self.closes_on {
            "Ouvert"
        } else {
            "Clos"
        }
    }

    /// What one post receives over the whole subsidy.
    pub fn total_per_post_cents(&self) -> i64 {
        self.amount_per_post_year_cents * self.years
    }

    /// The call's whole envelope: posts × amount × years.
    pub fn envelope_cents(&self) -> i64 {
        self.total_per_post_cents() * self.posts
    }

    /// "3 sur 8 postes attribués (38 %)".
    pub fn fill_text(&self) -> String {
        format!(
            "{} sur {} {} ({})",
            self.accepted,
            self.posts,
            if self.posts > 1 {
                "postes attribués"
            } else {
                "poste attribué"
            },
            percent(self.accepted, self.posts)
        )
    }

    /// "2026-2027", or "2026" for one year.
    pub fn period_text(&self) -> String {
        period_text(self.first_year, self.years)
    }
}

pub fn period_text(first_year: i32, years: i64) -> String {
    if years <= 1 {
        first_year.to_string()
    } else {
        format!("{first_year}-{}", i64::from(first_year) + years - 1)
    }
}

/// "38 %", rounded down, from integers only.
pub fn percent(part: i64, whole: i64) -> String {
    if whole <= 0 {
        return "—".into();
    }
    format!("{}\u{a0}%", part * 100 / whole)
}

/// What the ARS typed in the form of a new call, before checking.
#[derive(Debug, Clone, Default)]
pub struct CallInput<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub posts: &'a str,
    pub amount: &'a str,
    pub years: &'a str,
    pub first_year: &'a str,
    pub opens_on: Option<Date>,
    pub closes_on: Option<Date>,
    /// One document per line.
    pub documents: &'a str,
}

fn small_number(field: &'static str, text: &str, min: i64, max: i64, what: &str) -> Result<i64, FieldError> {
    match text.trim().parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(FieldError::new(
            field,
            format!("Indiquez {what}, un nombre entier de {min} à {max}."),
        )),
    }
}

/// Checks a new call; each error is for its field. Dates were already read by the caller (a
/// date that is not one has its own error there).
pub fn check_call(region_code: &str, input: &CallInput<'_>, today: Date) -> Result<NewCall, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut keep = |r: Result<i64, FieldError>| r.map_err(|e| errors.push(e)).ok();
    let posts = keep(small_number("posts", input.posts, 1, 500, "le nombre de postes"));
    let amount = keep(parse_euros("amount", input.amount));
    let years = keep(small_number("years", input.years, 1, 5, "le nombre d'années"));
    let first_year = keep(small_number(
        "first_year",
        input.first_year,
        i64::from(today.year()) - 1,
        i64::from(today.year()) + 5,
        "la première année financée",
    ));
    let title = input.title.trim();
    if title.is_empty() {
        errors.push(FieldError::new("title", "Donnez un intitulé à l'appel à projets."));
    } else if title.chars().count() > 200 {
        errors.push(FieldError::new("title", "L'intitulé compte plus de 200 caractères."));
    }
    if input.description.chars().count() > 8000 {
        errors.push(FieldError::new(
            "description",
            "La présentation compte plus de 8 000 caractères.",
        ));
    }
    match (input.opens_on, input.closes_on) {
        (None, _) => errors.push(FieldError::new("opens_on", "Indiquez la date d'ouverture.")),
        (_, None) => errors.push(FieldError::new("closes_on", "Indiquez la date de clôture.")),
        (Some(opens), Some(closes)) if closes < opens => errors.push(FieldError::new(
            "closes_on",
            "La date de clôture doit suivre la date d'ouverture.",
        )),
        (Some(_), Some(closes)) if closes < today => {
            errors.push(FieldError::new("closes_on", "La date de clôture est déjà passée."))
        }
        _ => {}
    }
    let documents: Vec<String> = input
        .documents
        .lines()
        .map(|l| l.trim().trim_start_matches(['-', '•', '*']).trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    if documents.is_empty() {
        errors.push(FieldError::new(
            "documents",
            "Indiquez au moins un document demandé, un par ligne.",
        ));
    } else if documents.len() > 20 || documents.iter().any(|d| d.chars().count() > 200) {
        errors.push(FieldError::new(
            "documents",
            "Au plus 20 documents, de 200 caractères chacun.",
        ));
    }
    match (posts, amount, years, first_year, input.opens_on, input.closes_on) {
        (Some(posts), Some(amount), Some(years), Some(first_year), Some(opens_on), Some(closes_on))
            if errors.is_empty() =>
        {
            Ok(NewCall {
                region_code: region_code.to_string(),
                title: title.to_string(),
                description: input.description.trim().to_string(),
                posts,
                amount_per_post_year_cents: amount,
                years,
                first_year: first_year as i32,
                opens_on,
                closes_on,
                documents,
            })
        }
        _ => Err(errors),
    }
}

// --- Funding requests ----------------------------------------------------------------------

/// The states of a funding request, as the Démarches Simplifiées model names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestState {
    Brouillon,
    Deposee,
    ACompleter,
    EnInstruction,
    Acceptee,
    Refusee,
    SansSuite,
}

impl RequestState {
    pub const ALL: [RequestState; 7] = [
        RequestState::Brouillon,
        RequestState::Deposee,
        RequestState::ACompleter,
        RequestState::EnInstruction,
        RequestState::Acceptee,
        RequestState::Refusee,
        RequestState::SansSuite,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestState::Brouillon => "brouillon",
            RequestState::Deposee => "deposee",
            RequestState::ACompleter => "a_completer",
            RequestState::EnInstruction => "en_instruction",
            RequestState::Acceptee => "acceptee",
            RequestState::Refusee => "refusee",
            RequestState::SansSuite => "sans_suite",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            RequestState::Brouillon => "Brouillon",
            RequestState::Deposee => "Déposée",
            RequestState::ACompleter => "À compléter",
            RequestState::EnInstruction => "En instruction",
            RequestState::Acceptee => "Acceptée",
            RequestState::Refusee => "Refusée",
            RequestState::SansSuite => "Classée sans suite",
        }
    }

    /// A decision was taken: the request can only change through a reopening, itself recorded.
    pub fn is_decided(self) -> bool {
        matches!(
            self,
            RequestState::Acceptee | RequestState::Refusee | RequestState::SansSuite
        )
    }

    /// The establishment may still change the documents.
    pub fn is_editable(self) -> bool {
        matches!(self, RequestState::Brouillon | RequestState::ACompleter)
    }

    /// The request counts as filed in the call's figures.
    pub fn is_filed(self) -> bool {
        self != RequestState::Brouillon
    }

    /// Where the request waits for someone, as the establishment reads it.
    pub fn next_step(self) -> &'static str {
        match self {
            RequestState::Brouillon => "Ajoutez les documents demandés puis déposez la demande.",
            RequestState::Deposee => "L'ARS va examiner la demande.",
            RequestState::ACompleter => "L'ARS demande des compléments : ajoutez-les puis déposez à nouveau.",
            RequestState::EnInstruction => "L'ARS instruit la demande et rendra sa décision.",
            RequestState::Acceptee => "La subvention est accordée.",
            RequestState::Refusee => "La demande est refusée ; le motif est indiqué ci-dessous.",
            RequestState::SansSuite => "La demande est classée sans suite ; le motif est indiqué ci-dessous.",
        }
    }
}

/// What someone does to a request. Who may do it is [`RequestAction::by_ars`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestAction {
    /// The establishment files it (first time, or again after a request for more).
    Deposer,
    /// The ARS asks for more documents or information.
    DemanderComplements,
    /// The ARS starts examining it.
    Instruire,
    Accepter,
    Refuser,
    ClasserSansSuite,
    /// The ARS takes a refusal or a classement back to instruction: the correction of a
    /// decision is a new event, never an edit of the old one.
    Rouvrir,
}

impl RequestAction {
    pub const BY_ARS: [RequestAction; 6] = [
        RequestAction::DemanderComplements,
        RequestAction::Instruire,
        RequestAction::Accepter,
        RequestAction::Refuser,
        RequestAction::ClasserSansSuite,
        RequestAction::Rouvrir,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestAction::Deposer => "deposer",
            RequestAction::DemanderComplements => "demander_complements",
            RequestAction::Instruire => "instruire",
            RequestAction::Accepter => "accepter",
            RequestAction::Refuser => "refuser",
            RequestAction::ClasserSansSuite => "classer_sans_suite",
            RequestAction::Rouvrir => "rouvrir",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        std::iter::once(RequestAction::Deposer)
            .chain(Self::BY_ARS)
            .find(|a| a.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            RequestAction::Deposer => "Déposer la demande",
            RequestAction::DemanderComplements => "Demander des compléments",
            RequestAction::Instruire => "Passer en instruction",
            RequestAction::Accepter => "Accepter et accorder la subvention",
            RequestAction::Refuser => "Refuser",
            RequestAction::ClasserSansSuite => "Classer sans suite",
            RequestAction::Rouvrir => "Rouvrir l'instruction",
        }
    }

    pub fn by_ars(self) -> bool {
        self != RequestAction::Deposer
    }

    /// Whether the action needs a written reason that the establishment will read.
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            RequestAction::Refuser
                | RequestAction::ClasserSansSuite
                | RequestAction::DemanderComplements
                | RequestAction::Rouvrir
        )
    }
}

impl RequestState {
    /// The state an action leads to, or why it cannot be done now.
    pub fn apply(self, action: RequestAction) -> Result<RequestState, String> {
        use RequestAction as A;
        use RequestState as S;
        let to = match (self, action) {
            (S::Brouillon | S::ACompleter, A::Deposer) => Some(S::Deposee),
            (S::Deposee, A::DemanderComplements) => Some(S::ACompleter),
            (S::Deposee, A::Instruire) => Some(S::EnInstruction),
            (S::EnInstruction, A::Accepter) => Some(S::Acceptee),
            (S::EnInstruction, A::Refuser) => Some(S::Refusee),
            (S::EnInstruction, A::ClasserSansSuite) => Some(S::SansSuite),
            // An accepted request has become a subsidy that may already be paid: it is not
            // reopened; its subsidy is what gets corrected.
            (S::Refusee | S::SansSuite, A::Rouvrir) => Some(S::EnInstruction),
            _ => None,
        };
        to.ok_or_else(|| {
            format!(
                "Impossible de faire « {} » sur une demande dont l'état est « {} ».",
                action.label(),
                self.label()
            )
        })
    }

    /// The ARS's possible actions from here, in the order the form shows them.
    pub fn ars_actions(self) -> Vec<RequestAction> {
        RequestAction::BY_ARS
            .into_iter()
            .filter(|a| self.apply(*a).is_ok())
            .collect()
    }
}

/// Everything that decides whether an action may happen now, beyond the state machine.
#[derive(Debug, Clone)]
pub struct Decision<'a> {
    pub action: RequestAction,
    pub reason: &'a str,
    /// The call's required documents that the request does not carry yet.
    pub missing_documents: Vec<String>,
    /// The establishment ticked its commitment to keep the post.
    pub commitment: bool,
    pub call_open: bool,
    /// Posts of the call not yet given.
    pub posts_left: i64,
}

/// Checks an action on a request; returns the new state, or the errors by field.
pub fn decide(state: RequestState, decision: &Decision<'_>) -> Result<RequestState, Vec<FieldError>> {
    let to = state
        .apply(decision.action)
        .map_err(|m| vec![FieldError::new("etat", m)])?;
    let mut errors = Vec::new();
    let reason = decision.reason.trim();
    if decision.action.needs_reason() && reason.is_empty() {
        errors.push(FieldError::new(
            "motif",
            match decision.action {
                RequestAction::DemanderComplements => "Indiquez ce que l'établissement doit compléter.",
                RequestAction::Rouvrir => "Indiquez pourquoi la décision est rouverte.",
                _ => "Indiquez le motif : l'établissement le lira.",
            },
        ));
    }
    if reason.chars().count() > 4000 {
        errors.push(FieldError::new("motif", "Le motif compte plus de 4 000 caractères."));
    }
    if decision.action == RequestAction::Deposer {
        // The first filing must happen while the call is open; completing a request the ARS
        // sent back may happen after the closing date.
        if state == RequestState::Brouillon && !decision.call_open {
            errors.push(FieldError::new(
                "etat",
                "L'appel à projets n'est pas ouvert : la demande ne peut pas être déposée.",
            ));
        }
        for document in &decision.missing_documents {
            errors.push(FieldError::new(
                "document",
                format!("Ajoutez le document demandé : « {document} »."),
            ));
        }
        if !decision.commitment {
            errors.push(FieldError::new(
                "engagement",
                "Cochez l'engagement à pérenniser le poste : l'appel à projets l'exige.",
            ));
        }
    }
    if decision.action == RequestAction::Accepter && decision.posts_left <= 0 {
        errors.push(FieldError::new(
            "etat",
            "Tous les postes de cet appel à projets sont déjà attribués.",
        ));
    }
    if errors.is_empty() { Ok(to) } else { Err(errors) }
}

// --- Documents -----------------------------------------------------------------------------

/// The largest document accepted: 10 Mo.
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

/// The kinds of document a request may carry, recognised from their content, never from their
/// name or the type the browser claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Pdf,
    Docx,
    Odt,
    Xlsx,
    Ods,
}

impl DocumentKind {
    pub fn media_type(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "application/pdf",
            DocumentKind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            DocumentKind::Odt => "application/vnd.oasis.opendocument.text",
            DocumentKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            DocumentKind::Ods => "application/vnd.oasis.opendocument.spreadsheet",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "pdf",
            DocumentKind::Docx => "docx",
            DocumentKind::Odt => "odt",
            DocumentKind::Xlsx => "xlsx",
            DocumentKind::Ods => "ods",
        }
    }

    pub fn from_media_type(media_type: &str) -> Option<DocumentKind> {
        [
            DocumentKind::Pdf,
            DocumentKind::Docx,
            DocumentKind::Odt,
            DocumentKind::Xlsx,
            DocumentKind::Ods,
        ]
        .into_iter()
        .find(|k| k.media_type() == media_type)
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// What a file is, from its first bytes: PDF by its header; OpenDocument by the `mimetype` entry
/// that the format puts first and uncompressed in the ZIP; Office Open XML by the names of its
/// ZIP entries (stored in clear in the local headers and the central directory).
pub fn sniff_document(bytes: &[u8]) -> Option<DocumentKind> {
    if bytes.starts_with(b"%PDF-") {
        return Some(DocumentKind::Pdf);
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    let head = &bytes[..bytes.len().min(200)];
    if contains(head, b"mimetypeapplication/vnd.oasis.opendocument.text") {
        return Some(DocumentKind::Odt);
    }
    if contains(head, b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet") {
        return Some(DocumentKind::Ods);
    }
    if contains(bytes, b"[Content_Types].xml") {
        if contains(bytes, b"word/document.xml") {
            return Some(DocumentKind::Docx);
        }
        if contains(bytes, b"xl/workbook.xml") {
            return Some(DocumentKind::Xlsx);
        }
    }
    None
}

/// Checks an uploaded document: its size, and that its content is one of the accepted kinds.
pub fn check_document(bytes: &[u8]) -> Result<DocumentKind, FieldError> {
    if bytes.is_empty() {
        return Err(FieldError::new("fichier", "Choisissez un fichier à ajouter."));
    }
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(FieldError::new("fichier", "Le fichier dépasse 10 Mo : réduisez-le."));
    }
    let kind = sniff_document(bytes).ok_or_else(|| {
        FieldError::new(
            "fichier",
            "Ce fichier n'est ni un PDF, ni un document texte (DOCX, ODT), ni un tableur (XLSX, ODS).",
        )
    })?;
    if kind != DocumentKind::Pdf && !crate::documents::inflates_sanely(bytes) {
        return Err(FieldError::new(
            "fichier",
            "Ce document est illisible ou annonce un contenu anormalement volumineux une fois décompressé \
             (plus de 100 Mo, ou compressé à l'excès) : il n'est pas accepté. Enregistrez-le de nouveau, \
             ou en PDF, puis ajoutez-le.",
        ));
    }
    Ok(kind)
}

/// A file name safe to send back in a `Content-Disposition` header and to show: no path, no
/// control or quote characters, bounded length, and the extension of what the file really is.
pub fn clean_file_name(name: &str, kind: DocumentKind) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = base.rsplit_once('.').map_or(base, |(stem, _)| stem);
    let stem: String = stem
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | ';' | '\\'))
        .take(100)
        .collect();
    let stem = stem.trim();
    format!(
        "{}.{}",
        if stem.is_empty() { "document" } else { stem },
        kind.extension()
    )
}

/// "1,2 Mo", "850 ko".
pub fn size_text(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        let tenths = bytes * 10 / (1024 * 1024);
        format!("{},{}\u{a0}Mo", tenths / 10, tenths % 10)
    } else {
        format!("{}\u{a0}ko", (bytes + 1023) / 1024)
    }
}

// --- Subsidies -----------------------------------------------------------------------------

/// One year of a subsidy: its amount and when it is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instalment {
    pub year: i32,
    pub amount_cents: i64,
    pub due_on: Date,
}

/// The subsidy an accepted request becomes: the call's amount for each of its years, each due
/// on 1 January of its year (the ARS records the real payment dates as they happen).
pub fn schedule(call: &Call) -> Vec<Instalment> {
    (0..call.years)
        .map(|i| {
            let year = call.first_year + i as i32;
            Instalment {
                year,
                amount_cents: call.amount_per_post_year_cents,
                due_on: Date::from_calendar_date(year, Month::January, 1).expect("1 January exists"),
            }
        })
        .collect()
}

/// The last day the subsidy pays for: 31 December of its last year.
pub fn subsidy_ends_on(first_year: i32, years: i64) -> Date {
    let last = first_year + (years.max(1) - 1) as i32;
    Date::from_calendar_date(last, Month::December, 31).expect("31 December exists")
}

/// The same day `months` months earlier, or the month's last day when it has fewer days.
pub fn months_before(date: Date, months: u8) -> Date {
    let total = date.year() * 12 + i32::from(u8::from(date.month())) - 1 - i32::from(months);
    let (year, month0) = (total.div_euclid(12), total.rem_euclid(12));
    let month = Month::try_from(month0 as u8 + 1).expect("1 to 12");
    let day = date.day().min(time::util::days_in_month(month, year));
    Date::from_calendar_date(year, month, day).expect("a day of the month")
}

/// When the establishment and the ARS are reminded of the commitment to keep the post: six
/// months before the subsidy ends, time enough to budget the post.
pub fn reminder_due_on(ends_on: Date) -> Date {
    months_before(ends_on, 6)
}

/// Checks a payment against what remains of the year's amount. The database enforces the same
/// bound in the statement that records the payment, so two payments at once cannot overshoot.
pub fn check_payment(amount_cents: i64, granted_cents: i64, paid_cents: i64) -> Result<(), FieldError> {
    let left = granted_cents - paid_cents;
    if amount_cents <= 0 {
        return Err(FieldError::new("montant", "Le montant doit être supérieur à zéro."));
    }
    if amount_cents > left {
        return Err(FieldError::new(
            "montant",
            if left <= 0 {
                "Cette année est entièrement versée : aucun versement de plus n'est possible.".to_string()
            } else {
                format!(
                    "Ce versement dépasse ce qui reste à verser pour cette année : {}.",
                    euros(left)
                )
            },
        ));
    }
    Ok(())
}

/// What is known of the commitment to keep the post, once the subsidy ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// Not recorded yet.
    Unknown,
    Yes,
    No,
}

impl Kept {
    pub fn of(value: &Option<bool>) -> Kept {
        match *value {
            None => Kept::Unknown,
            Some(true) => Kept::Yes,
            Some(false) => Kept::No,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kept::Unknown => "Pas encore renseigné",
            Kept::Yes => "Oui, le poste est pérennisé",
            Kept::No => "Non, le poste n'a pas été maintenu",
        }
    }
}

/// Whether the outcome of the commitment may be recorded today: from the reminder on, when the
/// establishment knows its next budget.
pub fn may_record_kept(reminder_due_on: Date, today: Date) -> bool {
    today >= reminder_due_on
}

#[cfg(test)]
mod tests {
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
            call_open: true,
            posts_left: 1,
        }
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
}
