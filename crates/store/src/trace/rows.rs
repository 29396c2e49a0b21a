//! A stored event read as the trace reads it. The identifiers come from the index rows,
//! already keyed; what the rows do not hold — class quantities, sources, destinations and
//! business transactions — is read from the stored document with a reader that skips every
//! other field, so that a trace over thousands of events does not run each through the full
//! EPCIS parser.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;
use yima_domain::epcis::{
    BizStep, BizTransaction, Destination, Disposition, EpcRole, QuantityElement, Source, Term,
};
use yima_domain::trace::{ClassAmount, DocumentRef, PartyRef, TraceEvent, key};

use crate::StoreError;

/// An event's columns, as the trace query selects them.
pub(crate) type TraceEventRow = (
    Uuid,
    String,
    String,
    Option<String>,
    DateTime<Utc>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

/// The fields of a document the index rows do not hold.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Unindexed {
    #[serde(default)]
    quantity_list: Vec<QuantityElement>,
    #[serde(default)]
    child_quantity_list: Vec<QuantityElement>,
    #[serde(default)]
    input_quantity_list: Vec<QuantityElement>,
    #[serde(default)]
    output_quantity_list: Vec<QuantityElement>,
    #[serde(default)]
    source_list: Vec<Source>,
    #[serde(default)]
    destination_list: Vec<Destination>,
    #[serde(default)]
    biz_transaction_list: Vec<BizTransaction>,
    /// Who recorded a flow; read under the prefix the platform writes it with.
    #[serde(rename = "ym:recordedBy", default)]
    recorded_by: Option<String>,
}

/// Every identifier of an event, keyed, with its role, read from its document: for the
/// aggregations and transformations a trace follows, whose other objects it needs.
pub(crate) fn listed_epcs(id: Uuid, document: &str) -> Result<Vec<(EpcRole, String)>, StoreError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Listed {
        #[serde(rename = "parentID", default)]
        parent_id: Option<String>,
        #[serde(default)]
        epc_list: Vec<String>,
        #[serde(rename = "childEPCs", default)]
        child_epcs: Vec<String>,
        #[serde(rename = "inputEPCList", default)]
        input_epc_list: Vec<String>,
        #[serde(rename = "outputEPCList", default)]
        output_epc_list: Vec<String>,
    }
    let listed: Listed = serde_json::from_str(document).map_err(|e| StoreError::Corrupt {
        what: format!("event {id}"),
        problem: e.to_string(),
    })?;
    let mut out = Vec::with_capacity(
        1 + listed.epc_list.len()
            + listed.child_epcs.len()
            + listed.input_epc_list.len()
            + listed.output_epc_list.len(),
    );
    out.extend(listed.parent_id.iter().map(|p| (EpcRole::Parent, key(p))));
    for (role, list) in [
        (EpcRole::Epc, &listed.epc_list),
        (EpcRole::Epc, &listed.child_epcs),
        (EpcRole::Input, &listed.input_epc_list),
        (EpcRole::Output, &listed.output_epc_list),
    ] {
        out.extend(list.iter().map(|e| (role, key(e))));
    }
    Ok(out)
}

/// The lot number an event's ILMD gives (`cbvmda:lotNumber`, or the CBV master data URN).
pub(crate) fn lot_of(id: Uuid, document: &str) -> Result<Option<String>, StoreError> {
    #[derive(Deserialize)]
    struct Ilmd {
        #[serde(default)]
        ilmd: Option<serde_json::Map<String, serde_json::Value>>,
    }
    let read: Ilmd = serde_json::from_str(document).map_err(|e| StoreError::Corrupt {
        what: format!("event {id}"),
        problem: e.to_string(),
    })?;
    Ok(read.ilmd.and_then(|ilmd| {
        ["cbvmda:lotNumber", "urn:epcglobal:cbv:mda:lotNumber"]
            .iter()
            .find_map(|k| ilmd.get(*k).and_then(|v| v.as_str()).map(str::to_owned))
    }))
}

pub(crate) fn decode_role(role: &str) -> Result<EpcRole, StoreError> {
    Ok(match role {
        "epc" => EpcRole::Epc,
        "parent" => EpcRole::Parent,
        "input" => EpcRole::Input,
        "output" => EpcRole::Output,
        other => {
            return Err(StoreError::Corrupt {
                what: "epcis_event_epcs.role".into(),
                problem: format!("'{other}' is no role"),
            });
        }
    })
}

/// The trace's view of a stored event, with the EPC rows given (all of them, or those that
/// matched).
pub(crate) fn trace_event(
    row: TraceEventRow,
    epcs: Vec<(EpcRole, String)>,
) -> Result<TraceEvent, StoreError> {
    let (
        id,
        hash_id,
        event_type,
        action,
        time,
        biz_step,
        disposition,
        read_point,
        biz_location,
        document,
    ) = row;
    let corrupt = |problem: String| StoreError::Corrupt {
        what: format!("event {id}"),
        problem,
    };
    let why: Unindexed = serde_json::from_str(&document).map_err(|e| corrupt(e.to_string()))?;
    let quantities = [
        (EpcRole::Epc, why.quantity_list),
        (EpcRole::Epc, why.child_quantity_list),
        (EpcRole::Input, why.input_quantity_list),
        (EpcRole::Output, why.output_quantity_list),
    ];
    Ok(TraceEvent {
        id,
        hash_id,
        event_type: event_type.parse().map_err(|e| corrupt(format!("{e}")))?,
        action: action
            .map(|a| a.parse())
            .transpose()
            .map_err(|e| corrupt(format!("{e}")))?,
        time,
        biz_step: biz_step
            .map(|s| Term::<BizStep>::parse(&s))
            .transpose()
            .map_err(|e| corrupt(e.to_string()))?,
        disposition: disposition
            .map(|s| Term::<Disposition>::parse(&s))
            .transpose()
            .map_err(|e| corrupt(e.to_string()))?,
        read_point,
        biz_location,
        epcs,
        classes: quantities
            .into_iter()
            .flat_map(|(role, list)| {
                list.into_iter().map(move |q| ClassAmount {
                    role,
                    class: key(&q.epc_class),
                    quantity: q.quantity,
                    uom: q.uom,
                })
            })
            .collect(),
        sources: why
            .source_list
            .into_iter()
            .map(|s| PartyRef {
                kind: s.kind,
                id: key(&s.id),
            })
            .collect(),
        destinations: why
            .destination_list
            .into_iter()
            .map(|d| PartyRef {
                kind: d.kind,
                id: key(&d.id),
            })
            .collect(),
        documents: why
            .biz_transaction_list
            .into_iter()
            .map(|t| DocumentRef {
                kind: t.kind.as_ref().map(Term::as_json),
                id: t.id,
            })
            .collect(),
        recorded_by: why.recorded_by.as_deref().map(key),
    })
}
