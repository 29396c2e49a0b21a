//! `yima import <file>`: flows from a CSV file, or the events of an EPCIS 2.0 document, sent
//! to a running server in batches through the same endpoints other clients use — so an
//! import makes exactly the events the JSON API and the EPCIS binding would.

mod client;
mod report;
mod rows;
mod send;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use serde_json::Value;

use client::Server;
use report::Report;

/// The exit status when some rows or events were refused (the others are stored).
const REFUSED: u8 = 2;

#[derive(Debug, Args)]
#[command(after_help = "\
CSV: a header row naming the columns, then one flow per row (rows are numbered as the \
file's lines, the header being row 1). Columns, in any order, empty cells meaning absent:
  action         commission, inspect, pack, unpack, ship, receive, sell, sell_to_business,
                 return, hold, recall, scrap (or 赋码, 检验, 装箱, 拆箱, 发货, 收货, 销售, 批发,
                 退货, 暂扣, 召回, 报废)
  by             统一社会信用代码 of who records the flow (or --by for every row)
  codes          units and cases as scanned, separated by |
  gtin, lot      the batch, by its product's GTIN and its lot …
  batch_id       … or by its registry id
  quantity       how much of the batch (with gtin and lot, or batch_id)
  unit           UN/CEFACT unit of the quantity (MTR, KGM); by default the batch's
  to             the buyer's credit code (ship, sell_to_business)
  from           the supplier's credit code (receive; return, optional)
  at             when: 2025-03-01T09:30:00+08:00, 2025-03-01 09:30 (+08:00) or 2025-03-01
  document       the business document's number or URI
  document_type  its CBV type (desadv, inv, po, rma …); by default the action's usual one
  result         conformant or non_conformant (合格, 不合格): inspect, receive
  parent         the case or pallet's SSCC (pack, unpack)
See docs/import.md.

EPCIS: an EPCISDocument (JSON or JSON-LD) is sent to /epcis/capture, --batch-size events \
per capture with the document's context and header; faulty events are reported, the others \
stored.

A batch is stored whole or not at all; rows the server refuses are reported with their row \
number and field and the rest of their batch is sent again. Anomalies (a sale of goods \
nobody held …) are stored and reported.

Exit status: 0 when every row or event is recorded (now or before); 2 when some were \
refused, or the file cannot be read as a whole; 1 when the server could not be reached \
or refused the token.")]
pub struct ImportArgs {
    /// The file: CSV, or an EPCIS 2.0 JSON-LD document (told apart by its content).
    pub file: PathBuf,
    /// The server's base URL (plain HTTP).
    #[arg(long, env = "YIMA_SERVER", default_value = "http://127.0.0.1:8080")]
    pub server: String,
    /// A file holding the administrator token [default: <data-dir>/admin.token].
    #[arg(long)]
    pub token: Option<PathBuf>,
    /// The data directory of the local server, whose admin.token is used by default.
    #[arg(long, env = "YIMA_DATA_DIR", default_value = "yima-data")]
    pub data_dir: PathBuf,
    /// Rows (or events) per request, 1 to 1000.
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub batch_size: u64,
    /// The recorder's credit code for rows that have no `by`.
    #[arg(long)]
    pub by: Option<String>,
    /// Read the file as this, instead of telling by its content.
    #[arg(long, value_enum)]
    pub format: Option<FileFormat>,
    /// Sign every request with the enterprise's private key in this file (written by
    /// `yima submission new-key`); the server stores each with its signature.
    #[arg(long, requires = "sign_key_id")]
    pub sign_with: Option<PathBuf>,
    /// The id the key's public half was registered under.
    #[arg(long, requires = "sign_with")]
    pub sign_key_id: Option<uuid::Uuid>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FileFormat {
    Csv,
    Epcis,
}

pub async fn run(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let Ok(text) = String::from_utf8(bytes) else {
        eprintln!(
            "invalid file {}: it is not UTF-8 text (save a spreadsheet as \"CSV UTF-8\")",
            args.file.display()
        );
        return Ok(ExitCode::from(REFUSED));
    };
    let format = args.format.unwrap_or_else(|| detect(&text));
    let token_path = args
        .token
        .clone()
        .unwrap_or_else(|| args.data_dir.join(yima_server::bootstrap::TOKEN_FILE));
    let token = std::fs::read_to_string(&token_path)
        .with_context(|| {
            format!(
                "cannot read the token in {} (give --token with the server's administrator \
                 token)",
                token_path.display()
            )
        })?
        .trim()
        .to_owned();
    let signer = match (&args.sign_with, args.sign_key_id) {
        (Some(path), Some(key_id)) => Some(crate::submission::Signer::read(path, key_id)?),
        _ => None,
    };
    let server = Server::new(&args.server, token, signer)?;
    let name = args.file.display().to_string();
    let size = usize::try_from(args.batch_size).unwrap_or(500);
    let report = match format {
        FileFormat::Csv => {
            let (rows, refused) = match rows::read(&text, args.by.as_deref()) {
                Ok(read) => read,
                Err(e) => {
                    eprintln!("invalid file {name}: {e:#}");
                    return Ok(ExitCode::from(REFUSED));
                }
            };
            let total = (rows.len() + refused.len()) as u64;
            let mut report = Report::new(total, "rows", format!("flows of {name}"));
            for r in &refused {
                report.refused(&format!("row {}", r.row), &r.field, &r.problem);
            }
            report.advance(refused.len() as u64);
            send::rows(&server, &rows, size, &mut report).await?;
            report
        }
        FileFormat::Epcis => {
            let document: Value = match serde_json::from_str(&text) {
                Ok(document) => document,
                Err(e) => {
                    eprintln!("invalid file {name}: not JSON: {e}");
                    return Ok(ExitCode::from(REFUSED));
                }
            };
            let total = document
                .pointer("/epcisBody/eventList")
                .and_then(Value::as_array)
                .map_or(0, Vec::len) as u64;
            if document["type"] != "EPCISDocument" {
                eprintln!(
                    "invalid file {name}: not an EPCISDocument (its type is {})",
                    document["type"]
                );
                return Ok(ExitCode::from(REFUSED));
            }
            let mut report = Report::new(total, "events", format!("events of {name}"));
            send::events(&server, document, size, &mut report).await?;
            report
        }
    };
    report.finish(&name);
    Ok(if report.refused > 0 {
        ExitCode::from(REFUSED)
    } else {
        ExitCode::SUCCESS
    })
}

/// A JSON document starts with `{`; anything else is taken for CSV.
fn detect(text: &str) -> FileFormat {
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if start.starts_with('{') {
        FileFormat::Epcis
    } else {
        FileFormat::Csv
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_told_apart_by_content() {
        assert_eq!(
            detect("\u{feff}\n  {\"type\": \"EPCISDocument\"}"),
            FileFormat::Epcis
        );
        assert_eq!(detect("action,by,codes\n"), FileFormat::Csv);
        assert_eq!(detect(""), FileFormat::Csv);
    }
}
