//! Sending what a file holds, a batch at a time: CSV rows to the flows API, the events of an
//! EPCIS document to the binding's capture, each as its own document.

use std::collections::BTreeMap;

use anyhow::bail;
use serde_json::Value;
use yima_server::wire::flows::{FlowRequest, FlowStatus};

use super::client::{BatchAnswer, CaptureAnswer, Server};
use super::report::Report;
use super::rows::Row;

/// Sends `rows` in batches of `size`. A batch is stored whole or not at all: when the server
/// refuses some of its rows, they are reported and the rest of the batch is sent again.
pub async fn rows(
    server: &Server,
    rows: &[Row],
    size: usize,
    report: &mut Report,
) -> anyhow::Result<()> {
    for chunk in rows.chunks(size.max(1)) {
        let mut pending: Vec<&Row> = chunk.iter().collect();
        while !pending.is_empty() {
            let flows: Vec<FlowRequest> = pending.iter().map(|r| r.flow.clone()).collect();
            match server.flows(&flows).await? {
                BatchAnswer::Recorded(answer) => {
                    for (row, outcome) in pending.iter().zip(answer.flows) {
                        match outcome.status {
                            FlowStatus::Stored => report.stored += 1,
                            FlowStatus::Duplicate => report.duplicates += 1,
                        }
                        for a in outcome.anomalies {
                            report.anomaly(&format!("row {}", row.number), &a.kind, &a.detail);
                        }
                    }
                    break;
                }
                BatchAnswer::Refused(problem) => {
                    let mut faults: BTreeMap<usize, Vec<(String, String)>> = BTreeMap::new();
                    for e in problem.errors {
                        if let Some((index, field)) = flow_field(&e.field)
                            && index < pending.len()
                        {
                            faults.entry(index).or_default().push((field, e.problem));
                        }
                    }
                    if faults.is_empty() {
                        bail!("the server refused a batch of rows: {}", problem.detail);
                    }
                    for (index, faults) in &faults {
                        let what = format!("row {}", pending[*index].number);
                        for (n, (field, problem)) in faults.iter().enumerate() {
                            if n == 0 {
                                report.refused(&what, field, problem);
                            } else {
                                report.also(&what, field, problem);
                            }
                        }
                    }
                    pending = pending
                        .into_iter()
                        .enumerate()
                        .filter(|(i, _)| !faults.contains_key(i))
                        .map(|(_, row)| row)
                        .collect();
                }
            }
        }
        report.advance(chunk.len() as u64);
    }
    Ok(())
}

/// `flows[3].codes[1]` as (3, `codes[1]`).
fn flow_field(field: &str) -> Option<(usize, String)> {
    let rest = field.strip_prefix("flows[")?;
    let (index, rest) = rest.split_once(']')?;
    let field = rest.strip_prefix('.').unwrap_or(rest);
    Some((index.parse().ok()?, field.to_owned()))
}

/// Sends the events of `document`, an EPCISDocument, as documents of at most `size` events
/// with its context and header, each capture followed to its end.
pub async fn events(
    server: &Server,
    mut document: Value,
    size: usize,
    report: &mut Report,
) -> anyhow::Result<()> {
    let events = match document
        .pointer_mut("/epcisBody/eventList")
        .map(Value::take)
    {
        Some(Value::Array(events)) => events,
        _ => bail!("the document has no epcisBody.eventList"),
    };
    for (n, chunk) in events.chunks(size.max(1)).enumerate() {
        let offset = n * size.max(1);
        if let Some(list) = document.pointer_mut("/epcisBody/eventList") {
            *list = Value::Array(chunk.to_vec());
        }
        match server.capture(&document).await? {
            CaptureAnswer::Refused(detail) => {
                report.refused_whole(
                    &format!("events {} to {}", offset + 1, offset + chunk.len()),
                    &detail,
                );
                report.refused += chunk.len() as u64 - 1;
            }
            CaptureAnswer::Ended { id, job } => {
                let number = |v: &Value| v.as_u64().unwrap_or(0);
                report.stored += number(&job["storedEvents"]);
                report.duplicates += number(&job["duplicateEvents"]);
                let errors = job["errors"].as_array().cloned().unwrap_or_default();
                if job["success"] == Value::Bool(false) && errors.is_empty() {
                    bail!("capture {id} failed: {job}");
                }
                let mut seen = std::collections::BTreeSet::new();
                for error in &errors {
                    let path = error["instance"].as_str().unwrap_or_default();
                    let detail = error["detail"].as_str().unwrap_or_default();
                    let problem = detail
                        .strip_prefix(path)
                        .and_then(|d| d.strip_prefix(": "))
                        .unwrap_or(detail);
                    match event_field(path) {
                        Some((index, field)) => {
                            let what = format!("event {}", offset + index + 1);
                            if seen.insert(index) {
                                report.refused(&what, &field, problem);
                            } else {
                                report.also(&what, &field, problem);
                            }
                        }
                        None => report.refused_whole(&format!("capture {id}"), detail),
                    }
                }
                for a in server.anomalies_of_capture(&id).await? {
                    let text = |k: &str| a[k].as_str().unwrap_or_default().to_owned();
                    report.anomaly(
                        &format!("event {}", text("event_hash_id")),
                        &text("kind"),
                        &text("detail"),
                    );
                }
            }
        }
        report.advance(chunk.len() as u64);
    }
    Ok(())
}

/// `epcisBody.eventList[3].epcList[0]` as (3, `epcList[0]`).
fn event_field(path: &str) -> Option<(usize, String)> {
    let (_, rest) = path.split_once("eventList[")?;
    let (index, rest) = rest.split_once(']')?;
    let field = rest.strip_prefix('.').unwrap_or(rest);
    Some((index.parse().ok()?, field.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_the_row_or_event() {
        assert_eq!(
            flow_field("flows[3].codes[1]"),
            Some((3, "codes[1]".into()))
        );
        assert_eq!(flow_field("flows"), None);
        assert_eq!(
            event_field("epcisBody.eventList[12].epcList[0]"),
            Some((12, "epcList[0]".into()))
        );
        assert_eq!(
            event_field("epcisBody.eventList[2]"),
            Some((2, String::new()))
        );
        assert_eq!(event_field("@context"), None);
    }
}
