//! CCC certificate numbers and industrial product production-licence numbers.

mod ccc;
mod production;

pub use ccc::CccCertificateNumber;
pub use production::{LicenceNumber, PROVINCE_ABBREVIATIONS};
