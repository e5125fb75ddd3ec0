//! Tells the tests whether a PostgreSQL server was configured when they were built, so that
//! without one the PostgreSQL half of each scenario shows as ignored instead of passing.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(msp_postgres)");
    println!("cargo::rerun-if-env-changed=MSP_TEST_POSTGRES_URL");
    if std::env::var_os("MSP_TEST_POSTGRES_URL").is_some() {
        println!("cargo::rustc-cfg=msp_postgres");
    }
}
