use super::*;

#[test]
fn passwords_never_reach_the_logs() {
    assert_eq!(
        redact_password("postgres://msp:s3cret@db:5432/msp"),
        "postgres://msp:***@db:5432/msp"
    );
    assert_eq!(
        redact_password("postgres://postgres@127.0.0.1/test"),
        "postgres://postgres@127.0.0.1/test"
    );
    assert_eq!(redact_password("sqlite://msp.sqlite3"), "sqlite://msp.sqlite3");
    let config = DatabaseConfig {
        url: "postgres://a:b@c/d".into(),
    };
    assert!(!format!("{config:?}").contains(":b@"));
}

#[derive(clap::Parser)]
struct Serve {
    #[command(flatten)]
    config: ServeConfig,
}

#[test]
fn trusted_proxies_are_a_list_of_addresses_and_ranges() {
    use clap::Parser;
    let parsed = Serve::try_parse_from(["msp", "--trusted-proxy", "127.0.0.1, 10.0.0.0/8,::1"]).unwrap();
    let list: Vec<String> = parsed.config.trusted_proxies.iter().map(ToString::to_string).collect();
    assert_eq!(list, ["127.0.0.1/32", "10.0.0.0/8", "::1/128"]);
    assert!(
        Serve::try_parse_from(["msp"])
            .unwrap()
            .config
            .trusted_proxies
            .is_empty()
    );
    assert!(Serve::try_parse_from(["msp", "--trusted-proxy", "10.0.0.0/40"]).is_err());
}
