//! A page's form read as a browser sends it: every named input, textarea and select with its
//! current value, checked boxes and radios only. Enough for the pages this application writes.

/// The fields of the form whose `action` is this path, in the page's order (the CSRF token left
/// out: [`Browser::post`](super::Browser::post) adds its own).
pub fn form_fields(html: &str, action: &str) -> Vec<(String, String)> {
    let start = html
        .find(&format!("action=\"{action}\""))
        .unwrap_or_else(|| panic!("no form to {action} in {html}"));
    let form = &html[start..];
    let form = &form[..form.find("</form>").unwrap_or(form.len())];
    let mut fields = Vec::new();
    let mut rest = form;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        let Some(name) = attribute(tag, "name") else { continue };
        if name == "_csrf" {
            continue;
        }
        if tag.starts_with("input ") {
            let kind = attribute(tag, "type").unwrap_or_else(|| "text".into());
            let checked = tag.ends_with(" checked") || tag.contains(" checked ");
            if matches!(kind.as_str(), "checkbox" | "radio") && !checked || kind == "file" {
                continue;
            }
            fields.push((name, attribute(tag, "value").unwrap_or_default()));
        } else if tag.starts_with("textarea ") {
            let body = &rest[tag.len() + 1..];
            let text = &body[..body.find("</textarea>").unwrap_or(0)];
            fields.push((name, super::unescape(text)));
        } else if tag.starts_with("select ") {
            let options = &rest[..rest.find("</select>").unwrap_or(rest.len())];
            let chosen = options
                .split("<option ")
                .skip(1)
                .find(|option| option.split('>').next().is_some_and(|o| o.contains(" selected")))
                .or_else(|| options.split("<option ").nth(1));
            let value = chosen.and_then(|option| attribute(&format!(" {option}"), "value"));
            fields.push((name, value.unwrap_or_default()));
        }
    }
    fields
}

/// An attribute's value in a tag, read back as text.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let value = &tag[at..];
    Some(super::unescape(&value[..value.find('"')?]))
}

/// The boxes "J'ai vérifié ce champ" of a page: the names of the fields still to verify there.
pub fn flagged_fields(html: &str) -> Vec<String> {
    html.split("<input type=\"checkbox\"")
        .skip(1)
        .filter_map(|tag| {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            (attribute(tag, "name").as_deref() == Some("verifie"))
                .then(|| attribute(tag, "value"))
                .flatten()
        })
        .collect()
}
