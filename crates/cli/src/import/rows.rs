//! A CSV file of flows: a header naming the columns, then one flow per row. Each row becomes
//! the JSON the flows API takes; what can be judged without the server (an unknown column, an
//! action or a quantity that reads as none) is refused here, with the row and the column.

use std::collections::HashMap;

use anyhow::bail;
use yima_domain::flows::{CheckResult, FlowAction};
use yima_server::wire::flows::FlowRequest;

/// The columns a file may have, as the flows API names its fields.
pub const COLUMNS: [&str; 15] = [
    "action",
    "by",
    "codes",
    "batch_id",
    "gtin",
    "lot",
    "quantity",
    "unit",
    "to",
    "from",
    "at",
    "document",
    "document_type",
    "result",
    "parent",
];

/// One data row, numbered as the file's lines are (the header is row 1).
#[derive(Debug)]
pub struct Row {
    pub number: u64,
    pub flow: FlowRequest,
}

/// A row refused, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub row: u64,
    pub field: String,
    pub problem: String,
}

/// The rows of `text`, and the refusals of those that cannot be sent. `by` is the recorder of
/// rows that name none. An unreadable file, or a header with an unknown or repeated column,
/// is an error: no row of it could be read right.
pub fn read(text: &str, by: Option<&str>) -> anyhow::Result<(Vec<Row>, Vec<Refusal>)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = reader.headers()?.clone();
    let mut columns: HashMap<&'static str, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        let lower = name.to_ascii_lowercase();
        let Some(column) = COLUMNS.iter().find(|c| **c == lower) else {
            bail!(
                "column {} of the header, {name:?}, is no flow field: the columns are {}",
                i + 1,
                COLUMNS.join(", ")
            );
        };
        if columns.insert(column, i).is_some() {
            bail!("the header names the column {column:?} twice");
        }
    }
    for needed in ["action"] {
        if !columns.contains_key(needed) {
            bail!("the header has no {needed:?} column");
        }
    }
    if !columns.contains_key("by") && by.is_none() {
        bail!(
            "the header has no \"by\" column: add one, or give --by with the recorder's credit code"
        );
    }
    let mut rows = Vec::new();
    let mut refused = Vec::new();
    let mut lines = Lines {
        text: text.as_bytes(),
        offset: 0,
        line: 1,
    };
    for record in reader.records() {
        let record = record?;
        let number = lines.of(record.position().map_or(0, csv::Position::byte));
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() > header.len() {
            refused.push(Refusal {
                row: number,
                field: "-".to_owned(),
                problem: format!(
                    "{} cells, the header has {} columns",
                    record.len(),
                    header.len()
                ),
            });
            continue;
        }
        let cell = |name: &str| {
            columns
                .get(name)
                .and_then(|i| record.get(*i))
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        match flow(&cell, by) {
            Ok(flow) => rows.push(Row { number, flow }),
            Err((field, problem)) => refused.push(Refusal {
                row: number,
                field: field.to_owned(),
                problem,
            }),
        }
    }
    Ok((rows, refused))
}

/// Line numbers of records, counted as the reader goes (records come in order of offset).
/// The reader's own count, and its offset, stop short of the blank lines before a record.
struct Lines<'a> {
    text: &'a [u8],
    offset: usize,
    line: u64,
}

impl Lines<'_> {
    /// The line of the record whose reading began at byte `offset`.
    fn of(&mut self, offset: u64) -> u64 {
        let mut start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while matches!(self.text.get(start), Some(b'\n' | b'\r')) {
            start += 1;
        }
        if start > self.offset {
            let passed = self.text.get(self.offset..start).unwrap_or_default();
            self.line += passed.iter().filter(|b| **b == b'\n').count() as u64;
            self.offset = start;
        }
        self.line
    }
}

/// The flow a row holds; `cell` gives a column's value, absent when empty.
fn flow(
    cell: &dyn Fn(&str) -> Option<String>,
    by: Option<&str>,
) -> Result<FlowRequest, (&'static str, String)> {
    let action = cell("action").ok_or(("action", "is empty".to_owned()))?;
    let action = FlowAction::parse_label(&action).map_err(|e| ("action", e))?;
    let result = cell("result")
        .map(|r| CheckResult::parse_label(&r).map(|r| r.name().to_owned()))
        .transpose()
        .map_err(|e| ("result", e))?;
    let quantity = cell("quantity")
        .map(|q| {
            q.parse::<f64>()
                .map_err(|_| ("quantity", format!("{q:?} is not a number")))
        })
        .transpose()?;
    let codes = cell("codes")
        .map(|c| {
            c.split('|')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let by = cell("by").or_else(|| by.map(str::to_owned)).ok_or((
        "by",
        "is empty: whose flow is it? (or give --by)".to_owned(),
    ))?;
    Ok(FlowRequest {
        action: action.name().to_owned(),
        by,
        codes,
        batch_id: cell("batch_id"),
        gtin: cell("gtin"),
        lot: cell("lot"),
        quantity,
        unit: cell("unit"),
        to: cell("to"),
        from: cell("from"),
        at: cell("at"),
        document: cell("document"),
        document_type: cell("document_type"),
        result,
        parent: cell("parent"),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const SHOP: &str = "91310230MA1K314J7C";

    #[test]
    fn rows_become_flows_and_faults_are_named_by_row_and_column() {
        let text = format!(
            "\u{feff}Action, by ,codes,quantity,result\n\
             发货,{SHOP},A|B | ,,\n\
             \n\
             receive,{SHOP},C,,合格\n\
             fly,{SHOP},D,,\n\
             hold,{SHOP},,12kg,\n\
             sell,,E,,\n\
             sell,{SHOP},E,,,extra\n"
        );
        let (rows, refused) = read(&text, None).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].number, 2);
        assert_eq!(rows[0].flow.action, "ship");
        assert_eq!(rows[0].flow.codes, ["A", "B"]);
        assert_eq!(rows[0].flow.result, None);
        assert_eq!(rows[1].number, 4);
        assert_eq!(rows[1].flow.result.as_deref(), Some("conformant"));
        let named: Vec<(u64, &str)> = refused.iter().map(|r| (r.row, r.field.as_str())).collect();
        assert_eq!(named, [(5, "action"), (6, "quantity"), (7, "by"), (8, "-")]);
        // A recorder for every row that names none.
        let (rows, _) = read(&text, Some(SHOP)).unwrap();
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn a_bad_header_refuses_the_file() {
        assert!(
            read("action,by,form\n", None)
                .unwrap_err()
                .to_string()
                .contains("form")
        );
        assert!(read("action,by,to,TO\n", None).is_err());
        assert!(read("by,codes\n", None).is_err());
        assert!(
            read("action,codes\n", None)
                .unwrap_err()
                .to_string()
                .contains("--by")
        );
        assert!(read("action,codes\n", Some(SHOP)).is_ok());
    }
}
