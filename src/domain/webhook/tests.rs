use super::*;

#[test]
fn only_https_public_addresses_are_taken_unless_private_ones_are_allowed() {
    assert!(check_address("https://rh.chu-exemple.fr/msp", false).is_ok());
    for refused in [
        "http://rh.chu-exemple.fr/msp",
        "https://127.0.0.1/x",
        "https://10.1.2.3/",
        "https://192.168.0.4/",
        "https://172.16.0.1/",
        "https://169.254.169.254/latest/meta-data",
        "https://0.0.0.0/",
        "https://[::1]/",
        "https://[fd00::1]/",
        "https://[fe80::1]/",
        "https://[::]/",
        "https://[::ffff:10.0.0.1]/",
        "https://localhost/",
        "https://user:pass@rh.chu-exemple.fr/",
        "pas une adresse",
        "",
    ] {
        let error = check_address(refused, false).expect_err(refused);
        assert_eq!(error.field, "url");
        assert!(!error.message.is_empty());
    }
    assert!(check_address("http://127.0.0.1:8080/recu", true).is_ok());
    assert!(check_address("ftp://127.0.0.1/", true).is_err());
}

#[test]
fn public_addresses_are_not_forbidden() {
    for ip in ["93.184.216.34", "2606:2800:220:1::1", "100.128.0.1"] {
        assert!(!forbidden_ip(ip.parse().unwrap()), "{ip}");
    }
    for ip in ["100.64.0.1", "::ffff:127.0.0.1", "::127.0.0.1", "ff02::1", "fc00::1"] {
        assert!(forbidden_ip(ip.parse().unwrap()), "{ip}");
    }
}

#[test]
fn retries_wait_longer_each_time_then_give_up() {
    assert_eq!(retry_after(1), Some(Duration::minutes(1)));
    assert_eq!(retry_after(6), Some(Duration::hours(24)));
    assert_eq!(retry_after(7), None);
    assert_eq!(retry_after(0), None);
    let waits: Vec<_> = (1..=6).map(|n| retry_after(n).unwrap()).collect();
    assert!(waits.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn the_signature_is_the_standard_webhooks_one() {
    // The example of the Standard Webhooks specification's reference libraries.
    let secret = BASE64.decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
    let body = r#"{"test": 2432232314}"#;
    assert_eq!(
        signature(&secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body),
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    );
    assert!(secret_text(&[0u8; 32]).starts_with("whsec_"));
}

#[test]
fn the_payload_names_no_one() {
    let payload = Payload {
        id: "42",
        source: "https://msp.exemple.fr",
        kind: Some(EventKind::ApplicationReceived),
        occurred_at: "2026-12-06T01:00:00Z",
        establishment_id: 3,
        fiche_id: Some(7),
        fiche_link: Some("https://msp.exemple.fr/offres/7-mediateur".into()),
        application_id: Some(9),
        application_link: Some("https://msp.exemple.fr/candidatures/9".into()),
    };
    let json: serde_json::Value = serde_json::from_str(&payload.to_json()).unwrap();
    assert_eq!(json["type"], "candidature.recue");
    assert_eq!(json["survenu_le"], "2026-12-06T01:00:00Z");
    assert_eq!(json["data"]["candidature_id"], 9);
    assert_eq!(
        json["data"].as_object().unwrap().keys().collect::<Vec<_>>(),
        [
            "candidature_id",
            "candidature_lien",
            "etablissement_id",
            "fiche_id",
            "fiche_lien"
        ]
    );
}
