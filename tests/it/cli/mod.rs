//! The `msp` binary as an operator runs it: defaults that need nothing, demo data, migrations.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod database;
mod demo;
mod second_factor;
mod serve;
mod synthetic;
mod user_add;

const MSP: &str = env!("CARGO_BIN_EXE_msp");

fn fresh_dir(name: &str) -> std::path::PathBuf {
    crate::common::fresh_dir(&format!("cli_{name}"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Runs `msp` with these arguments to its end.
fn msp(args: &[&str]) -> std::process::Output {
    Command::new(MSP).args(args).output().unwrap()
}

/// Runs `msp` with these arguments, which must succeed: what it printed.
fn msp_ok(args: &[&str]) -> String {
    let output = msp(args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "msp {args:?}: {stderr}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `msp serve` listening on that port, these arguments added, its output thrown away: to start.
fn serve(port: u16, args: &[&str]) -> Command {
    let mut command = Command::new(MSP);
    command
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// A server started by a test, stopped when the test ends, passed or failed.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A bare HTTP GET, so these tests need no async runtime.
fn get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    Some(response)
}

/// Waits until the server answers, up to 30 seconds.
fn wait_until_up(port: u16) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        if get(port, "/healthz").is_some_and(|r| r.starts_with("HTTP/1.1 200")) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the server did not answer /healthz within 30 s");
}
