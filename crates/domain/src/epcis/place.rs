//! Where an event happened: the read point (where it was seen) and the business location
//! (where the objects are afterwards), each a URI — an SGLN (`urn:epc:id:sgln:…`), a Digital
//! Link with AI 414, or a location of one's own — as EPCIS 2.0 JSON writes it, `{"id": …}`.

use serde::{Deserialize, Serialize};

use super::cbv::is_absolute_uri;
use super::why::NotAUri;

/// A read point or business location.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "PlaceJson", into = "PlaceJson")]
pub struct Place {
    pub id: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaceJson {
    id: String,
}

impl Place {
    /// `field` names the place in the error (`readPoint`, `bizLocation`).
    pub fn new(field: &'static str, id: String) -> Result<Self, NotAUri> {
        if is_absolute_uri(&id) {
            Ok(Self { id })
        } else {
            Err(NotAUri { field, value: id })
        }
    }
}

impl TryFrom<PlaceJson> for Place {
    type Error = NotAUri;

    fn try_from(json: PlaceJson) -> Result<Self, NotAUri> {
        Self::new("id", json.id)
    }
}

impl From<Place> for PlaceJson {
    fn from(place: Place) -> Self {
        Self { id: place.id }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn places_read_and_write_back() {
        for id in [
            "urn:epc:id:sgln:0614141.00777.0",
            "https://id.gs1.org/414/0614141007772",
            "https://yima.example/shops/hangzhou-17",
        ] {
            let json = format!(r#"{{"id":"{id}"}}"#);
            let place: Place = serde_json::from_str(&json).unwrap();
            assert_eq!(place.id, id);
            assert_eq!(serde_json::to_string(&place).unwrap(), json);
        }
    }

    #[test]
    fn bad_places_are_named() {
        let err = serde_json::from_str::<Place>(r#"{"id": "shop 17"}"#).unwrap_err();
        assert!(
            err.to_string()
                .contains("id: 'shop 17' is not an absolute URI")
        );
        assert!(serde_json::from_str::<Place>(r#"{"id": "urn:x:y", "extra": 1}"#).is_err());
        assert_eq!(
            Place::new("bizLocation", "here".to_owned())
                .unwrap_err()
                .field,
            "bizLocation"
        );
    }
}
