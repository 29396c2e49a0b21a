//! The events query on arbitrary parameters: reading never panics, and what is read and
//! written back (`to_pairs`) reads the same. The input is split into pairs the way a query
//! string is, `&` between parameters and the first `=` between name and value, so that the
//! fuzzer can build on the names the parser knows.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yima_domain::epcis::EventQuery;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let pairs: Vec<(String, String)> = text
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) => (name.to_owned(), value.to_owned()),
            None => (pair.to_owned(), String::new()),
        })
        .collect();
    let prefixes = [(
        "example".to_owned(),
        "https://ns.example.com/epcis/".to_owned(),
    )];
    if let Ok(query) = EventQuery::parse_with_prefixes(&pairs, &prefixes) {
        let again = EventQuery::parse(&query.to_pairs()).unwrap();
        assert_eq!(again, query);
    }
});
