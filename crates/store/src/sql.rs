//! The statements both engines run as they are. SQLite reads `$1` as the first parameter, as
//! PostgreSQL does, so one text serves both; what differs (row locks, bulk inserts) lives
//! with each engine.

use crate::rows::{
    account_columns, api_key_columns, batch_columns, enterprise_columns, password_columns,
    product_columns, session_columns, unit_columns,
};

pub(crate) const INSERT_ENTERPRISE: &str = "INSERT INTO enterprises \
     (credit_code, name, address, region, is_producer, is_seller, registered_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7)";

pub(crate) const ENTERPRISE: &str = concat!(
    "SELECT ",
    enterprise_columns!(),
    " FROM enterprises e WHERE e.credit_code = $1"
);

pub(crate) const ENTERPRISES_FIRST: &str = concat!(
    "SELECT ",
    enterprise_columns!(),
    " FROM enterprises e ORDER BY e.credit_code LIMIT $1"
);

pub(crate) const ENTERPRISES_AFTER: &str = concat!(
    "SELECT ",
    enterprise_columns!(),
    " FROM enterprises e WHERE e.credit_code > $1 ORDER BY e.credit_code LIMIT $2"
);

pub(crate) const INSERT_PRODUCT: &str = "INSERT INTO products \
     (id, producer, name, model, category, standard, gtin, approval_regime, approval_number, \
      approval_status, approval_checked_at, registered_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

pub(crate) const PRODUCT: &str = concat!(
    "SELECT ",
    product_columns!(),
    " FROM products p WHERE p.id = $1"
);

pub(crate) const PRODUCT_BY_GTIN: &str = concat!(
    "SELECT ",
    product_columns!(),
    " FROM products p WHERE p.gtin = $1"
);

pub(crate) const PRODUCT_PRODUCER_BY_GTIN: &str = concat!(
    "SELECT ",
    product_columns!(),
    ", ",
    enterprise_columns!(),
    " FROM products p JOIN enterprises e ON e.credit_code = p.producer WHERE p.gtin = $1"
);

pub(crate) const INSERT_BATCH: &str = "INSERT INTO batches \
     (id, product_id, lot, production_date, quantity, unit_of_measure, \
      inspection_certificate_number, inspection_issuer, inspection_date, inspection_result, \
      inspection_document_sha256, registered_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

pub(crate) const BATCH: &str = concat!(
    "SELECT ",
    batch_columns!(),
    " FROM batches b WHERE b.id = $1"
);

pub(crate) const BATCH_BY_LOT: &str = concat!(
    "SELECT ",
    batch_columns!(),
    " FROM batches b WHERE b.product_id = $1 AND b.lot = $2"
);

pub(crate) const UNIT: &str = concat!(
    "SELECT ",
    unit_columns!(),
    " FROM unit_codes u WHERE u.key = $1"
);

/// The batch's latest registration: its sequence number and the total after it.
pub(crate) const LATEST_REGISTRATION: &str = "SELECT sequence, total FROM unit_registrations \
     WHERE batch_id = $1 ORDER BY sequence DESC LIMIT 1";

pub(crate) const INSERT_REGISTRATION: &str = "INSERT INTO unit_registrations \
     (batch_id, sequence, added, total, registered_at) VALUES ($1, $2, $3, $4, $5)";

/// A key whose id exists is left alone (and reported as not inserted).
pub(crate) const INSERT_ISSUING_KEY: &str = "INSERT INTO issuing_keys (id, fingerprint, created_at) \
     VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING";

pub(crate) const ISSUING_KEY: &str =
    "SELECT id, fingerprint, created_at FROM issuing_keys WHERE id = $1";

pub(crate) const INSERT_ISSUANCE: &str = "INSERT INTO code_issuances \
     (key_id, number, batch_id, count, issued_at) VALUES ($1, $2, $3, $4, $5)";

/// An issuance of platform codes and everything above it, for resolving one of its codes.
pub(crate) const ISSUANCE_TREE: &str = concat!(
    "SELECT i.key_id AS i_key_id, i.number AS i_number, i.count AS i_count, \
     i.issued_at AS i_issued_at, ",
    batch_columns!(),
    ", ",
    product_columns!(),
    ", ",
    enterprise_columns!(),
    " FROM code_issuances i \
      JOIN batches b ON b.id = i.batch_id \
      JOIN products p ON p.id = b.product_id \
      JOIN enterprises e ON e.credit_code = p.producer \
      WHERE i.key_id = $1 AND i.number = $2"
);

/// How many codes a batch holds: the total of its latest registration, found by the primary
/// key instead of counting the codes.
pub(crate) const UNIT_COUNT: &str = "SELECT COALESCE((SELECT total FROM unit_registrations \
     WHERE batch_id = $1 ORDER BY sequence DESC LIMIT 1), 0)";

/// The hot path of every scan: a unit and everything above it in one round trip. Inner joins
/// are exact because the foreign keys guarantee each parent.
pub(crate) const UNIT_TREE: &str = concat!(
    "SELECT ",
    unit_columns!(),
    ", ",
    batch_columns!(),
    ", ",
    product_columns!(),
    ", ",
    enterprise_columns!(),
    " FROM unit_codes u \
      JOIN batches b ON b.id = u.batch_id \
      JOIN products p ON p.id = b.product_id \
      JOIN enterprises e ON e.credit_code = p.producer \
      WHERE u.key = $1"
);

/// Record counts; unit codes are summed from the registrations, one row per call rather than
/// one per code, so that a scrape of /metrics stays cheap at any scale.
pub(crate) const COUNTS: &str = "SELECT \
     (SELECT COUNT(*) FROM enterprises), \
     (SELECT COUNT(*) FROM products), \
     (SELECT COUNT(*) FROM batches), \
     (SELECT CAST(COALESCE(SUM(added), 0) AS BIGINT) FROM unit_registrations)";

/// Per category: producers, products, batches and unit codes registered.
pub(crate) const COVERAGE_CATEGORIES: &str = "SELECT p.category, \
     COUNT(DISTINCT p.producer), COUNT(DISTINCT p.id), COUNT(DISTINCT b.id), \
     CAST(COALESCE(SUM(u.added), 0) AS BIGINT) \
     FROM products p LEFT JOIN batches b ON b.product_id = p.id \
     LEFT JOIN unit_registrations u ON u.batch_id = b.id \
     GROUP BY p.category ORDER BY p.category";

/// Enterprises per province (the first two digits of the region, then `0000`).
pub(crate) const COVERAGE_REGIONS: &str = "SELECT substr(region, 1, 2) || '0000', COUNT(*) \
     FROM enterprises GROUP BY substr(region, 1, 2) ORDER BY 1";

/// Retail sales, and those flagged as sold without holding.
pub(crate) const COVERAGE_SALES: &str = "SELECT \
     (SELECT COUNT(*) FROM epcis_events WHERE biz_step = 'retail_selling'), \
     (SELECT COUNT(DISTINCT a.event) FROM epcis_anomalies a \
      WHERE a.kind = 'sold_without_holding')";

pub(crate) const PRODUCTS_OF: &str = concat!(
    "SELECT ",
    product_columns!(),
    " FROM products p WHERE p.producer = $1 ORDER BY p.registered_at, p.id"
);

/// The cheapest round trip: is the database there?
pub(crate) const PING: &str = "SELECT 1";

/// An account whose id exists is left alone (and reported as not inserted).
pub(crate) const INSERT_ACCOUNT: &str = "INSERT INTO accounts \
     (id, kind, enterprise, producer, seller, name, members, jurisdiction, categories, \
      created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
     ON CONFLICT (id) DO NOTHING";

pub(crate) const ACCOUNT: &str = concat!(
    "SELECT ",
    account_columns!(),
    " FROM accounts a WHERE a.id = $1"
);

/// A key whose id exists is left alone (and reported as not inserted); a key whose secret
/// digest exists under another id is a unique violation, and one whose account is not stored
/// a foreign key violation.
pub(crate) const INSERT_API_KEY: &str = "INSERT INTO api_keys \
     (id, account, secret_sha256, scope, created_at, expires_at) \
     VALUES ($1, $2, $3, $4, $5, $6) \
     ON CONFLICT (id) DO NOTHING";

/// What a request's credentials come to, in one round trip: the key, its account (the foreign
/// key guarantees it, so the join is inner) and its revocation if it has one.
pub(crate) const KEY_GRANT: &str = concat!(
    "SELECT ",
    api_key_columns!(),
    ", ",
    account_columns!(),
    ", r.revoked_at AS r_revoked_at \
      FROM api_keys k \
      JOIN accounts a ON a.id = k.account \
      LEFT JOIN api_key_revocations r ON r.key_id = k.id \
      WHERE k.secret_sha256 = $1"
);

pub(crate) const API_KEY: &str = concat!(
    "SELECT ",
    api_key_columns!(),
    ", r.revoked_at AS r_revoked_at \
      FROM api_keys k LEFT JOIN api_key_revocations r ON r.key_id = k.id \
      WHERE k.id = $1"
);

pub(crate) const API_KEYS_OF: &str = concat!(
    "SELECT ",
    api_key_columns!(),
    ", r.revoked_at AS r_revoked_at \
      FROM api_keys k LEFT JOIN api_key_revocations r ON r.key_id = k.id \
      WHERE k.account = $1 ORDER BY k.created_at, k.id"
);

/// A key revoked already is left alone (and reported as not revoked now); a missing key or
/// revoking account is a foreign key violation.
pub(crate) const INSERT_KEY_REVOCATION: &str = "INSERT INTO api_key_revocations \
     (key_id, revoked_at, revoked_by) VALUES ($1, $2, $3) \
     ON CONFLICT (key_id) DO NOTHING";

/// Which of a revocation's references exist: the key's, then the revoking account's.
pub(crate) const REVOCATION_REFERENCES: &str = "SELECT \
     EXISTS (SELECT 1 FROM api_keys WHERE id = $1), \
     EXISTS (SELECT 1 FROM accounts WHERE id = $2)";

/// A password record; its id (a UUIDv7) orders those set in the same microsecond. A missing
/// account, or setting one, is a foreign key violation.
pub(crate) const INSERT_PASSWORD: &str = "INSERT INTO account_passwords \
     (id, account, hash, set_at, set_by) VALUES ($1, $2, $3, $4, $5)";

/// The password in force: the newest, by time set, then by id.
pub(crate) const CURRENT_PASSWORD: &str = concat!(
    "SELECT ",
    password_columns!(),
    " FROM account_passwords w WHERE w.account = $1 \
      ORDER BY w.set_at DESC, w.id DESC LIMIT 1"
);

/// Which of a password's references exist: its account's, then the setting account's.
pub(crate) const PASSWORD_REFERENCES: &str = "SELECT \
     EXISTS (SELECT 1 FROM accounts WHERE id = $1), \
     EXISTS (SELECT 1 FROM accounts WHERE id = $2)";

/// A session whose secret digest exists is a unique violation, one whose account is not
/// stored a foreign key violation.
pub(crate) const INSERT_SESSION: &str = "INSERT INTO sessions \
     (secret_sha256, account, csrf_sha256, created_at, expires_at) \
     VALUES ($1, $2, $3, $4, $5)";

/// What a session cookie comes to, in one round trip: the session, its account (the foreign
/// key guarantees it, so the join is inner) and its end if it has one.
pub(crate) const SESSION: &str = concat!(
    "SELECT ",
    session_columns!(),
    ", ",
    account_columns!(),
    ", n.ended_at AS n_ended_at \
      FROM sessions s \
      JOIN accounts a ON a.id = s.account \
      LEFT JOIN session_ends n ON n.session = s.secret_sha256 \
      WHERE s.secret_sha256 = $1"
);

/// The end of a session: nothing is written, and no error raised, for a session that does not
/// exist (the select finds none) or has ended already (the conflict). The WHERE clause also
/// spares SQLite's parser the ambiguity of `INSERT ... SELECT ... ON CONFLICT`.
pub(crate) const END_SESSION: &str = "INSERT INTO session_ends (session, ended_at) \
     SELECT s.secret_sha256, $2 FROM sessions s WHERE s.secret_sha256 = $1 \
     ON CONFLICT (session) DO NOTHING";

pub(crate) const INSERT_LOGIN_FAILURE: &str =
    "INSERT INTO login_failures (account, at, address) VALUES ($1, $2, $3)";

/// The times of an account's failed logins since a time, the newest first.
pub(crate) const LOGIN_FAILURES_SINCE: &str = "SELECT at FROM login_failures \
     WHERE account = $1 AND at >= $2 ORDER BY at DESC";
