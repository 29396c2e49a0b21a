//! The rules of each event type that a JSON schema cannot state on its own: which fields a type
//! may carry, which it must, and that every identifier is a valid one (a GS1 key in URN or
//! Digital Link form with its check digit right, or another absolute URI).

use yima_codes::gs1::normalise_epcis_id;

use super::event::{Event, EventError};
use super::kind::{Action, EventType};

/// Checks `event` against its type's rules and every identifier in it.
pub(crate) fn check(event: &Event) -> Result<(), EventError> {
    check_fields(event)?;
    check_identifiers(event)
}

fn check_fields(event: &Event) -> Result<(), EventError> {
    let kind = event.event_type;
    let name = kind.name();
    let present = |field: &'static str, is: bool| is.then_some(field);
    let carried = [
        present("parentID", event.parent_id.is_some()),
        present("epcList", !event.epc_list.is_empty()),
        present("quantityList", !event.quantity_list.is_empty()),
        present("childEPCs", !event.child_epcs.is_empty()),
        present("childQuantityList", !event.child_quantity_list.is_empty()),
        present("inputEPCList", !event.input_epc_list.is_empty()),
        present("inputQuantityList", !event.input_quantity_list.is_empty()),
        present("outputEPCList", !event.output_epc_list.is_empty()),
        present("outputQuantityList", !event.output_quantity_list.is_empty()),
        present("transformationID", event.transformation_id.is_some()),
        present("ilmd", event.ilmd.is_some()),
        present("action", event.action.is_some()),
    ];
    let allowed: &[&str] = match kind {
        EventType::ObjectEvent => &["epcList", "quantityList", "ilmd", "action"],
        EventType::AggregationEvent | EventType::AssociationEvent => {
            &["parentID", "childEPCs", "childQuantityList", "action"]
        }
        EventType::TransactionEvent => &["parentID", "epcList", "quantityList", "action"],
        EventType::TransformationEvent => &[
            "inputEPCList",
            "inputQuantityList",
            "outputEPCList",
            "outputQuantityList",
            "transformationID",
            "ilmd",
        ],
    };
    if let Some(field) = carried.into_iter().flatten().find(|f| !allowed.contains(f)) {
        return Err(EventError::at(
            field,
            format!("an {name} does not carry {field}"),
        ));
    }
    if kind.has_action() && event.action.is_none() {
        return Err(EventError::at(
            "action",
            format!("an {name} must say its action: ADD, OBSERVE or DELETE"),
        ));
    }
    if event.ilmd.is_some() && kind == EventType::ObjectEvent && event.action != Some(Action::Add) {
        return Err(EventError::at(
            "ilmd",
            "an ObjectEvent carries lot master data only when it adds (commissions) objects",
        ));
    }
    match kind {
        EventType::AssociationEvent if event.parent_id.is_none() => {
            return Err(EventError::at(
                "parentID",
                "an AssociationEvent always names its parent",
            ));
        }
        EventType::AggregationEvent
            if event.parent_id.is_none() && event.action != Some(Action::Observe) =>
        {
            return Err(EventError::at(
                "parentID",
                format!("an {name} that adds or deletes must name its parent"),
            ));
        }
        EventType::TransactionEvent if event.biz_transaction_list.is_empty() => {
            return Err(EventError::at(
                "bizTransactionList",
                "a TransactionEvent names at least one business transaction",
            ));
        }
        EventType::TransformationEvent => {
            let inputs = !event.input_epc_list.is_empty() || !event.input_quantity_list.is_empty();
            let outputs =
                !event.output_epc_list.is_empty() || !event.output_quantity_list.is_empty();
            if !inputs && !outputs {
                return Err(EventError::at(
                    "",
                    "a TransformationEvent has at least one input or output",
                ));
            }
            if event.transformation_id.is_none() && !(inputs && outputs) {
                return Err(EventError::at(
                    if inputs {
                        "outputEPCList"
                    } else {
                        "inputEPCList"
                    },
                    "a TransformationEvent without a transformationID has both inputs and outputs",
                ));
            }
        }
        _ => {}
    }
    Ok(())
}

fn check_identifiers(event: &Event) -> Result<(), EventError> {
    // The path is written only for an error: most events have none.
    let id = |path: &dyn Fn() -> String, value: &str| {
        normalise_epcis_id(value)
            .map(drop)
            .map_err(|e| EventError::at(path(), e.to_string()))
    };
    let list = |field: &str, values: &[String]| {
        values
            .iter()
            .enumerate()
            .try_for_each(|(i, v)| id(&|| format!("{field}[{i}]"), v))
    };
    if let Some(parent) = &event.parent_id {
        id(&|| "parentID".into(), parent)?;
    }
    list("epcList", &event.epc_list)?;
    list("childEPCs", &event.child_epcs)?;
    list("inputEPCList", &event.input_epc_list)?;
    list("outputEPCList", &event.output_epc_list)?;
    for (field, quantities) in [
        ("quantityList", &event.quantity_list),
        ("childQuantityList", &event.child_quantity_list),
        ("inputQuantityList", &event.input_quantity_list),
        ("outputQuantityList", &event.output_quantity_list),
    ] {
        for (i, q) in quantities.iter().enumerate() {
            id(&|| format!("{field}[{i}].epcClass"), &q.epc_class)?;
        }
    }
    if let Some(place) = &event.read_point {
        id(&|| "readPoint.id".into(), &place.id)?;
    }
    if let Some(place) = &event.biz_location {
        id(&|| "bizLocation.id".into(), &place.id)?;
    }
    for (i, source) in event.source_list.iter().enumerate() {
        id(&|| format!("sourceList[{i}].source"), &source.id)?;
    }
    for (i, destination) in event.destination_list.iter().enumerate() {
        id(
            &|| format!("destinationList[{i}].destination"),
            &destination.id,
        )?;
    }
    if let Some(event_id) = &event.event_id
        && !super::cbv::is_absolute_uri(event_id)
    {
        return Err(EventError::at(
            "eventID",
            format!("'{event_id}' is not an absolute URI (ni:///sha-256;…, urn:uuid:…)"),
        ));
    }
    if let Some(info) = &event.certification_info {
        for (i, uri) in info.uris().iter().enumerate() {
            if !super::cbv::is_absolute_uri(uri) {
                return Err(EventError::at(
                    format!("certificationInfo[{i}]"),
                    format!("'{uri}' is not an absolute URI"),
                ));
            }
        }
    }
    Ok(())
}
