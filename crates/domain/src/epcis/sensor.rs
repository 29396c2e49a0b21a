//! Sensor data carried by an event (EPCIS 2.0 §7.3.8): what a logger measured while the goods
//! were in its care — temperature through a cold chain, shock, humidity — each report with its
//! type, value or statistics, unit and time, and the metadata of the device that made it.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::when::Timestamp;

/// One sensor element: its metadata and at least one report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SensorElement {
    /// `epcis:SensorElement` where a document states it.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub element_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensor_metadata: Option<SensorMetadata>,
    pub sensor_report: Vec<SensorReport>,
    /// Fields of other namespaces (`example:…`).
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// What applies to every report of an element.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SensorMetadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<Timestamp>,
    #[serde(rename = "deviceID", default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_metadata: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_data: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_processing_method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biz_rules: Option<String>,
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// Whether a report is an alarm or a device error rather than a reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SensorException {
    AlarmCondition,
    ErrorCondition,
}

/// One reading, or the statistics of several.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SensorReport {
    /// The measurement type: `gs1:Temperature`, its Web URI, or a URI of one's own.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub measurement: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exception: Option<SensorException>,
    #[serde(rename = "deviceID", default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_metadata: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_data: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_processing_method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub microorganism: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chemical_substance: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub string_value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boolean_value: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hex_binary_value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri_value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean_value: Option<f64>,
    #[serde(rename = "sDev", default, skip_serializing_if = "Option::is_none")]
    pub s_dev: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub perc_rank: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub perc_value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uom: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinate_reference_system: Option<String>,
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

impl SensorElement {
    /// The rules the types alone do not state: a report at least, hex that is hex, minimum not
    /// above maximum. Returns the path below the element and the rule broken.
    pub fn check(&self) -> Result<(), (String, String)> {
        if self.sensor_report.is_empty() {
            return Err((
                "sensorReport".into(),
                "a sensor element holds at least one report".into(),
            ));
        }
        for (i, report) in self.sensor_report.iter().enumerate() {
            let at = |field: &str| format!("sensorReport[{i}].{field}");
            if let Some(hex) = &report.hex_binary_value
                && (hex.len() % 2 != 0 || !hex.bytes().all(|b| b.is_ascii_hexdigit()))
            {
                return Err((
                    at("hexBinaryValue"),
                    format!("'{hex}' is not hexadecimal bytes"),
                ));
            }
            if let (Some(min), Some(max)) = (report.min_value, report.max_value)
                && min > max
            {
                return Err((
                    at("minValue"),
                    format!("minValue {min} is above maxValue {max}"),
                ));
            }
            if let Some(uri) = &report.uri_value
                && !super::cbv::is_absolute_uri(uri)
            {
                return Err((at("uriValue"), format!("'{uri}' is not an absolute URI")));
            }
        }
        Ok(())
    }
}
