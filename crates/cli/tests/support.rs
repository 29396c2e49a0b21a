//! Runs the real `yima` binary and reads what it prints.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long a start may take before the test fails (a debug build on a busy machine).
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// `yima serve` with a data directory and a random port.
pub fn yima_command(data_dir: &Path, extra: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_yima"));
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data_dir)
        .args(extra)
        .env_remove("YIMA_DATABASE_URL")
        // The tests are many clients at one address, some of them load generators: the
        // per-address limit (tested in the server's access tests) would only slow them.
        .env("YIMA_RATE_LIMIT_PER_ADDRESS", "0")
        .env("RUST_LOG", "warn");
    cmd
}

pub struct Yima {
    child: Child,
    lines: mpsc::Receiver<String>,
    pub base: String,
    /// The log's verifier key, as the server printed it.
    pub vkey: String,
}

impl Yima {
    /// Starts the server and waits for its "listening on" line.
    pub fn serve(data_dir: &Path, extra: &[&str]) -> Self {
        let mut child = yima_command(data_dir, extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout: ChildStdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut yima = Self {
            child,
            lines,
            base: String::new(),
            vkey: String::new(),
        };
        // The ledger's line ("ledger <origin> (verifier key <vkey>)") comes first, then the
        // listening line.
        let mut banner = Vec::new();
        let base = loop {
            let line = yima.read_lines(1).remove(0);
            if let Some(rest) = line.split(" listening on ").nth(1) {
                break rest.split(' ').next().unwrap().to_owned();
            }
            banner.push(line);
        };
        yima.vkey = banner
            .iter()
            .find_map(|l| l.split("(verifier key ").nth(1))
            .map(|k| k.trim_end_matches(')').to_owned())
            .unwrap_or_default();
        yima.base = base;
        yima
    }

    pub fn read_lines(&mut self, n: usize) -> Vec<String> {
        (0..n)
            .map(|_| {
                self.lines
                    .recv_timeout(START_TIMEOUT)
                    .expect("yima printed nothing more")
            })
            .collect()
    }

    /// Lines up to and including `marker`.
    pub fn read_until(&mut self, marker: &str) -> Vec<String> {
        let mut seen = Vec::new();
        loop {
            let line = self
                .lines
                .recv_timeout(START_TIMEOUT)
                .unwrap_or_else(|_| panic!("no {marker:?} in {seen:?}"));
            let done = line == marker;
            seen.push(line);
            if done {
                return seen;
            }
        }
    }

    /// SIGKILL: no chance to flush or finish anything.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// SIGTERM, then wait for a clean exit.
    pub fn stop(mut self) {
        let pid = self.child.id().to_string();
        let status = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(status.success());
        let exit = self.child.wait().unwrap();
        assert!(exit.success(), "yima exited with {exit} after SIGTERM");
    }
}

impl Drop for Yima {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `yima gen <args>`, which must succeed.
pub fn yima_gen(args: &[&str]) -> std::process::Output {
    let output = Command::new(env!("CARGO_BIN_EXE_yima"))
        .arg("gen")
        .args(args)
        .env_remove("YIMA_DATABASE_URL")
        .env_remove("YIMA_DATA_DIR")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "yima gen {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}
