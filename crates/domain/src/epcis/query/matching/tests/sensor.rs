//! Sensor data: measurement types in any form, readings in one unit, the other report values,
//! the URIs and times of sensor metadata and reports.

use serde_json::json;

use super::{expect, object};
use crate::epcis::Event;

fn logged() -> Event {
    object(json!({"sensorElementList": [{
        "sensorMetadata": {
            "time": "2025-03-01T06:00:00+08:00",
            "startTime": "2025-03-01T05:00:00+08:00",
            "endTime": "2025-03-01T07:00:00+08:00",
            "deviceID": "urn:epc:id:giai:4000001.111",
            "dataProcessingMethod": "https://example.com/gdti/1",
            "bizRules": "https://example.com/rules/1",
        },
        "sensorReport": [
            {"type": "gs1:Temperature", "value": 26.0, "uom": "CEL", "time": "2025-03-01T06:30:00+08:00"},
            {"type": "Temperature", "minValue": 2.5, "maxValue": 8.1, "meanValue": 4.9, "sDev": 0.3, "uom": "CEL"},
            {"type": "https://gs1.org/voc/RelativeHumidity", "value": 61, "uom": "P1"},
            {"type": "https://yima.example/voc/Brix", "value": 12.5},
            {
                "type": "gs1:Illuminance",
                "stringValue": "dim",
                "booleanValue": true,
                "hexBinaryValue": "0a1b",
                "uriValue": "https://example.com/uri/1",
                "percRank": 50,
                "percValue": 12.7,
                "uom": "LUX",
                "deviceID": "urn:epc:id:giai:4000001.222",
                "dataProcessingMethod": "https://example.com/gdti/2",
                "microorganism": "https://www.ncbi.nlm.nih.gov/taxonomy/1126011",
                "chemicalSubstance": "https://identifiers.org/inchikey:CZMRCDWAGMRECN-UGDNZRGBSA-N",
            },
        ],
    }]}))
}

#[test]
fn measurement_types_and_readings() {
    expect(
        &logged(),
        &[
            ("EXISTS_sensorElementList", "", true),
            ("EQ_type", "Temperature", true),
            ("EQ_type", "https://gs1.org/voc/Temperature", true),
            ("EQ_type", "gs1:RelativeHumidity", true),
            ("EQ_type", "RelativeHumidity|Speed", true),
            ("EQ_type", "Speed", false),
            ("EQ_type", "https://yima.example/voc/Brix", true),
            ("EQ_type", "https://yima.example/voc/Acidity", false),
            ("EQ_value_CEL", "26", true),
            ("GE_value_CEL", "26", true),
            ("GT_value_CEL", "26", false),
            ("GE_value_FAH", "0", false),
            ("LT_minValue_CEL", "3", true),
            ("LT_minValue_CEL", "2.5", false),
            ("GT_maxValue_CEL", "8", true),
            ("EQ_meanValue_CEL", "4.9", true),
            ("LE_sDev_CEL", "0.3", true),
            ("GE_percValue_LUX", "12", true),
            ("GE_percValue_CEL", "12", false),
            ("GE_value_P1", "60", true),
        ],
    );
}

#[test]
fn other_report_values() {
    expect(
        &logged(),
        &[
            ("EQ_stringValue", "dim", true),
            ("EQ_stringValue", "Dim", false),
            ("EQ_booleanValue", "true", true),
            ("EQ_booleanValue", "false", false),
            ("EQ_hexBinaryValue", "0A1B", true),
            ("EQ_hexBinaryValue", "0a1b", true),
            ("EQ_hexBinaryValue", "0A1C", false),
            ("GE_percRank", "50", true),
            ("GT_percRank", "50", false),
            ("LT_percRank", "51", true),
            ("LE_percRank", "49", false),
            ("EQ_uriValue", "https://example.com/uri/1", true),
            ("EQ_uriValue", "https://example.com/uri/2", false),
            (
                "EQ_microorganism",
                "https://www.ncbi.nlm.nih.gov/taxonomy/1126011",
                true,
            ),
            (
                "EQ_chemicalSubstance",
                "https://identifiers.org/inchikey:CZMRCDWAGMRECN-UGDNZRGBSA-N",
                true,
            ),
            (
                "EQ_chemicalSubstance",
                "https://identifiers.org/inchikey:OTHER",
                false,
            ),
        ],
    );
}

#[test]
fn devices_methods_and_rules_in_metadata_or_reports() {
    expect(
        &logged(),
        &[
            ("EQ_deviceID", "urn:epc:id:giai:4000001.111", true),
            ("EQ_deviceID", "urn:epc:id:giai:4000001.222", true),
            ("EQ_deviceID", "urn:epc:id:giai:4000001.333", false),
            (
                "EQ_dataProcessingMethod",
                "https://example.com/gdti/1",
                true,
            ),
            (
                "EQ_dataProcessingMethod",
                "https://example.com/gdti/2",
                true,
            ),
            ("EQ_bizRules", "https://example.com/rules/1", true),
            ("EQ_bizRules", "https://example.com/rules/2", false),
        ],
    );
}

#[test]
fn sensor_times_of_metadata_and_reports() {
    // Metadata at 22:00Z (start 21:00Z, end 23:00Z), one report at 22:30Z.
    expect(
        &logged(),
        &[
            ("GE_time", "2025-02-28T22:30:00Z", true),
            ("GE_time", "2025-02-28T22:30:00.001Z", false),
            ("LT_time", "2025-02-28T22:00:00.001Z", true),
            ("LT_time", "2025-02-28T22:00:00Z", false),
            ("GE_startTime", "2025-02-28T21:00:00Z", true),
            ("GE_startTime", "2025-02-28T21:00:01Z", false),
            ("LT_endTime", "2025-02-28T23:00:01Z", true),
            ("LT_endTime", "2025-02-28T23:00:00Z", false),
        ],
    );
}

#[test]
fn events_without_sensor_data_pass_no_sensor_filter() {
    expect(
        &object(json!({})),
        &[
            ("EXISTS_sensorElementList", "", false),
            ("EQ_type", "Temperature", false),
            ("GE_value_CEL", "-300", false),
            ("EQ_deviceID", "urn:epc:id:giai:4000001.111", false),
            ("GE_time", "2000-01-01T00:00:00Z", false),
            ("EQ_booleanValue", "false", false),
        ],
    );
}
