//! The scale-out engine: PostgreSQL, and the databases that speak its protocol and SQL at
//! scale (Citus, YugabyteDB, CockroachDB). Nothing here relies on advisory locks, sequences
//! or LISTEN/NOTIFY; concurrency is handled with row locks and unique constraints.

mod events;
mod log;
mod store;
mod trace;
mod units;

use std::fmt;
use std::time::Duration;

use sqlx::Connection;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};

use crate::StoreError;
use crate::common::with_retries;

/// How long a call waits for a free connection.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);

/// Where the PostgreSQL database is and how to use it.
#[derive(Clone, PartialEq, Eq)]
pub struct PostgresOptions {
    /// `postgres://user:password@host:port/database`, with any libpq-style parameters.
    pub url: String,
    pub max_connections: u32,
    /// The schema that holds yima's tables; created if missing and put first on every
    /// connection's `search_path`. `None` uses the database's default search path.
    pub schema: Option<String>,
}

impl PostgresOptions {
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            max_connections: 16,
            schema: None,
        }
    }
}

impl fmt::Debug for PostgresOptions {
    /// Leaves the password out: options end up in logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostgresOptions")
            .field("url", &redacted(&self.url))
            .field("max_connections", &self.max_connections)
            .field("schema", &self.schema)
            .finish()
    }
}

/// The URL with the password of its user-info part replaced by `***`.
fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => match rest[..at].split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***{}", &rest[at..]),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// The PostgreSQL engine.
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects, creates the schema if one is named, and applies the migrations.
    pub async fn connect(options: &PostgresOptions) -> Result<Self, StoreError> {
        let mut connect: PgConnectOptions = options.url.parse()?;
        if let Some(schema) = &options.schema {
            check_schema_name(schema)?;
            connect = connect.options([("search_path", schema.as_str())]);
        }
        // One plain connection first: an unreachable or misconfigured database is reported
        // at once with its reason, where a pool would retry until it times out.
        PgConnection::connect_with(&connect).await?.close().await?;
        let pool = PgPoolOptions::new()
            .max_connections(options.max_connections.max(1))
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(connect)
            .await?;
        let mut migrator = sqlx::migrate!("./migrations/postgres");
        // Advisory locks do not exist on CockroachDB and are node-local on Citus; instances
        // starting together may then collide on the first run, hence the retries.
        migrator.set_locking(false);
        with_retries(|| migrate(&pool, options.schema.as_deref(), &migrator)).await?;
        Ok(Self { pool })
    }

    /// Closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Runs one raw statement. For tests that prove what the schema refuses (the append-only
    /// triggers); the store itself never needs it.
    #[doc(hidden)]
    pub async fn raw_execute_for_tests(&self, sql: &str) -> Result<u64, StoreError> {
        Ok(sqlx::query(sql).execute(&self.pool).await?.rows_affected())
    }

    pub(crate) fn pool(&self) -> &PgPool {
        &self.pool
    }
}

async fn migrate(
    pool: &PgPool,
    schema: Option<&str>,
    migrator: &Migrator,
) -> Result<(), StoreError> {
    if let Some(schema) = schema {
        // The name was checked to be a plain lower-case identifier: quoting it is enough.
        sqlx::query(&format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\""))
            .execute(pool)
            .await?;
    }
    migrator.run(pool).await?;
    Ok(())
}

/// Schema names are spliced into `CREATE SCHEMA` and `search_path`, which take no
/// parameters, so only plain identifiers are accepted.
fn check_schema_name(schema: &str) -> Result<(), StoreError> {
    let mut bytes = schema.bytes();
    let ok = schema.len() <= 63
        && bytes
            .next()
            .is_some_and(|b| b.is_ascii_lowercase() || b == b'_')
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(StoreError::Database(sqlx::Error::Configuration(
            format!("schema {schema:?} must be 1-63 characters of a-z, 0-9 and _, not starting with a digit")
                .into(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_stay_out_of_debug_output() {
        let o = PostgresOptions::new("postgres://yima:s3cret@db:5432/yima?sslmode=require");
        let shown = format!("{o:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(
            shown.contains("postgres://yima:***@db:5432/yima"),
            "{shown}"
        );
        assert_eq!(
            redacted("postgres://postgres@h/db"),
            "postgres://postgres@h/db"
        );
    }

    /// Migration 0007 turns each API token into an administrator account and a write-scoped
    /// key with the token's digest, so that a token's secret (the bootstrap administrator's
    /// admin.token) keeps working, and drops the tokens' table.
    #[tokio::test]
    #[allow(clippy::unwrap_used, clippy::expect_used)]
    async fn api_tokens_become_admin_accounts_with_write_keys() {
        let options = crate::testing::postgres_options();
        let schema = options.schema.clone().unwrap();
        let all = sqlx::migrate!("./migrations/postgres");
        let before_0007 = Migrator {
            migrations: all
                .migrations
                .iter()
                .filter(|m| m.version < 7)
                .cloned()
                .collect(),
            locking: false,
            ..Migrator::DEFAULT
        };
        let connect: PgConnectOptions = options.url.parse().unwrap();
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(connect.options([("search_path", schema.as_str())]))
            .await
            .unwrap();
        migrate(&pool, Some(&schema), &before_0007).await.unwrap();
        let digest = "3c".repeat(32);
        sqlx::query(&format!(
            "INSERT INTO api_tokens VALUES ('bootstrap-admin', '{digest}', 'admin', \
             '2025-01-02T03:04:05.678901Z')"
        ))
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;

        let store = PostgresStore::connect(&options).await.unwrap();
        crate::upgrade_checks::token_became_an_admin_key(&store, &digest).await;
        let tables: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM information_schema.tables \
             WHERE table_schema = $1 AND table_name = 'api_tokens'",
        )
        .bind(&schema)
        .fetch_one(&store.pool)
        .await
        .unwrap();
        assert_eq!(tables, 0, "api_tokens is gone");
        for sql in ["UPDATE accounts SET kind = 'admin'", "DELETE FROM api_keys"] {
            let err = store.raw_execute_for_tests(sql).await.unwrap_err();
            assert!(err.to_string().contains("append-only"), "{sql}: {err}");
        }
        store.close().await;
    }

    #[test]
    fn schema_names_are_plain_identifiers() {
        assert!(check_schema_name("t_0190abcdef").is_ok());
        assert!(check_schema_name("yima").is_ok());
        assert!(check_schema_name("").is_err());
        assert!(check_schema_name("1abc").is_err());
        assert!(check_schema_name("a\"; DROP").is_err());
        assert!(check_schema_name("Yima").is_err());
    }
}
