//! Licence and CCC certificate numbers on arbitrary input: never panic; a parsed number
//! re-parses to itself and its accessors stay inside it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yima_codes::licence::{CccCertificateNumber, LicenceNumber};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(n) = LicenceNumber::parse(input) {
        assert_eq!(LicenceNumber::parse(n.as_str()).as_ref(), Ok(&n));
        let _ = (n.province(), n.industry(), n.product(), n.enterprise());
    }
    if let Ok(n) = CccCertificateNumber::parse(input) {
        assert_eq!(CccCertificateNumber::parse(n.as_str()).as_ref(), Ok(&n));
        let _ = (n.year(), n.body(), n.category(), n.sequence());
    }
});
