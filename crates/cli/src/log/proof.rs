//! `yima log verify-proof`: offline, that a record is in the log — its file's record matches
//! the entry's commitment, and the entry is at the proof's index in a checkpoint the log's
//! key signed (and enough witnesses cosigned).

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use serde_json::Value;
use yima_domain::ledger::{LedgerError, RecordEvidence};
use yima_ledger::{Checkpoint, ProofError, TlogProof, TlogProofError, open_note};

use super::failure::{CheckError, Failure};
use super::key::parse_verifier;

#[derive(Debug, Args)]
pub struct VerifyProofArgs {
    /// The record file: record evidence (JSON: kind, record_ref, salt, record, entry), or the
    /// whole answer of /api/v1/ledger/records/{ref} ({evidence, proof, index}).
    pub record: PathBuf,
    /// The proof file (c2sp.org/tlog-proof) [default: the proof in the record file, when it
    /// is the records endpoint's answer].
    pub proof: Option<PathBuf>,
    /// The log's verifier key (<name>+<key id>+<key>).
    #[arg(long, value_name = "VKEY")]
    pub key: String,
    /// A witness's verifier key; repeat for several.
    #[arg(long = "witness", value_name = "VKEY")]
    pub witnesses: Vec<String>,
    /// How many of the witnesses must have cosigned the checkpoint [default: all of them].
    #[arg(long, requires = "witnesses")]
    pub quorum: Option<usize>,
}

/// What a proof proved.
pub struct Proven {
    pub evidence: RecordEvidence,
    pub index: u64,
    pub checkpoint: Checkpoint,
    pub cosigned_by: usize,
}

pub async fn run(args: &VerifyProofArgs) -> Result<Proven, CheckError> {
    let key = parse_verifier(&args.key, "--key")?;
    let witnesses = args
        .witnesses
        .iter()
        .map(|w| parse_verifier(w, "--witness"))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let quorum = args.quorum.unwrap_or(witnesses.len());
    if quorum > witnesses.len() {
        return Err(anyhow::anyhow!(
            "--quorum {quorum} is more than the {} witnesses given",
            witnesses.len()
        )
        .into());
    }
    let record = read_record_file(&args.record)?;
    let proof_text = match (&args.proof, record.proof) {
        (Some(path), _) => std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?,
        (None, Some(text)) => text,
        (None, None) => {
            return Err(anyhow::anyhow!(
                "no proof: give the proof file ({} carries none, or the record is not yet in a \
                 signed checkpoint)",
                args.record.display()
            )
            .into());
        }
    };
    let proof = TlogProof::parse(&proof_text)
        .map_err(|e| Failure::whole(format!("the proof does not parse: {e}")))?;
    if let Some(index) = record.index.filter(|&i| i != proof.index) {
        return Err(Failure::whole(format!(
            "the record file puts the record at leaf {index}, the proof is for leaf {}",
            proof.index
        ))
        .into());
    }
    let evidence = record.evidence;
    let about = |problem: String| Failure::leaf(proof.index, Some(&evidence.record_ref), problem);
    evidence.verify_commitment().map_err(|e| match e {
        LedgerError::CommitmentMismatch => {
            about("the record does not match its commitment".to_owned())
        }
        e => about(format!("the record does not match its entry: {e}")),
    })?;
    let entry = evidence
        .entry_bytes()
        .map_err(|e| about(format!("the entry is not hex: {e}")))?;
    let checkpoint = proof
        .verify_witnessed(&entry, &key, &witnesses, quorum)
        .map_err(|e| about(proof_failure(&e, proof.index)))?;
    // verify_witnessed established the quorum; the count is for the report.
    let cosigned_by = match open_note(&proof.checkpoint, &witnesses) {
        Ok(opened) => opened
            .verified
            .iter()
            .filter(|v| !(v.name == key.name() && v.key_id == key.key_id()))
            .count(),
        Err(_) => 0,
    };
    Ok(Proven {
        evidence,
        index: proof.index,
        checkpoint,
        cosigned_by,
    })
}

fn proof_failure(e: &TlogProofError, index: u64) -> String {
    match e {
        TlogProofError::Proof(ProofError::RootMismatch) => format!(
            "the entry is not leaf {index} of the checkpoint's tree: the inclusion proof does \
             not lead to its root"
        ),
        TlogProofError::Checkpoint(e) => format!("the proof's checkpoint does not open: {e}"),
        e => format!("the proof does not hold: {e}"),
    }
}

/// A record file's contents: the evidence, and what the records endpoint adds to it.
struct RecordFile {
    evidence: RecordEvidence,
    proof: Option<String>,
    index: Option<u64>,
}

fn read_record_file(path: &Path) -> Result<RecordFile, CheckError> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let not =
        |what: &str, e: String| Failure::whole(format!("{} is not {what}: {e}", path.display()));
    let value: Value = serde_json::from_str(&text).map_err(|e| not("JSON", e.to_string()))?;
    let Some(evidence) = value.get("evidence") else {
        let evidence =
            serde_json::from_value(value).map_err(|e| not("record evidence", e.to_string()))?;
        return Ok(RecordFile {
            evidence,
            proof: None,
            index: None,
        });
    };
    let evidence = serde_json::from_value(evidence.clone())
        .map_err(|e| not("a records answer with record evidence", e.to_string()))?;
    let proof = match value.get("proof") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(not("a records answer", "proof is not text".to_owned()).into()),
    };
    let index = match value.get("index") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_u64()
                .ok_or_else(|| not("a records answer", "index is not a leaf index".to_owned()))?,
        ),
    };
    Ok(RecordFile {
        evidence,
        proof,
        index,
    })
}
