//! The REST binding's headers: the versions every response states, and the choices a request
//! makes (how capture treats faulty events, which form identifiers come back in).

use axum::http::{HeaderMap, HeaderValue};
use serde::Serialize;
use utoipa::ToSchema;
use yima_domain::epcis::ErrorBehaviour;

use super::exception::{EpcisError, Exception};

pub const EPCIS_VERSION: &str = "GS1-EPCIS-Version";
pub const CBV_VERSION: &str = "GS1-CBV-Version";
pub const CAPTURE_ERROR_BEHAVIOUR: &str = "GS1-Capture-Error-Behaviour";
pub const EPC_FORMAT: &str = "GS1-EPC-Format";
pub const CAPTURE_LIMIT: &str = "GS1-EPCIS-Capture-Limit";
pub const CAPTURE_FILE_SIZE_LIMIT: &str = "GS1-EPCIS-Capture-File-Size-Limit";

/// Marks a response as EPCIS 2.0 / CBV 2.0, as the binding asks of every response.
pub fn stamp(headers: &mut HeaderMap) {
    for (name, value) in [
        (EPCIS_VERSION, "2.0.0"),
        (CBV_VERSION, "2.0.0"),
        ("GS1-EPCIS-Min", "2.0.0"),
        ("GS1-EPCIS-Max", "2.0.0"),
        ("GS1-CBV-Min", "2.0.0"),
        ("GS1-CBV-Max", "2.0.0"),
        (
            "GS1-Vendor-Version",
            concat!("yima ", env!("CARGO_PKG_VERSION")),
        ),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

/// `GS1-Capture-Error-Behaviour`, rollback when absent.
pub fn error_behaviour(headers: &HeaderMap) -> Result<ErrorBehaviour, EpcisError> {
    match headers.get(CAPTURE_ERROR_BEHAVIOUR) {
        None => Ok(ErrorBehaviour::default()),
        Some(value) => value
            .to_str()
            .map_err(|_| "it is not ASCII".to_owned())
            .and_then(str::parse)
            .map_err(|rule| {
                EpcisError::new(
                    Exception::Validation,
                    format!("header {CAPTURE_ERROR_BEHAVIOUR}: {rule}"),
                )
            }),
    }
}

/// The form identifiers are returned in (`GS1-EPC-Format`). The schema names the header's
/// four values, so clients and the OpenAPI document agree on them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ToSchema)]
pub enum EpcFormat {
    /// As they were captured.
    #[default]
    #[serde(rename = "No_Preference")]
    NoPreference,
    /// GS1 keys as Digital Link URIs.
    #[serde(rename = "Always_GS1_Digital_Link")]
    AlwaysDigitalLink,
    /// GS1 keys as EPC URNs, where the company prefix's length is known.
    #[serde(rename = "Always_EPC_URN")]
    AlwaysUrn,
    /// As they were captured, never translated.
    #[serde(rename = "Never_Translates")]
    NeverTranslates,
}

pub fn epc_format(headers: &HeaderMap) -> Result<EpcFormat, EpcisError> {
    let Some(value) = headers.get(EPC_FORMAT) else {
        return Ok(EpcFormat::default());
    };
    match value.to_str().unwrap_or_default() {
        "No_Preference" => Ok(EpcFormat::NoPreference),
        "Always_GS1_Digital_Link" => Ok(EpcFormat::AlwaysDigitalLink),
        "Always_EPC_URN" => Ok(EpcFormat::AlwaysUrn),
        "Never_Translates" => Ok(EpcFormat::NeverTranslates),
        other => Err(EpcisError::new(
            Exception::Validation,
            format!(
                "header {EPC_FORMAT}: '{other}' is not one of No_Preference, \
                 Always_GS1_Digital_Link, Always_EPC_URN, Never_Translates"
            ),
        )),
    }
}
