//! GS1 EPCIS 2.0 events and the Core Business Vocabulary (CBV 2.0) they are written in.

pub mod cbv;
pub mod kind;
pub mod place;
pub mod quantity;
pub mod when;
pub mod why;

pub use cbv::{BizStep, BizTransactionType, Disposition, SourceDestType, Term, VocabularyError};
pub use kind::{Action, EventType, UnknownName};
pub use place::Place;
pub use quantity::{QuantityElement, QuantityError};
pub use when::{TimeError, TimeZoneOffset, parse_event_time};
pub use why::{BizTransaction, Destination, NotAUri, Source};
