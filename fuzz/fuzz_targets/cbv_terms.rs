//! CBV terms on arbitrary input: parsing never panics, and a term read back from either of
//! the forms it writes is the same term.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yima_domain::epcis::{BizStep, BizTransactionType, Disposition, SourceDestType, Term};

fn round_trips<V: yima_domain::epcis::cbv::Vocabulary + std::fmt::Debug>(text: &str) {
    if let Ok(term) = Term::<V>::parse(text) {
        assert_eq!(Term::<V>::parse(&term.as_json()).unwrap(), term);
        assert_eq!(Term::<V>::parse(&term.as_urn()).unwrap(), term);
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    round_trips::<BizStep>(text);
    round_trips::<Disposition>(text);
    round_trips::<BizTransactionType>(text);
    round_trips::<SourceDestType>(text);
});
