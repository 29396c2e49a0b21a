//! What an import tells its user as it goes: a progress bar, each refusal (row or event, and
//! the field) and each anomaly as it is found, and a summary at the end.

use indicatif::{ProgressBar, ProgressStyle};

/// The counts and the bar of one import.
pub struct Report {
    bar: ProgressBar,
    /// Flows or events stored now.
    pub stored: u64,
    /// Recognised as stored before.
    pub duplicates: u64,
    /// Refused, each reported.
    pub refused: u64,
    /// Anomalies the history checks found, each reported.
    pub anomalies: u64,
    /// What the things counted are called (`rows`, `events`).
    unit: &'static str,
}

impl Report {
    pub fn new(total: u64, unit: &'static str, message: String) -> Self {
        let bar = ProgressBar::new(total).with_message(message);
        bar.set_style(
            ProgressStyle::with_template(&format!(
                "{{msg}} [{{bar:40}}] {{pos}}/{{len}} {unit} ({{per_sec}}, {{eta}})"
            ))
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        Self {
            bar,
            stored: 0,
            duplicates: 0,
            refused: 0,
            anomalies: 0,
            unit,
        }
    }

    /// A line above the bar; printed even when there is no terminal to draw the bar on.
    fn line(&self, text: String) {
        self.bar.suspend(|| eprintln!("{text}"));
    }

    /// `what` (`row 7`, `event 12`) was refused for `problem` of `field`.
    pub fn refused(&mut self, what: &str, field: &str, problem: &str) {
        self.refused += 1;
        self.line(format!("refused {what}: {field}: {problem}"));
    }

    /// `what` was refused for a reason that names no field.
    pub fn refused_whole(&mut self, what: &str, problem: &str) {
        self.refused += 1;
        self.line(format!("refused {what}: {problem}"));
    }

    /// A further fault of something refused already.
    pub fn also(&self, what: &str, field: &str, problem: &str) {
        self.line(format!("refused {what}: {field}: {problem}"));
    }

    pub fn anomaly(&mut self, what: &str, kind: &str, detail: &str) {
        self.anomalies += 1;
        self.line(format!("anomaly in {what}: {kind}: {detail}"));
    }

    pub fn advance(&self, done: u64) {
        self.bar.inc(done);
    }

    /// Ends the bar and says how it went.
    pub fn finish(&self, file: &str) {
        self.bar.finish_and_clear();
        eprintln!(
            "imported {file}: {} {} — {} stored, {} recorded before, {} refused; {} anomalies",
            self.stored + self.duplicates + self.refused,
            self.unit,
            self.stored,
            self.duplicates,
            self.refused,
            self.anomalies
        );
    }
}
