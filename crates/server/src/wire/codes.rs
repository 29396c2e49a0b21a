//! A parsed code, as the parse endpoint, the resolve answer and `yima code parse --json` all
//! show it.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use yima_codes::{CodeLevel, Scan, TraceCode};

/// The code as scanned.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CodeQuery {
    /// Exactly what the scanner or person delivered, URL-encoded: an element string
    /// (`(01)…(21)…` or GS-separated), optionally after a symbology identifier (`]d2`), a
    /// GS1 Digital Link URI, or bare GTIN digits.
    #[param(
        example = "(01)06901100000010(21)E220A8397B1DCDAF",
        min_length = 1,
        max_length = 4296
    )]
    pub code: String,
}

/// One GS1 element: an Application Identifier and its value.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AiValue {
    #[schema(example = "01")]
    pub ai: String,
    #[schema(example = "09520123456788")]
    pub value: String,
}

/// What a code names; describes `CodeLevel` (of the codes crate, which knows nothing of
/// OpenAPI) to OpenAPI.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum LevelName {
    Unit,
    Batch,
    Class,
}

/// What the platform understood a code to be.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ParsedCode {
    /// `gs1`, `ecode`, `yima` (platform codes), or another system's scheme (`miit`, `oid` …).
    pub scheme: String,
    /// The normalised key: equal for every form of the same code; what the store indexes.
    #[schema(example = "gs1:01/09520123456788/21/12345")]
    pub canonical: String,
    /// `unit`, `batch` or `class`.
    #[schema(value_type = LevelName)]
    pub level: CodeLevel,
    /// The AIM symbology identifier the scanner prefixed (`]d2`, `]Q1` …), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub symbology: Option<&'static str>,
    /// For GS1: every element, in the order given.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ai: Vec<AiValue>,
    /// For GS1: the bracketed element string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub element_string: Option<String>,
    /// For GS1: the canonical Digital Link URI on id.gs1.org.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digital_link: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gtin: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lot: Option<String>,
    /// The code's named parts in its scheme: GTIN, lot, serial and dates for GS1; version,
    /// numbering-system identifier and master data for Ecode; key id, issuance and index for
    /// platform codes; the opaque value for other systems'.
    pub parts: Vec<Part>,
}

/// One named part of a code.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Part {
    #[schema(example = "gtin")]
    pub name: String,
    #[schema(example = "09520123456788")]
    pub value: String,
}

impl From<&Scan> for ParsedCode {
    fn from(scan: &Scan) -> Self {
        let code = &scan.code;
        let gs1 = match code {
            TraceCode::Gs1(gs1) => Some(gs1),
            _ => None,
        };
        Self {
            scheme: code.scheme().to_owned(),
            canonical: code.key(),
            level: code.level(),
            symbology: scan.symbology.map(|s| s.identifier()),
            ai: gs1
                .map(|gs1| {
                    gs1.elements
                        .elements()
                        .iter()
                        .map(|(ai, value)| AiValue {
                            ai: ai.clone(),
                            value: value.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            element_string: gs1.map(|gs1| gs1.elements.to_bracketed()),
            digital_link: code.canonical_uri(),
            gtin: gs1.map(|gs1| gs1.gtin.to_string()),
            serial: gs1.and_then(|gs1| gs1.serial.clone()),
            lot: gs1.and_then(|gs1| gs1.lot.clone()),
            parts: code
                .parts()
                .into_iter()
                .map(|(name, value)| Part { name, value })
                .collect(),
        }
    }
}

/// A label to render.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LabelQuery {
    /// The code, as `/codes/parse` takes it.
    #[param(
        example = "(01)09520123456788(10)ABC1(21)12345",
        min_length = 1,
        max_length = 4296
    )]
    pub code: String,
    /// `auto` (GS1 DataMatrix for GS1 codes, QR otherwise), `qr` or `datamatrix`.
    #[param(inline)]
    pub symbol: Option<LabelSymbol>,
    /// `svg` (default) or `png`.
    #[param(inline)]
    pub format: Option<ImageFormat>,
    /// Pixels per module (1–32, default 4).
    #[param(minimum = 1, maximum = 32)]
    pub module_px: Option<u32>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum LabelSymbol {
    #[default]
    Auto,
    Qr,
    Datamatrix,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    #[default]
    Svg,
    Png,
}
