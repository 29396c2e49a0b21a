//! Ecode::parse on arbitrary input, by the built-in table and by a table the input itself
//! picks: never panics; errors point inside the input; a parsed code re-parses to itself and
//! its parts make up its raw form.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yima_codes::ecode::{Ecode, EcodeTable, EcodeVersion, MdCharset};

fuzz_target!(|data: &[u8]| {
    let Some((&shape, rest)) = data.split_first() else {
        return;
    };
    // Latin-1, so that every byte (GS included) is one character.
    let latin1: String = rest.iter().map(|&b| char::from(b)).collect();
    let custom = EcodeTable::new(vec![EcodeVersion {
        version: 1 + shape % 9,
        nsi_length: 1 + usize::from(shape >> 4) % 10,
        md_min: 1,
        md_max: 1 + usize::from(shape) % 40,
        md_charset: if shape & 8 == 0 {
            MdCharset::Digits
        } else {
            MdCharset::Alphanumeric
        },
        nsis: Vec::new(),
    }])
    .expect("the entry obeys the table's rules");
    for input in [
        latin1.as_str(),
        std::str::from_utf8(rest).unwrap_or_default(),
    ] {
        for table in [EcodeTable::builtin(), &custom] {
            match Ecode::parse_with(table, input) {
                Ok(code) => {
                    assert_eq!(Ecode::parse_with(table, code.raw()).as_ref(), Ok(&code));
                    assert_eq!(
                        format!("{}{}{}", code.version(), code.nsi(), code.master_data()),
                        code.raw()
                    );
                    assert_eq!(code.raw(), input.trim());
                }
                Err(e) => {
                    if let Some(p) = e.position() {
                        assert!((1..=input.chars().count() + 1).contains(&p), "{p}: {e}");
                    }
                }
            }
        }
    }
});
