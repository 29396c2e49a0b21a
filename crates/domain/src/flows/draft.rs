//! What a client sends for one flow, as plain fields, and the checks that make it a `Flow`:
//! every field on its own, then the rules of the action (who and what it must and must not
//! name). Every failing field is named, so a client (or a row of a file) sees them all.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;
use yima_codes::CodeRules;
use yima_codes::gs1::Gtin;

use super::action::{CheckResult, FlowAction};
use super::document::Document;
use super::flow::{Amount, BatchRef, Flow, Goods};
use super::object::{lot_class_uri, scan_goods, sscc_uri};
use super::party::parse_party;
use super::time::parse_time;
use crate::validation::{Checker, Invalid, vouched};

/// The most units and cases one flow may name.
pub const MAX_CODES: usize = 10_000;
/// The longest code taken: far above any real one (a Digital Link with a path stem), short
/// enough for every engine's index of identifiers.
pub const MAX_CODE_CHARS: usize = 512;
/// The largest quantity of a batch one flow may move; as `batch::MAX_QUANTITY`.
pub const MAX_QUANTITY: f64 = 1e12;

/// One flow as a client sends it. An optional field is absent or has a value: a blank one is
/// refused like any other bad value (a file's empty cell is absent, which its reader says).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FlowDraft {
    /// `commission`, `inspect`, `pack`, `unpack`, `ship`, `receive`, `sell`,
    /// `sell_to_business`, `return`, `hold`, `recall` or `scrap`.
    pub action: String,
    /// The credit code of who records it.
    pub by: String,
    /// Units and cases as scanned or typed.
    pub codes: Vec<String>,
    /// The batch by registry id …
    pub batch_id: Option<String>,
    /// … or by its product's GTIN and its lot.
    pub gtin: Option<String>,
    pub lot: Option<String>,
    /// How much of the batch, when goods are counted by batch.
    pub quantity: Option<f64>,
    /// UN/CEFACT Rec 20 unit of the quantity (`MTR`, `KGM`); by default the batch's.
    pub unit: Option<String>,
    /// The buyer's credit code (ship, sell_to_business).
    pub to: Option<String>,
    /// The supplier's credit code (receive), or who returns the goods (return).
    pub from: Option<String>,
    /// When, by default now.
    pub at: Option<String>,
    /// The business document's number or URI.
    pub document: Option<String>,
    /// Its CBV type (`desadv`, `inv` …), by default the action's usual one.
    pub document_type: Option<String>,
    /// `conformant` or `non_conformant` (inspect, receive).
    pub result: Option<String>,
    /// The case or pallet's SSCC (pack, unpack).
    pub parent: Option<String>,
}

/// An optional field's text. Fields are taken as sent, not trimmed: white space around a
/// credit code or a lot is a fault the API's schema names, so the checks name it too.
fn given(field: &Option<String>) -> Option<&str> {
    field.as_deref()
}

impl FlowDraft {
    /// Checks the draft: codes are read by `rules`, and `now` is the default time and bounds
    /// it.
    pub fn validate(&self, rules: &CodeRules, now: DateTime<Utc>) -> Result<Flow, Invalid> {
        let mut c = Checker::new();
        let action = c.take("action", FlowAction::parse(&self.action));
        let by = c.take("by", parse_party(&self.by));
        let at = c.take("at", parse_time(given(&self.at), now));
        let to = self.party(
            &mut c,
            "to",
            given(&self.to),
            action,
            FlowAction::takes_buyer,
        );
        let from = self.party(
            &mut c,
            "from",
            given(&self.from),
            action,
            FlowAction::takes_supplier,
        );
        for (field, party) in [("to", &to), ("from", &from)] {
            if let (Some(Some(party)), Some(by)) = (party, &by)
                && party == by
            {
                c.fail(field, "names the recorder itself (by)");
            }
        }
        let result = self.result(&mut c, action);
        let parent = self.parent(&mut c, action);
        let document = self.document(&mut c, action);
        let goods = self.goods(
            &mut c,
            rules,
            action,
            parent.as_ref().and_then(Option::as_ref),
        );
        c.finish()?;
        Ok(Flow {
            action: vouched("action", action)?,
            by: vouched("by", by)?,
            goods: vouched("codes", goods)?,
            to: vouched("to", to)?,
            from: vouched("from", from)?,
            at: vouched("at", at)?,
            document: vouched("document", document)?,
            result: vouched("result", result)?,
            parent: vouched("parent", parent)?,
        })
    }

    /// A counterparty: required or allowed by the action (`takes`), refused otherwise.
    fn party(
        &self,
        c: &mut Checker,
        field: &'static str,
        text: Option<&str>,
        action: Option<FlowAction>,
        takes: fn(FlowAction) -> bool,
    ) -> Option<Option<yima_codes::enterprise::CreditCode>> {
        let party = match text {
            Some(text) => Some(c.take(field, parse_party(text))?),
            None => None,
        };
        let action = action?;
        // A return by a consumer names nobody; a receipt always names its supplier.
        let required = takes(action) && action != FlowAction::Return;
        match (&party, takes(action), required) {
            (None, _, true) => {
                let whom = if field == "to" {
                    "the buyer"
                } else {
                    "the supplier"
                };
                c.fail(field, format!("{action} names {whom}: give a credit code"));
                None
            }
            (Some(_), false, _) => {
                c.fail(field, format!("{action} names no {}", counterparty(field)));
                None
            }
            _ => Some(party),
        }
    }

    fn result(&self, c: &mut Checker, action: Option<FlowAction>) -> Option<Option<CheckResult>> {
        let result = match given(&self.result) {
            Some(text) => Some(c.take("result", CheckResult::parse(text))?),
            None => None,
        };
        let action = action?;
        match (result, action) {
            (None, FlowAction::Inspect) => {
                c.fail(
                    "result",
                    "an inspection says its result: conformant or non_conformant",
                );
                None
            }
            (Some(_), a) if !a.takes_result() => {
                c.fail("result", format!("{a} carries no check result"));
                None
            }
            (result, _) => Some(result),
        }
    }

    fn parent(&self, c: &mut Checker, action: Option<FlowAction>) -> Option<Option<String>> {
        let parent = match given(&self.parent) {
            Some(text) => Some(c.take("parent", sscc_uri(text))?),
            None => None,
        };
        let action = action?;
        match (&parent, action.takes_parent()) {
            (None, true) => {
                c.fail(
                    "parent",
                    format!("{action} names the case or pallet: its SSCC"),
                );
                None
            }
            (Some(_), false) => {
                c.fail("parent", format!("{action} names no case or pallet"));
                None
            }
            _ => Some(parent),
        }
    }

    fn document(&self, c: &mut Checker, action: Option<FlowAction>) -> Option<Option<Document>> {
        let kind = given(&self.document_type);
        let Some(text) = given(&self.document) else {
            if kind.is_some() {
                c.fail("document_type", "is given without a document");
                return None;
            }
            return Some(None);
        };
        let action = action?;
        match Document::parse(text, kind, action) {
            Ok(document) => Some(Some(document)),
            Err((field, problem)) => {
                c.fail(field, problem);
                None
            }
        }
    }

    fn goods(
        &self,
        c: &mut Checker,
        rules: &CodeRules,
        action: Option<FlowAction>,
        parent: Option<&String>,
    ) -> Option<Goods> {
        let mut units = Vec::with_capacity(self.codes.len().min(MAX_CODES));
        if self.codes.len() > MAX_CODES {
            c.fail(
                "codes",
                format!("{} codes: at most {MAX_CODES} per flow", self.codes.len()),
            );
        } else {
            let mut seen: HashMap<String, usize> = HashMap::new();
            for (i, code) in self.codes.iter().enumerate() {
                let field = format!("codes[{i}]");
                let chars = code.chars().count();
                if chars > MAX_CODE_CHARS {
                    c.fail(
                        &field,
                        format!("is {chars} characters long, at most {MAX_CODE_CHARS} are allowed"),
                    );
                    continue;
                }
                let Some(scanned) = c.take(&field, scan_goods(code, rules)) else {
                    continue;
                };
                if let Some(first) = seen.insert(scanned.epc.clone(), i) {
                    c.fail(&field, format!("the same unit or case as codes[{first}]"));
                } else if Some(&scanned.epc) == parent {
                    c.fail(&field, "is the case or pallet itself (parent)");
                }
                units.push(scanned);
            }
        }
        let batch = self.batch(c);
        let amount = self.amount(c);
        let (Some(batch), Some(amount)) = (batch, amount) else {
            return None;
        };
        let batch_field = if given(&self.batch_id).is_some() {
            "batch_id"
        } else {
            "gtin"
        };
        let action = action?;
        let has_codes = !self.codes.is_empty();
        match (has_codes, &batch, &amount) {
            (true, _, Some(_)) => c.fail(
                "quantity",
                "give codes, or a batch with a quantity, not both",
            ),
            (_, None, Some(_)) => c.fail(
                "batch_id",
                "a quantity is of a batch: name it (batch_id, or gtin and lot)",
            ),
            (false, Some(_), None) => c.fail("quantity", "how much of the batch is it?"),
            (true, Some(_), None) if action != FlowAction::Commission => c.fail(
                batch_field,
                "give codes, or a batch with a quantity, not both (only commission names the \
                 batch of the codes)",
            ),
            (false, None, None) if action != FlowAction::Unpack => c.fail(
                "codes",
                "name the goods: codes, or a batch (batch_id, or gtin and lot) with a quantity",
            ),
            _ => {}
        }
        // Any failure above fails the draft as a whole, so these goods are never used then.
        Some(Goods {
            units,
            batch,
            amount,
        })
    }

    /// The batch named, if any: `Some(None)` when none is.
    fn batch(&self, c: &mut Checker) -> Option<Option<BatchRef>> {
        let (id, gtin, lot) = (given(&self.batch_id), given(&self.gtin), given(&self.lot));
        match (id, gtin, lot) {
            (None, None, None) => Some(None),
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
                c.fail("batch_id", "give batch_id, or gtin and lot, not both");
                None
            }
            (Some(id), None, None) => {
                let id = c.take(
                    "batch_id",
                    Uuid::try_parse(id).map_err(|_| format!("{id:?} is not a batch id (a UUID)")),
                )?;
                Some(Some(BatchRef::Id(id)))
            }
            (None, Some(_), None) => {
                c.fail("lot", "a batch is named by gtin and lot: give the lot");
                None
            }
            (None, None, Some(_)) => {
                c.fail("gtin", "a batch is named by gtin and lot: give the GTIN");
                None
            }
            (None, Some(gtin), Some(lot)) => {
                let gtin = c.take("gtin", Gtin::parse(gtin));
                let lot = c.take(
                    "lot",
                    yima_codes::gs1::ai::check_value("10", lot).map(|()| lot.to_owned()),
                );
                let (gtin, lot) = (gtin?, lot?);
                // The class URI must be writable; the checks above make it so.
                c.take("lot", lot_class_uri(&gtin, &lot))?;
                Some(Some(BatchRef::Lot { gtin, lot }))
            }
        }
    }

    /// The quantity given, if any: `Some(None)` when none is.
    fn amount(&self, c: &mut Checker) -> Option<Option<Amount>> {
        let unit = match given(&self.unit) {
            None => None,
            Some(u)
                if (2..=3).contains(&u.len())
                    && u.bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) =>
            {
                Some(u.to_owned())
            }
            Some(u) => {
                c.fail(
                    "unit",
                    format!("{u:?} is not a UN/CEFACT Rec 20 code such as H87, MTR or KGM"),
                );
                return None;
            }
        };
        match self.quantity {
            None if unit.is_some() => {
                c.fail("unit", "is given without a quantity");
                None
            }
            None => Some(None),
            Some(q) if !q.is_finite() || q <= 0.0 || q > MAX_QUANTITY => {
                c.fail(
                    "quantity",
                    format!("{q} is not a number above 0 and at most {MAX_QUANTITY}"),
                );
                None
            }
            Some(quantity) => Some(Some(Amount { quantity, unit })),
        }
    }
}

fn counterparty(field: &str) -> &'static str {
    if field == "to" {
        "buyer (to): only ship and sell_to_business do"
    } else {
        "supplier (from): only receive and return do"
    }
}
