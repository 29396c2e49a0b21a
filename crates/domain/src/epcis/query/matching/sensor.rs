//! Sensor data filters answered over an event's sensor reports: each passes when one report
//! of one sensor element does (EPCIS 2.0 §8.2.7.1: "accommodate … a sensorElement"). The
//! times and URIs of sensor data are answered with the event's own fields (`fields.rs`).

use super::super::super::event::Event;
use super::super::super::sensor::SensorReport;
use super::super::{MeasurementType, SensorFilter, Statistic};
use super::fields::reports;

pub(super) fn matches(filter: &SensorFilter, event: &Event) -> bool {
    let mut all = reports(event);
    match filter {
        SensorFilter::Exists => !event.sensor_element_list.is_empty(),
        SensorFilter::Type(types) => {
            all.any(|r| measurement(r).is_some_and(|t| types.contains(&t)))
        }
        SensorFilter::StringValue(list) => {
            all.any(|r| r.string_value.as_ref().is_some_and(|s| list.contains(s)))
        }
        SensorFilter::BooleanValue(b) => all.any(|r| r.boolean_value == Some(*b)),
        // The query's values were upper-cased as xsd:hexBinary's canonical form writes them.
        SensorFilter::HexBinaryValue(list) => all.any(|r| {
            r.hex_binary_value
                .as_ref()
                .is_some_and(|h| list.contains(&h.to_ascii_uppercase()))
        }),
        SensorFilter::PercRank(test) => all.any(|r| r.perc_rank.is_some_and(|n| test.passes(n))),
        SensorFilter::Reading {
            statistic,
            uom,
            test,
        } => all.any(|r| {
            r.uom.as_deref() == Some(uom.code())
                && reading(r, *statistic).is_some_and(|n| test.passes(n))
        }),
    }
}

/// A report's measurement type, read as a query's is (`gs1:Temperature`, its Web URI and
/// `Temperature` are one type); `None` when it has none.
fn measurement(report: &SensorReport) -> Option<MeasurementType> {
    let written = report.measurement.as_deref()?;
    Some(
        MeasurementType::parse(written)
            .unwrap_or_else(|_| MeasurementType::Custom(written.to_owned())),
    )
}

/// The figure of a report a statistic names. Readings are compared in the unit the parameter
/// names only: a report in another unit does not pass, converted or not.
pub(in crate::epcis::query) fn reading(report: &SensorReport, statistic: Statistic) -> Option<f64> {
    match statistic {
        Statistic::Value => report.value,
        Statistic::MinValue => report.min_value,
        Statistic::MaxValue => report.max_value,
        Statistic::MeanValue => report.mean_value,
        Statistic::SDev => report.s_dev,
        Statistic::PercValue => report.perc_value,
    }
}

/// The reports of the event of measurement type `wanted`.
pub(in crate::epcis::query) fn reports_of<'a>(
    event: &'a Event,
    wanted: &'a MeasurementType,
) -> impl Iterator<Item = &'a SensorReport> {
    reports(event).filter(move |r| measurement(r).as_ref() == Some(wanted))
}
