//! Where in an event each field a filter family names lives: the instants `GE_`/`LT_` bound,
//! the dispositions, the place, the URIs compared exactly. An event lacking the field gives
//! nothing, so the filter does not pass.

use chrono::{DateTime, Utc};

use super::super::super::cbv::{Disposition, Term};
use super::super::super::event::Event;
use super::super::super::place::Place;
use super::super::{DispositionField, PlaceField, TimeField, UriField};

/// The instants of `field`: one for the event's own times, one per sensor element or report
/// that states it for sensor times (`GE_time` bounds the time of a sensor element's metadata
/// and of each of its reports: EPCIS 2.0 lets either carry it).
pub(super) fn times(
    event: &Event,
    field: TimeField,
    recorded_at: DateTime<Utc>,
) -> Vec<DateTime<Utc>> {
    let metadata = || {
        event
            .sensor_element_list
            .iter()
            .filter_map(|e| e.sensor_metadata.as_ref())
    };
    match field {
        TimeField::EventTime => vec![event.event_time.utc()],
        TimeField::RecordTime => vec![recorded_at],
        TimeField::ErrorDeclarationTime => event
            .error_declaration
            .iter()
            .map(|d| d.declaration_time.utc())
            .collect(),
        TimeField::SensorTime => metadata()
            .filter_map(|m| m.time)
            .chain(reports(event).filter_map(|r| r.time))
            .map(|t| t.utc())
            .collect(),
        TimeField::SensorStartTime => metadata()
            .filter_map(|m| m.start_time)
            .map(|t| t.utc())
            .collect(),
        TimeField::SensorEndTime => metadata()
            .filter_map(|m| m.end_time)
            .map(|t| t.utc())
            .collect(),
    }
}

/// The dispositions `field` names: the event's, or those its persistent disposition sets or
/// unsets.
pub(super) fn dispositions(event: &Event, field: DispositionField) -> &[Term<Disposition>] {
    match field {
        DispositionField::Disposition => event.disposition.as_slice(),
        DispositionField::PersistentSet => event
            .persistent_disposition
            .as_ref()
            .map_or(&[], |p| p.set.as_slice()),
        DispositionField::PersistentUnset => event
            .persistent_disposition
            .as_ref()
            .map_or(&[], |p| p.unset.as_slice()),
    }
}

pub(super) fn place(event: &Event, field: PlaceField) -> Option<&Place> {
    match field {
        PlaceField::ReadPoint => event.read_point.as_ref(),
        PlaceField::BizLocation => event.biz_location.as_ref(),
    }
}

/// The URIs of `field`. A sensor element's `deviceID` and `dataProcessingMethod` may be stated
/// in its metadata or in each report, and the parameter matches either (§8.2.7.1: "accommodate
/// a deviceID attribute"); `bizRules` belongs to the metadata alone, the other sensor URIs to
/// reports alone.
pub(super) fn uris(event: &Event, field: UriField) -> Vec<&str> {
    let metadata = || {
        event
            .sensor_element_list
            .iter()
            .filter_map(|e| e.sensor_metadata.as_ref())
    };
    let found: Vec<&String> = match field {
        UriField::EventId => event.event_id.iter().collect(),
        UriField::TransformationId => event.transformation_id.iter().collect(),
        UriField::CorrectiveEventId => event
            .error_declaration
            .iter()
            .flat_map(|d| &d.corrective_event_ids)
            .collect(),
        UriField::DeviceId => metadata()
            .filter_map(|m| m.device_id.as_ref())
            .chain(reports(event).filter_map(|r| r.device_id.as_ref()))
            .collect(),
        UriField::DataProcessingMethod => metadata()
            .filter_map(|m| m.data_processing_method.as_ref())
            .chain(reports(event).filter_map(|r| r.data_processing_method.as_ref()))
            .collect(),
        UriField::BizRules => metadata().filter_map(|m| m.biz_rules.as_ref()).collect(),
        UriField::Microorganism => reports(event)
            .filter_map(|r| r.microorganism.as_ref())
            .collect(),
        UriField::ChemicalSubstance => reports(event)
            .filter_map(|r| r.chemical_substance.as_ref())
            .collect(),
        UriField::UriValue => reports(event)
            .filter_map(|r| r.uri_value.as_ref())
            .collect(),
    };
    found.into_iter().map(String::as_str).collect()
}

/// Every sensor report of the event, across its sensor elements.
pub(super) fn reports(
    event: &Event,
) -> impl Iterator<Item = &super::super::super::sensor::SensorReport> {
    event
        .sensor_element_list
        .iter()
        .flat_map(|e| &e.sensor_report)
}
