//! The parts of an event on arbitrary input — CBV terms, event types and actions, business
//! transactions, sources and destinations, quantity elements, places, times and offsets: parsing never panics, and what is read and written back reads the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yima_domain::epcis::cbv::Vocabulary;
use yima_domain::epcis::{
    Action, BizStep, BizTransaction, BizTransactionType, Destination, Disposition, EventType,
    Place, QuantityElement, Source, SourceDestType, Term, TimeZoneOffset, parse_event_time,
};

fn term_round_trips<V: Vocabulary + std::fmt::Debug>(text: &str) {
    if let Ok(term) = Term::<V>::parse(text) {
        assert_eq!(Term::<V>::parse(&term.as_json()).unwrap(), term);
        assert_eq!(Term::<V>::parse(&term.as_urn()).unwrap(), term);
    }
}

macro_rules! json_round_trips {
    ($ty:ty, $text:expr) => {
        if let Ok(value) = serde_json::from_str::<$ty>($text) {
            let written = serde_json::to_string(&value).unwrap();
            assert_eq!(serde_json::from_str::<$ty>(&written).unwrap(), value);
        }
    };
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    term_round_trips::<BizStep>(text);
    term_round_trips::<Disposition>(text);
    term_round_trips::<BizTransactionType>(text);
    term_round_trips::<SourceDestType>(text);
    if let Ok(t) = text.parse::<EventType>() {
        assert_eq!(t.name(), text);
    }
    if let Ok(a) = text.parse::<Action>() {
        assert_eq!(a.name(), text);
    }
    if let Ok(offset) = text.parse::<TimeZoneOffset>() {
        assert_eq!(offset.to_string().parse::<TimeZoneOffset>().unwrap(), offset);
    }
    let _ = parse_event_time(text);
    json_round_trips!(BizTransaction, text);
    json_round_trips!(Source, text);
    json_round_trips!(Destination, text);
    json_round_trips!(QuantityElement, text);
    json_round_trips!(Place, text);
});
