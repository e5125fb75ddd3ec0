//! schema.org `JobPosting` markup for search engines: every property Google requires, and the
//! recommended ones the fiche can fill.

use askama::Template;
use serde_json::json;
use time::format_description::well_known::Rfc3339;

use crate::domain::calendar::paris_offset;
use crate::domain::fiche::Offer;
use crate::domain::fiche::pay::monthly_euros;
use crate::web::views::paragraphs;

/// The description search engines show: the fiche's sections as simple HTML.
#[derive(Template)]
#[template(path = "offers/description.html")]
struct Description<'a> {
    offer: &'a Offer,
}

impl Description<'_> {
    fn context_paragraphs(&self) -> Vec<&str> {
        paragraphs(&self.offer.content.context)
    }
}

/// The JSON-LD text, safe to place inside a `<script>` element.
pub fn job_posting(offer: &Offer, base_url: &str, index_point_euros: f64) -> Result<String, askama::Error> {
    let content = &offer.content;
    let employer = &offer.employer;
    let description = Description { offer }.render()?;
    let mut posting = json!({
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": content.title,
        "description": description,
        "identifier": { "@type": "PropertyValue", "name": employer.name, "value": offer.slug },
        "url": format!("{base_url}/offres/{}", offer.slug),
        "hiringOrganization": { "@type": "Organization", "name": employer.legal_name },
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": employer.street,
                "addressLocality": employer.commune,
                "postalCode": employer.postal_code,
                "addressRegion": employer.region().map(|r| r.name).unwrap_or_default(),
                "addressCountry": "FR",
            }
        },
        // True when candidates apply on this site, with the offer's own form
        // (`/offres/{slug}/candidater`), rather than elsewhere.
        "directApply": content.apply_on_platform,
    });
    if let Some(kind) = content.working_time.quotite.employment_type() {
        posting["employmentType"] = json!(kind);
    }
    if let Some((low, high)) = monthly_euros(content, index_point_euros) {
        let value = match high {
            Some(high) => {
                json!({ "@type": "QuantitativeValue", "minValue": low, "maxValue": high, "unitText": "MONTH" })
            }
            None => json!({ "@type": "QuantitativeValue", "value": low, "unitText": "MONTH" }),
        };
        posting["baseSalary"] = json!({ "@type": "MonetaryAmount", "currency": "EUR", "value": value });
    }
    if let Some(posts) = content.posts {
        posting["totalJobOpenings"] = json!(posts);
    }
    if let Some(published) = offer.published_at {
        posting["datePosted"] = json!(published.date().to_string());
    }
    if let Some(deadline) = content.deadline {
        // The deadline day is open until midnight in Paris.
        let end = deadline.with_hms(23, 59, 59).expect("valid time").assume_utc();
        let end = deadline
            .with_hms(23, 59, 59)
            .expect("valid time")
            .assume_offset(paris_offset(end));
        posting["validThrough"] = json!(end.format(&Rfc3339).expect("formats as RFC 3339"));
    }
    if let Some(start) = content.start_date {
        posting["jobStartDate"] = json!(start.to_string());
    }
    // "</script>" inside a string would end the element early: escape every '<'.
    Ok(posting.to_string().replace('<', "\\u003c"))
}
