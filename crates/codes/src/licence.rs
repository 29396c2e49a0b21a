//! CCC certificate numbers and industrial product production-licence numbers.
//!
//! The serial printed on each CCC mark label (looked up in the CNCA's anti-counterfeit query
//! system) is not parsed here: no public description of its format was found, so it is an
//! opaque code of the scheme `ccc-mark`, recognised when written `ccc-mark:{serial}` (see
//! `data/schemes.toml` and [`crate::schemes`]).

mod ccc;
mod production;

pub use ccc::CccCertificateNumber;
pub use production::{LicenceNumber, PROVINCE_ABBREVIATIONS};
