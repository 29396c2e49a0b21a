//! GS1 EPCIS 2.0 events and the Core Business Vocabulary (CBV 2.0) they are written in.

pub mod anomaly;
pub mod capture;
pub mod captured;
pub mod cbv;
pub mod declaration;
pub mod document;
pub mod event;
pub mod extension;
pub mod hash;
mod identifiers;
pub mod kind;
pub mod named_query;
pub mod place;
pub mod quantity;
pub mod query;
mod rules;
pub mod sample;
pub mod sensor;
pub mod when;
pub mod why;

pub use anomaly::{Anomaly, AnomalyKind, History};
pub use capture::{CaptureFault, CaptureJob, CaptureOutcome, ErrorBehaviour};
pub use captured::CapturedEvent;
pub use cbv::{
    BizStep, BizTransactionType, Disposition, ErrorReason, SourceDestType, Term, VocabularyError,
};
pub use declaration::{CertificationInfo, ErrorDeclaration, PersistentDisposition};
pub use document::{Document, DocumentError, DocumentType, read_document, write_document};
pub use event::{EpcRole, Event, EventError};
pub use extension::Namespaces;
pub use hash::{EventHashId, HashError, event_hash_id, pre_hash_string};
pub use kind::{Action, EventType, UnknownName};
pub use named_query::{NamedQuery, NamedQueryError};
pub use place::Place;
pub use quantity::{QuantityElement, QuantityError};
pub use query::{EventQuery, QueryParameterError};
pub use sensor::{SensorElement, SensorException, SensorMetadata, SensorReport};
pub use when::{TimeError, TimeZoneOffset, Timestamp, parse_event_time};
pub use why::{BizTransaction, Destination, NotAUri, Source};
