//! The conformance suite: every test is written once against `dyn Store` and run on both
//! engines, each on a fresh store. The PostgreSQL half fails (it does not skip) when the
//! database cannot be reached: see `yima_store::testing`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;

use chrono::Timelike;
use support::*;
use yima_domain::{ApiToken, TokenRole};
use yima_store::testing::RawSql;
use yima_store::{Counts, Store, StoreError};

/// Generates `sqlite::<test>` and `postgres::<test>` for each test. `plain` tests take the
/// store; `raw` tests also take raw SQL access to the store's own connections.
macro_rules! conformance {
    (plain: [$($plain:ident),* $(,)?], raw: [$($raw:ident),* $(,)?]) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $plain() {
                    let (_dir, store) = yima_store::testing::sqlite().await.unwrap();
                    super::$plain(store).await;
                }
            )*
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $raw() {
                    let (_dir, store) = yima_store::testing::sqlite_store().await.unwrap();
                    let store = std::sync::Arc::new(store);
                    super::$raw(store.clone(), store).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $plain() {
                    let store = yima_store::testing::postgres().await.unwrap();
                    super::$plain(store).await;
                }
            )*
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $raw() {
                    let store = std::sync::Arc::new(yima_store::testing::postgres_store().await.unwrap());
                    super::$raw(store.clone(), store).await;
                }
            )*
        }
    };
}

conformance!(
    plain: [
        enterprise_round_trips,
        products_round_trip_with_and_without_gtin,
        batches_round_trip,
        units_round_trip,
        tokens_round_trip,
        timestamps_keep_microseconds,
        enterprise_conflict,
        product_conflicts,
        batch_conflicts,
        unit_conflicts_name_the_first_key,
        missing_references,
        registration_is_all_or_nothing,
        registration_crosses_chunk_boundaries,
        quantity_is_enforced_for_pieces_only,
        units_of_another_batch_are_refused,
        concurrent_registrations_never_exceed_quantity,
        lookup_unit,
        lookup_unknown_serial_of_known_gtin,
        lookup_batch,
        lookup_class,
        enterprises_page_in_credit_code_order,
        counts_every_kind,
    ],
    raw: [
        updates_are_refused,
        deletes_are_refused,
        corrupt_rows_are_reported,
    ]
);

async fn enterprise_round_trips(store: Arc<dyn Store>) {
    let seller = enterprise(7, &["seller"]);
    store.insert_enterprise(&seller).await.unwrap();
    assert_eq!(
        store.enterprise(&seller.credit_code).await.unwrap(),
        Some(seller)
    );
    assert_eq!(store.enterprise(&credit_code(8)).await.unwrap(), None);
}

async fn products_round_trip_with_and_without_gtin(store: Arc<dyn Store>) {
    let p = producer(1);
    store.insert_enterprise(&p).await.unwrap();
    let bike = bicycle(&p, 5);
    let cable_a = cable(&p);
    let cable_b = cable(&p);
    for product in [&bike, &cable_a, &cable_b] {
        store.insert_product(product).await.unwrap();
    }
    assert_eq!(store.product(bike.id).await.unwrap().as_ref(), Some(&bike));
    assert_eq!(
        store.product(cable_a.id).await.unwrap().as_ref(),
        Some(&cable_a)
    );
    assert_eq!(
        store.product(cable_b.id).await.unwrap().as_ref(),
        Some(&cable_b)
    );
    let gtin = bike.gtin.clone().unwrap();
    assert_eq!(store.product_by_gtin(&gtin).await.unwrap(), Some(bike));
    assert_eq!(
        store.product_by_gtin(&support::gtin(6)).await.unwrap(),
        None
    );
    assert_eq!(store.product(uuid::Uuid::now_v7()).await.unwrap(), None);
}

async fn batches_round_trip(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let reel = batch_in(&w.product, "R1", 500, Some("MTR"));
    store.insert_batch(&reel).await.unwrap();
    assert_eq!(
        store.batch(w.batch.id).await.unwrap().as_ref(),
        Some(&w.batch)
    );
    assert_eq!(store.batch(reel.id).await.unwrap().as_ref(), Some(&reel));
    assert_eq!(
        store.batch_by_lot(w.product.id, "R1").await.unwrap(),
        Some(reel)
    );
    assert_eq!(store.batch_by_lot(w.product.id, "R2").await.unwrap(), None);
    assert_eq!(
        store
            .batch_by_lot(uuid::Uuid::now_v7(), "R1")
            .await
            .unwrap(),
        None
    );
}

async fn units_round_trip(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let units = units(&w.product, &w.batch, "S", 0..3);
    store.register_units(&w.batch, &units).await.unwrap();
    for u in &units {
        assert_eq!(store.unit(&u.key).await.unwrap().as_ref(), Some(u));
    }
    assert_eq!(
        store.unit("gs1:01/00000000000000/21/none").await.unwrap(),
        None
    );
    assert_eq!(store.unit_count(w.batch.id).await.unwrap(), 3);
    assert_eq!(store.unit_count(uuid::Uuid::now_v7()).await.unwrap(), 0);
    store.register_units(&w.batch, &[]).await.unwrap();
    assert_eq!(store.unit_count(w.batch.id).await.unwrap(), 3);
}

async fn tokens_round_trip(store: Arc<dyn Store>) {
    let token = ApiToken {
        id: "bootstrap-admin".into(),
        secret_sha256: "0f".repeat(32),
        role: TokenRole::Admin,
        created_at: now(),
    };
    assert!(store.insert_token(&token).await.unwrap());
    let again = ApiToken {
        secret_sha256: "1e".repeat(32),
        ..token.clone()
    };
    assert!(
        !store.insert_token(&again).await.unwrap(),
        "an existing id is not replaced"
    );
    assert_eq!(
        store
            .token_by_secret_sha256(&again.secret_sha256)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .token_by_secret_sha256(&token.secret_sha256)
            .await
            .unwrap(),
        Some(token.clone())
    );
    let same_secret = ApiToken {
        id: "other".into(),
        ..token
    };
    assert!(matches!(
        store.insert_token(&same_secret).await,
        Err(StoreError::Conflict { .. })
    ));
}

/// Both engines keep microseconds: finer digits are dropped alike, so a record reads back the
/// same from either.
async fn timestamps_keep_microseconds(store: Arc<dyn Store>) {
    let mut e = enterprise(3, &["seller"]);
    e.registered_at = e.registered_at.with_nanosecond(123_456_789).unwrap();
    store.insert_enterprise(&e).await.unwrap();
    let back = store.enterprise(&e.credit_code).await.unwrap().unwrap();
    assert_eq!(back.registered_at.nanosecond(), 123_456_000);
    assert_eq!(back.registered_at.timestamp(), e.registered_at.timestamp());
}

async fn enterprise_conflict(store: Arc<dyn Store>) {
    let e = producer(1);
    store.insert_enterprise(&e).await.unwrap();
    let mut again = enterprise(1, &["seller"]);
    again.name = "另一家公司".into();
    let what = conflict(store.insert_enterprise(&again).await);
    assert_eq!(what, format!("enterprise {}", e.credit_code));
    assert_eq!(store.enterprise(&e.credit_code).await.unwrap(), Some(e));
}

async fn product_conflicts(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let mut same_id = bicycle(&w.producer, 2);
    same_id.id = w.product.id;
    assert_eq!(
        conflict(store.insert_product(&same_id).await),
        format!("product {}", w.product.id)
    );
    let same_gtin = bicycle(&w.producer, 1);
    assert_eq!(
        conflict(store.insert_product(&same_gtin).await),
        format!("GTIN {}", w.product.gtin.as_ref().unwrap())
    );
    assert_eq!(store.counts().await.unwrap().products, 1);
}

async fn batch_conflicts(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let same_lot = batch(&w.product, &w.batch.lot, 5);
    assert_eq!(
        conflict(store.insert_batch(&same_lot).await),
        format!("lot \"{}\" of product {}", w.batch.lot, w.product.id)
    );
    let mut same_id = batch(&w.product, "OTHER", 5);
    same_id.id = w.batch.id;
    assert_eq!(
        conflict(store.insert_batch(&same_id).await),
        format!("batch {}", w.batch.id)
    );
    // The same lot of another product is another batch.
    let other = bicycle(&w.producer, 2);
    store.insert_product(&other).await.unwrap();
    store
        .insert_batch(&batch(&other, &w.batch.lot, 5))
        .await
        .unwrap();
    assert_eq!(store.counts().await.unwrap().batches, 2);
}

async fn unit_conflicts_name_the_first_key(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let first = units(&w.product, &w.batch, "S", 0..10);
    store.register_units(&w.batch, &first).await.unwrap();
    // Keys 8 and 9 are registered; 8 comes first in the call.
    let overlapping = units(&w.product, &w.batch, "S", 8..20);
    assert_eq!(
        conflict(store.register_units(&w.batch, &overlapping).await),
        format!("code {}", overlapping[0].key)
    );
    // A key repeated within the call, later than a fresh one.
    let mut repeated = units(&w.product, &w.batch, "T", 0..5);
    repeated.push(repeated[3].clone());
    repeated.extend(units(&w.product, &w.batch, "T", 5..9));
    assert_eq!(
        conflict(store.register_units(&w.batch, &repeated).await),
        format!("code {}", repeated[3].key)
    );
    assert_eq!(store.unit_count(w.batch.id).await.unwrap(), 10);
}

async fn missing_references(store: Arc<dyn Store>) {
    let ghost = producer(9);
    let product = bicycle(&ghost, 1);
    assert_eq!(
        missing(store.insert_product(&product).await),
        format!("enterprise {}", ghost.credit_code)
    );
    let batch = batch(&product, "L1", 10);
    assert_eq!(
        missing(store.insert_batch(&batch).await),
        format!("product {}", product.id)
    );
    let units = units(&product, &batch, "S", 0..2);
    assert_eq!(
        missing(store.register_units(&batch, &units).await),
        format!("batch {}", batch.id)
    );
    assert_eq!(store.counts().await.unwrap(), Counts::default());
}

async fn registration_is_all_or_nothing(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let taken = units(&w.product, &w.batch, "S", 500..501);
    store.register_units(&w.batch, &taken).await.unwrap();
    // 1,000 codes of which the 501st is registered already.
    let call = units(&w.product, &w.batch, "S", 0..1_000);
    assert_eq!(
        conflict(store.register_units(&w.batch, &call).await),
        format!("code {}", taken[0].key)
    );
    assert_eq!(store.unit_count(w.batch.id).await.unwrap(), 1);
    assert_eq!(store.unit(&call[0].key).await.unwrap(), None);
    assert_eq!(store.unit(&call[999].key).await.unwrap(), None);
}

/// More codes than one statement or one existence query takes, on either engine.
async fn registration_crosses_chunk_boundaries(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let call = units(&w.product, &w.batch, "B", 0..5_321);
    store.register_units(&w.batch, &call).await.unwrap();
    assert_eq!(store.unit_count(w.batch.id).await.unwrap(), 5_321);
    for i in [0, 499, 500, 4_999, 5_000, 5_320] {
        assert_eq!(
            store.unit(&call[i].key).await.unwrap().as_ref(),
            Some(&call[i])
        );
    }
    // The last code again, at the end of a call as long: still found and named.
    let mut again = units(&w.product, &w.batch, "C", 0..4_678);
    again.push(call[5_320].clone());
    assert_eq!(
        conflict(store.register_units(&w.batch, &again).await),
        format!("code {}", call[5_320].key)
    );
    assert_eq!(store.unit_count(w.batch.id).await.unwrap(), 5_321);
}

async fn quantity_is_enforced_for_pieces_only(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let small = batch(&w.product, "Q10", 10);
    store.insert_batch(&small).await.unwrap();
    store
        .register_units(&small, &units(&w.product, &small, "Q", 0..8))
        .await
        .unwrap();
    let over = store
        .register_units(&small, &units(&w.product, &small, "Q", 8..11))
        .await;
    match over {
        Err(StoreError::QuantityExceeded {
            lot,
            quantity,
            registered,
            adding,
        }) => {
            assert_eq!(
                (lot.as_str(), quantity, registered, adding),
                ("Q10", 10, 8, 3)
            );
        }
        other => panic!("expected QuantityExceeded, got {other:?}"),
    }
    assert_eq!(store.unit_count(small.id).await.unwrap(), 8);
    store
        .register_units(&small, &units(&w.product, &small, "Q", 8..10))
        .await
        .unwrap();
    assert_eq!(store.unit_count(small.id).await.unwrap(), 10);
    // A reel measured in metres is not a count of pieces.
    let reel = batch_in(&w.product, "R5", 5, Some("MTR"));
    store.insert_batch(&reel).await.unwrap();
    store
        .register_units(&reel, &units(&w.product, &reel, "R", 0..7))
        .await
        .unwrap();
    assert_eq!(store.unit_count(reel.id).await.unwrap(), 7);
}

async fn units_of_another_batch_are_refused(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let other = batch(&w.product, "L2", 10);
    store.insert_batch(&other).await.unwrap();
    let mut call = units(&w.product, &w.batch, "S", 0..3);
    call.extend(units(&w.product, &other, "S", 3..4));
    assert!(matches!(
        store.register_units(&w.batch, &call).await,
        Err(StoreError::Invalid { .. })
    ));
    assert_eq!(store.counts().await.unwrap().unit_codes, 0);
}

async fn concurrent_registrations_never_exceed_quantity(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let batch = batch(&w.product, "C100", 100);
    store.insert_batch(&batch).await.unwrap();
    // Six calls of 30 codes into 100 pieces: exactly three can succeed.
    let mut tasks = Vec::new();
    for t in 0..6 {
        let store = store.clone();
        let batch = batch.clone();
        let call = units(&w.product, &batch, &format!("K{t}-"), 0..30);
        tasks.push(tokio::spawn(async move {
            store.register_units(&batch, &call).await
        }));
    }
    let mut ok = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(()) => ok += 1,
            Err(StoreError::QuantityExceeded { .. }) => {}
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(ok, 3);
    assert_eq!(store.unit_count(batch.id).await.unwrap(), 90);
}

async fn lookup_unit(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let call = units(&w.product, &w.batch, "S", 0..2);
    store.register_units(&w.batch, &call).await.unwrap();
    let gtin = w.product.gtin.as_ref().unwrap();
    // With the lot in the symbol too: the serial alone names the unit.
    let found = store
        .lookup(&code(&format!("(01){gtin}(10){}(21)S1", w.batch.lot)))
        .await
        .unwrap();
    assert_eq!(found.unit.as_ref(), Some(&call[1]));
    assert_eq!(found.batch.as_ref(), Some(&w.batch));
    assert_eq!(found.product.as_ref(), Some(&w.product));
    assert_eq!(found.producer.as_ref(), Some(&w.producer));
}

async fn lookup_unknown_serial_of_known_gtin(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let gtin = w.product.gtin.as_ref().unwrap();
    let found = store
        .lookup(&code(&format!("(01){gtin}(21)NEVER")))
        .await
        .unwrap();
    assert!(found.unit.is_none() && found.batch.is_none());
    assert_eq!(found.product.as_ref(), Some(&w.product));
    assert_eq!(found.producer.as_ref(), Some(&w.producer));
    let unknown = store
        .lookup(&code(&format!("(01){}(21)S1", support::gtin(77))))
        .await
        .unwrap();
    assert!(unknown.unit.is_none() && unknown.product.is_none() && unknown.producer.is_none());
}

async fn lookup_batch(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let gtin = w.product.gtin.as_ref().unwrap();
    let found = store
        .lookup(&code(&format!("(01){gtin}(10){}", w.batch.lot)))
        .await
        .unwrap();
    assert!(found.unit.is_none());
    assert_eq!(found.batch.as_ref(), Some(&w.batch));
    assert_eq!(found.product.as_ref(), Some(&w.product));
    assert_eq!(found.producer.as_ref(), Some(&w.producer));
    let unknown_lot = store
        .lookup(&code(&format!("(01){gtin}(10)NOLOT")))
        .await
        .unwrap();
    assert!(unknown_lot.batch.is_none());
    assert_eq!(unknown_lot.product.as_ref(), Some(&w.product));
}

async fn lookup_class(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let gtin = w.product.gtin.as_ref().unwrap();
    let found = store.lookup(&code(&format!("(01){gtin}"))).await.unwrap();
    assert!(found.unit.is_none() && found.batch.is_none());
    assert_eq!(found.product.as_ref(), Some(&w.product));
    assert_eq!(found.producer.as_ref(), Some(&w.producer));
    let unknown = store
        .lookup(&code(&format!("(01){}", support::gtin(78))))
        .await
        .unwrap();
    assert!(unknown.product.is_none() && unknown.producer.is_none());
}

async fn enterprises_page_in_credit_code_order(store: Arc<dyn Store>) {
    let mut all: Vec<_> = [5, 1, 9, 3, 7, 2, 8]
        .map(|n| enterprise(n, &["seller"]))
        .into();
    for e in &all {
        store.insert_enterprise(e).await.unwrap();
    }
    all.sort_by(|a, b| a.credit_code.cmp(&b.credit_code));
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = store.enterprises(after.as_ref(), 3).await.unwrap();
        assert!(page.len() <= 3);
        if page.is_empty() {
            break;
        }
        after = page.last().map(|e| e.credit_code.clone());
        seen.extend(page);
    }
    assert_eq!(seen, all);
    assert!(store.enterprises(None, 0).await.unwrap().is_empty());
}

async fn counts_every_kind(store: Arc<dyn Store>) {
    assert_eq!(store.counts().await.unwrap(), Counts::default());
    let w = world(&*store).await;
    store
        .insert_enterprise(&enterprise(2, &["seller"]))
        .await
        .unwrap();
    store
        .register_units(&w.batch, &units(&w.product, &w.batch, "S", 0..25))
        .await
        .unwrap();
    let expected = Counts {
        enterprises: 2,
        products: 1,
        batches: 1,
        unit_codes: 25,
    };
    assert_eq!(store.counts().await.unwrap(), expected);
}

/// One record of every kind, for the raw tests.
async fn everything(store: &dyn Store) -> Counts {
    let w = world(store).await;
    store
        .register_units(&w.batch, &units(&w.product, &w.batch, "S", 0..2))
        .await
        .unwrap();
    let token = ApiToken {
        id: "t1".into(),
        secret_sha256: "2d".repeat(32),
        role: TokenRole::Admin,
        created_at: now(),
    };
    assert!(store.insert_token(&token).await.unwrap());
    store.counts().await.unwrap()
}

const TABLES: [(&str, &str); 5] = [
    ("enterprises", "name = 'x'"),
    ("products", "name = 'x'"),
    ("batches", "lot = 'x'"),
    ("unit_codes", "serial = 'x'"),
    ("api_tokens", "role = 'admin'"),
];

async fn updates_are_refused(store: Arc<dyn Store>, raw: Arc<dyn RawSql>) {
    let before = everything(&*store).await;
    for (table, set) in TABLES {
        let err = raw
            .raw_execute_for_tests(&format!("UPDATE {table} SET {set}"))
            .await
            .expect_err(table);
        assert!(err.to_string().contains("append-only"), "{table}: {err}");
    }
    assert_eq!(store.counts().await.unwrap(), before);
}

async fn deletes_are_refused(store: Arc<dyn Store>, raw: Arc<dyn RawSql>) {
    let before = everything(&*store).await;
    for (table, _) in TABLES {
        let err = raw
            .raw_execute_for_tests(&format!("DELETE FROM {table}"))
            .await
            .expect_err(table);
        assert!(err.to_string().contains("append-only"), "{table}: {err}");
    }
    assert_eq!(store.counts().await.unwrap(), before);
    assert!(
        store
            .token_by_secret_sha256(&"2d".repeat(32))
            .await
            .unwrap()
            .is_some()
    );
}

/// A row written behind yima's back that fails validation is reported, naming the field.
async fn corrupt_rows_are_reported(store: Arc<dyn Store>, raw: Arc<dyn RawSql>) {
    let good = credit_code(4).to_string();
    // Same length and alphabet, wrong check character.
    let last = if good.ends_with('0') { '1' } else { '0' };
    let bad = format!("{}{last}", &good[..17]);
    let at = if store.engine().as_str() == "sqlite" {
        "'2025-01-01T00:00:00.000000Z'"
    } else {
        "now()"
    };
    raw.raw_execute_for_tests(&format!(
        "INSERT INTO enterprises VALUES ('{bad}', 'n', 'a', '350102', true, false, {at})"
    ))
    .await
    .unwrap();
    let page = store.enterprises(None, 10).await;
    match page {
        Err(StoreError::Corrupt { what, .. }) => assert_eq!(what, "enterprises.credit_code"),
        other => panic!("expected Corrupt, got {other:?}"),
    }
}

mod reopen {
    use super::*;

    /// Writes one record of every kind, closes, and checks a new store on the same data.
    async fn check<F: std::future::Future<Output = Arc<dyn Store>>>(
        first: Arc<dyn Store>,
        reopen: F,
    ) {
        let before = everything(&*first).await;
        let e = first.enterprises(None, 10).await.unwrap();
        drop(first);
        let second = reopen.await;
        assert_eq!(second.counts().await.unwrap(), before);
        assert_eq!(second.enterprises(None, 10).await.unwrap(), e);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_file_keeps_everything() {
        let dir = tempfile::tempdir().unwrap();
        let options = yima_store::SqliteOptions::new(dir.path().join("data/yima.db"));
        let first = yima_store::SqliteStore::open(&options).await.unwrap();
        let first_dyn: Arc<dyn Store> = Arc::new(first.clone());
        check(first_dyn, async {
            first.close().await;
            Arc::new(yima_store::SqliteStore::open(&options).await.unwrap()) as Arc<dyn Store>
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres_schema_keeps_everything() {
        let options = yima_store::testing::postgres_options();
        let first = yima_store::PostgresStore::connect(&options).await.unwrap();
        let first_dyn: Arc<dyn Store> = Arc::new(first.clone());
        check(first_dyn, async {
            first.close().await;
            Arc::new(yima_store::PostgresStore::connect(&options).await.unwrap()) as Arc<dyn Store>
        })
        .await;
    }
}
