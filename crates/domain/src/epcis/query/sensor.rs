//! What a query asks of sensor data (EPCIS 2.0 `sensorElementList`): the measurement type, the
//! readings of one unit of measure compared against a bound, and the other values a report may
//! carry. The times and URIs of sensor data (`GE_startTime`, `EQ_deviceID`, …) are filters
//! like the event's own, in [`super::TimeField`] and [`super::UriField`].

use std::fmt;

use super::super::cbv::is_absolute_uri;
use super::QueryParameterError;
use super::compare::{NumberTest, Op};
use super::values;

/// A UN/CEFACT Recommendation 20 unit code, as a parameter's name ends (`GE_value_CEL`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Uom(String);

impl Uom {
    pub fn parse(code: &str) -> Result<Self, String> {
        let ok = (2..=3).contains(&code.len())
            && code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if ok {
            Ok(Self(code.to_owned()))
        } else {
            Err(format!(
                "ends with '{code}', which is not a UN/CEFACT Recommendation 20 unit code (2 or \
                 3 upper-case letters or digits, such as CEL, KGM, MTR)"
            ))
        }
    }

    pub fn code(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Uom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which figure of a sensor report a reading parameter compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Statistic {
    Value,
    MinValue,
    MaxValue,
    MeanValue,
    SDev,
    PercValue,
}

impl Statistic {
    pub const ALL: [Self; 6] = [
        Self::Value,
        Self::MinValue,
        Self::MaxValue,
        Self::MeanValue,
        Self::SDev,
        Self::PercValue,
    ];

    /// The field of the sensor report, as the parameter's name spells it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Value => "value",
            Self::MinValue => "minValue",
            Self::MaxValue => "maxValue",
            Self::MeanValue => "meanValue",
            Self::SDev => "sDev",
            Self::PercValue => "percValue",
        }
    }
}

/// The GS1 Web Vocabulary's measurement types (`gs1:MeasurementType`), as EPCIS 2.0 names
/// them in a sensor report's `type`.
const MEASUREMENT_TYPES: [&str; 72] = [
    "AbsoluteHumidity",
    "AbsorbedDose",
    "AbsorbedDoseRate",
    "Acceleration",
    "Radioactivity",
    "Altitude",
    "AmountOfSubstance",
    "AmountOfSubstancePerUnitVolume",
    "Angle",
    "AngularAcceleration",
    "AngularMomentum",
    "AngularVelocity",
    "Area",
    "Capacitance",
    "Conductance",
    "Conductivity",
    "Count",
    "Density",
    "Dimensionless",
    "DoseEquivalent",
    "DoseEquivalentRate",
    "DynamicViscosity",
    "ElectricCharge",
    "ElectricCurrent",
    "ElectricCurrentDensity",
    "ElectricFieldStrength",
    "Energy",
    "Exposure",
    "Force",
    "Frequency",
    "Illuminance",
    "Inductance",
    "Irradiance",
    "KinematicViscosity",
    "Length",
    "LinearMomentum",
    "Luminance",
    "LuminousFlux",
    "LuminousIntensity",
    "MagneticFlux",
    "MagneticFluxDensity",
    "MagneticVectorPotential",
    "Mass",
    "MassConcentration",
    "MassFlowRate",
    "MassPerAreaTime",
    "MemoryCapacity",
    "MolalityOfSolute",
    "MolarEnergy",
    "MolarMass",
    "MolarVolume",
    "Power",
    "Pressure",
    "RadiantFlux",
    "RadiantIntensity",
    "RelativeHumidity",
    "Resistance",
    "Resistivity",
    "SolidAngle",
    "SpecificVolume",
    "Speed",
    "SurfaceDensity",
    "SurfaceTension",
    "Temperature",
    "Time",
    "Torque",
    "Voltage",
    "Volume",
    "VolumeFlowRate",
    "VolumeFraction",
    "VolumetricFlux",
    "Wavenumber",
];

/// The GS1 Web Vocabulary's namespace in the forms it is written in.
const GS1_VOCABULARY: [&str; 5] = [
    "gs1:",
    "https://gs1.org/voc/",
    "http://gs1.org/voc/",
    "https://www.gs1.org/voc/",
    "http://www.gs1.org/voc/",
];

/// A measurement type: the GS1 Web Vocabulary's, read in its bare, compact (`gs1:`) and URI
/// forms alike, or an absolute URI of one's own outside that vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MeasurementType {
    Gs1(&'static str),
    Custom(String),
}

impl MeasurementType {
    pub fn parse(value: &str) -> Result<Self, String> {
        let known = |name: &str| MEASUREMENT_TYPES.iter().copied().find(|t| *t == name);
        if let Some(name) = GS1_VOCABULARY.iter().find_map(|ns| value.strip_prefix(ns)) {
            return known(name).map(Self::Gs1).ok_or_else(|| {
                format!(
                    "is not a measurement type of the GS1 Web Vocabulary, which defines {}",
                    MEASUREMENT_TYPES.join(", ")
                )
            });
        }
        if let Some(name) = known(value) {
            return Ok(Self::Gs1(name));
        }
        if is_absolute_uri(value) {
            return Ok(Self::Custom(value.to_owned()));
        }
        Err(
            "is neither a GS1 measurement type (such as Temperature) nor an absolute URI of \
             one's own"
                .to_owned(),
        )
    }
}

impl fmt::Display for MeasurementType {
    /// A GS1 type by its bare name, as the vocabulary lists it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Gs1(name) => f.write_str(name),
            Self::Custom(uri) => f.write_str(uri),
        }
    }
}

/// A filter on an event's sensor data.
#[derive(Debug, Clone, PartialEq)]
pub enum SensorFilter {
    /// `EXISTS_sensorElementList`: the event carries sensor data.
    Exists,
    /// `EQ_type`: a report of one of these measurement types.
    Type(Vec<MeasurementType>),
    /// `EQ_stringValue`
    StringValue(Vec<String>),
    /// `EQ_booleanValue`
    BooleanValue(bool),
    /// `EQ_hexBinaryValue`, upper-cased.
    HexBinaryValue(Vec<String>),
    /// `GT_`, `GE_`, `LT_`, `LE_percRank`.
    PercRank(NumberTest),
    /// `{EQ|GT|GE|LT|LE}_{statistic}_{uom}`: a report in `uom` whose figure passes the test.
    Reading {
        statistic: Statistic,
        uom: Uom,
        test: NumberTest,
    },
}

impl SensorFilter {
    /// The filter a fixed name stands for, read from `value`; `None` for other names.
    pub(super) fn parse_fixed(
        name: &str,
        value: &str,
    ) -> Option<Result<Self, QueryParameterError>> {
        Some(match name {
            "EXISTS_sensorElementList" => {
                values::one(name, value, values::void).map(|()| Self::Exists)
            }
            "EQ_type" => values::each(name, value, MeasurementType::parse).map(Self::Type),
            "EQ_stringValue" => values::each(name, value, values::text).map(Self::StringValue),
            "EQ_booleanValue" => values::one(name, value, values::boolean).map(Self::BooleanValue),
            "EQ_hexBinaryValue" => values::each(name, value, values::hex).map(Self::HexBinaryValue),
            _ => {
                let (op, rest) = Op::strip(name)?;
                if rest != "percRank" || op == Op::Eq {
                    return None;
                }
                NumberTest::read(op, name, value).map(Self::PercRank)
            }
        })
    }

    /// Reads `{op}_{statistic}_{uom}`; `None` for other names.
    pub(super) fn parse_reading(
        name: &str,
        value: &str,
    ) -> Option<Result<Self, QueryParameterError>> {
        let (op, rest) = Op::strip(name)?;
        let (statistic, code) = rest.split_once('_')?;
        let statistic = Statistic::ALL.into_iter().find(|s| s.name() == statistic)?;
        Some(match Uom::parse(code) {
            Ok(uom) => NumberTest::read(op, name, value).map(|test| Self::Reading {
                statistic,
                uom,
                test,
            }),
            Err(rule) => Err(QueryParameterError::unknown(name, rule)),
        })
    }

    pub(super) fn name(&self) -> String {
        match self {
            Self::Exists => "EXISTS_sensorElementList".to_owned(),
            Self::Type(_) => "EQ_type".to_owned(),
            Self::StringValue(_) => "EQ_stringValue".to_owned(),
            Self::BooleanValue(_) => "EQ_booleanValue".to_owned(),
            Self::HexBinaryValue(_) => "EQ_hexBinaryValue".to_owned(),
            Self::PercRank(test) => format!("{}percRank", test.op().prefix()),
            Self::Reading {
                statistic,
                uom,
                test,
            } => format!("{}{}_{uom}", test.op().prefix(), statistic.name()),
        }
    }

    pub(super) fn value(&self) -> String {
        match self {
            Self::Exists => String::new(),
            Self::Type(types) => values::join(types, ToString::to_string),
            Self::StringValue(list) | Self::HexBinaryValue(list) => {
                values::join(list, String::clone)
            }
            Self::BooleanValue(b) => b.to_string(),
            Self::PercRank(test) | Self::Reading { test, .. } => test.value(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn measurement_types_in_every_form() {
        for form in [
            "Temperature",
            "gs1:Temperature",
            "https://gs1.org/voc/Temperature",
            "http://www.gs1.org/voc/Temperature",
        ] {
            assert_eq!(
                MeasurementType::parse(form).unwrap(),
                MeasurementType::Gs1("Temperature"),
                "{form}"
            );
        }
        assert_eq!(
            MeasurementType::parse("https://example.com/voc/Brix").unwrap(),
            MeasurementType::Custom("https://example.com/voc/Brix".to_owned())
        );
        assert!(
            MeasurementType::parse("gs1:Temprature")
                .unwrap_err()
                .contains("Temperature")
        );
        assert!(MeasurementType::parse("temperature").is_err());
    }

    #[test]
    fn readings_name_their_unit() {
        let f = SensorFilter::parse_reading("GE_value_CEL", "15.5")
            .unwrap()
            .unwrap();
        assert_eq!(
            f,
            SensorFilter::Reading {
                statistic: Statistic::Value,
                uom: Uom("CEL".to_owned()),
                test: NumberTest::Ge(15.5),
            }
        );
        assert_eq!(
            (f.name(), f.value()),
            ("GE_value_CEL".to_owned(), "15.5".to_owned())
        );
        let f = SensorFilter::parse_reading("EQ_sDev_KGM", "1|2")
            .unwrap()
            .unwrap();
        assert_eq!(f.value(), "1|2");
        let err = SensorFilter::parse_reading("LE_maxValue_celsius", "3")
            .unwrap()
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("LE_maxValue_celsius: ends with 'celsius'")
        );
        let err = SensorFilter::parse_reading("LE_maxValue_CEL", "1|2")
            .unwrap()
            .unwrap_err();
        assert!(err.to_string().contains("takes one value"));
        assert!(SensorFilter::parse_reading("GE_warmth_CEL", "1").is_none());
    }

    #[test]
    fn fixed_sensor_parameters() {
        let read = |n: &str, v: &str| SensorFilter::parse_fixed(n, v).unwrap();
        assert_eq!(
            read("EXISTS_sensorElementList", "").unwrap(),
            SensorFilter::Exists
        );
        assert_eq!(
            read("EQ_booleanValue", "true").unwrap(),
            SensorFilter::BooleanValue(true)
        );
        assert_eq!(
            read("EQ_hexBinaryValue", "0a|FF").unwrap(),
            SensorFilter::HexBinaryValue(vec!["0A".into(), "FF".into()])
        );
        assert_eq!(
            read("LT_percRank", "50").unwrap(),
            SensorFilter::PercRank(NumberTest::Lt(50.0))
        );
        assert!(SensorFilter::parse_fixed("EQ_percRank", "50").is_none());
        assert!(read("EQ_booleanValue", "yes").is_err());
    }
}
