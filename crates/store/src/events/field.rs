//! The fields of stored events whose distinct values the REST binding lists as resources
//! (`/eventTypes`, `/epcs`, `/bizSteps`, …), and where each is kept.

/// A field of events listed by its distinct values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventField {
    /// The event type's name (`ObjectEvent`, …).
    EventType,
    /// An instance identifier in any role (epcList, childEPCs, parentID, inputs, outputs), by
    /// its key: a GS1 key as its canonical Digital Link, another URI as written.
    Epc,
    /// As EPCIS JSON writes it: a CBV step by its bare name, another by its URI.
    BizStep,
    /// As EPCIS JSON writes it.
    Disposition,
    /// By its key, as EPCs are.
    ReadPoint,
    /// By its key, as EPCs are.
    BizLocation,
}

impl EventField {
    pub const ALL: [Self; 6] = [
        Self::EventType,
        Self::Epc,
        Self::BizStep,
        Self::Disposition,
        Self::ReadPoint,
        Self::BizLocation,
    ];

    /// The table and column the values are in; each column leads an index.
    pub(crate) fn source(self) -> (&'static str, &'static str) {
        match self {
            Self::EventType => ("epcis_events", "event_type"),
            Self::Epc => ("epcis_event_epcs", "epc"),
            Self::BizStep => ("epcis_events", "biz_step"),
            Self::Disposition => ("epcis_events", "disposition"),
            Self::ReadPoint => ("epcis_events", "read_point"),
            Self::BizLocation => ("epcis_events", "biz_location"),
        }
    }
}
