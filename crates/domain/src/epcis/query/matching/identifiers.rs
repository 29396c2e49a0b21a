//! Identifiers compared as EPCIS 2.0 §8.2.7.1.1 compares them: an identifier matches one
//! naming the same thing in any form (an EPC URN and a Digital Link of the same key are one
//! key, through the codes crate's `normalise_epcis_id`), and a Tag Data Standard pattern
//! (`urn:epc:idpat:sgtin:0614141.107346.*`) matches every identifier whose parts agree with
//! the pattern's, in either form.
//!
//! A Digital Link does not say where its GS1 Company Prefix ends; a pattern does, so the
//! identifier is written as an EPC URN with the pattern's prefix length and compared part by
//! part. Patterns of schemes the codes crate does not translate (GRAI, GIAI …) match EPC URNs
//! of that scheme only, as written.

use yima_codes::gs1::{DigitalLink, EpcScheme, EpcisIdForm, normalise_epcis_id, to_urn};

use super::super::super::event::{EpcRole, Event};
use super::super::{EpcPattern, IdPattern, Identifier, MatchField};

/// An identifier of an event or a query, as it is compared: the key it matches by, and for a
/// GS1 key its elements.
struct Key {
    uri: String,
    link: Option<DigitalLink>,
}

impl Key {
    /// The key of an identifier as an event writes it. One that fails to read (capture
    /// refuses those) is its own key.
    fn of_event(raw: &str) -> Self {
        match normalise_epcis_id(raw) {
            Ok(id) => {
                let link = match id.form {
                    EpcisIdForm::Other => None,
                    _ => DigitalLink::parse(&id.key).ok(),
                };
                Self { uri: id.key, link }
            }
            Err(_) => Self {
                uri: raw.to_owned(),
                link: None,
            },
        }
    }

    /// The key of a class as an event writes it: as [`Key::of_event`], and the GTIN-level
    /// class of EPCIS 1.x, `urn:epc:idpat:sgtin:{company}.{reference}.*`, read as the GTIN.
    fn of_class(raw: &str) -> Self {
        gtin_class(raw).unwrap_or_else(|| Self::of_event(raw))
    }

    /// The key of an identifier a query names, read the way an event's is.
    fn of_query(id: &Identifier) -> Self {
        match id {
            Identifier::Gs1(link) => Self {
                uri: link.key_uri(),
                link: Some(link.clone()),
            },
            Identifier::Uri(uri) => Self::of_event(uri),
        }
    }

    fn get(&self, ai: &str) -> Option<&str> {
        self.link.as_ref().and_then(|l| l.elements.get(ai))
    }

    /// Whether this is a trade item's class (a GTIN, with or without lot), not one item.
    fn is_item_class(&self) -> bool {
        self.get("01").is_some() && self.get("21").is_none() && self.get("235").is_none()
    }

    /// Whether this names a GTIN and nothing else: the product, whatever the lot.
    fn is_bare_gtin(&self) -> bool {
        self.get("01").is_some()
            && self
                .link
                .as_ref()
                .is_some_and(|l| l.elements.elements().len() == 1)
    }
}

/// `urn:epc:idpat:sgtin:{company}.{reference}.*` as the Digital Link of its GTIN.
fn gtin_class(raw: &str) -> Option<Key> {
    let body = raw.strip_prefix("urn:epc:idpat:sgtin:")?;
    let stem = body.strip_suffix(".*")?;
    let id = normalise_epcis_id(&format!("urn:epc:id:sgtin:{stem}.0")).ok()?;
    let link = DigitalLink::parse(&id.key).ok()?;
    let gtin = link.elements.get("01")?;
    let uri = format!("https://id.gs1.org/01/{gtin}");
    let link = DigitalLink::parse(&uri).ok()?;
    Some(Key {
        uri: link.key_uri(),
        link: Some(link),
    })
}

/// Whether the identifier `raw`, as an event writes it, names what one of `ids` names.
pub(super) fn is_any_of(raw: &str, ids: &[Identifier]) -> bool {
    let key = Key::of_event(raw);
    ids.iter().any(|id| Key::of_query(id).uri == key.uri)
}

/// `MATCH_…`: whether an identifier of the lists `field` searches matches one of `patterns`.
pub(super) fn matches(event: &Event, field: MatchField, patterns: &[IdPattern]) -> bool {
    if field.is_class() {
        event
            .quantities()
            .filter(|(role, _)| searches(field, *role))
            .any(|(_, q)| {
                let key = Key::of_class(&q.epc_class);
                patterns
                    .iter()
                    .any(|p| class_matches(&key, &q.epc_class, p))
            })
    } else {
        event
            .epcs()
            .filter(|(role, _)| searches(field, *role))
            .any(|(_, raw)| {
                let key = Key::of_event(raw);
                patterns.iter().any(|p| object_matches(&key, raw, p))
            })
    }
}

/// Whether `field` searches the list of `role`: `MATCH_epc` and `MATCH_epcClass` the event's
/// own lists and its children (`epcList`, `childEPCs`, `quantityList`, `childQuantityList`),
/// the input and output fields their lists, the `any` fields all of them, with the parent
/// (§8.2.7.1).
fn searches(field: MatchField, role: EpcRole) -> bool {
    match field {
        MatchField::Epc | MatchField::EpcClass => role == EpcRole::Epc,
        MatchField::ParentId => role == EpcRole::Parent,
        MatchField::InputEpc | MatchField::InputEpcClass => role == EpcRole::Input,
        MatchField::OutputEpc | MatchField::OutputEpcClass => role == EpcRole::Output,
        MatchField::AnyEpc | MatchField::AnyEpcClass => true,
    }
}

fn object_matches(key: &Key, raw: &str, pattern: &IdPattern) -> bool {
    match pattern {
        IdPattern::Id(id) => Key::of_query(id).uri == key.uri,
        IdPattern::Pattern(p) => match (translated(p.scheme()), &key.link) {
            (Some(scheme), Some(link)) => gs1_object_matches(p, scheme, link),
            _ => urn_matches(p, raw, "urn:epc:id:"),
        },
    }
}

/// A class matches an identifier of the same class, and a GTIN named alone every lot of it;
/// a pattern of SGTINs matches the classes of the GTINs it covers (whose serial part is `*`:
/// a pattern that names a serial names objects, not a class).
fn class_matches(key: &Key, raw: &str, pattern: &IdPattern) -> bool {
    match pattern {
        IdPattern::Id(id) => {
            let wanted = Key::of_query(id);
            wanted.uri == key.uri
                || (wanted.is_bare_gtin()
                    && key.is_item_class()
                    && wanted.get("01") == key.get("01"))
        }
        IdPattern::Pattern(p) => match (p.scheme(), key.get("01")) {
            ("sgtin", Some(gtin)) if key.is_item_class() => gtin_matches(p, gtin),
            _ => urn_matches(p, raw, "urn:epc:idpat:") || urn_matches(p, raw, "urn:epc:class:"),
        },
    }
}

/// The schemes a Digital Link can be written back into as an EPC URN.
fn translated(scheme: &str) -> Option<EpcScheme> {
    match scheme {
        "sgtin" => Some(EpcScheme::Sgtin),
        "sscc" => Some(EpcScheme::Sscc),
        "sgln" => Some(EpcScheme::Sgln),
        "pgln" => Some(EpcScheme::Pgln),
        _ => None,
    }
}

/// A GS1 key against a pattern of a translated scheme: written as the scheme's URN with the
/// pattern's company prefix length, then compared part by part. A pattern of `*` alone
/// matches every key the scheme can write.
fn gs1_object_matches(pattern: &EpcPattern, scheme: EpcScheme, link: &DigitalLink) -> bool {
    let Some(Some(company)) = pattern.parts().first() else {
        let needed: &[&str] = match scheme {
            EpcScheme::Sgtin => &["01", "21"],
            EpcScheme::Sscc => &["00"],
            EpcScheme::Sgln => &["414"],
            EpcScheme::Pgln => &["417"],
            EpcScheme::Lgtin => &["01", "10"],
        };
        return needed.iter().all(|ai| link.elements.get(ai).is_some());
    };
    let Ok(urn) = to_urn(scheme, &link.elements, company.len()) else {
        return false;
    };
    let prefix = format!("urn:epc:id:{}:", pattern.scheme());
    urn.strip_prefix(&prefix)
        .is_some_and(|body| parts_agree(pattern, body))
}

/// A GTIN against an SGTIN pattern whose serial is `*`: its company prefix and item reference
/// (indicator first) as the pattern splits them.
fn gtin_matches(pattern: &EpcPattern, gtin: &str) -> bool {
    let parts = pattern.parts();
    if parts.get(2).is_some_and(Option::is_some) {
        return false;
    }
    let Some(Some(company)) = parts.first() else {
        return true;
    };
    // The 14 digits: indicator, company prefix and item reference, check digit.
    let (Some(indicator), Some(rest)) = (gtin.get(..1), gtin.get(1..13)) else {
        return false;
    };
    let Some((own, reference)) = rest.split_at_checked(company.len()) else {
        return false;
    };
    own == company
        && parts
            .get(1)
            .and_then(Option::as_ref)
            .is_none_or(|wanted| *wanted == format!("{indicator}{reference}"))
}

/// An identifier written as a URN of the pattern's scheme (`{prefix}{scheme}:{parts}`),
/// compared part by part as written.
fn urn_matches(pattern: &EpcPattern, raw: &str, prefix: &str) -> bool {
    raw.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix(pattern.scheme()))
        .and_then(|rest| rest.strip_prefix(':'))
        .is_some_and(|body| parts_agree(pattern, body))
}

/// Whether the `.`-separated parts of `body` agree with the pattern's: as many, and equal
/// wherever the pattern does not say `*`.
fn parts_agree(pattern: &EpcPattern, body: &str) -> bool {
    let wanted = pattern.parts();
    let parts: Vec<&str> = body.splitn(wanted.len(), '.').collect();
    parts.len() == wanted.len()
        && wanted
            .iter()
            .zip(parts)
            .all(|(w, part)| w.as_deref().is_none_or(|w| w == part))
}
