//! GS1 EPCIS 2.0 events and the Core Business Vocabulary (CBV 2.0) they are written in.

pub mod cbv;
pub mod kind;
pub mod quantity;
pub mod why;

pub use cbv::{BizStep, BizTransactionType, Disposition, SourceDestType, Term, VocabularyError};
pub use kind::{Action, EventType, UnknownName};
pub use quantity::{QuantityElement, QuantityError};
pub use why::{BizTransaction, Destination, NotAUri, Source};
