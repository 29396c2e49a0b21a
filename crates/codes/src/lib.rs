//! Trace codes and identifiers: parse, validate, normalise, render.
//!
//! This crate is pure: no I/O, no clocks (dates that need "the current year" take it as an
//! argument).
//!
//! Every parser returns [`CodeError`] naming what was parsed, the 1-based character position
//! at fault where there is one, and the rule broken, so that the message can be shown to
//! whoever sent the input.

pub mod ecode;
pub mod enterprise;
pub mod error;
pub mod gs1;
pub mod label;
pub mod licence;
pub mod platform;
pub mod scan;
pub mod schemes;

pub use ecode::{Ecode, EcodeTable};
pub use error::CodeError;
pub use scan::{CodeLevel, CodeRules, Scan, Symbology, TraceCode};
pub use schemes::{ForeignCode, Recognisers};
