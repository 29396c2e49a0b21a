//! Store failures: the ones a client caused (conflicts, missing references, quantity) apart
//! from the ones the platform must answer for (database unavailable, corrupt rows).

/// Why a store call failed. Nothing was written when any of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A record with the same identity exists already.
    #[error("{what} is registered already")]
    Conflict { what: String },
    /// The record refers to one that is not stored.
    #[error("{what} is not registered")]
    MissingReference { what: String },
    /// Registering the codes would put more units in the batch than it holds.
    #[error(
        "batch {lot:?} holds {quantity} units; {registered} codes are registered and {adding} more would exceed it"
    )]
    QuantityExceeded {
        lot: String,
        quantity: u64,
        registered: u64,
        adding: u64,
    },
    /// The call asked to store what no validated record could be (a unit naming another batch,
    /// a value the schema refuses): a bug of the caller, reported instead of half-stored.
    #[error("cannot store: {problem}")]
    Invalid { problem: String },
    /// A stored row no longer passes validation: the database was changed outside yima.
    #[error("stored {what} is corrupt: {problem}")]
    Corrupt { what: String, problem: String },
    /// The database failed or could not be reached.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// Migrations could not be applied.
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
}
