//! The registry of key industrial products and what a scan of one of their codes means.
//!
//! Types here are validated on construction: a value of `Enterprise`, `Product`, `Batch` or
//! `UnitCode` is one the platform may store. Drafts (`*Draft`) carry what a client sent, as
//! plain strings, so that every rule is checked in one place and every failure names its field.

pub mod access;
pub mod audit;
pub mod batch;
pub mod catalogue;
pub mod correction;
pub mod demo;
pub mod disclosure;
pub mod enterprise;
pub mod epcis;
pub mod flows;
pub mod generate;
pub mod issuance;
pub mod ledger;
pub mod product;
pub mod recall;
pub mod region;
pub mod resolve;
pub mod signing;
pub mod text;
pub mod trace;
pub mod unit;
pub mod unit_registration;
pub mod validation;

pub use access::{
    Account, AccountDraft, ApiKey, Jurisdiction, KeyGrant, KeyRefusal, KeyRevocation, Principal,
    Scope,
};
pub use audit::{AuditBatch, AuditEntry};
pub use batch::{Batch, BatchDraft, InspectionProof, InspectionResult};
pub use catalogue::{Catalogue, Category, Regime};
pub use correction::{
    Correction, CorrectionDraft, apply_to_batch, apply_to_enterprise, apply_to_product,
};
pub use enterprise::{Enterprise, EnterpriseDraft, Roles};
pub use issuance::{Issuance, IssuingKeyRecord};
pub use ledger::{
    LeafEntry, LedgerError, PublicFields, RecordEvidence, RecordKind, RecordRef, Recorded, Sealed,
    canonical_json, check_sealed, commitment, seal,
};
pub use product::{Approval, ApprovalDraft, CertificateStatus, Product, ProductDraft};
pub use recall::{
    RecallAcknowledgement, RecallAcknowledgementDraft, RecallNotice, RecallNoticeDraft,
    RecalledBatch, RecalledBatchDraft,
};
pub use region::RegionCode;
pub use resolve::{CodeStatus, Found, Resolution, Verdict};
pub use signing::{SignedSubmission, SubmissionKey, SubmissionKeyRevocation};
pub use unit::UnitCode;
pub use unit_registration::{UnitRegistration, codes_root};
pub use validation::{FieldError, Invalid};
