//! Witnesses of the log: the policy naming them, the cosignatures they give (stored and
//! served with the checkpoints), and the task that asks them for cosignatures.

mod active;
mod cosignatures;
mod policy;

pub use active::{WitnessingError, WitnessingHandle, spawn_witnessing};
pub use cosignatures::{
    Accepted, CosignatureError, accept_cosignatures, add_checkpoint_body, cosigned_note, note_text,
};
pub use policy::{Witness, WitnessPolicy, WitnessPolicyError};
