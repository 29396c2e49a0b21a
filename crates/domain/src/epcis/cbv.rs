//! The Core Business Vocabulary (CBV 2.0) terms an EPCIS event's why-dimension is written in:
//! business steps, dispositions, business transaction types and source/destination types.
//!
//! A term is written in one of three forms, all accepted on input: the bare name EPCIS 2.0
//! JSON-LD uses (`shipping`), the URN of EPCIS 1.x and XML (`urn:epcglobal:cbv:bizstep:shipping`)
//! and the GS1 Web Vocabulary URI (`https://ref.gs1.org/cbv/BizStep-shipping`, or compacted,
//! `cbv:BizStep-shipping`). EPCIS also admits terms of one's own as absolute URIs outside the
//! CBV's namespaces (`Term::Custom`). A name inside a CBV namespace that the CBV does not define
//! (`urn:epcglobal:cbv:bizstep:shiping`) is refused, not taken for a custom term.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a term was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VocabularyError {
    #[error("'{value}' is not a CBV {vocabulary}: the standard defines {known}")]
    Unknown {
        vocabulary: &'static str,
        value: String,
        known: String,
    },
    #[error("'{value}' is neither a CBV {vocabulary} nor an absolute URI of one's own (scheme:…)")]
    NotAUri {
        vocabulary: &'static str,
        value: String,
    },
}

/// A CBV vocabulary: its terms, and the prefixes its URN and Web URI forms take.
pub trait Vocabulary: Sized + Copy + Eq + 'static {
    /// The vocabulary's name in messages.
    const NAME: &'static str;
    /// `urn:epcglobal:cbv:bizstep:` and so on.
    const URN_PREFIX: &'static str;
    /// `BizStep-` and so on, after `https://ref.gs1.org/cbv/` or `cbv:`.
    const WEB_PREFIX: &'static str;
    const ALL: &'static [Self];
    /// The bare name, as EPCIS 2.0 JSON writes the term.
    fn name(self) -> &'static str;

    fn urn(self) -> String {
        format!("{}{}", Self::URN_PREFIX, self.name())
    }

    fn web_uri(self) -> String {
        format!("{WEB_VOCABULARY}{}{}", Self::WEB_PREFIX, self.name())
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|t| t.name() == name)
    }
}

const WEB_VOCABULARY: &str = "https://ref.gs1.org/cbv/";
const COMPACT_VOCABULARY: &str = "cbv:";

/// A term of vocabulary `V`: the CBV's own, or an absolute URI of the user's.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Term<V> {
    Standard(V),
    Custom(String),
}

impl<V: Vocabulary> Term<V> {
    pub fn parse(value: &str) -> Result<Self, VocabularyError> {
        let in_namespace = [
            value.strip_prefix(V::URN_PREFIX),
            value
                .strip_prefix(WEB_VOCABULARY)
                .and_then(|rest| rest.strip_prefix(V::WEB_PREFIX)),
            value
                .strip_prefix(COMPACT_VOCABULARY)
                .and_then(|rest| rest.strip_prefix(V::WEB_PREFIX)),
        ]
        .into_iter()
        .flatten()
        .next();
        let unknown = || VocabularyError::Unknown {
            vocabulary: V::NAME,
            value: value.to_owned(),
            known: V::ALL
                .iter()
                .map(|t| t.name())
                .collect::<Vec<_>>()
                .join(", "),
        };
        if let Some(name) = in_namespace {
            return V::from_name(name).map(Self::Standard).ok_or_else(unknown);
        }
        if let Some(term) = V::from_name(value) {
            return Ok(Self::Standard(term));
        }
        if !is_absolute_uri(value) {
            return Err(VocabularyError::NotAUri {
                vocabulary: V::NAME,
                value: value.to_owned(),
            });
        }
        if ["urn:epcglobal:cbv:", WEB_VOCABULARY, COMPACT_VOCABULARY]
            .iter()
            .any(|namespace| value.starts_with(namespace))
        {
            // Another CBV vocabulary's term, or a misspelt one: not the user's own.
            return Err(unknown());
        }
        Ok(Self::Custom(value.to_owned()))
    }

    /// As EPCIS 2.0 JSON writes it: a CBV term by its bare name, a custom one as its URI.
    pub fn as_json(&self) -> String {
        match self {
            Self::Standard(term) => term.name().to_owned(),
            Self::Custom(uri) => uri.clone(),
        }
    }

    /// As EPCIS XML and EPCIS 1.x write it: a CBV term as its URN.
    pub fn as_urn(&self) -> String {
        match self {
            Self::Standard(term) => term.urn(),
            Self::Custom(uri) => uri.clone(),
        }
    }
}

pub(crate) use yima_codes::gs1::epcis_id::is_absolute_uri;

impl<V: Vocabulary> fmt::Display for Term<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_json())
    }
}

impl<V: Vocabulary> Serialize for Term<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.as_json())
    }
}

impl<'de, V: Vocabulary> Deserialize<'de> for Term<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        Self::parse(&value).map_err(serde::de::Error::custom)
    }
}

/// Declares a vocabulary: its enum, names and prefixes.
macro_rules! vocabulary {
    (
        $(#[$doc:meta])*
        $ty:ident, $name:literal, $urn:literal, $web:literal,
        { $($variant:ident = $term:literal),+ $(,)? }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $ty {
            $($variant),+
        }

        impl Vocabulary for $ty {
            const NAME: &'static str = $name;
            const URN_PREFIX: &'static str = $urn;
            const WEB_PREFIX: &'static str = $web;
            const ALL: &'static [Self] = &[$(Self::$variant),+];

            fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $term),+
                }
            }
        }
    };
}

vocabulary!(
    /// What business process step an event records (CBV 2.0 §7.1).
    BizStep, "business step", "urn:epcglobal:cbv:bizstep:", "BizStep-", {
        Accepting = "accepting",
        Arriving = "arriving",
        Assembling = "assembling",
        Collecting = "collecting",
        Commissioning = "commissioning",
        Consigning = "consigning",
        CreatingClassInstance = "creating_class_instance",
        CycleCounting = "cycle_counting",
        Decommissioning = "decommissioning",
        Departing = "departing",
        Destroying = "destroying",
        Disassembling = "disassembling",
        Dispensing = "dispensing",
        Encoding = "encoding",
        EnteringExiting = "entering_exiting",
        Holding = "holding",
        Inspecting = "inspecting",
        Installing = "installing",
        Killing = "killing",
        Loading = "loading",
        Other = "other",
        Packing = "packing",
        Picking = "picking",
        Receiving = "receiving",
        Removing = "removing",
        Repackaging = "repackaging",
        Repairing = "repairing",
        Replacing = "replacing",
        Reserving = "reserving",
        RetailSelling = "retail_selling",
        Sampling = "sampling",
        SensorReporting = "sensor_reporting",
        Shipping = "shipping",
        StagingOutbound = "staging_outbound",
        StockTaking = "stock_taking",
        Stocking = "stocking",
        Storing = "storing",
        Transporting = "transporting",
        Unloading = "unloading",
        Unpacking = "unpacking",
        VoidShipping = "void_shipping",
    }
);

vocabulary!(
    /// The business condition of the objects after an event (CBV 2.0 §7.2).
    Disposition, "disposition", "urn:epcglobal:cbv:disp:", "Disp-", {
        Active = "active",
        Available = "available",
        CompletenessInferred = "completeness_inferred",
        CompletenessVerified = "completeness_verified",
        Conformant = "conformant",
        ContainerClosed = "container_closed",
        ContainerOpen = "container_open",
        Damaged = "damaged",
        Destroyed = "destroyed",
        Dispensed = "dispensed",
        Disposed = "disposed",
        Encoded = "encoded",
        Expired = "expired",
        InProgress = "in_progress",
        InTransit = "in_transit",
        Inactive = "inactive",
        MismatchClass = "mismatch_class",
        MismatchInstance = "mismatch_instance",
        MismatchQuantity = "mismatch_quantity",
        NeedsReplacement = "needs_replacement",
        NoPedigreeMatch = "no_pedigree_match",
        NonConformant = "non_conformant",
        NonSellableOther = "non_sellable_other",
        PartiallyDispensed = "partially_dispensed",
        Recalled = "recalled",
        Reserved = "reserved",
        RetailSold = "retail_sold",
        Returned = "returned",
        SellableAccessible = "sellable_accessible",
        SellableNotAccessible = "sellable_not_accessible",
        Stolen = "stolen",
        Unavailable = "unavailable",
        Unknown = "unknown",
    }
);

vocabulary!(
    /// The kind of a business transaction an event refers to (CBV 2.0 §7.3).
    BizTransactionType, "business transaction type", "urn:epcglobal:cbv:btt:", "BTT-", {
        BillOfLading = "bol",
        DespatchAdvice = "desadv",
        Invoice = "inv",
        Pedigree = "pedigree",
        PurchaseOrder = "po",
        PurchaseOrderConfirmation = "poc",
        ProductionOrder = "prodorder",
        ReceivingAdvice = "recadv",
        ReturnMerchandiseAuthorisation = "rma",
        TestProcedure = "testprd",
        TestResult = "testres",
        UpstreamEpcisEvent = "upevt",
    }
);

vocabulary!(
    /// What a source or destination names (CBV 2.0 §7.4).
    SourceDestType, "source/destination type", "urn:epcglobal:cbv:sdt:", "SDT-", {
        OwningParty = "owning_party",
        PossessingParty = "possessing_party",
        Location = "location",
    }
);

vocabulary!(
    /// Why an event was declared in error (CBV 2.0 §7.5).
    ErrorReason, "error reason", "urn:epcglobal:cbv:er:", "ER-", {
        DidNotOccur = "did_not_occur",
        IncorrectData = "incorrect_data",
    }
);

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn every_form_parses<V: Vocabulary + fmt::Debug>() {
        for &term in V::ALL {
            for form in [
                term.name().to_owned(),
                term.urn(),
                term.web_uri(),
                format!("{COMPACT_VOCABULARY}{}{}", V::WEB_PREFIX, term.name()),
            ] {
                let parsed = Term::<V>::parse(&form).unwrap();
                assert_eq!(parsed, Term::Standard(term), "{form}");
                assert_eq!(parsed.as_json(), term.name());
                assert_eq!(parsed.as_urn(), term.urn());
            }
        }
    }

    #[test]
    fn every_term_in_every_form() {
        every_form_parses::<BizStep>();
        every_form_parses::<Disposition>();
        every_form_parses::<BizTransactionType>();
        every_form_parses::<SourceDestType>();
        assert_eq!(BizStep::ALL.len(), 41);
        assert_eq!(Disposition::ALL.len(), 33);
        assert_eq!(BizTransactionType::ALL.len(), 12);
        assert_eq!(SourceDestType::ALL.len(), 3);
    }

    #[test]
    fn the_standards_own_spellings() {
        assert_eq!(
            BizStep::RetailSelling.web_uri(),
            "https://ref.gs1.org/cbv/BizStep-retail_selling"
        );
        assert_eq!(
            Disposition::InTransit.urn(),
            "urn:epcglobal:cbv:disp:in_transit"
        );
        assert_eq!(
            Term::<SourceDestType>::parse("urn:epcglobal:cbv:sdt:owning_party").unwrap(),
            Term::Standard(SourceDestType::OwningParty)
        );
        assert_eq!(
            Term::<BizTransactionType>::parse("https://ref.gs1.org/cbv/BTT-po").unwrap(),
            Term::Standard(BizTransactionType::PurchaseOrder)
        );
    }

    #[test]
    fn custom_terms_are_absolute_uris_outside_the_cbv() {
        let own = "https://example.com/steps/welding";
        assert_eq!(
            Term::<BizStep>::parse(own).unwrap(),
            Term::Custom(own.to_owned())
        );
        assert_eq!(Term::<BizStep>::parse(own).unwrap().as_urn(), own);
        assert_eq!(
            Term::<Disposition>::parse("urn:example:disp:quarantined").unwrap(),
            Term::Custom("urn:example:disp:quarantined".to_owned())
        );
    }

    #[test]
    fn misspelt_and_misplaced_terms_are_refused_by_name() {
        let err = Term::<BizStep>::parse("urn:epcglobal:cbv:bizstep:shiping").unwrap_err();
        assert!(matches!(err, VocabularyError::Unknown { .. }));
        assert!(err.to_string().contains("not a CBV business step"));
        assert!(err.to_string().contains("shipping"));
        // A disposition where a business step belongs.
        assert!(matches!(
            Term::<BizStep>::parse("urn:epcglobal:cbv:disp:in_transit"),
            Err(VocabularyError::Unknown { .. })
        ));
        for elsewhere in [
            "https://ref.gs1.org/cbv/Disp-in_transit",
            "cbv:Disp-in_transit",
        ] {
            assert!(
                matches!(
                    Term::<BizStep>::parse(elsewhere),
                    Err(VocabularyError::Unknown { .. })
                ),
                "{elsewhere}"
            );
        }
        for bare in ["shiping", "", "ship ping", "Shipping"] {
            assert!(
                matches!(
                    Term::<BizStep>::parse(bare),
                    Err(VocabularyError::NotAUri { .. })
                ),
                "{bare:?}"
            );
        }
    }

    #[test]
    fn json_reads_any_form_and_writes_the_bare_name() {
        let step: Term<BizStep> =
            serde_json::from_str("\"urn:epcglobal:cbv:bizstep:receiving\"").unwrap();
        assert_eq!(serde_json::to_string(&step).unwrap(), "\"receiving\"");
        let err = serde_json::from_str::<Term<Disposition>>("\"sold\"").unwrap_err();
        assert!(err.to_string().contains("disposition"));
    }

    proptest::proptest! {
        #[test]
        fn parsing_never_panics_and_round_trips(value in "\\PC{0,60}") {
            if let Ok(term) = Term::<BizStep>::parse(&value) {
                proptest::prop_assert_eq!(Term::<BizStep>::parse(&term.as_json()).unwrap(), term.clone());
                proptest::prop_assert_eq!(Term::<BizStep>::parse(&term.as_urn()).unwrap(), term);
            }
        }
    }
}
