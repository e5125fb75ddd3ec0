//! Readers of what the application answers: pages as a person reads them, forms' hidden fields,
//! redirects, cookies, PDFs.

/// The value of a form's hidden field in a page.
pub fn hidden_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no hidden field {name}")) + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}

/// Where a redirect goes.
pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

/// A PDF answer: status, `Content-Type`, `Content-Disposition` and body.
pub async fn pdf(response: reqwest::Response) -> (u16, String, String, Vec<u8>) {
    let status = response.status().as_u16();
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let (content_type, disposition) = (header("content-type"), header("content-disposition"));
    (
        status,
        content_type,
        disposition,
        response.bytes().await.unwrap().to_vec(),
    )
}

/// The text of a PDF as a reader would get it, with every run of white space (line breaks,
/// non-breaking spaces) as one space, so a wrapped sentence is found whole; the running
/// header and footer are left out, so a sentence cut by a page break is found whole too.
pub fn pdf_text(bytes: &[u8]) -> String {
    let text = pdf_extract::extract_text_from_mem(bytes).expect("a readable PDF");
    let running = |line: &str| {
        let line = line.trim();
        line.starts_with("Fiche de poste – ")
            || line.contains("document de travail, non publié")
            || line.starts_with("En ligne")
            || (line.starts_with("Page ") && line.contains(" sur "))
    };
    let body: Vec<&str> = text.lines().filter(|line| !running(line)).collect();
    collapse(&body.join("\n"))
}

/// The running header of every page of a fiche's PDF, as the reader finds it.
pub fn pdf_header(bytes: &[u8]) -> String {
    let text = pdf_extract::extract_text_from_mem(bytes).expect("a readable PDF");
    collapse(text.lines().find(|line| !line.trim().is_empty()).unwrap_or_default())
}

/// Every run of white space as one space.
pub fn collapse(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A page's text as a person reads it: the character references the templates write for quotes,
/// apostrophes, ampersands and angle brackets read back.
pub fn unescape(html: &str) -> String {
    html.replace("&#39;", "'")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#60;", "<")
        .replace("&lt;", "<")
        .replace("&#62;", ">")
        .replace("&gt;", ">")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// Asserts that a response's page says each of these texts (as read, see `unescape`), showing
/// the page when one is missing; returns the page as sent.
pub async fn says(response: reqwest::Response, texts: &[&str]) -> String {
    let body = response.text().await.unwrap();
    let read = unescape(&body);
    for text in texts {
        assert!(read.contains(text), "{text:?} not in {read}");
    }
    body
}

/// A response's `Content-Type`.
pub fn content_type(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

/// The cookies a response sets, as its `Set-Cookie` headers write them.
pub fn set_cookies(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

/// The CSRF token a response gives, in its cookie, to a visitor who had none.
pub fn csrf_cookie(response: &reqwest::Response) -> Option<String> {
    set_cookies(response)
        .iter()
        .find_map(|cookie| cookie.strip_prefix("msp_csrf="))
        .map(|cookie| cookie.split(';').next().unwrap().to_string())
}

/// Asserts that a text holds each of these pieces, showing the text when one is missing.
pub fn assert_holds(text: &str, pieces: &[&str]) {
    for piece in pieces {
        assert!(text.contains(piece), "{piece:?} not in {text}");
    }
}

/// A text as a query string's value carries it.
pub fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("q", text)]).unwrap()[2..].to_string()
}

/// An empty folder of the test's own in the system's temporary folder, for the files of a
/// server it starts.
pub fn fresh_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("msp_{name}_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
