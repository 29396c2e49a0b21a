//! One storage API, two engines: SQLite (the embedded default) and PostgreSQL (scale-out,
//! also fit for Citus, YugabyteDB and CockroachDB: no advisory locks, no reliance on one
//! node's sequence for order).
//!
//! Records are never updated in place or deleted; both engines enforce it with triggers, and
//! the API has no call that could. Every write is one transaction: all of it is durable when
//! the call returns `Ok`, none of it when it returns `Err`.

mod audit;
mod canonical;
mod common;
mod corrections;
mod dataset;
mod error;
mod events;
mod log;
mod postgres;
mod recalls;
mod rows;
mod shared;
mod sql;
mod sqlite;
mod submissions;
pub mod testing;
mod trace;
#[cfg(test)]
mod upgrade_checks;

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;
use yima_codes::TraceCode;
use yima_codes::enterprise::CreditCode;
use yima_codes::gs1::Gtin;
use yima_domain::access::login::{LoginFailure, PasswordRecord, Session};
use yima_domain::{
    Account, ApiKey, AuditBatch, AuditEntry, Batch, Correction, Enterprise, Found, Issuance,
    IssuingKeyRecord, KeyGrant, KeyRevocation, Product, RecallAcknowledgement, RecallNotice,
    RecordRef, SignedSubmission, SubmissionKey, SubmissionKeyRevocation, UnitCode,
    UnitRegistration,
};

pub use canonical::canonical_record;
pub use dataset::{OnConflict, insert_dataset};
pub use error::StoreError;
pub use events::EventField;
pub use events::{
    AnomalySelection, EventCursor, EventOrder, EventOutcome, EventSelection, IdMatch,
    QuantityBound, Roles, StoredAnomaly, StoredEvent,
};
pub use log::proofs;
pub use log::{StoredCheckpoint, StoredCosignature, StoredLeaf, TreeHead};
pub use postgres::{PostgresOptions, PostgresStore};
pub use sqlite::{SqliteOptions, SqliteStore};
pub use trace::run_trace;

/// Which engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

/// How many records of each kind the store holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub enterprises: u64,
    pub products: u64,
    pub batches: u64,
    pub unit_codes: u64,
}

/// What a scan must say beyond the registry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScanMarks {
    /// The batch is named by a recall notice.
    pub recalled: bool,
    /// A history check flagged an event for the code.
    pub anomalous: bool,
}

/// What the registry and the events cover, for the regulator's dashboard.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Per catalogue category with registered products, by category id.
    pub categories: Vec<CategoryCoverage>,
    /// Registered enterprises per province, by province code.
    pub regions: Vec<RegionCoverage>,
    /// Retail sales recorded (events of step `retail_selling`).
    pub sales: u64,
    /// Of those, the sales the history checks found no holding for (no matching purchase).
    pub sales_unmatched: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CategoryCoverage {
    pub category: String,
    /// Enterprises with a product in the category.
    pub producers: u64,
    pub products: u64,
    pub batches: u64,
    pub unit_codes: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionCoverage {
    /// The GB/T 2260 code of the province (`350000`).
    pub province: String,
    pub enterprises: u64,
}

/// The storage API. Implementations must pass the conformance suite in `tests/`.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    fn engine(&self) -> Engine;

    /// One round trip to the database: `Ok` when it answers.
    async fn ping(&self) -> Result<(), StoreError>;

    // Every insert of a record also writes its leaf of the ledger, in the same transaction,
    // and returns the leaf's id, by which the writer can wait for its receipt.

    /// Stores a new enterprise. `Conflict` if its credit code is registered already.
    async fn insert_enterprise(&self, enterprise: &Enterprise) -> Result<Uuid, StoreError>;
    async fn enterprise(&self, code: &CreditCode) -> Result<Option<Enterprise>, StoreError>;
    /// Enterprises ordered by credit code, starting after `after`, at most `limit`.
    async fn enterprises(
        &self,
        after: Option<&CreditCode>,
        limit: u32,
    ) -> Result<Vec<Enterprise>, StoreError>;

    /// Stores a new product. `Conflict` if its id or GTIN is taken; `MissingReference` if its
    /// producer is not registered.
    async fn insert_product(&self, product: &Product) -> Result<Uuid, StoreError>;
    async fn product(&self, id: Uuid) -> Result<Option<Product>, StoreError>;
    async fn product_by_gtin(&self, gtin: &Gtin) -> Result<Option<Product>, StoreError>;

    /// Stores a new batch. `Conflict` if the product has a batch with that lot already;
    /// `MissingReference` if the product is not registered.
    async fn insert_batch(&self, batch: &Batch) -> Result<Uuid, StoreError>;
    async fn batch(&self, id: Uuid) -> Result<Option<Batch>, StoreError>;
    async fn batch_by_lot(&self, product_id: Uuid, lot: &str) -> Result<Option<Batch>, StoreError>;

    /// Registers unit codes of `batch`, all or none, in one transaction, with batched
    /// multi-row inserts. `Conflict` names the first key that is registered already (or
    /// repeated within `units`); `QuantityExceeded` if a batch counted in pieces would hold
    /// more codes than its quantity; `MissingReference` if the batch is not stored. The leaf
    /// is the registration's (one per call, committing to the Merkle root of its codes);
    /// `None` when `units` is empty and nothing was written.
    async fn register_units(
        &self,
        batch: &Batch,
        units: &[UnitCode],
    ) -> Result<Option<Uuid>, StoreError>;
    async fn unit(&self, key: &str) -> Result<Option<UnitCode>, StoreError>;
    /// How many unit codes `batch_id` holds.
    async fn unit_count(&self, batch_id: Uuid) -> Result<u64, StoreError>;

    /// Finds what `code` leads to: for a unit code the unit, its batch, product and producer;
    /// for a lot code the batch, product and producer; for a bare GTIN the product and
    /// producer. What is not found is `None`; the product is looked up by GTIN even when the
    /// unit or batch is unknown, so the caller can tell a cloned serial from an unknown GTIN.
    /// A platform code leads to its issuance's batch when its index lies within it; the
    /// caller must have verified the code's MAC, since the store holds no keys.
    async fn lookup(&self, code: &TraceCode) -> Result<Found, StoreError>;

    /// How many records of each kind are stored; cheap at any scale (unit codes are summed
    /// from the registrations, not counted one by one).
    async fn counts(&self) -> Result<Counts, StoreError>;
    /// Registrations per category and province, and retail sales with and without a
    /// matching holding. Grouped aggregates: they read every registry row, and the sales
    /// by the step index.
    async fn coverage(&self) -> Result<Coverage, StoreError>;
    /// Whether the batch of `gtin` and `lot` (if given) is under a recall notice, and whether
    /// an anomaly was found for one of `keys` (a code's matching keys, as the history checks
    /// name them) in an event naming it: one round trip, by the recall and EPC indexes.
    async fn scan_marks(
        &self,
        batch: Option<(&Gtin, &str)>,
        keys: &[String],
    ) -> Result<ScanMarks, StoreError>;
    /// The products of `producer`, in registration order.
    async fn products_of(&self, producer: &CreditCode) -> Result<Vec<Product>, StoreError>;

    /// Registers an issuing key's id and fingerprint; `Ok(None)` (nothing written) if the
    /// id is registered already.
    async fn insert_issuing_key(&self, key: &IssuingKeyRecord) -> Result<Option<Uuid>, StoreError>;
    async fn issuing_key(&self, id: u16) -> Result<Option<IssuingKeyRecord>, StoreError>;

    /// Stores an issuance of platform codes to `batch`, in one transaction with the batch's
    /// registration tally, so issued codes count against its quantity like registered ones.
    /// `Conflict` if the key has an issuance with that number; `QuantityExceeded`;
    /// `MissingReference` if the batch is not stored.
    async fn insert_issuance(&self, batch: &Batch, issuance: &Issuance)
    -> Result<Uuid, StoreError>;
    /// The issuance with `number` under key `key_id`, with its batch, product and producer.
    async fn issuance(
        &self,
        key_id: u16,
        number: u64,
    ) -> Result<Option<(Issuance, Found)>, StoreError>;

    /// Stores a batch of audit entries and its ledger leaf in one transaction; the leaf's id.
    /// `Conflict` if a batch with its id is stored.
    async fn insert_audit_batch(&self, batch: &AuditBatch) -> Result<Uuid, StoreError>;
    /// A batch of audit entries by its id, its entries in their order.
    async fn audit_batch(&self, id: Uuid) -> Result<Option<AuditBatch>, StoreError>;
    /// Audit entries, newest first (by time, then batch and position, descending): those of
    /// `account` only when given, those answered before `before` only when given; at most
    /// `limit`. Each with the id of its batch, the ledger record that holds it.
    async fn audit_entries(
        &self,
        account: Option<&str>,
        before: Option<DateTime<Utc>>,
        limit: u32,
    ) -> Result<Vec<(Uuid, AuditEntry)>, StoreError>;

    // Signed submissions: the enterprises' public keys, their revocations and what was sent
    // signed with them. Each is a ledger record, stored with its leaf.

    /// Stores a submission key and its leaf in one transaction; the leaf's id. `Conflict` if
    /// its id or its public key is registered already (a public key is registered once across
    /// the whole platform, whatever the enterprise); `MissingReference` if its enterprise or
    /// the registering account is not stored; `Invalid` if its label is not 1 to
    /// `MAX_LABEL_CHARS` characters.
    async fn insert_submission_key(&self, key: &SubmissionKey) -> Result<Uuid, StoreError>;
    /// A submission key with its revocation, if it has one.
    async fn submission_key(
        &self,
        id: Uuid,
    ) -> Result<Option<(SubmissionKey, Option<SubmissionKeyRevocation>)>, StoreError>;
    /// An enterprise's submission keys in the order they were registered (by time, then id),
    /// each with its revocation.
    async fn submission_keys_of(
        &self,
        enterprise: &CreditCode,
    ) -> Result<Vec<(SubmissionKey, Option<SubmissionKeyRevocation>)>, StoreError>;
    /// Stores a key's revocation and its leaf in one transaction; the leaf's id.
    /// `MissingReference` if the key (or the revoking account) is not stored; `Invalid` if
    /// the revocation names another enterprise than the key's, or is dated at or before the
    /// `received_at` of a submission stored under the key (which it would have refused);
    /// `Conflict` if the key is revoked already. A revocation and a submission racing for one
    /// key run in turn, so that no submission is ever stored received at or after its key's
    /// revocation, whichever commits first. The reason is 1 to 500 characters.
    async fn insert_submission_key_revocation(
        &self,
        revocation: &SubmissionKeyRevocation,
    ) -> Result<Uuid, StoreError>;
    /// Stores a signed submission and its leaf in one transaction; the leaf's id.
    /// `MissingReference` if its key is not stored; `Invalid` if the key is another
    /// enterprise's, or was revoked at or before the submission's `received_at`; `Conflict`
    /// if its id is stored. The store does not check the signature (the server does, before
    /// storing) but re-checks nothing cryptographic. Also `Invalid`: a method not of 1 to 16
    /// characters, a target not of 1 to 65,536, a request id of more than 200, a signing
    /// time with a fraction of a second (the signature covers whole seconds). The body may
    /// be any size the server takes (32 MiB is tested).
    async fn insert_signed_submission(
        &self,
        submission: &SignedSubmission,
    ) -> Result<Uuid, StoreError>;
    /// A signed submission by its id, with its body.
    async fn signed_submission(&self, id: Uuid) -> Result<Option<SignedSubmission>, StoreError>;
    /// An enterprise's signed submissions, newest first (by `received_at`, then id), at most
    /// `limit` (capped at 1,000), those received before `before` only when given; bodies
    /// included.
    async fn signed_submissions_of(
        &self,
        enterprise: &CreditCode,
        before: Option<DateTime<Utc>>,
        limit: u32,
    ) -> Result<Vec<SignedSubmission>, StoreError>;

    // Recalls: notices opened for batches, and the holders' acknowledgements. Each is a
    // ledger record, stored with its leaf; neither is ever changed.

    /// Stores a recall notice, its batches and its leaf in one transaction; the leaf's id.
    /// `Conflict` if its id is stored; `MissingReference` if the opening account is not;
    /// `Invalid` if it names no batch or more than 100, a batch twice, a lot not of 1 to 20
    /// characters, or a reason not of 1 to 1,000.
    async fn open_recall(&self, notice: &RecallNotice) -> Result<Uuid, StoreError>;
    /// A recall notice by its id, with its batches in their order.
    async fn recall_notice(&self, id: Uuid) -> Result<Option<RecallNotice>, StoreError>;
    /// Recall notices newest first (by `opened_at`, then id, both descending), at most
    /// `limit` (capped at 1,000); when `after` names a notice (the last of the previous
    /// page), only those after it in that order, and none if no notice has that id.
    async fn recall_notices(
        &self,
        after: Option<Uuid>,
        limit: u32,
    ) -> Result<Vec<RecallNotice>, StoreError>;
    /// The recall notices naming the batch of `gtin` with `lot`, newest first: what a scan
    /// of one of its codes must say. An index lookup, however many notices are stored.
    async fn recall_notices_for_batch(
        &self,
        gtin: &Gtin,
        lot: &str,
    ) -> Result<Vec<RecallNotice>, StoreError>;
    /// Stores an enterprise's acknowledgement of a recall and its leaf in one transaction;
    /// the leaf's id. `MissingReference` if the notice, the enterprise or the account is not
    /// stored; `Conflict` if the enterprise has acknowledged the notice already (of two
    /// racing, one is stored); `Invalid` if it is dated before the notice was opened or its
    /// note is not of 1 to 500 characters. Nothing is written when it is refused.
    async fn acknowledge_recall(
        &self,
        acknowledgement: &RecallAcknowledgement,
    ) -> Result<Uuid, StoreError>;
    /// The acknowledgement of a notice by an enterprise, if it gave one: by primary key.
    async fn recall_acknowledgement(
        &self,
        recall: Uuid,
        enterprise: &CreditCode,
    ) -> Result<Option<RecallAcknowledgement>, StoreError>;
    /// Which of `recalls` the enterprise has acknowledged: one query by primary key, however
    /// many notices are asked about.
    async fn recalls_acknowledged_by(
        &self,
        enterprise: &CreditCode,
        recalls: &[Uuid],
    ) -> Result<Vec<Uuid>, StoreError>;
    /// A notice's acknowledgements in the order they were given (by `acknowledged_at`, then
    /// credit code); none for an unknown notice.
    async fn recall_acknowledgements(
        &self,
        recall: Uuid,
    ) -> Result<Vec<RecallAcknowledgement>, StoreError>;

    /// Stores an account's password; the newest is in force. `MissingReference` if the
    /// account (or the one that set it) is not stored.
    async fn insert_password(&self, password: &PasswordRecord) -> Result<(), StoreError>;
    /// The password in force for an account: the newest stored.
    async fn current_password(&self, account: &str) -> Result<Option<PasswordRecord>, StoreError>;
    /// Stores a session; `MissingReference` if its account is not stored, `Conflict` if its
    /// secret digest is another session's.
    async fn insert_session(&self, session: &Session) -> Result<(), StoreError>;
    /// The session whose cookie secret has this digest, with its account and the time it was
    /// ended, if it was.
    async fn session(
        &self,
        secret_sha256: &str,
    ) -> Result<Option<(Session, Account, Option<DateTime<Utc>>)>, StoreError>;
    /// Records the end of a session (a logout); `Ok(false)` if it was ended already or does
    /// not exist.
    async fn end_session(&self, secret_sha256: &str, at: DateTime<Utc>)
    -> Result<bool, StoreError>;
    /// Records a failed login.
    async fn insert_login_failure(&self, failure: &LoginFailure) -> Result<(), StoreError>;
    /// The times of the failed logins naming `account` at or after `since`, newest first.
    async fn login_failures_since(
        &self,
        account: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>, StoreError>;

    /// Opens an account; `Ok(false)` (and nothing written) if an account with its id exists.
    async fn insert_account(&self, account: &Account) -> Result<bool, StoreError>;
    async fn account(&self, id: &str) -> Result<Option<Account>, StoreError>;
    /// Stores an API key; `Ok(false)` (and nothing written) if a key with its id exists;
    /// `MissingReference` if its account is not stored; `Conflict` if another key has the
    /// same secret digest.
    async fn insert_api_key(&self, key: &ApiKey) -> Result<bool, StoreError>;
    /// The key whose secret has this digest, with its account and its revocation time: what
    /// a request's credentials come to. Revoked and expired keys are returned too, so that
    /// the caller can say which it is.
    async fn key_grant(&self, secret_sha256: &str) -> Result<Option<KeyGrant>, StoreError>;
    /// A key by its id, with its revocation time.
    async fn api_key(
        &self,
        id: &str,
    ) -> Result<Option<(ApiKey, Option<DateTime<Utc>>)>, StoreError>;
    /// The keys of an account, oldest first, each with its revocation time.
    async fn api_keys_of(
        &self,
        account: &str,
    ) -> Result<Vec<(ApiKey, Option<DateTime<Utc>>)>, StoreError>;
    /// Records the revocation of a key; `Ok(false)` (and nothing written) if it was revoked
    /// already; `MissingReference` if there is no such key or no such revoking account.
    async fn revoke_api_key(&self, revocation: &KeyRevocation) -> Result<bool, StoreError>;

    /// Stores a correction of a stored enterprise, product or batch, with its leaf. The
    /// caller has applied it to the record and validated the result. `MissingReference` if
    /// the subject is not stored; `Conflict` if the correction's id is taken.
    async fn insert_correction(&self, correction: &Correction) -> Result<Uuid, StoreError>;
    /// The corrections of the record `subject`, oldest first: applied in this order to the
    /// record, they give its current state.
    async fn corrections(&self, subject: &RecordRef) -> Result<Vec<Correction>, StoreError>;
    /// The corrections of up to three records at once (what a scan shows: producer, product,
    /// batch), oldest first, in one round trip.
    async fn corrections_of(&self, subjects: &[RecordRef]) -> Result<Vec<Correction>, StoreError>;
    async fn correction(&self, id: Uuid) -> Result<Option<Correction>, StoreError>;
    /// A registration of unit codes as its leaf commits to it, the Merkle root of its codes
    /// recomputed from the codes stored.
    async fn registration(
        &self,
        batch_id: Uuid,
        sequence: u64,
    ) -> Result<Option<UnitRegistration>, StoreError>;

    // The ledger. The store holds no keys: the caller sequences and signs.

    /// Registers the log's note verifier key if none is, and returns the registered one:
    /// `vkey` itself, or another server's, which the caller must not sign with a different
    /// key than.
    async fn register_log_verifier_key(&self, vkey: &str) -> Result<String, StoreError>;

    /// Takes or renews the one sequencer lease for `ttl`, by compare-and-swap: `true` if
    /// `holder` holds it now, `false` if another holder's lease has not expired.
    async fn take_sequencer_lease(&self, holder: Uuid, ttl: Duration) -> Result<bool, StoreError>;
    /// Gives the lease up at once, if `holder` holds it.
    async fn release_sequencer_lease(&self, holder: Uuid) -> Result<(), StoreError>;
    /// Integrates up to `max_leaves` queued leaves in one transaction: indexes, changed tiles
    /// and bundles, and the new tree head. `None` if none were queued or `holder` does not
    /// hold the lease. `Conflict` if another sequencer wrote the same indexes first.
    async fn integrate(
        &self,
        holder: Uuid,
        max_leaves: usize,
    ) -> Result<Option<TreeHead>, StoreError>;
    /// The latest tree head; size 0 and the empty root before the first integration.
    async fn tree_head(&self) -> Result<TreeHead, StoreError>;
    /// How many leaves await integration.
    async fn queued_leaves(&self) -> Result<u64, StoreError>;
    /// Stores a signed checkpoint of a stored tree head. `MissingReference` if no head of its
    /// size and root is stored; `Conflict` if a checkpoint of its size with another root is
    /// (a fork, refused). Storing the same checkpoint twice is not an error.
    async fn insert_checkpoint(&self, checkpoint: &StoredCheckpoint) -> Result<(), StoreError>;
    async fn latest_checkpoint(&self) -> Result<Option<StoredCheckpoint>, StoreError>;
    async fn checkpoint(&self, size: u64) -> Result<Option<StoredCheckpoint>, StoreError>;
    /// A hash tile's bytes (c2sp.org/tlog-tiles), if the log has it at that width.
    async fn log_tile(
        &self,
        level: u8,
        index: u64,
        width: u16,
    ) -> Result<Option<Vec<u8>>, StoreError>;
    /// The hash tiles named as (level, index, width), in one read; those the log lacks are
    /// left out.
    async fn log_tiles_at(
        &self,
        tiles: &[(u8, u64, u16)],
    ) -> Result<Vec<((u8, u64, u16), Vec<u8>)>, StoreError>;
    /// The hash tiles of `level` with `start ≤ index < end`, at every width stored, as
    /// (index, width, bytes) in order of index and width: many tiles in one read.
    async fn log_tiles(
        &self,
        level: u8,
        start: u64,
        end: u64,
    ) -> Result<Vec<(u64, u16, Vec<u8>)>, StoreError>;
    /// An entry bundle's bytes, if the log has it at that width.
    async fn log_bundle(&self, index: u64, width: u16) -> Result<Option<Vec<u8>>, StoreError>;
    /// The entry bundles of the integrated leaves `start ≤ index < end` (`start` a multiple of
    /// 256), as (bundle index, width, bytes) in order: many bundles in one read, the last one
    /// partial if `end` or the tree ends inside it.
    async fn log_bundles(
        &self,
        start: u64,
        end: u64,
    ) -> Result<Vec<(u64, u16, Vec<u8>)>, StoreError>;
    /// The index a leaf was given, once it is integrated.
    async fn leaf_index(&self, leaf: Uuid) -> Result<Option<u64>, StoreError>;
    /// Integrated leaves from index `from` on, at most `limit`, in index order.
    async fn leaves(&self, from: u64, limit: u32) -> Result<Vec<StoredLeaf>, StoreError>;
    /// A record's leaf by the record's reference, with its index once it has one.
    async fn leaf_by_ref(
        &self,
        record_ref: &str,
    ) -> Result<Option<(Option<u64>, StoredLeaf)>, StoreError>;
    /// Stores a witness's cosignature of a stored checkpoint; `false` if that witness key's
    /// cosignature of that size is stored already.
    async fn insert_cosignature(&self, cosignature: &StoredCosignature)
    -> Result<bool, StoreError>;
    async fn cosignatures(&self, size: u64) -> Result<Vec<StoredCosignature>, StoreError>;

    // EPCIS events.

    /// Stores captured events in one transaction, each with its ledger leaf; an event whose
    /// hash ID (and error-declaration status) is stored already, or repeated within `events`,
    /// is not stored again but reported as a duplicate of the stored one.
    async fn insert_events(
        &self,
        events: &[yima_domain::epcis::CapturedEvent],
    ) -> Result<Vec<EventOutcome>, StoreError>;
    async fn event(&self, id: Uuid) -> Result<Option<StoredEvent>, StoreError>;
    /// The events stored under `ids`, in id order, with their anomalies; an id not stored is
    /// left out: a query for thousands of ids, where `event` makes one each.
    async fn events_by_id(&self, ids: &[Uuid]) -> Result<Vec<StoredEvent>, StoreError>;
    /// The events `selection` selects, in its order, at most its limit.
    async fn events(&self, selection: &EventSelection) -> Result<Vec<StoredEvent>, StoreError>;
    /// Every event naming one of `keys` (identifier keys, as `normalise_epcis_id` gives them)
    /// in any role, in record order: the history the anomaly checks read.
    async fn events_naming(&self, keys: &[String]) -> Result<Vec<StoredEvent>, StoreError>;
    /// Anomalies found in stored events, as `selection` asks.
    async fn anomalies(
        &self,
        selection: &AnomalySelection,
    ) -> Result<Vec<StoredAnomaly>, StoreError>;
    /// Records a capture job as received. `Conflict` if its id is taken.
    async fn insert_capture(&self, job: &yima_domain::epcis::CaptureJob) -> Result<(), StoreError>;
    /// Stores a capture's events (as `insert_events`) and its outcome, in one transaction:
    /// a job has an outcome if and only if its events are stored. `MissingReference` if the
    /// job is not recorded; `Conflict` if it has an outcome already.
    async fn complete_capture(
        &self,
        capture_id: Uuid,
        finished_at: chrono::DateTime<chrono::Utc>,
        faults: &[yima_domain::epcis::CaptureFault],
        events: &[yima_domain::epcis::CapturedEvent],
    ) -> Result<yima_domain::epcis::CaptureOutcome, StoreError>;
    /// A capture job, with its outcome once it has one.
    async fn capture(
        &self,
        id: Uuid,
    ) -> Result<
        Option<(
            yima_domain::epcis::CaptureJob,
            Option<yima_domain::epcis::CaptureOutcome>,
        )>,
        StoreError,
    >;

    // The REST binding's listings and named queries.

    /// The distinct values `field` takes among stored events, ascending (bytewise, on both
    /// engines), those above `after` only, at most `limit`: a page of a listing, cheap
    /// however many events share each value.
    async fn event_values(
        &self,
        field: EventField,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<String>, StoreError>;
    /// Capture jobs with their outcomes, newest first (by when received, then id), only
    /// those before `before` (a job's received_at and id), at most `limit`.
    async fn captures(
        &self,
        before: Option<(chrono::DateTime<chrono::Utc>, Uuid)>,
        limit: u32,
    ) -> Result<
        Vec<(
            yima_domain::epcis::CaptureJob,
            Option<yima_domain::epcis::CaptureOutcome>,
        )>,
        StoreError,
    >;
    /// Stores a named query's definition. `Conflict` if its name has a definition in force
    /// (one not removed); a removed name is free, and the new definition supersedes the old.
    async fn insert_named_query(
        &self,
        query: &yima_domain::epcis::NamedQuery,
    ) -> Result<(), StoreError>;
    /// The definition in force for `name`.
    async fn named_query(
        &self,
        name: &str,
    ) -> Result<Option<yima_domain::epcis::NamedQuery>, StoreError>;
    /// The definitions in force, ordered by name (bytewise), those after `after` only, at
    /// most `limit`.
    async fn named_queries(
        &self,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<yima_domain::epcis::NamedQuery>, StoreError>;
    /// Records the removal of the definition in force for `name` (a record of its own: the
    /// definition is kept); `false`, and nothing written, if the name has none.
    async fn remove_named_query(
        &self,
        name: &str,
        removed_at: chrono::DateTime<chrono::Utc>,
        submitter: Option<&str>,
    ) -> Result<bool, StoreError>;

    // Trace and recall (`yima_domain::trace`; `run_trace` drives a traversal with these).

    /// One hop of a trace, in a fixed number of statements however many objects it asks
    /// about: every event naming an EPC or class of `request` that `known` does not hold —
    /// aggregations and transformations with all their EPCs, other events with the rows that
    /// matched — and the matched rows of events `known` holds. Events declared erroneous, and
    /// their declarations, are matched but not returned.
    async fn trace_events(
        &self,
        request: &yima_domain::trace::TraceRequest,
        known: &std::collections::HashSet<Uuid>,
    ) -> Result<yima_domain::trace::TraceAnswer, StoreError>;
    /// The unit codes registered to a batch, by key.
    async fn batch_units(&self, batch_id: Uuid) -> Result<Vec<UnitCode>, StoreError>;
    /// The batches of a product produced from `from` to `to`, both days included, by date.
    async fn batches_produced(
        &self,
        product_id: Uuid,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<Vec<Batch>, StoreError>;
    /// The registered enterprises among these credit codes, in one query, by credit code.
    async fn enterprises_of(&self, codes: &[CreditCode]) -> Result<Vec<Enterprise>, StoreError>;
    /// The EPC keys of units of `gtin` commissioned (ObjectEvent ADD) or made by a
    /// transformation with `lot` as the lot number of their ILMD: a batch's units that were
    /// never registered as codes. Reads every such event of the GTIN, so it costs in
    /// proportion to the product's units ever commissioned, not the batch's.
    async fn lot_units(&self, gtin: &Gtin, lot: &str) -> Result<Vec<String>, StoreError>;
}

/// Where the records live.
#[derive(Debug, Clone)]
pub enum StoreConfig {
    Sqlite(SqliteOptions),
    Postgres(PostgresOptions),
}

/// Opens the configured engine and applies its migrations.
pub async fn open(config: &StoreConfig) -> Result<Arc<dyn Store>, StoreError> {
    Ok(match config {
        StoreConfig::Sqlite(o) => Arc::new(SqliteStore::open(o).await?),
        StoreConfig::Postgres(o) => Arc::new(PostgresStore::connect(o).await?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Compiles only if opening either engine can run in `tokio::spawn`: sqlx's migrator on
    /// a bare connection, for one, cannot.
    #[test]
    fn opening_can_be_spawned() {
        fn spawnable<F: Future + Send + 'static>(_: F) {}
        spawnable(async {
            let sqlite = StoreConfig::Sqlite(SqliteOptions::new("unused.db"));
            let postgres = StoreConfig::Postgres(PostgresOptions::new("postgres://unused"));
            let _ = open(&sqlite).await;
            let _ = open(&postgres).await;
        });
    }
}
