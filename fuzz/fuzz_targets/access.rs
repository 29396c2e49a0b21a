//! Accounts' parts on arbitrary input: never panic; a parsed jurisdiction or scope writes back
//! to its input; an account that validates has a valid id and a principal of its kind.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yima_domain::access::login::check_password;
use yima_domain::access::valid_id;
use yima_domain::{AccountDraft, Jurisdiction, Scope};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(j) = Jurisdiction::parse(input) {
        assert_eq!(j.as_str(), input.trim());
    }
    if let Ok(s) = Scope::parse(input) {
        assert_eq!(s.as_str(), input);
    }
    let _ = check_password(input);
    // Lines as the fields of a draft: id, kind, enterprise, rights, name, members,
    // jurisdiction, categories (lists comma-separated).
    let mut lines = input.split('\n');
    let mut next = || lines.next().map(str::to_owned);
    let list = |v: Option<String>| -> Vec<String> {
        v.map(|v| v.split(',').map(str::to_owned).collect())
            .unwrap_or_default()
    };
    let draft = AccountDraft {
        id: next().unwrap_or_default(),
        kind: next().unwrap_or_default(),
        enterprise: next(),
        rights: list(next()),
        name: next(),
        members: list(next()),
        jurisdiction: next(),
        categories: list(next()),
    };
    if let Ok(account) = draft.validate(chrono::DateTime::UNIX_EPOCH, |c| c == "wire-cable") {
        assert!(valid_id(&account.id));
        assert_eq!(account.principal.kind(), draft.kind);
    }
});
