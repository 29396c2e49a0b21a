//! The access rule of every route: one table, read by the middleware for each request and by
//! the authorization matrix test, which fails for a route the router serves without a rule
//! here. A route missing from the table is refused to everyone.
//!
//! Where a route's data is narrowed to what the caller may see (EPCIS events, under the
//! disclosure table), the rule admits every account. Where it cannot be (the listings that
//! span every enterprise's events), the rule admits only those who may see all of it:
//! administrators and national regulators without a category restriction. Handlers check
//! ownership of the records a write touches.

use axum::http::Method;

/// A group of callers a rule admits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Anyone, without a key.
    Public,
    /// Accounts of enterprises with producer rights.
    Producer,
    /// Accounts of enterprises with seller rights.
    Seller,
    Association,
    /// Any regulator, whatever its jurisdiction.
    Regulator,
    /// Regulators of the whole country, over every category.
    NationalRegulator,
    Admin,
}

/// Who may call a route, and with which scope of key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// `None`: no key needed.
    pub scope: Option<yima_domain::Scope>,
    /// Besides administrators, who are admitted to every keyed route.
    pub who: &'static [Audience],
}

impl Rule {
    const fn open() -> Self {
        Self {
            scope: None,
            who: &[Audience::Public],
        }
    }

    const fn read(who: &'static [Audience]) -> Self {
        Self {
            scope: Some(yima_domain::Scope::Read),
            who,
        }
    }

    const fn write(who: &'static [Audience]) -> Self {
        Self {
            scope: Some(yima_domain::Scope::Write),
            who,
        }
    }

    /// Whether a caller in `audiences` is admitted (its key's scope aside).
    pub fn admits(&self, audiences: &[Audience]) -> bool {
        audiences.contains(&Audience::Admin) || self.who.iter().any(|a| audiences.contains(a))
    }
}

use Audience::{NationalRegulator, Producer, Seller};

const ADMIN: &[Audience] = &[];
const ENTERPRISES: &[Audience] = &[Producer, Seller];
const PRODUCERS: &[Audience] = &[Producer];
const SEE_ALL: &[Audience] = &[NationalRegulator];
const ANY_ACCOUNT: &[Audience] = &[Producer, Seller, Audience::Association, Audience::Regulator];
const RECALLERS: &[Audience] = &[Producer, Audience::Regulator];
const OVERSEERS: &[Audience] = &[Audience::Association, Audience::Regulator];

/// Method, route as the router declares it, rule.
pub const RULES: &[(&str, &str, Rule)] = &[
    // The scan and the public registry (what a consumer sees).
    ("GET", "/api/v1/resolve", Rule::open()),
    ("GET", "/api/v1/codes/parse", Rule::open()),
    ("GET", "/api/v1/catalogue", Rule::open()),
    ("GET", "/api/v1/labels", Rule::open()),
    ("GET", "/api/v1/enterprises", Rule::open()),
    ("GET", "/api/v1/enterprises/{credit_code}", Rule::open()),
    ("GET", "/api/v1/products/{id}", Rule::open()),
    ("GET", "/api/v1/batches/{id}", Rule::open()),
    // The registry's writes: an enterprise writes its own records (the handlers check whose).
    ("POST", "/api/v1/enterprises", Rule::write(ADMIN)),
    (
        "POST",
        "/api/v1/enterprises/{credit_code}/corrections",
        Rule::write(ENTERPRISES),
    ),
    ("POST", "/api/v1/products", Rule::write(PRODUCERS)),
    (
        "POST",
        "/api/v1/products/{id}/batches",
        Rule::write(PRODUCERS),
    ),
    (
        "POST",
        "/api/v1/products/{id}/corrections",
        Rule::write(PRODUCERS),
    ),
    ("POST", "/api/v1/batches/{id}/codes", Rule::write(PRODUCERS)),
    (
        "POST",
        "/api/v1/batches/{id}/issuances",
        Rule::write(PRODUCERS),
    ),
    (
        "POST",
        "/api/v1/batches/{id}/corrections",
        Rule::write(PRODUCERS),
    ),
    (
        "GET",
        "/api/v1/issuances/{key_id}/{number}/codes",
        Rule::read(PRODUCERS),
    ),
    (
        "GET",
        "/api/v1/issuances/{key_id}/{number}/labels",
        Rule::read(PRODUCERS),
    ),
    // Accounts and keys: administrators open accounts; an account manages its own keys.
    ("POST", "/api/v1/accounts", Rule::write(ADMIN)),
    ("GET", "/api/v1/accounts/{id}", Rule::read(ANY_ACCOUNT)),
    ("GET", "/api/v1/accounts/{id}/keys", Rule::read(ANY_ACCOUNT)),
    (
        "POST",
        "/api/v1/accounts/{id}/keys",
        Rule::write(ANY_ACCOUNT),
    ),
    (
        "POST",
        "/api/v1/keys/{id}/revocation",
        Rule::write(ANY_ACCOUNT),
    ),
    // People's logins: anyone may try; an account sets its own password.
    ("POST", "/api/v1/session", Rule::open()),
    ("DELETE", "/api/v1/session", Rule::read(ANY_ACCOUNT)),
    (
        "POST",
        "/api/v1/accounts/{id}/password",
        Rule::write(ANY_ACCOUNT),
    ),
    // Submission keys: an enterprise registers and revokes its own (the handlers check
    // whose); the public keys are public. Signed submissions are read by those who oversee
    // the enterprise (the handlers check).
    (
        "POST",
        "/api/v1/enterprises/{credit_code}/submission-keys",
        Rule::write(ENTERPRISES),
    ),
    (
        "GET",
        "/api/v1/enterprises/{credit_code}/submission-keys",
        Rule::open(),
    ),
    ("GET", "/api/v1/submission-keys/{id}", Rule::open()),
    (
        "POST",
        "/api/v1/submission-keys/{id}/revocation",
        Rule::write(ENTERPRISES),
    ),
    ("GET", "/api/v1/submissions/{id}", Rule::read(ANY_ACCOUNT)),
    (
        "GET",
        "/api/v1/enterprises/{credit_code}/submissions",
        Rule::read(ANY_ACCOUNT),
    ),
    // The audit trail: everyone's for administrators and national regulators, else one's own.
    ("GET", "/api/v1/audit", Rule::read(ANY_ACCOUNT)),
    // Flows: an enterprise records its own (the handler checks `by`).
    ("POST", "/api/v1/flows", Rule::write(ENTERPRISES)),
    ("POST", "/api/v1/flows/batch", Rule::write(ENTERPRISES)),
    // Anomalies, traces and recall scopes: for every account, each shown as much as the
    // disclosure table lets it see.
    ("GET", "/api/v1/anomalies", Rule::read(ANY_ACCOUNT)),
    ("GET", "/api/v1/trace", Rule::read(ANY_ACCOUNT)),
    ("GET", "/api/v1/recalls/scope", Rule::read(ANY_ACCOUNT)),
    ("POST", "/api/v1/recalls/scope", Rule::read(ANY_ACCOUNT)),
    // Recall notices are public; regulators open them for their jurisdiction and producers
    // for their own batches, holders acknowledge them (the handlers check whose).
    // An enterprise's stock: its own accounts' and its overseers' (the handler checks).
    (
        "GET",
        "/api/v1/enterprises/{credit_code}/stock",
        Rule::read(ANY_ACCOUNT),
    ),
    ("GET", "/api/v1/recalls", Rule::open()),
    ("GET", "/api/v1/recalls/{id}", Rule::open()),
    ("POST", "/api/v1/recalls", Rule::write(RECALLERS)),
    (
        "POST",
        "/api/v1/recalls/{id}/acknowledgements",
        Rule::write(ENTERPRISES),
    ),
    // A record's evidence shows the whole record: only those who see all.
    ("GET", "/api/v1/ledger/records/{*ref}", Rule::read(SEE_ALL)),
    // The EPCIS 2.0 interface. Events are for every account, each shown as the disclosure
    // table lets the caller see it (`crate::disclosure`); the listings of every EPC, step,
    // place and named query span all enterprises' events and stay with those who see all.
    ("OPTIONS", "/epcis/capture", Rule::open()),
    // An enterprise captures its own events (the handlers check each) and reads its own jobs.
    ("POST", "/epcis/capture", Rule::write(ENTERPRISES)),
    ("GET", "/epcis/capture", Rule::read(ANY_ACCOUNT)),
    ("GET", "/epcis/capture/{captureID}", Rule::read(ANY_ACCOUNT)),
    ("POST", "/epcis/events", Rule::write(ENTERPRISES)),
    ("GET", "/epcis/events", Rule::read(ANY_ACCOUNT)),
    ("GET", "/epcis/events/{eventID}", Rule::read(ANY_ACCOUNT)),
    ("GET", "/epcis/eventTypes", Rule::read(SEE_ALL)),
    (
        "GET",
        "/epcis/eventTypes/{eventType}/events",
        Rule::read(ANY_ACCOUNT),
    ),
    ("GET", "/epcis/epcs", Rule::read(SEE_ALL)),
    ("GET", "/epcis/epcs/{epc}/events", Rule::read(ANY_ACCOUNT)),
    ("GET", "/epcis/bizSteps", Rule::read(SEE_ALL)),
    (
        "GET",
        "/epcis/bizSteps/{bizStep}/events",
        Rule::read(ANY_ACCOUNT),
    ),
    ("GET", "/epcis/dispositions", Rule::read(SEE_ALL)),
    (
        "GET",
        "/epcis/dispositions/{disposition}/events",
        Rule::read(ANY_ACCOUNT),
    ),
    ("GET", "/epcis/readPoints", Rule::read(SEE_ALL)),
    (
        "GET",
        "/epcis/readPoints/{readPoint}/events",
        Rule::read(ANY_ACCOUNT),
    ),
    ("GET", "/epcis/bizLocations", Rule::read(SEE_ALL)),
    (
        "GET",
        "/epcis/bizLocations/{bizLocation}/events",
        Rule::read(ANY_ACCOUNT),
    ),
    ("GET", "/epcis/queries", Rule::read(SEE_ALL)),
    ("POST", "/epcis/queries", Rule::write(ADMIN)),
    ("GET", "/epcis/queries/{queryName}", Rule::read(SEE_ALL)),
    ("DELETE", "/epcis/queries/{queryName}", Rule::write(ADMIN)),
    (
        "GET",
        "/epcis/queries/{queryName}/events",
        Rule::read(ANY_ACCOUNT),
    ),
    // The transparency log is public (C2SP tlog-tiles, witnessing); witnesses' cosignatures
    // are checked by their signatures.
    ("GET", "/log/checkpoint", Rule::open()),
    ("GET", "/log/key", Rule::open()),
    ("GET", "/log/tile/{*path}", Rule::open()),
    ("GET", "/log/witnesses", Rule::open()),
    ("GET", "/log/witness/add-checkpoint", Rule::open()),
    ("POST", "/log/cosignatures", Rule::open()),
    // Operations.
    ("GET", "/api/v1/openapi.json", Rule::open()),
    ("GET", "/healthz", Rule::open()),
    // Counts of records and requests, for the operator's scraper; nothing of any record.
    ("GET", "/metrics", Rule::open()),
    // The web pages read through the same handlers as the API, under the same disclosure
    // table; their forms write through the API. The scan and the login are everyone's.
    ("GET", "/", Rule::open()),
    ("GET", "/scan", Rule::open()),
    ("GET", "/01/{*rest}", Rule::open()),
    ("GET", "/login", Rule::open()),
    ("GET", "/start", Rule::open()),
    ("GET", "/assets/{name}", Rule::open()),
    // The console is an enterprise's (its pages show the enterprise's own records).
    ("GET", "/console", Rule::read(ENTERPRISES)),
    ("GET", "/console/flows", Rule::read(ENTERPRISES)),
    ("GET", "/console/registry", Rule::read(PRODUCERS)),
    ("GET", "/console/keys", Rule::read(ENTERPRISES)),
    // The dashboard is for regulators and associations (each shown what it may see).
    ("GET", "/dashboard", Rule::read(OVERSEERS)),
    ("GET", "/dashboard/recalls/{id}", Rule::read(OVERSEERS)),
    ("GET", "/dashboard/trace", Rule::read(OVERSEERS)),
];

/// The rule of `method` on the route `path` (as declared, `{id}` and all). HEAD is GET's.
pub fn rule_for(method: &Method, path: &str) -> Option<Rule> {
    let method = if *method == Method::HEAD {
        "GET"
    } else {
        method.as_str()
    };
    RULES
        .iter()
        .find(|(m, p, _)| *m == method && *p == path)
        .map(|(_, _, rule)| *rule)
}
