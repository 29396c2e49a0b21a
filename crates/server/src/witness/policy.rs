//! The witness policy: which witnesses cosign this log's checkpoints, and how many of them a
//! verifier should require. The operator writes it as a text file; the server serves the same
//! text, after a `log <vkey>` line, at `/log/witnesses`, so a verifier configures itself from
//! one document:
//!
//! ```text
//! # comments and blank lines are ignored
//! witness <name> <vkey> [<url>]
//! quorum <n>
//! ```
//!
//! `<vkey>` is the witness's note verifier key of type 0x04 (c2sp.org/tlog-cosignature); a
//! witness with a URL is asked for cosignatures (c2sp.org/tlog-witness), one without sends
//! them to `POST /log/cosignatures` itself.

use std::fmt;

use yima_ledger::{KeyType, NoteVerifier};

/// Why a policy file is refused: the line, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WitnessPolicyError {
    #[error("witness policy, line {line}: {problem}")]
    Line { line: usize, problem: String },
    #[error("witness policy: {0}")]
    Policy(String),
}

/// One witness of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Witness {
    /// The operator's name for it, unique in the policy (used in logs).
    pub name: String,
    /// Its cosignature/v1 key.
    pub verifier: NoteVerifier,
    /// Where it takes `add-checkpoint` requests, without a trailing slash; `None` for a
    /// witness that fetches checkpoints and posts its cosignatures itself.
    pub url: Option<String>,
}

/// The witnesses and the quorum a verifier should require of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WitnessPolicy {
    pub witnesses: Vec<Witness>,
    pub quorum: usize,
}

impl WitnessPolicy {
    /// Reads a policy file. Every witness needs a cosignature/v1 key, names and keys may not
    /// repeat, and the quorum (given once) may not exceed the witnesses.
    pub fn parse(text: &str) -> Result<Self, WitnessPolicyError> {
        let mut witnesses: Vec<Witness> = Vec::new();
        let mut quorum: Option<usize> = None;
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let fail = |problem: String| WitnessPolicyError::Line { line, problem };
            let content = raw.split('#').next().unwrap_or_default().trim();
            let words: Vec<&str> = content.split_whitespace().collect();
            match words.as_slice() {
                [] => {}
                ["witness", name, vkey, rest @ ..] => {
                    let witness = witness(name, vkey, rest).map_err(fail)?;
                    if let Some(other) = witnesses
                        .iter()
                        .find(|w| w.name == witness.name || w.verifier == witness.verifier)
                    {
                        return Err(fail(format!(
                            "witness {} repeats the name or key of witness {}",
                            witness.name, other.name
                        )));
                    }
                    witnesses.push(witness);
                }
                ["witness", ..] => {
                    return Err(fail("expected witness <name> <vkey> [<url>]".to_owned()));
                }
                ["quorum", n] => {
                    if quorum.is_some() {
                        return Err(fail("a second quorum line".to_owned()));
                    }
                    let n = n
                        .parse::<usize>()
                        .ok()
                        .filter(|q| q.to_string() == *n)
                        .ok_or_else(|| fail(format!("quorum {n:?} is not a decimal number")))?;
                    quorum = Some(n);
                }
                ["quorum", ..] => return Err(fail("expected quorum <n>".to_owned())),
                [other, ..] => {
                    return Err(fail(format!(
                        "{other:?} is not a keyword: lines are witness or quorum"
                    )));
                }
            }
        }
        let quorum = quorum.ok_or_else(|| WitnessPolicyError::Policy("no quorum line".into()))?;
        if quorum > witnesses.len() {
            return Err(WitnessPolicyError::Policy(format!(
                "quorum {quorum} is more than the {} witnesses",
                witnesses.len()
            )));
        }
        Ok(Self { witnesses, quorum })
    }

    /// The witnesses' keys, to open cosigned notes with.
    pub fn verifiers(&self) -> Vec<NoteVerifier> {
        self.witnesses.iter().map(|w| w.verifier.clone()).collect()
    }
}

fn witness(name: &str, vkey: &str, rest: &[&str]) -> Result<Witness, String> {
    let verifier =
        NoteVerifier::parse(vkey).map_err(|e| format!("witness {name}: the key {vkey:?}: {e}"))?;
    if verifier.key_type() != KeyType::CosignatureV1 {
        // A plain Ed25519 signature carries no time and shares its message with the log's
        // own signature: only cosignature/v1 keys witness.
        return Err(format!(
            "witness {name}: the key is not a cosignature/v1 (type 0x04) key"
        ));
    }
    let url = match rest {
        [] => None,
        [url] if url.starts_with("http://") || url.starts_with("https://") => {
            Some(url.trim_end_matches('/').to_owned())
        }
        [url] => return Err(format!("witness {name}: {url:?} is not an http(s) URL")),
        _ => return Err("expected witness <name> <vkey> [<url>]".to_owned()),
    };
    Ok(Witness {
        name: name.to_owned(),
        verifier,
        url,
    })
}

impl fmt::Display for WitnessPolicy {
    /// The policy file's text, which `parse` reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for w in &self.witnesses {
            write!(f, "witness {} {}", w.name, w.verifier)?;
            if let Some(url) = &w.url {
                write!(f, " {url}")?;
            }
            writeln!(f)?;
        }
        writeln!(f, "quorum {}", self.quorum)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use yima_ledger::{Cosigner, NoteSigner};

    use super::*;

    fn key(i: u8) -> String {
        Cosigner::new(&format!("w{i}.example"), &[i; 32])
            .unwrap()
            .verifier()
            .to_string()
    }

    #[test]
    fn a_policy_round_trips() {
        let text = format!(
            "# witnesses\n\nwitness a {} https://w1.example/  # the first\nwitness b {}\nquorum 1\n",
            key(1),
            key(2)
        );
        let policy = WitnessPolicy::parse(&text).unwrap();
        assert_eq!(policy.quorum, 1);
        assert_eq!(
            policy.witnesses[0].url.as_deref(),
            Some("https://w1.example")
        );
        assert_eq!(policy.witnesses[1].url, None);
        assert_eq!(WitnessPolicy::parse(&policy.to_string()).unwrap(), policy);
        assert_eq!(
            WitnessPolicy::default().to_string(),
            "quorum 0\n",
            "no witnesses"
        );
    }

    #[test]
    fn errors_name_the_line() {
        let ed25519 = NoteSigner::new("log.example", &[9; 32])
            .unwrap()
            .verifier()
            .to_string();
        for (text, line, needle) in [
            (format!("quorum 0\nwitnes a {}\n", key(1)), 2, "keyword"),
            ("witness a not-a-key\nquorum 0\n".to_owned(), 1, "key"),
            (format!("witness a {ed25519}\nquorum 1\n"), 1, "0x04"),
            (
                format!("witness a {} ftp://x\nquorum 1\n", key(1)),
                1,
                "URL",
            ),
            (
                format!("witness a {}\nwitness a {}\n", key(1), key(2)),
                2,
                "repeats",
            ),
            (
                format!("witness a {}\nwitness b {}\n", key(1), key(1)),
                2,
                "repeats",
            ),
            ("quorum 01\n".to_owned(), 1, "decimal"),
            ("quorum 0\nquorum 0\n".to_owned(), 2, "second"),
            (
                format!("witness a {} http://x y\nquorum 1\n", key(1)),
                1,
                "expected",
            ),
        ] {
            match WitnessPolicy::parse(&text) {
                Err(WitnessPolicyError::Line { line: l, problem }) => {
                    assert_eq!(l, line, "{text}: {problem}");
                    assert!(problem.contains(needle), "{text}: {problem}");
                }
                other => panic!("{text}: {other:?}"),
            }
        }
        for text in ["", &format!("witness a {}\nquorum 2\n", key(1))] {
            assert!(matches!(
                WitnessPolicy::parse(text),
                Err(WitnessPolicyError::Policy(_))
            ));
        }
    }
}
