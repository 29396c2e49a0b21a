//! Sample EPCIS documents for load: shipments as a producer's system sends them, written
//! straight as text so that a load generator spends its time sending, not building JSON.

use std::fmt::Write;

/// EPCs in each sample shipment.
pub const EPCS_PER_SHIPMENT: u64 = 10;

/// An EPCISDocument of `events` shipments (ObjectEvent OBSERVE, `shipping` / `in_transit`),
/// each of [`EPCS_PER_SHIPMENT`] units of one GTIN — half written as EPC URNs, half as Digital
/// Links — with a read point, a source and a destination party and a despatch advice.
/// Documents of different `number` share no event.
pub fn shipments(number: u64, events: u64) -> String {
    let mut text = String::with_capacity(200 + 1_200 * events as usize);
    text.push_str(
        r#"{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2025-03-01T00:00:00Z","epcisBody":{"eventList":["#,
    );
    for i in 0..events {
        if i > 0 {
            text.push(',');
        }
        text.push_str(
            r#"{"type":"ObjectEvent","action":"OBSERVE","eventTime":"2025-03-01T09:00:00.000+08:00","eventTimeZoneOffset":"+08:00","epcList":["#,
        );
        for k in 0..EPCS_PER_SHIPMENT {
            let separator = if k > 0 { "," } else { "" };
            // Writing to a String cannot fail.
            let _ = if k % 2 == 0 {
                write!(
                    text,
                    r#"{separator}"urn:epc:id:sgtin:0614141.107346.{number}x{i}x{k}""#
                )
            } else {
                write!(
                    text,
                    r#"{separator}"https://id.gs1.org/01/10614141073464/21/{number}x{i}x{k}""#
                )
            };
        }
        let _ = write!(
            text,
            r#"],"bizStep":"shipping","disposition":"in_transit","readPoint":{{"id":"urn:epc:id:sgln:0614141.00777.0"}},"sourceList":[{{"type":"owning_party","source":"urn:epc:id:pgln:0614141.00777"}}],"destinationList":[{{"type":"owning_party","destination":"urn:epc:id:pgln:0614141.00888"}}],"bizTransactionList":[{{"type":"desadv","bizTransaction":"urn:epcglobal:cbv:bt:0614141000005:D{number}-{i}"}}]}}"#
        );
    }
    text.push_str("]}}");
    text
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::epcis::read_document;

    #[test]
    fn shipments_are_valid_distinct_events() {
        let document = read_document(shipments(7, 3).as_bytes()).unwrap();
        let events: Vec<_> = document.events.into_iter().map(Result::unwrap).collect();
        assert_eq!(events.len(), 3);
        assert!(events.iter().all(|e| e.epc_list.len() == 10));
        assert_eq!(
            events[2].epc_list[1],
            "https://id.gs1.org/01/10614141073464/21/7x2x1"
        );
        let other = read_document(shipments(8, 3).as_bytes()).unwrap();
        let first_other = other.events.into_iter().next().unwrap().unwrap();
        assert_ne!(first_other.epc_list, events[0].epc_list);
    }
}
