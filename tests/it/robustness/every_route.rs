use super::*;

on_both_backends!(every_route_answers_boundary_values_in_every_field_without_a_server_error);

/// Every field name the pages' forms send, read from the templates: the `name` attributes and
/// the fields of the `input` and `textarea` macros.
fn form_field_names() -> Vec<String> {
    fn walk(dir: &std::path::Path, names: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, names);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for marker in ["name=\"", "input(errors, \"", "textarea(errors, \""] {
                for (at, _) in text.match_indices(marker) {
                    let rest = &text[at + marker.len()..];
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                        .collect();
                    if !name.is_empty() && rest[name.len()..].starts_with('"') && !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
        }
    }
    let mut names = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"),
        &mut names,
    );
    names.retain(|n| n != "_csrf" && n != "viewport");
    names
}

/// Beyond the forms above, one by one: every state-changing route of the route table, signed in
/// as a role it lets through, with a valid token, receives each boundary value in every field
/// any page sends at once (a megabyte becomes 16 KB per field, to stay under the form limit).
async fn every_route_answers_boundary_values_in_every_field_without_a_server_error(app: TestApp) {
    app.load_demo().await;
    let names = form_field_names();
    assert!(names.len() > 60, "{names:?}");
    let mut users = Vec::new();
    for role in Role::ALL {
        let scopes: Vec<(ScopeKind, &str)> = match role {
            Role::Recruiter => vec![(ScopeKind::Establishment, "1")],
            _ => vec![],
        };
        users.push((
            role,
            app.user(role, &format!("{}@bornes.test", role.as_str()), &scopes).await,
        ));
    }
    let routes = msp::web::route_table();
    let rules = msp::web::csrf_table();
    let mut tried = 0;
    for ((method, path, access), (_, _, rule)) in routes.iter().zip(&rules) {
        if *rule != msp::web::csrf::Csrf::Checked {
            continue;
        }
        // The national coordinator where allowed: the others' scopes would stop most requests
        // before their fields are read.
        let role = match access {
            msp::web::Access::Public => None,
            msp::web::Access::SignedIn | msp::web::Access::Enrolment => Some(Role::Candidate),
            msp::web::Access::SecondFactorStep => Some(Role::Recruiter),
            msp::web::Access::Can(action) => [Role::Coordinator]
                .into_iter()
                .chain(Role::ALL)
                .find(|role| msp::domain::policy::permits(*role, *action)),
        };
        let url = app.url(&common::with_ones(path));
        let user = role.map(|role| &users.iter().find(|(r, _)| *r == role).unwrap().1);
        for (what, value) in boundary_values() {
            let value = if value.len() > 16 * 1024 {
                "x".repeat(16 * 1024)
            } else {
                value
            };
            let complete = *access != msp::web::Access::SecondFactorStep;
            let (cookie, token) = app.credentials(user, complete).await;
            let mut form: Vec<(&str, &str)> = vec![("_csrf", &token)];
            form.extend(names.iter().map(|name| (name.as_str(), value.as_str())));
            let response = app
                .client
                .request(method.clone(), &url)
                .header("cookie", cookie)
                .form(&form)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{method} {path} with {what}: connection dropped ({e})"));
            let status = response.status().as_u16();
            assert!(status < 500, "{method} {path} with {what} in every field: {status}");
            tried += 1;
        }
    }
    assert!(tried > 700, "{tried} requests");
}
