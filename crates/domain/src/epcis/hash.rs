//! The EPCIS event hash ID of CBV 2.0 §8.9: a name for an event computed from the event itself,
//! so that any party holding the same event — in JSON or XML, with its lists in any order, its
//! identifiers as EPC URNs or as Digital Link URIs — arrives at the same ID without asking
//! anyone. It is what fills `eventID` when a capturing application left it empty, what an
//! error declaration points back at, and what a ledger can commit to.
//!
//! The algorithm writes a *pre-hash string*: `eventType=…` followed by the event's fields in a
//! canonical order, each as `name=value` (structures as their name followed by their parts),
//! with every value in one canonical form, and nothing between the parts. The ID is
//! `ni:///sha-256;{hex of SHA-256 of the string}?ver=CBV2.0` (RFC 6920).
//!
//! # The rules, as implemented here
//!
//! * Order. `eventTime`, `eventTimeZoneOffset`, `epcList`, `parentID`, `inputEPCList`,
//!   `childEPCs`, `quantityList`, `childQuantityList`, `inputQuantityList`, `outputEPCList`,
//!   `outputQuantityList`, `action`, `transformationID`, `bizStep`, `disposition`,
//!   `persistentDisposition` (`set`, `unset`), `readPoint` (`id`), `bizLocation` (`id`),
//!   `bizTransactionList`, `sourceList`, `destinationList` (each entry `type` then the
//!   identifier), and the sensor elements (`sensorMetadata`, then each `sensorReport`, their
//!   fields in the order of the standard's table, `SENSOR_METADATA` and `SENSOR_REPORT`
//!   below; CBV 2.0 writes no `sensorElementList` wrapper). Then `ilmd`, then the user extensions found inside
//!   standard fields (prefixed by the path of field names that leads to them), then the
//!   event's own user extensions. One order serves all five event types, each using the
//!   fields it has.
//! * Left out: `eventID` (the hash may become it), `recordTime` (set by whoever stores the
//!   event, not part of what happened), `errorDeclaration` (a declared error must keep the
//!   ID of the event it corrects), `certificationInfo` (not in CBV 2.0's property order; both
//!   reference implementations leave it out), JSON-LD `@context`, and `comment` /
//!   `rdfs:comment`. Absent and empty values add nothing.
//! * Lists (EPCs, quantity elements, business transactions, sources, destinations, sensor
//!   elements and reports, repeated extension elements, `set`/`unset`) are sorted by the text
//!   of their entries, byte by byte, so their order in the event does not matter.
//! * Identifiers: EPC URNs (`urn:epc:id:…`, `urn:epc:class:lgtin:…`, `urn:epc:idpat:…` with
//!   only the last part a wildcard) become canonical GS1 Digital Link URIs on
//!   `https://id.gs1.org`; Digital Link URIs on any domain are rewritten there too, without
//!   query string, keeping only the most specific identification (a serial rather than a lot,
//!   no CPV).
//! * Vocabulary: CBV terms in any form (bare, `urn:epcglobal:cbv:…`, `cbv:…`) become their
//!   Web URIs (`https://ref.gs1.org/cbv/BizStep-shipping`); sensor measurement types and
//!   exceptions become GS1 Web Vocabulary URIs and sensor components CBV `Comp-` URIs.
//!   Compact URIs in a GS1 namespace (`gs1:Temperature`) are expanded.
//! * Times (`eventTime` and the sensor times) become UTC with exactly three decimals and `Z`,
//!   a fourth decimal of 5 to 9 rounding the third up.
//! * Numbers, and strings that read as numbers, lose needless zeros and signs (`1.0` → `1`,
//!   `0.50` → `0.5`, `+007` → `7`), written exactly as the reference implementation's Python
//!   `Decimal` writes them (see `decimal` below for the cases where that is not plain).
//! * User extensions are written as `{namespace}localname=value`, the prefix resolved through
//!   the `namespaces` given; an object is its name followed by its members, sorted; an array
//!   is one such entry per element.
//!
//! # Where the standard leaves room
//!
//! The standard's text left questions that its two reference implementations (RalphTro's
//! `epcis-event-hash-generator`, OpenEPCIS' `openepcis-event-hash-generator`) have since
//! settled, and this module follows where they agree: `epcList` before `parentID`, no
//! `certificationInfo`, no `sensorElementList` wrapper, extensions inside standard fields
//! moved to the end. (The Python tool's release on PyPI, 1.9.3 of 2023, predates these
//! decisions; its repository's current code is what the known answers come from.) Where the
//! Python reference behaves in ways that depend on how the JSON happens to be written, or
//! keeps going on input it cannot read, this module keeps to the rule the standard states:
//!
//! * the `type` of a business transaction, source or destination comes first whatever the
//!   order of the JSON keys (the reference follows the key order);
//! * bare CBV and GS1 terms are expanded in the fields whose JSON-LD context gives them a
//!   vocabulary (the reference replaces any string anywhere in the document that ends a CBV
//!   or GS1 URI used somewhere in it, so that an extension value `x` becomes
//!   `https://ref.gs1.org/cbv/Comp-x` when some sensor reports component `x`);
//! * `gs1:` compact URIs use the `gs1` namespace in force, by default that of the EPCIS 2.0
//!   context (the reference's current code always uses EPCIS 2.1's `https://ref.gs1.org/voc/`
//!   for them, though not for bare terms);
//! * several sensor reports, sensor elements or quantity elements carrying extensions are
//!   ordered by their written text (the reference orders them by their raw content);
//! * an empty `ilmd` adds nothing (the reference writes `ilmd`);
//! * extension keys under the context's own `rdfs:`, `owl:`, `xsd:` and `dcterms:` prefixes
//!   are expanded like any other (the reference knows only `gs1`, `cbv`, `epcis`, `cbvmda`
//!   and the document's own prefixes, and writes others as they are);
//! * what cannot be read is refused with a [`HashError`] rather than hashed as text: null,
//!   arrays inside arrays, undeclared prefixes, fields that are neither standard nor
//!   prefixed, misspelt CBV terms, malformed EPC URNs (including the 12-digit company prefix
//!   GRAIs the reference's pattern misses), times without an offset.
//!
//! Digital Link URIs are written by `yima_codes`, which percent-encodes every character
//! outside RFC 3986's unreserved set; the reference encodes fewer, so a serial with `'`, `;`,
//! `=` or a Tag Data Standard escape (`%2F`) is written differently by the two.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, SecondsFormat, TimeDelta, Timelike, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use yima_codes::gs1::{
    DigitalLink, ElementString, check_digit, parse_epc_urn, serialised_gtin_key,
};

use super::cbv::{
    BizStep, BizTransactionType, Disposition, SourceDestType, Term, Vocabulary, is_absolute_uri,
};
use super::kind::{Action, EventType};
use super::when::TimeZoneOffset;

const NI_PREFIX: &str = "ni:///sha-256;";
const VERSION_SUFFIX: &str = "?ver=CBV2.0";

/// An EPCIS event hash ID as CBV 2.0 writes it:
/// `ni:///sha-256;{64 lower-case hex digits}?ver=CBV2.0`.
///
/// Only this one form is accepted, because it is the only one CBV 2.0 events carry and a
/// hash ID is compared as text by those who hold it (as `eventID`, in
/// `correctiveEventIDs`): two spellings of one digest would be two IDs.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventHashId([u8; 32]);

impl EventHashId {
    /// The ID of a pre-hash string: SHA-256 of its UTF-8 bytes.
    pub fn of_pre_hash(pre_hash: &str) -> Self {
        Self(Sha256::digest(pre_hash.as_bytes()).into())
    }

    /// The SHA-256 digest the ID carries.
    pub fn digest(&self) -> [u8; 32] {
        self.0
    }
}

impl fmt::Display for EventHashId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{NI_PREFIX}{}{VERSION_SUFFIX}", hex::encode(self.0))
    }
}

impl fmt::Debug for EventHashId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EventHashId({self})")
    }
}

impl FromStr for EventHashId {
    type Err = HashError;

    fn from_str(value: &str) -> Result<Self, HashError> {
        let refuse = || HashError::NotAnId(value.to_owned());
        let hex_digits = value
            .strip_prefix(NI_PREFIX)
            .and_then(|rest| rest.strip_suffix(VERSION_SUFFIX))
            .filter(|h| h.len() == 64 && h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
            .ok_or_else(refuse)?;
        let mut digest = [0u8; 32];
        hex::decode_to_slice(hex_digits, &mut digest).map_err(|_| refuse())?;
        Ok(Self(digest))
    }
}

impl Serialize for EventHashId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for EventHashId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// Why an event could not be hashed, or a text is no hash ID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HashError {
    /// A field of the event breaks a rule; `path` names it as JSON does
    /// (`sensorElementList[0].sensorReport[1].time`).
    #[error("{path}: {rule}")]
    Field { path: String, rule: String },
    #[error(
        "'{0}' is not a CBV 2.0 event hash ID (ni:///sha-256;<64 lower-case hex digits>?ver=CBV2.0)"
    )]
    NotAnId(String),
}

fn refuse<T>(path: &dyn fmt::Display, rule: impl Into<String>) -> Result<T, HashError> {
    Err(HashError::Field {
        path: path.to_string(),
        rule: rule.into(),
    })
}

/// A path inside the event, written out only if an error names it: `parent[index]`.
struct Indexed<'p>(&'p dyn fmt::Display, usize);

impl fmt::Display for Indexed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.0, self.1)
    }
}

/// A path inside the event, written out only if an error names it: `parent.field`.
struct Dotted<'p>(&'p dyn fmt::Display, &'p str);

impl fmt::Display for Dotted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

/// The event hash ID of one event, given as EPCIS 2.0 JSON-LD writes it.
///
/// `namespaces` maps each prefix the event's extension keys (and values) use to its namespace
/// IRI, as the document's `@context` declares it (`"example"` →
/// `"https://ns.example.com/epcis/"`). The prefixes of the EPCIS 2.0 context need not be
/// given: `gs1` (`https://gs1.org/voc/`, as that context has it), `cbv`, `epcis`, `rdfs`,
/// `owl`, `xsd`, `dcterms`, and `cbvmda` as `urn:epcglobal:cbv:mda` (its XML namespace, without
/// the context's trailing colon, so that JSON and XML agree, as the reference implementation
/// has it); a prefix given overrides the default.
pub fn event_hash_id(
    event: &Map<String, Value>,
    namespaces: &BTreeMap<String, String>,
) -> Result<EventHashId, HashError> {
    pre_hash_string(event, namespaces).map(|s| EventHashId::of_pre_hash(&s))
}

/// The pre-hash string of one event (see [`event_hash_id`]); useful to see why two events
/// that should have one ID do not.
pub fn pre_hash_string(
    event: &Map<String, Value>,
    namespaces: &BTreeMap<String, String>,
) -> Result<String, HashError> {
    let canon = Canon::new(namespaces);
    let event_type = match event.get("type") {
        Some(Value::String(name)) => name
            .parse::<EventType>()
            .or_else(|e| refuse(&"type", e.to_string()))?,
        Some(_) => return refuse(&"type", "must be a string naming the event type"),
        None => return refuse(&"type", "missing: an event names its type"),
    };

    let mut extensions = Vec::new();
    for (key, value) in event {
        if skipped(key) || EXCLUDED.contains(&key.as_str()) || is_event_field(key) {
            continue;
        }
        if !key.contains(':') {
            return refuse(
                key,
                "not an EPCIS 2.0 event field; a field of one's own needs a namespace prefix \
                 (prefix:name)",
            );
        }
        let name = canon.key(key, key)?;
        canon.extension(&name, value, key, 0, &mut extensions)?;
    }

    let mut out = format!("eventType={}", event_type.name());
    let mut field_extensions = String::new();
    for &(name, kind) in EVENT_FIELDS {
        let Some(value) = event.get(name) else {
            continue;
        };
        let Rendered { text, extensions } = canon.field(name, kind, value)?;
        out.push_str(&text);
        if !extensions.is_empty() {
            // CBV 2.0 writes the sensor elements without their list's name.
            if kind != Kind::Sensors {
                field_extensions.push_str(name);
            }
            field_extensions.push_str(&extensions);
        }
    }
    if let Some(ilmd) = event.get("ilmd") {
        let Value::Object(members) = ilmd else {
            return refuse(&"ilmd", "must be an object");
        };
        // An empty `ilmd` is no data; the Python reference writes the bare name `ilmd` for it.
        let members = canon.members(members, &"ilmd", 0)?;
        if !members.is_empty() {
            out.push_str("ilmd");
            out.push_str(&members);
        }
    }
    out.push_str(&field_extensions);
    extensions.sort();
    out.push_str(&extensions.concat());
    Ok(out)
}

/// Keys ignored wherever they appear: JSON-LD's context and comments are not event data.
fn skipped(key: &str) -> bool {
    matches!(key, "@context" | "comment" | "rdfs:comment")
}

/// Event fields the hash leaves out (and `type`, written first as `eventType`).
const EXCLUDED: &[&str] = &[
    "type",
    "eventID",
    "recordTime",
    "errorDeclaration",
    "certificationInfo",
];

/// How a standard field is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Time,
    Offset,
    Action,
    /// An identifier or other value, canonicalised as any value is.
    Value,
    BizStep,
    Disposition,
    Epcs,
    Quantities,
    PersistentDisposition,
    /// `readPoint` and `bizLocation`: an object with an `id`.
    Place,
    /// `bizTransactionList`, `sourceList`, `destinationList`: the identifier's key and
    /// the vocabulary of `type`.
    Why(&'static str, WhyType),
    Sensors,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WhyType {
    BizTransaction,
    SourceDest,
}

/// The canonical property order of CBV 2.0 §8.9 (less `eventType`, `ilmd` and extensions).
const EVENT_FIELDS: &[(&str, Kind)] = &[
    ("eventTime", Kind::Time),
    ("eventTimeZoneOffset", Kind::Offset),
    ("epcList", Kind::Epcs),
    ("parentID", Kind::Value),
    ("inputEPCList", Kind::Epcs),
    ("childEPCs", Kind::Epcs),
    ("quantityList", Kind::Quantities),
    ("childQuantityList", Kind::Quantities),
    ("inputQuantityList", Kind::Quantities),
    ("outputEPCList", Kind::Epcs),
    ("outputQuantityList", Kind::Quantities),
    ("action", Kind::Action),
    ("transformationID", Kind::Value),
    ("bizStep", Kind::BizStep),
    ("disposition", Kind::Disposition),
    ("persistentDisposition", Kind::PersistentDisposition),
    ("readPoint", Kind::Place),
    ("bizLocation", Kind::Place),
    (
        "bizTransactionList",
        Kind::Why("bizTransaction", WhyType::BizTransaction),
    ),
    ("sourceList", Kind::Why("source", WhyType::SourceDest)),
    (
        "destinationList",
        Kind::Why("destination", WhyType::SourceDest),
    ),
    ("sensorElementList", Kind::Sensors),
];

/// Whether `key` is a field the pre-hash string writes in its place (`ilmd` included).
fn is_event_field(key: &str) -> bool {
    key == "ilmd" || EVENT_FIELDS.iter().any(|(name, _)| *name == key)
}

/// How a field of a sensor element is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SensorKind {
    Time,
    Value,
    MeasurementType,
    Exception,
    Component,
}

/// `sensorMetadata`'s fields in canonical order.
const SENSOR_METADATA: &[&str] = &[
    "time",
    "startTime",
    "endTime",
    "deviceID",
    "deviceMetadata",
    "rawData",
    "dataProcessingMethod",
    "bizRules",
];

/// `sensorReport`'s fields in canonical order.
const SENSOR_REPORT: &[&str] = &[
    "type",
    "exception",
    "deviceID",
    "deviceMetadata",
    "rawData",
    "dataProcessingMethod",
    "time",
    "microorganism",
    "chemicalSubstance",
    "value",
    "component",
    "stringValue",
    "booleanValue",
    "hexBinaryValue",
    "uriValue",
    "minValue",
    "maxValue",
    "meanValue",
    "sDev",
    "percRank",
    "percValue",
    "uom",
    "coordinateReferenceSystem",
];

fn sensor_kind(name: &str) -> SensorKind {
    match name {
        "time" | "startTime" | "endTime" => SensorKind::Time,
        "type" => SensorKind::MeasurementType,
        "exception" => SensorKind::Exception,
        "component" => SensorKind::Component,
        _ => SensorKind::Value,
    }
}

/// The measurement types of the EPCIS 2.0 JSON-LD context, written bare in JSON for
/// `gs1:{type}`.
const MEASUREMENT_TYPES: &[&str] = &[
    "AbsoluteHumidity",
    "AbsorbedDose",
    "AbsorbedDoseRate",
    "Acceleration",
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
    "Radioactivity",
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

/// Sensor exceptions of the EPCIS 2.0 context, `gs1:{exception}`.
const EXCEPTIONS: &[&str] = &["ALARM_CONDITION", "ERROR_CONDITION"];

/// Sensor components of the EPCIS 2.0 context, `cbv:Comp-{component}`.
const COMPONENTS: &[&str] = &[
    "x",
    "y",
    "z",
    "axial_distance",
    "azimuth",
    "height",
    "spherical_radius",
    "polar_angle",
    "elevation_angle",
    "easting",
    "northing",
    "latitude",
    "longitude",
    "altitude",
];

/// A standard field's part of the pre-hash string, and the user extensions found inside it
/// (which CBV 2.0 writes after `ilmd`, not in place).
struct Rendered {
    text: String,
    extensions: String,
}

/// `name=value`, or nothing when there is no value.
fn leaf(name: &str, value: Option<String>) -> String {
    value.map_or_else(String::new, |v| [name, "=", &v].concat())
}

/// The text of a scalar JSON value; arrays, objects and null have none.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

fn string<'v>(value: &'v Value, path: &dyn fmt::Display) -> Result<&'v str, HashError> {
    match value {
        Value::String(s) => Ok(s),
        _ => refuse(path, "must be a string"),
    }
}

fn array<'v>(value: &'v Value, path: &dyn fmt::Display) -> Result<&'v [Value], HashError> {
    match value {
        Value::Array(items) => Ok(items),
        _ => refuse(path, "must be an array"),
    }
}

fn object<'v>(
    value: &'v Value,
    path: &dyn fmt::Display,
) -> Result<&'v Map<String, Value>, HashError> {
    match value {
        Value::Object(members) => Ok(members),
        _ => refuse(path, "must be an object"),
    }
}

/// Sorts `parts` and joins them.
fn sorted(mut parts: Vec<String>) -> String {
    parts.sort();
    parts.concat()
}

/// `name` followed by `body`, or nothing when `body` is empty.
fn named(name: &str, body: String) -> String {
    if body.is_empty() {
        body
    } else {
        [name, &body].concat()
    }
}

/// How deep extension objects may nest: deep enough for any real event, shallow enough that
/// a hostile one cannot exhaust the stack.
const MAX_DEPTH: usize = 64;

/// The standard fields of a structure that are present, in canonical order.
type Fields<'v> = Vec<(&'static str, &'v Value)>;

/// The prefixes of the EPCIS 2.0.0 JSON-LD context, but `cbvmda` as its XML namespace.
const CONTEXT_NAMESPACES: &[(&str, &str)] = &[
    ("gs1", "https://gs1.org/voc/"),
    ("cbv", "https://ref.gs1.org/cbv/"),
    ("epcis", "https://ref.gs1.org/epcis/"),
    ("cbvmda", "urn:epcglobal:cbv:mda"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("dcterms", "http://purl.org/dc/terms/"),
];

/// The rules of canonical form, with the namespaces in force: those given, and the
/// context's for the prefixes not given.
struct Canon<'a> {
    given: &'a BTreeMap<String, String>,
}

impl<'a> Canon<'a> {
    fn new(given: &'a BTreeMap<String, String>) -> Self {
        Self { given }
    }

    fn lookup(&self, prefix: &str) -> Option<&'a str> {
        match self.given.get(prefix) {
            Some(namespace) => Some(namespace.as_str()),
            None => CONTEXT_NAMESPACES
                .iter()
                .find(|(p, _)| *p == prefix)
                .map(|(_, namespace)| *namespace),
        }
    }

    fn namespace(&self, prefix: &str) -> &'a str {
        self.lookup(prefix).unwrap_or_default()
    }

    /// An extension key as the pre-hash string writes it: `prefix:name` as
    /// `{namespace}name`; a key without a prefix (inside an extension's object) as it is.
    fn key(&self, key: &str, path: &dyn fmt::Display) -> Result<String, HashError> {
        if key.starts_with('@') {
            return refuse(
                path,
                "JSON-LD keywords other than @context are not event data",
            );
        }
        let Some((prefix, local)) = key.split_once(':') else {
            return Ok(key.to_owned());
        };
        match self.lookup(prefix) {
            Some(namespace) => Ok(format!("{{{namespace}}}{local}")),
            None => refuse(
                path,
                format!(
                    "the prefix '{prefix}' is not declared: its namespace must be given with \
                     the event"
                ),
            ),
        }
    }

    /// One standard field of the event.
    fn field(&self, name: &str, kind: Kind, value: &Value) -> Result<Rendered, HashError> {
        let path = name;
        let simple = |text: Option<String>| Rendered {
            text: leaf(name, text),
            extensions: String::new(),
        };
        Ok(match kind {
            Kind::Time => simple(time(string(value, &path)?, &path)?),
            Kind::Offset => {
                let text = string(value, &path)?.trim();
                let offset = match text.parse::<TimeZoneOffset>() {
                    Ok(offset) => offset,
                    Err(e) => return refuse(&path, e.to_string()),
                };
                simple(Some(offset.to_string()))
            }
            Kind::Action => {
                let text = string(value, &path)?.trim();
                let action = match text.parse::<Action>() {
                    Ok(action) => action,
                    Err(e) => return refuse(&path, e.to_string()),
                };
                simple(Some(action.name().to_owned()))
            }
            Kind::Value => simple(self.value(string(value, &path)?, &path)?),
            Kind::BizStep => simple(self.term::<BizStep>(string(value, &path)?, &path)?),
            Kind::Disposition => simple(self.term::<Disposition>(string(value, &path)?, &path)?),
            Kind::Epcs => {
                let mut epcs = Vec::new();
                for (i, epc) in array(value, &path)?.iter().enumerate() {
                    let path = Indexed(&path, i);
                    epcs.push(leaf("epc", self.value(string(epc, &path)?, &path)?));
                }
                simple_named(name, sorted(epcs))
            }
            Kind::Quantities => self.quantities(name, value)?,
            Kind::PersistentDisposition => self.persistent_disposition(value)?,
            Kind::Place => self.place(name, value)?,
            Kind::Why(id, types) => self.why(name, id, types, value)?,
            Kind::Sensors => self.sensors(value)?,
        })
    }

    fn quantities(&self, name: &str, value: &Value) -> Result<Rendered, HashError> {
        let (mut texts, mut extensions) = (Vec::new(), Vec::new());
        for (i, element) in array(value, &name)?.iter().enumerate() {
            let path = Indexed(&name, i);
            let members = object(element, &path)?;
            let (fields, ext) = self.split(members, &path, &["epcClass", "quantity", "uom"])?;
            let mut text = String::new();
            for (field, value) in fields {
                let path = Dotted(&path, field);
                let value = match field {
                    "epcClass" => self.value(string(value, &path)?, &path)?,
                    _ => self.scalar(value, &path)?,
                };
                text.push_str(&leaf(field, value));
            }
            texts.push(named("quantityElement", text));
            extensions.push(named("quantityElement", ext));
        }
        Ok(Rendered {
            text: named(name, sorted(texts)),
            extensions: sorted(extensions),
        })
    }

    fn persistent_disposition(&self, value: &Value) -> Result<Rendered, HashError> {
        let name = "persistentDisposition";
        let members = object(value, &name)?;
        let (fields, extensions) = self.split(members, &name, &["set", "unset"])?;
        let mut text = String::new();
        for (field, value) in fields {
            let path = Dotted(&name, field);
            let mut terms = Vec::new();
            for (i, term) in array(value, &path)?.iter().enumerate() {
                let path = Indexed(&path, i);
                terms.push(leaf(
                    field,
                    self.term::<Disposition>(string(term, &path)?, &path)?,
                ));
            }
            text.push_str(&sorted(terms));
        }
        Ok(Rendered {
            text: named(name, text),
            extensions,
        })
    }

    fn place(&self, name: &str, value: &Value) -> Result<Rendered, HashError> {
        let members = object(value, &name)?;
        let (fields, extensions) = self.split(members, &name, &["id"])?;
        let mut text = String::new();
        for (field, value) in fields {
            let path = Dotted(&name, field);
            text.push_str(&leaf(field, self.value(string(value, &path)?, &path)?));
        }
        Ok(Rendered {
            text: named(name, text),
            extensions,
        })
    }

    /// Business transactions, sources and destinations: each entry is `type=…` then the
    /// identifier. The standard puts the type first; the Python reference writes the two in
    /// the order of the JSON keys, which agrees whenever `type` comes first, as EPCIS
    /// documents write it.
    fn why(
        &self,
        name: &str,
        id: &'static str,
        types: WhyType,
        value: &Value,
    ) -> Result<Rendered, HashError> {
        let (mut texts, mut extensions) = (Vec::new(), Vec::new());
        for (i, entry) in array(value, &name)?.iter().enumerate() {
            let path = Indexed(&name, i);
            let members = object(entry, &path)?;
            let (fields, ext) = self.split(members, &path, &["type", id])?;
            let mut text = String::new();
            for (field, value) in fields {
                let path = Dotted(&path, field);
                let text_value = string(value, &path)?;
                let canonical = match (field, types) {
                    ("type", WhyType::BizTransaction) => {
                        self.term::<BizTransactionType>(text_value, &path)?
                    }
                    ("type", WhyType::SourceDest) => {
                        self.term::<SourceDestType>(text_value, &path)?
                    }
                    _ => self.value(text_value, &path)?,
                };
                text.push_str(&leaf(field, canonical));
            }
            texts.push(text);
            extensions.push(ext);
        }
        Ok(Rendered {
            text: named(name, sorted(texts)),
            extensions: sorted(extensions),
        })
    }

    /// Sensor elements: each `sensorElement`, its `sensorMetadata` and then its reports.
    fn sensors(&self, value: &Value) -> Result<Rendered, HashError> {
        let name = "sensorElementList";
        let (mut texts, mut extensions) = (Vec::new(), Vec::new());
        for (i, element) in array(value, &name)?.iter().enumerate() {
            let path = Indexed(&name, i);
            let members = object(element, &path)?;
            let (fields, own) = self.split(members, &path, &["sensorMetadata", "sensorReport"])?;
            let (mut text, mut ext) = (String::new(), String::new());
            for (field, value) in fields {
                let path = Dotted(&path, field);
                if field == "sensorMetadata" {
                    let (t, e) = self.sensor_part(field, value, &path, SENSOR_METADATA)?;
                    text.push_str(&t);
                    ext.push_str(&e);
                } else {
                    let (mut reports, mut report_exts) = (Vec::new(), Vec::new());
                    for (j, report) in array(value, &path)?.iter().enumerate() {
                        let path = Indexed(&path, j);
                        let (t, e) = self.sensor_part(field, report, &path, SENSOR_REPORT)?;
                        reports.push(t);
                        report_exts.push(e);
                    }
                    text.push_str(&sorted(reports));
                    // The Python reference writes these in the order it happened to sort the
                    // raw reports in; sorting the written parts keeps the ID independent of
                    // the reports' order and form.
                    ext.push_str(&sorted(report_exts));
                }
            }
            ext.push_str(&own);
            texts.push(named("sensorElement", text));
            extensions.push(named("sensorElement", ext));
        }
        Ok(Rendered {
            text: sorted(texts),
            extensions: sorted(extensions),
        })
    }

    /// `sensorMetadata` or one `sensorReport`: its text and its extensions, each with the
    /// part's name in front.
    fn sensor_part(
        &self,
        name: &str,
        value: &Value,
        path: &dyn fmt::Display,
        order: &[&'static str],
    ) -> Result<(String, String), HashError> {
        let members = object(value, path)?;
        let (fields, extensions) = self.split(members, path, order)?;
        let mut text = String::new();
        for (field, value) in fields {
            let path = Dotted(&path, field);
            let canonical = match sensor_kind(field) {
                SensorKind::Time => time(string(value, &path)?, &path)?,
                SensorKind::Value => self.scalar(value, &path)?,
                SensorKind::MeasurementType => {
                    let base = self.namespace("gs1");
                    self.vocabulary(value, &path, MEASUREMENT_TYPES, base, "measurement type")?
                }
                SensorKind::Exception => {
                    let base = self.namespace("gs1");
                    self.vocabulary(value, &path, EXCEPTIONS, base, "sensor exception")?
                }
                SensorKind::Component => {
                    let base = format!("{}Comp-", self.namespace("cbv"));
                    self.vocabulary(value, &path, COMPONENTS, &base, "sensor component")?
                }
            };
            text.push_str(&leaf(field, canonical));
        }
        Ok((named(name, text), named(name, extensions)))
    }

    /// Splits an object of a standard structure into its standard fields, in `order`, and
    /// the pre-hash text of its user extensions (sorted); any other key is refused.
    fn split<'v>(
        &self,
        members: &'v Map<String, Value>,
        path: &dyn fmt::Display,
        order: &[&'static str],
    ) -> Result<(Fields<'v>, String), HashError> {
        let mut extensions = Vec::new();
        for (key, value) in members {
            if skipped(key) || order.contains(&key.as_str()) {
                continue;
            }
            let path = Dotted(&path, key);
            if !key.contains(':') {
                return refuse(
                    &path,
                    format!(
                        "not a field here (the fields are {}); a field of one's own needs a \
                         namespace prefix (prefix:name)",
                        order.join(", ")
                    ),
                );
            }
            let name = self.key(key, &path)?;
            self.extension(&name, value, &path, 0, &mut extensions)?;
        }
        let fields = order
            .iter()
            .filter_map(|&f| members.get(f).map(|v| (f, v)))
            .collect();
        Ok((fields, sorted(extensions)))
    }

    /// The members of an extension's object (or of `ilmd`), each written as an extension and
    /// all sorted.
    fn members(
        &self,
        members: &Map<String, Value>,
        path: &dyn fmt::Display,
        depth: usize,
    ) -> Result<String, HashError> {
        let mut parts = Vec::new();
        for (key, value) in members {
            if skipped(key) {
                continue;
            }
            let path = Dotted(&path, key);
            let name = self.key(key, &path)?;
            self.extension(&name, value, &path, depth + 1, &mut parts)?;
        }
        Ok(sorted(parts))
    }

    /// One user extension element, pushed onto `out`: `name=value` for a value, `name`
    /// followed by its members for an object, and one such entry per element of an array.
    /// An empty value leaves the bare name: the element is there, though empty.
    fn extension(
        &self,
        name: &str,
        value: &Value,
        path: &dyn fmt::Display,
        depth: usize,
        out: &mut Vec<String>,
    ) -> Result<(), HashError> {
        if depth > MAX_DEPTH {
            return refuse(
                path,
                format!("extensions nested more than {MAX_DEPTH} deep are not EPCIS data"),
            );
        }
        match value {
            Value::Object(members) => {
                out.push(format!("{name}{}", self.members(members, path, depth)?));
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let path = Indexed(&path, i);
                    if matches!(item, Value::Array(_)) {
                        return refuse(&path, "an array inside an array is not EPCIS data");
                    }
                    self.extension(name, item, &path, depth, out)?;
                }
            }
            Value::Null => return refuse(path, "null is not an EPCIS value"),
            Value::String(_) | Value::Number(_) | Value::Bool(_) => {
                let canonical = self.scalar(value, path)?;
                out.push(match canonical {
                    Some(v) => format!("{name}={v}"),
                    None => name.to_owned(),
                });
            }
        }
        Ok(())
    }

    /// A scalar field's value in canonical form.
    fn scalar(&self, value: &Value, path: &dyn fmt::Display) -> Result<Option<String>, HashError> {
        match scalar_text(value) {
            Some(text) => self.value(&text, path),
            None => refuse(path, "must be a string, a number or true/false"),
        }
    }

    /// A CBV term as its Web URI (a term of one's own as its URI).
    fn term<V: Vocabulary>(
        &self,
        text: &str,
        path: &dyn fmt::Display,
    ) -> Result<Option<String>, HashError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        match Term::<V>::parse(text) {
            Ok(Term::Standard(term)) => Ok(Some(term.web_uri())),
            Ok(Term::Custom(uri)) => self.value(&uri, path),
            Err(e) => refuse(path, e.to_string()),
        }
    }

    /// A term of the GS1 Web Vocabulary or the CBV that EPCIS 2.0 JSON writes bare (a sensor's
    /// measurement type, exception or component) as its URI.
    fn vocabulary(
        &self,
        value: &Value,
        path: &dyn fmt::Display,
        known: &[&str],
        base: &str,
        what: &str,
    ) -> Result<Option<String>, HashError> {
        let text = string(value, path)?.trim();
        if text.is_empty() {
            return Ok(None);
        }
        if known.contains(&text) {
            return Ok(Some(format!("{base}{text}")));
        }
        if is_absolute_uri(text) {
            return self.value(text, path);
        }
        refuse(
            path,
            format!("'{text}' is neither a {what} of the EPCIS 2.0 context nor an absolute URI"),
        )
    }

    /// Any value in canonical form: trimmed; a compact URI in a GS1 namespace expanded; a CBV
    /// URN as its Web URI; a decimal number without needless zeros; an EPC URN or a Digital
    /// Link URI as a constrained canonical Digital Link. `None` when nothing is left.
    fn value(&self, text: &str, path: &dyn fmt::Display) -> Result<Option<String>, HashError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        let Some(text) = self.expand_gs1_curie(text) else {
            // The commonest identifier by far, a serialised GTIN in URN or canonical Digital
            // Link form, is its own key: its constrained canonical Digital Link.
            if let Some(key) = serialised_gtin_key(text) {
                return Ok(Some(key));
            }
            return self.value_expanded(text.to_owned(), path);
        };
        self.value_expanded(text, path)
    }

    /// `value` once a compact URI has been expanded.
    fn value_expanded(
        &self,
        text: String,
        path: &dyn fmt::Display,
    ) -> Result<Option<String>, HashError> {
        let text = cbv_urn_to_web_uri(&text).unwrap_or(text);
        if let Some(number) = decimal(&text) {
            return Ok(Some(number));
        }
        match epc_urn_to_digital_link(&text) {
            Ok(Some(uri)) => return Ok(Some(uri)),
            Ok(None) => {}
            Err(rule) => return refuse(path, rule),
        }
        Ok(Some(constrained_digital_link(&text).unwrap_or(text)))
    }

    /// `gs1:Temperature` as `https://gs1.org/voc/Temperature`. Only prefixes bound to a GS1
    /// namespace are expanded in values, as the Python reference does: elsewhere
    /// `prefix:rest` may well be an absolute URI of scheme `prefix`, and XML (where values
    /// are never namespace-resolved) must give the same string.
    fn expand_gs1_curie(&self, text: &str) -> Option<String> {
        let (prefix, rest) = text.split_once(':')?;
        let namespace = self.lookup(prefix)?;
        (namespace.starts_with("https://ref.gs1.org/") || namespace.starts_with("https://gs1.org/"))
            .then(|| format!("{namespace}{rest}"))
    }
}

fn simple_named(name: &str, body: String) -> Rendered {
    Rendered {
        text: named(name, body),
        extensions: String::new(),
    }
}

/// A time as `YYYY-MM-DDTHH:MM:SS.sssZ` in UTC; more than three decimals round half up.
fn time(text: &str, path: &dyn fmt::Display) -> Result<Option<String>, HashError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let refuse_time = || -> Result<Option<String>, HashError> {
        refuse(
            path,
            format!(
                "'{text}' is not a date and time with an offset or Z (RFC 3339, such as \
                 2025-03-01T08:30:00.000+08:00)"
            ),
        )
    };
    let Ok(parsed) = DateTime::parse_from_rfc3339(text) else {
        return refuse_time();
    };
    let utc = parsed.with_timezone(&Utc);
    // A leap second (`:60`) is held as 1 000 000 000 ns or more; it rounds into the next
    // second like any other fraction.
    let nanos = i64::from(utc.nanosecond());
    let millis = (nanos + 500_000) / 1_000_000;
    let Some(rounded) = utc
        .with_nanosecond(0)
        .and_then(|t| t.checked_add_signed(TimeDelta::milliseconds(millis)))
    else {
        return refuse_time();
    };
    Ok(Some(rounded.to_rfc3339_opts(SecondsFormat::Millis, true)))
}

/// `urn:epcglobal:cbv:bizstep:x` and its kin as their Web URIs, for CBV URNs written where
/// no CBV vocabulary is expected (in extensions, for instance).
fn cbv_urn_to_web_uri(text: &str) -> Option<String> {
    const URNS: [(&str, &str); 5] = [
        ("urn:epcglobal:cbv:bizstep:", "BizStep-"),
        ("urn:epcglobal:cbv:disp:", "Disp-"),
        ("urn:epcglobal:cbv:btt:", "BTT-"),
        ("urn:epcglobal:cbv:sdt:", "SDT-"),
        ("urn:epcglobal:cbv:er:", "ER-"),
    ];
    URNS.iter().find_map(|(urn, web)| {
        text.strip_prefix(urn)
            .map(|term| format!("https://ref.gs1.org/cbv/{web}{term}"))
    })
}

/// The longest plain decimal written: a string such as `5e-4368` is left as it is rather
/// than spelt out with thousands of zeros.
const MAX_DECIMAL: usize = 1100;

/// Significant digits a non-integral number keeps: the precision of Python's `decimal`
/// context, in which the reference implementation normalises numbers.
const PRECISION: usize = 28;

/// A number written as the reference implementation writes it, which is how every
/// implementation must write it for the IDs to agree. The text is read as Python's
/// `Decimal` reads it (`[+-]digits[.digits][e[+-]digits]`, ASCII only). An integral value is
/// written as an integer (`1.0` → `1`, `+007` → `7`, `-0.0` → `-0`), except that one written
/// with a positive exponent keeps Python's scientific form (`1.5e3` → `1.5E+3`, as does a
/// JSON number of 1e16 or more); any other value is written in plain notation without
/// trailing zeros (`0.50` → `0.5`, `1e-7` → `0.0000001`), rounded half-even to 28
/// significant digits. `None` when `text` is no number, or one too long to write out.
fn decimal(text: &str) -> Option<String> {
    let (negative, unsigned) = match text.as_bytes().first()? {
        b'-' => (true, text.get(1..)?),
        b'+' => (false, text.get(1..)?),
        _ => (false, text),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (unsigned.get(..at)?, Some(unsigned.get(at + 1..)?)),
        None => (unsigned, None),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int_part.len() + frac_part.len() == 0 || !digits_only(int_part) || !digits_only(frac_part) {
        return None;
    }
    let exponent: i64 = match exponent {
        Some(e) => {
            let body = e.strip_prefix(['+', '-']).unwrap_or(e);
            if body.is_empty() || !digits_only(body) {
                return None;
            }
            e.parse().ok()?
        }
        None => 0,
    };
    let sign = if negative { "-" } else { "" };
    // value = coefficient × 10^exponent
    let all = [int_part, frac_part].concat();
    let coefficient = match all.trim_start_matches('0') {
        "" => "0",
        c => c,
    };
    let exponent = exponent.checked_sub(i64::try_from(frac_part.len()).ok()?)?;
    let fraction_digits = usize::try_from(exponent.checked_neg()?).unwrap_or(0);
    let integral = exponent >= 0
        || coefficient == "0"
        || coefficient
            .len()
            .checked_sub(fraction_digits)
            .and_then(|keep| coefficient.get(keep..))
            .is_some_and(|fraction| fraction.bytes().all(|b| b == b'0'));
    if integral {
        if exponent <= 0 {
            let keep = coefficient.len().saturating_sub(fraction_digits);
            let digits = coefficient
                .get(..keep)
                .filter(|d| !d.is_empty())
                .unwrap_or("0");
            return Some(format!("{sign}{digits}"));
        }
        // Python writes a positive exponent in scientific notation, keeping every digit of
        // the coefficient: 150E1 is 1.50E+3.
        let adjusted = exponent.checked_add(i64::try_from(coefficient.len()).ok()? - 1)?;
        let (first, rest) = coefficient.split_at(1);
        let point = if rest.is_empty() { "" } else { "." };
        return Some(format!("{sign}{first}{point}{rest}E+{adjusted}"));
    }
    // Not integral, so the exponent is negative: round to the context's precision, drop
    // trailing zeros, write out in full.
    let (mut digits, mut exponent) = (coefficient.as_bytes().to_vec(), exponent);
    if digits.len() > PRECISION {
        let dropped = digits.len() - PRECISION;
        let tail = digits.split_off(PRECISION);
        let first = tail.first().copied().unwrap_or(b'0');
        let rest_zero = tail.iter().skip(1).all(|&b| b == b'0');
        let last_odd = digits.last().is_some_and(|&b| (b - b'0') % 2 == 1);
        let round_up = first > b'5' || (first == b'5' && (!rest_zero || last_odd));
        exponent = exponent.checked_add(i64::try_from(dropped).ok()?)?;
        if round_up {
            let mut i = digits.len();
            loop {
                let Some(d) = i.checked_sub(1).and_then(|j| digits.get_mut(j)) else {
                    digits.insert(0, b'1');
                    break;
                };
                if *d == b'9' {
                    *d = b'0';
                    i -= 1;
                } else {
                    *d += 1;
                    break;
                }
            }
        }
    }
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
        exponent = exponent.checked_add(1)?;
    }
    let digits = String::from_utf8(digits).ok()?;
    let length = usize::try_from(exponent.unsigned_abs())
        .ok()?
        .checked_add(digits.len())?;
    if length > MAX_DECIMAL {
        return None;
    }
    Some(if exponent >= 0 {
        let zeros = usize::try_from(exponent).ok()?;
        format!("{sign}{digits}{}", "0".repeat(zeros))
    } else {
        let point = usize::try_from(exponent.unsigned_abs()).ok()?;
        match digits.len().checked_sub(point) {
            Some(whole) if whole > 0 => {
                let (whole, fraction) = digits.split_at(whole);
                format!("{sign}{whole}.{fraction}")
            }
            _ => format!("{sign}0.{}{digits}", "0".repeat(point - digits.len())),
        }
    })
}

/// An EPC URN (Tag Data Standard) as the canonical Digital Link of what it identifies.
/// `Ok(None)` for text that is no EPC URN of a scheme with a Digital Link form (`gid`,
/// `usdod`, `adi`, `bic`, `imovn`, patterns with several wildcards); `Err` for a URN of such a
/// scheme that is malformed.
fn epc_urn_to_digital_link(text: &str) -> Result<Option<String>, String> {
    if !text.starts_with("urn:epc:") {
        return Ok(None);
    }
    if let Some(key) = serialised_gtin_key(text) {
        return Ok(Some(key));
    }
    const WITH_CODES_CRATE: [&str; 5] = [
        "urn:epc:id:sgtin:",
        "urn:epc:id:sscc:",
        "urn:epc:id:sgln:",
        "urn:epc:id:pgln:",
        "urn:epc:class:lgtin:",
    ];
    let elements = if WITH_CODES_CRATE.iter().any(|p| text.starts_with(p)) {
        parse_epc_urn(text).map_err(|e| e.to_string())?.1
    } else {
        let Some(pairs) = other_epc_urn(text)? else {
            return Ok(None);
        };
        ElementString::from_pairs(pairs).map_err(|e| format!("EPC URN '{text}': {e}"))?
    };
    let link = DigitalLink::from_element_string(elements).map_err(|e| e.to_string())?;
    Ok(Some(link.key_uri()))
}

/// The schemes `yima_codes::gs1::epc_urn` does not translate, as (AI, value) pairs.
fn other_epc_urn(text: &str) -> Result<Option<Vec<(&'static str, String)>>, String> {
    const SCHEMES: [&str; 12] = [
        "grai", "giai", "gsrn", "gsrnp", "gdti", "sgcn", "ginc", "gsin", "cpi", "itip", "upui",
        "sgtin",
    ];
    let (pattern, rest) = if let Some(rest) = text.strip_prefix("urn:epc:id:") {
        (false, rest)
    } else if let Some(rest) = text.strip_prefix("urn:epc:idpat:") {
        (true, rest)
    } else {
        return Ok(None);
    };
    let Some((scheme, body)) = rest.split_once(':') else {
        return Ok(None);
    };
    if !SCHEMES.contains(&scheme) {
        return Ok(None);
    }
    let parts: Vec<&str> = body.split('.').collect();
    // A pattern has a Digital Link form only when its last part alone is the wildcard: it
    // then names a class (a GTIN, a GRAI without serial…).
    let wildcards = parts.iter().filter(|p| **p == "*").count();
    if pattern && (wildcards != 1 || parts.last() != Some(&"*")) {
        return Ok(None);
    }
    let bad = |rule: &str| format!("EPC URN '{text}': {rule}");
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let part = |i: usize| parts.get(i).copied().unwrap_or_default();
    let company = part(0);
    if !(digits(company) && (6..=12).contains(&company.len())) {
        return Err(bad("the GS1 Company Prefix must be 6 to 12 digits"));
    }
    let with_check = |body: String| -> Result<String, String> {
        let check = check_digit(&body).map_err(|e| bad(&e.to_string()))?;
        Ok(format!("{body}{check}"))
    };
    // Company prefix and reference together, `total` digits long (a twelve-digit company
    // prefix leaves an empty reference in a twelve-digit key: `grai:123456789012..7`).
    let key = |reference: &str, total: usize| -> Result<String, String> {
        if reference.bytes().all(|b| b.is_ascii_digit()) && company.len() + reference.len() == total
        {
            Ok(format!("{company}{reference}"))
        } else {
            Err(bad(&format!(
                "the company prefix and reference must be {total} digits together"
            )))
        }
    };
    // A GTIN from a company prefix and an indicator-and-item reference.
    let gtin = |reference: &str| -> Result<String, String> {
        key(reference, 13)?;
        let (indicator, item) = reference.split_at(1);
        with_check(format!("{indicator}{company}{item}"))
    };
    let serial = |i: usize| -> Result<String, String> {
        if pattern {
            Ok(String::new())
        } else {
            unescape(part(i)).map_err(|rule| bad(&rule))
        }
    };
    let pairs = match (scheme, parts.len(), pattern) {
        ("grai", 3, _) => vec![(
            "8003",
            format!(
                "{}{}",
                with_check(format!("0{}", key(part(1), 12)?))?,
                serial(2)?
            ),
        )],
        ("gdti", 3, _) => vec![(
            "253",
            format!("{}{}", with_check(key(part(1), 12)?)?, serial(2)?),
        )],
        ("sgcn", 3, _) => vec![(
            "255",
            format!("{}{}", with_check(key(part(1), 12)?)?, serial(2)?),
        )],
        ("giai", 2, false) => vec![("8004", format!("{company}{}", serial(1)?))],
        ("ginc", 2, false) => vec![("401", format!("{company}{}", serial(1)?))],
        ("gsrn", 2, false) => vec![("8018", with_check(key(part(1), 17)?)?)],
        ("gsrnp", 2, false) => vec![("8017", with_check(key(part(1), 17)?)?)],
        ("gsin", 2, false) => vec![("402", with_check(key(part(1), 16)?)?)],
        ("cpi", 3, _) => {
            let reference = unescape(part(1)).map_err(|rule| bad(&rule))?;
            let mut pairs = vec![("8010", format!("{company}{reference}"))];
            if !pattern {
                pairs.push(("8011", part(2).to_owned()));
            }
            pairs
        }
        ("itip", 5, _) => {
            let (piece, total) = (part(2), part(3));
            if !(digits(piece) && digits(total) && piece.len() == 2 && total.len() == 2) {
                return Err(bad("piece and total are two digits each"));
            }
            let mut pairs = vec![("8006", format!("{}{piece}{total}", gtin(part(1))?))];
            if !pattern {
                pairs.push(("21", serial(4)?));
            }
            pairs
        }
        ("upui", 3, _) => {
            let mut pairs = vec![("01", gtin(part(1))?)];
            if !pattern {
                pairs.push(("235", serial(2)?));
            }
            pairs
        }
        ("sgtin", 3, true) => vec![("01", gtin(part(1))?)],
        // Patterns of schemes whose keys have no class level.
        (_, _, true) => return Ok(None),
        _ => return Err(bad("wrong number of parts separated by '.'")),
    };
    Ok(Some(pairs))
}

/// Undoes the Tag Data Standard's escapes in a URN part (`%2F` for `/`, and so on).
fn unescape(part: &str) -> Result<String, String> {
    const ESCAPED: [(char, &str); 7] = [
        ('"', "%22"),
        ('%', "%25"),
        ('&', "%26"),
        ('/', "%2F"),
        ('<', "%3C"),
        ('>', "%3E"),
        ('?', "%3F"),
    ];
    let mut out = String::with_capacity(part.len());
    let mut rest = part;
    while let Some(at) = rest.find('%') {
        out.push_str(rest.get(..at).unwrap_or_default());
        let escape = rest.get(at..at + 3).unwrap_or_default();
        let Some((c, _)) = ESCAPED.iter().find(|(_, e)| e.eq_ignore_ascii_case(escape)) else {
            return Err(format!(
                "'{}' is not one of the escapes a URN uses (%22 %25 %26 %2F %3C %3E %3F)",
                rest.get(at..).unwrap_or_default()
            ));
        };
        out.push(*c);
        rest = rest.get(at + 3..).unwrap_or_default();
    }
    out.push_str(rest);
    Ok(out)
}

/// The primary keys whose Digital Link the algorithm writes, and (in `qualifier`) which key
/// qualifier it keeps: the most specific one, so that a URI with a lot and a serial names the
/// same instance as one with the serial alone.
const DIGITAL_LINK_KEYS: [&str; 14] = [
    "00", "01", "253", "255", "401", "402", "414", "417", "8003", "8004", "8006", "8010", "8017",
    "8018",
];

/// A GS1 Digital Link URI (on any domain, with any query) as its constrained canonical form on
/// `https://id.gs1.org`; `None` for anything else.
fn constrained_digital_link(text: &str) -> Option<String> {
    let scheme_ok = ["https://", "http://"].iter().any(|s| {
        text.get(..s.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(s))
    });
    if !scheme_ok {
        return None;
    }
    // The query (data attributes, linkType) and fragment are dropped, so they need not parse.
    let bare = text.split(['?', '#']).next().unwrap_or(text);
    if let Some(key) = serialised_gtin_key(bare) {
        return Some(key);
    }
    let link = DigitalLink::parse(bare).ok()?;
    let (key, value) = link.primary_key()?;
    if !DIGITAL_LINK_KEYS.contains(&key) {
        return None;
    }
    let get = |ai: &'static str| link.elements.get(ai).map(|v| (ai, v));
    let qualifier = match key {
        "01" => get("21").or_else(|| get("10")).or_else(|| get("235")),
        "8006" => get("21").or_else(|| get("10")),
        "414" => get("254"),
        "8010" => get("8011"),
        _ => None,
    };
    let pairs = std::iter::once((key, value)).chain(qualifier);
    let elements = ElementString::from_pairs(pairs).ok()?;
    Some(DigitalLink::from_element_string(elements).ok()?.key_uri())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn numbers_are_written_as_the_reference_writes_them() {
        for (given, written) in [
            ("10", "10"),
            ("1.0", "1"),
            ("0.50", "0.5"),
            ("+007", "7"),
            ("-0.00", "-0"),
            ("0", "0"),
            (".5", "0.5"),
            ("5.", "5"),
            ("26.2", "26.2"),
            ("1e-7", "0.0000001"),
            ("1500.0", "1500"),
            ("-12.340", "-12.34"),
            ("0.000", "0"),
            ("1.5E3", "1.5E+3"),
            ("150e1", "1.50E+3"),
            ("1e16", "1E+16"),
            ("0E5", "0E+5"),
            ("1500.0e0", "1500"),
            ("12.5e-1", "1.25"),
            (
                "0.1234567890123456789012345678949",
                "0.1234567890123456789012345679",
            ),
            (
                "0.12345678901234567890123456785",
                "0.1234567890123456789012345678",
            ),
            ("9.9999999999999999999999999999999", "10"),
            ("5e4368", "5E+4368"),
        ] {
            assert_eq!(decimal(given).as_deref(), Some(written), "{given}");
        }
        for not_a_number in [
            "",
            "+",
            "-",
            ".",
            "e5",
            "1e",
            "1.2.3",
            "12a",
            "0x10",
            "NaN",
            "1 2",
            "5e-4368",
            "1e99999999999999999999",
        ] {
            assert_eq!(decimal(not_a_number), None, "{not_a_number}");
        }
    }

    #[test]
    fn times_become_utc_milliseconds() {
        for (given, written) in [
            ("2020-03-04T11:00:30.000+01:00", "2020-03-04T10:00:30.000Z"),
            ("2020-03-04T11:00:30+01:00", "2020-03-04T10:00:30.000Z"),
            ("2023-01-18T11:04:03.1415Z", "2023-01-18T11:04:03.142Z"),
            ("2023-01-18T11:04:03.1414Z", "2023-01-18T11:04:03.141Z"),
            ("2023-12-31T23:59:59.9996-00:30", "2024-01-01T00:30:00.000Z"),
            (
                "2005-04-03T20:33:31.116000-06:00",
                "2005-04-04T02:33:31.116Z",
            ),
        ] {
            assert_eq!(time(given, &"t").unwrap().unwrap(), written, "{given}");
        }
        assert!(time("2020-03-04T11:00:30", &"eventTime").is_err());
    }

    #[test]
    fn epc_urns_become_digital_links() {
        for (urn, link) in [
            (
                "urn:epc:id:sgtin:0614141.107346.2017",
                "https://id.gs1.org/01/10614141073464/21/2017",
            ),
            (
                "urn:epc:id:sscc:4012345.0000000111",
                "https://id.gs1.org/00/040123450000001112",
            ),
            (
                "urn:epc:id:sgln:4012345.00011.987",
                "https://id.gs1.org/414/4012345000115/254/987",
            ),
            (
                "urn:epc:id:sgln:0614141.00888.0",
                "https://id.gs1.org/414/0614141008889",
            ),
            (
                "urn:epc:id:pgln:4012345.00225",
                "https://id.gs1.org/417/4012345002256",
            ),
            (
                "urn:epc:class:lgtin:4012345.011111.4444",
                "https://id.gs1.org/01/04012345111118/10/4444",
            ),
            (
                "urn:epc:id:giai:4000001.111",
                "https://id.gs1.org/8004/4000001111",
            ),
            (
                "urn:epc:id:gdti:0614141.00001.1618034",
                "https://id.gs1.org/253/06141410000121618034",
            ),
            (
                "urn:epc:id:gsrn:0614141.0000010253",
                "https://id.gs1.org/8018/061414100000102534",
            ),
            (
                "urn:epc:id:grai:0614141.12345.400",
                "https://id.gs1.org/8003/00614141123452400",
            ),
            (
                "urn:epc:idpat:sgtin:4012345.011111.*",
                "https://id.gs1.org/01/04012345111118",
            ),
            (
                "urn:epc:id:cpi:0614141.123ABC.123456789",
                "https://id.gs1.org/8010/0614141123ABC/8011/123456789",
            ),
            (
                "urn:epc:id:itip:4012345.011111.01.02.987",
                "https://id.gs1.org/8006/040123451111180102/21/987",
            ),
        ] {
            assert_eq!(
                epc_urn_to_digital_link(urn),
                Ok(Some(link.to_owned())),
                "{urn}"
            );
        }
        assert_eq!(
            epc_urn_to_digital_link("urn:epc:id:gid:95100000.12345.400"),
            Ok(None)
        );
        assert_eq!(
            epc_urn_to_digital_link("urn:epc:idpat:sgtin:4012345.*.*"),
            Ok(None)
        );
        assert!(epc_urn_to_digital_link("urn:epc:id:sgtin:0614141.10734.2017").is_err());
        assert!(epc_urn_to_digital_link("urn:epc:id:gsrn:0614141.12").is_err());
    }

    #[test]
    fn digital_links_are_constrained_to_the_most_specific_key() {
        for (given, written) in [
            (
                "https://example.com/01/10614141073464/10/LOT1/21/2017?17=250101",
                "https://id.gs1.org/01/10614141073464/21/2017",
            ),
            (
                "http://brand.example.com/shop/01/9520123456788/10/ABC",
                "https://id.gs1.org/01/09520123456788/10/ABC",
            ),
            (
                "https://id.gs1.org/01/09520123456788/22/2A/10/ABC?linkType=all",
                "https://id.gs1.org/01/09520123456788/10/ABC",
            ),
            (
                "https://id.gs1.org/414/4012345000115/254/987",
                "https://id.gs1.org/414/4012345000115/254/987",
            ),
        ] {
            assert_eq!(
                constrained_digital_link(given).as_deref(),
                Some(written),
                "{given}"
            );
        }
        assert_eq!(
            constrained_digital_link("https://example.com/products/42"),
            None
        );
        assert_eq!(constrained_digital_link("urn:uuid:1234"), None);
    }

    #[test]
    fn hash_ids_read_and_write_one_form() {
        let id = EventHashId::of_pre_hash("");
        let text = id.to_string();
        assert_eq!(
            text,
            "ni:///sha-256;e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855?ver=CBV2.0"
        );
        assert_eq!(text.parse::<EventHashId>().unwrap(), id);
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(serde_json::from_str::<EventHashId>(&json).unwrap(), id);
        for bad in [
            "ni:///sha-256;E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855?ver=CBV2.0",
            "ni:///sha-256;e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85?ver=CBV2.0",
            "ni:///sha-256;e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "ni:///sha-384;e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855?ver=CBV2.0",
            "",
        ] {
            assert!(
                matches!(bad.parse::<EventHashId>(), Err(HashError::NotAnId(_))),
                "{bad}"
            );
        }
    }
}
