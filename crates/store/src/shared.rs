//! The `Store` implementation both engines share, written once.
//!
//! The engines differ only in which pool reads and which one writes (SQLite: read-only
//! readers and the one writer; PostgreSQL: one pool), how a timestamp is bound, how unit
//! codes are registered, and how a write that checks what it reads first begins and locks
//! the row it reads (SQLite: `BEGIN IMMEDIATE`, no row locks, the one writer runs such
//! transactions in turn; PostgreSQL: `FOR SHARE` or `FOR UPDATE` on the row); the SQL
//! (`crate::sql`) and the decoding of rows (`crate::rows`) are common. sqlx's types are per
//! database, so the sharing is a macro rather than generics over `sqlx::Database`, whose trait
//! bounds would outweigh the code they share.

/// Implements `Store` for `$store`.
macro_rules! store_impl {
    (
        $store:ty,
        engine: $engine:expr,
        readers: $readers:ident,
        writer: $writer:ident,
        timestamp: $timestamp:path,
        register: $register:path,
        issue: $issue:path,
        log: $log:ident,
        events: $events:ident,
        trace: $trace:ident,
        write_begin: $write_begin:literal,
        key_share: $key_share:literal,
        key_update: $key_update:literal $(,)?
    ) => {
        impl $store {
            /// The unit a platform code names: its issuance, if the index lies within it.
            /// The code's MAC is the caller's to verify (the store holds no keys).
            async fn issued_unit(
                &self,
                code: &yima_codes::TraceCode,
                platform: &yima_codes::platform::PlatformCode,
            ) -> Result<yima_domain::Found, crate::StoreError> {
                use crate::Store as _;
                let Some((issuance, mut found)) = self
                    .issuance(platform.key_id(), platform.issuance())
                    .await?
                else {
                    return Ok(yima_domain::Found::default());
                };
                if !issuance.holds(platform.index()) {
                    return Ok(yima_domain::Found::default());
                }
                found.unit = Some(yima_domain::UnitCode {
                    key: code.key(),
                    scheme: code.scheme().to_owned(),
                    gtin: found.product.as_ref().and_then(|p| p.gtin.clone()),
                    serial: None,
                    batch_id: issuance.batch_id,
                    registered_at: issuance.issued_at,
                });
                Ok(found)
            }

            async fn product_with_producer(
                &self,
                gtin: &yima_codes::gs1::Gtin,
            ) -> Result<Option<(yima_domain::Product, yima_domain::Enterprise)>, crate::StoreError>
            {
                sqlx::query_as::<_, crate::rows::ProductProducerRow>(
                    crate::sql::PRODUCT_PRODUCER_BY_GTIN,
                )
                .bind(gtin.as_str())
                .fetch_optional(&self.$readers)
                .await
                .map_err(crate::rows::decode_error)?
                .map(crate::rows::ProductProducerRow::into_domain)
                .transpose()
            }
        }

        #[async_trait::async_trait]
        impl crate::Store for $store {
            fn engine(&self) -> crate::Engine {
                $engine
            }

            async fn insert_enterprise(
                &self,
                e: &yima_domain::Enterprise,
            ) -> Result<uuid::Uuid, crate::StoreError> {
                let sealed = crate::log::seal(e)?;
                let mut tx = self.$writer.begin().await?;
                sqlx::query(crate::sql::INSERT_ENTERPRISE)
                    .bind(e.credit_code.as_str())
                    .bind(&e.name)
                    .bind(&e.address)
                    .bind(e.region.as_str())
                    .bind(e.roles.producer)
                    .bind(e.roles.seller)
                    .bind($timestamp(e.registered_at))
                    .execute(&mut *tx)
                    .await
                    .map_err(|err| {
                        crate::common::insert_error(
                            err,
                            |_| format!("enterprise {}", e.credit_code),
                            || "a referenced record".to_owned(),
                        )
                    })?;
                let leaf = $log::append_leaf(&mut tx, &sealed, e.registered_at).await?;
                tx.commit().await?;
                Ok(leaf)
            }

            async fn enterprise(
                &self,
                code: &yima_codes::enterprise::CreditCode,
            ) -> Result<Option<yima_domain::Enterprise>, crate::StoreError> {
                sqlx::query_as::<_, crate::rows::EnterpriseRow>(crate::sql::ENTERPRISE)
                    .bind(code.as_str())
                    .fetch_optional(&self.$readers)
                    .await
                    .map_err(crate::rows::decode_error)?
                    .map(crate::rows::EnterpriseRow::into_domain)
                    .transpose()
            }

            async fn enterprises(
                &self,
                after: Option<&yima_codes::enterprise::CreditCode>,
                limit: u32,
            ) -> Result<Vec<yima_domain::Enterprise>, crate::StoreError> {
                let rows = match after {
                    None => {
                        sqlx::query_as::<_, crate::rows::EnterpriseRow>(
                            crate::sql::ENTERPRISES_FIRST,
                        )
                        .bind(i64::from(limit))
                        .fetch_all(&self.$readers)
                        .await
                    }
                    Some(after) => {
                        sqlx::query_as::<_, crate::rows::EnterpriseRow>(
                            crate::sql::ENTERPRISES_AFTER,
                        )
                        .bind(after.as_str())
                        .bind(i64::from(limit))
                        .fetch_all(&self.$readers)
                        .await
                    }
                }
                .map_err(crate::rows::decode_error)?;
                rows.into_iter()
                    .map(crate::rows::EnterpriseRow::into_domain)
                    .collect()
            }

            async fn insert_product(
                &self,
                p: &yima_domain::Product,
            ) -> Result<uuid::Uuid, crate::StoreError> {
                let a = &p.approval;
                let sealed = crate::log::seal(p)?;
                let mut tx = self.$writer.begin().await?;
                sqlx::query(crate::sql::INSERT_PRODUCT)
                    .bind(p.id)
                    .bind(p.producer.as_str())
                    .bind(&p.name)
                    .bind(&p.model)
                    .bind(&p.category)
                    .bind(&p.standard)
                    .bind(p.gtin.as_ref().map(yima_codes::gs1::Gtin::as_str))
                    .bind(a.regime().as_str())
                    .bind(a.number())
                    .bind(a.status().as_str())
                    .bind($timestamp(a.checked_at()))
                    .bind($timestamp(p.registered_at))
                    .execute(&mut *tx)
                    .await
                    .map_err(|err| {
                        crate::common::insert_error(
                            err,
                            |c| crate::common::product_conflict(p, c),
                            || format!("enterprise {}", p.producer),
                        )
                    })?;
                let leaf = $log::append_leaf(&mut tx, &sealed, p.registered_at).await?;
                tx.commit().await?;
                Ok(leaf)
            }

            async fn product(
                &self,
                id: uuid::Uuid,
            ) -> Result<Option<yima_domain::Product>, crate::StoreError> {
                sqlx::query_as::<_, crate::rows::ProductRow>(crate::sql::PRODUCT)
                    .bind(id)
                    .fetch_optional(&self.$readers)
                    .await
                    .map_err(crate::rows::decode_error)?
                    .map(crate::rows::ProductRow::into_domain)
                    .transpose()
            }

            async fn product_by_gtin(
                &self,
                gtin: &yima_codes::gs1::Gtin,
            ) -> Result<Option<yima_domain::Product>, crate::StoreError> {
                sqlx::query_as::<_, crate::rows::ProductRow>(crate::sql::PRODUCT_BY_GTIN)
                    .bind(gtin.as_str())
                    .fetch_optional(&self.$readers)
                    .await
                    .map_err(crate::rows::decode_error)?
                    .map(crate::rows::ProductRow::into_domain)
                    .transpose()
            }

            async fn insert_batch(
                &self,
                b: &yima_domain::Batch,
            ) -> Result<uuid::Uuid, crate::StoreError> {
                let i = &b.inspection;
                let sealed = crate::log::seal(b)?;
                let mut tx = self.$writer.begin().await?;
                sqlx::query(crate::sql::INSERT_BATCH)
                    .bind(b.id)
                    .bind(b.product_id)
                    .bind(&b.lot)
                    .bind(b.production_date)
                    .bind(crate::common::quantity(b)?)
                    .bind(&b.unit_of_measure)
                    .bind(&i.certificate_number)
                    .bind(&i.issuer)
                    .bind(i.date)
                    .bind(i.result.as_str())
                    .bind(i.document_sha256.as_deref())
                    .bind($timestamp(b.registered_at))
                    .execute(&mut *tx)
                    .await
                    .map_err(|err| {
                        crate::common::insert_error(
                            err,
                            |c| crate::common::batch_conflict(b, c),
                            || format!("product {}", b.product_id),
                        )
                    })?;
                let leaf = $log::append_leaf(&mut tx, &sealed, b.registered_at).await?;
                tx.commit().await?;
                Ok(leaf)
            }

            async fn batch(
                &self,
                id: uuid::Uuid,
            ) -> Result<Option<yima_domain::Batch>, crate::StoreError> {
                sqlx::query_as::<_, crate::rows::BatchRow>(crate::sql::BATCH)
                    .bind(id)
                    .fetch_optional(&self.$readers)
                    .await
                    .map_err(crate::rows::decode_error)?
                    .map(crate::rows::BatchRow::into_domain)
                    .transpose()
            }

            async fn batch_by_lot(
                &self,
                product_id: uuid::Uuid,
                lot: &str,
            ) -> Result<Option<yima_domain::Batch>, crate::StoreError> {
                sqlx::query_as::<_, crate::rows::BatchRow>(crate::sql::BATCH_BY_LOT)
                    .bind(product_id)
                    .bind(lot)
                    .fetch_optional(&self.$readers)
                    .await
                    .map_err(crate::rows::decode_error)?
                    .map(crate::rows::BatchRow::into_domain)
                    .transpose()
            }

            async fn register_units(
                &self,
                batch: &yima_domain::Batch,
                units: &[yima_domain::UnitCode],
            ) -> Result<Option<uuid::Uuid>, crate::StoreError> {
                $register(&self.$writer, batch, units).await
            }

            async fn unit(
                &self,
                key: &str,
            ) -> Result<Option<yima_domain::UnitCode>, crate::StoreError> {
                sqlx::query_as::<_, crate::rows::UnitRow>(crate::sql::UNIT)
                    .bind(key)
                    .fetch_optional(&self.$readers)
                    .await
                    .map_err(crate::rows::decode_error)?
                    .map(crate::rows::UnitRow::into_domain)
                    .transpose()
            }

            async fn unit_count(&self, batch_id: uuid::Uuid) -> Result<u64, crate::StoreError> {
                let n: i64 = sqlx::query_scalar(crate::sql::UNIT_COUNT)
                    .bind(batch_id)
                    .fetch_one(&self.$readers)
                    .await?;
                Ok(n.max(0) as u64)
            }

            async fn lookup(
                &self,
                code: &yima_codes::TraceCode,
            ) -> Result<yima_domain::Found, crate::StoreError> {
                let gs1 = match code {
                    yima_codes::TraceCode::Gs1(gs1) => gs1,
                    yima_codes::TraceCode::Platform(platform) => {
                        return self.issued_unit(code, platform).await;
                    }
                    // Another scheme's code names its unit by its key alone.
                    _ => {
                        return sqlx::query_as::<_, crate::rows::UnitTreeRow>(
                            crate::sql::UNIT_TREE,
                        )
                        .bind(code.key())
                        .fetch_optional(&self.$readers)
                        .await
                        .map_err(crate::rows::decode_error)?
                        .map(crate::rows::UnitTreeRow::into_found)
                        .transpose()
                        .map(Option::unwrap_or_default);
                    }
                };
                if code.level() == yima_codes::scan::CodeLevel::Unit {
                    let tree = sqlx::query_as::<_, crate::rows::UnitTreeRow>(crate::sql::UNIT_TREE)
                        .bind(code.key())
                        .fetch_optional(&self.$readers)
                        .await
                        .map_err(crate::rows::decode_error)?;
                    if let Some(tree) = tree {
                        return tree.into_found();
                    }
                }
                let Some((product, producer)) = self.product_with_producer(&gs1.gtin).await? else {
                    return Ok(yima_domain::Found::default());
                };
                let batch = match (code.level(), &gs1.lot) {
                    (yima_codes::scan::CodeLevel::Batch, Some(lot)) => {
                        self.batch_by_lot(product.id, lot).await?
                    }
                    _ => None,
                };
                Ok(yima_domain::Found {
                    unit: None,
                    batch,
                    product: Some(product),
                    producer: Some(producer),
                })
            }

            async fn ping(&self) -> Result<(), crate::StoreError> {
                sqlx::query(crate::sql::PING)
                    .execute(&self.$readers)
                    .await?;
                Ok(())
            }

            async fn counts(&self) -> Result<crate::Counts, crate::StoreError> {
                let (e, p, b, u): (i64, i64, i64, i64) = sqlx::query_as(crate::sql::COUNTS)
                    .fetch_one(&self.$readers)
                    .await?;
                Ok(crate::Counts {
                    enterprises: e.max(0) as u64,
                    products: p.max(0) as u64,
                    batches: b.max(0) as u64,
                    unit_codes: u.max(0) as u64,
                })
            }

            async fn coverage(&self) -> Result<crate::Coverage, crate::StoreError> {
                let count = |n: i64| u64::try_from(n).unwrap_or(0);
                let categories: Vec<(String, i64, i64, i64, i64)> =
                    sqlx::query_as(crate::sql::COVERAGE_CATEGORIES)
                        .fetch_all(&self.$readers)
                        .await?;
                let regions: Vec<(String, i64)> = sqlx::query_as(crate::sql::COVERAGE_REGIONS)
                    .fetch_all(&self.$readers)
                    .await?;
                let (sales, unmatched): (i64, i64) = sqlx::query_as(crate::sql::COVERAGE_SALES)
                    .fetch_one(&self.$readers)
                    .await?;
                Ok(crate::Coverage {
                    categories: categories
                        .into_iter()
                        .map(|(category, producers, products, batches, unit_codes)| {
                            crate::CategoryCoverage {
                                category,
                                producers: count(producers),
                                products: count(products),
                                batches: count(batches),
                                unit_codes: count(unit_codes),
                            }
                        })
                        .collect(),
                    regions: regions
                        .into_iter()
                        .map(|(province, enterprises)| crate::RegionCoverage {
                            province,
                            enterprises: count(enterprises),
                        })
                        .collect(),
                    sales: count(sales),
                    sales_unmatched: count(unmatched),
                })
            }

            async fn scan_marks(
                &self,
                batch: Option<(&yima_codes::gs1::Gtin, &str)>,
                keys: &[String],
            ) -> Result<crate::ScanMarks, crate::StoreError> {
                let (gtin, lot) = batch.map_or(("", ""), |(g, l)| (g.as_str(), l));
                let mut q = sqlx::QueryBuilder::new(
                    "SELECT EXISTS (SELECT 1 FROM recall_notice_batches WHERE gtin = ",
                );
                q.push_bind(gtin);
                q.push(" AND lot = ");
                q.push_bind(lot);
                q.push("), ");
                if keys.is_empty() {
                    q.push("1 = 0");
                } else {
                    q.push(
                        "EXISTS (SELECT 1 FROM epcis_event_epcs x \
                         JOIN epcis_anomalies a ON a.event = x.event WHERE x.epc IN (",
                    );
                    let mut list = q.separated(", ");
                    for key in keys {
                        list.push_bind(key.as_str());
                    }
                    q.push(") AND a.epc IN (");
                    let mut list = q.separated(", ");
                    for key in keys {
                        list.push_bind(key.as_str());
                    }
                    q.push("))");
                }
                let (recalled, anomalous): (bool, bool) =
                    q.build_query_as().fetch_one(&self.$readers).await?;
                Ok(crate::ScanMarks {
                    recalled,
                    anomalous,
                })
            }

            async fn products_of(
                &self,
                producer: &yima_codes::enterprise::CreditCode,
            ) -> Result<Vec<yima_domain::Product>, crate::StoreError> {
                sqlx::query_as::<_, crate::rows::ProductRow>(crate::sql::PRODUCTS_OF)
                    .bind(producer.as_str())
                    .fetch_all(&self.$readers)
                    .await
                    .map_err(crate::rows::decode_error)?
                    .into_iter()
                    .map(crate::rows::ProductRow::into_domain)
                    .collect()
            }

            async fn insert_issuing_key(
                &self,
                key: &yima_domain::IssuingKeyRecord,
            ) -> Result<Option<uuid::Uuid>, crate::StoreError> {
                let sealed = crate::log::seal(key)?;
                let mut tx = self.$writer.begin().await?;
                let done = sqlx::query(crate::sql::INSERT_ISSUING_KEY)
                    .bind(i32::from(key.id))
                    .bind(&key.fingerprint)
                    .bind($timestamp(key.created_at))
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| {
                        crate::common::insert_error(
                            e,
                            |_| format!("issuing key {}", key.id),
                            || "a referenced record".to_owned(),
                        )
                    })?;
                if done.rows_affected() != 1 {
                    return Ok(None);
                }
                let leaf = $log::append_leaf(&mut tx, &sealed, key.created_at).await?;
                tx.commit().await?;
                Ok(Some(leaf))
            }

            async fn issuing_key(
                &self,
                id: u16,
            ) -> Result<Option<yima_domain::IssuingKeyRecord>, crate::StoreError> {
                let row: Option<(i32, String, chrono::DateTime<chrono::Utc>)> =
                    sqlx::query_as(crate::sql::ISSUING_KEY)
                        .bind(i32::from(id))
                        .fetch_optional(&self.$readers)
                        .await
                        .map_err(crate::rows::decode_error)?;
                row.map(|(id, fingerprint, created_at)| {
                    Ok(yima_domain::IssuingKeyRecord {
                        id: u16::try_from(id).map_err(|_| crate::StoreError::Corrupt {
                            what: "issuing_keys.id".to_owned(),
                            problem: format!("{id} is out of range"),
                        })?,
                        fingerprint,
                        created_at,
                    })
                })
                .transpose()
            }

            async fn insert_issuance(
                &self,
                batch: &yima_domain::Batch,
                issuance: &yima_domain::Issuance,
            ) -> Result<uuid::Uuid, crate::StoreError> {
                $issue(&self.$writer, batch, issuance).await
            }

            async fn issuance(
                &self,
                key_id: u16,
                number: u64,
            ) -> Result<Option<(yima_domain::Issuance, yima_domain::Found)>, crate::StoreError>
            {
                // Numbers beyond i64 are never stored.
                let Ok(number) = i64::try_from(number) else {
                    return Ok(None);
                };
                sqlx::query_as::<_, crate::rows::IssuanceTreeRow>(crate::sql::ISSUANCE_TREE)
                    .bind(i32::from(key_id))
                    .bind(number)
                    .fetch_optional(&self.$readers)
                    .await
                    .map_err(crate::rows::decode_error)?
                    .map(crate::rows::IssuanceTreeRow::into_domain)
                    .transpose()
            }

            async fn insert_audit_batch(
                &self,
                b: &yima_domain::AuditBatch,
            ) -> Result<uuid::Uuid, crate::StoreError> {
                crate::audit::check(b)?;
                let sealed = crate::log::seal(b)?;
                let what = || format!("audit batch {}", b.id);
                let mut tx = self.$writer.begin().await?;
                sqlx::query(crate::audit::INSERT_BATCH)
                    .bind(b.id)
                    .bind($timestamp(b.recorded_at))
                    .execute(&mut *tx)
                    .await
                    .map_err(|err| crate::common::insert_error(err, |_| what(), what))?;
                for (chunk_index, chunk) in b.entries.chunks(crate::audit::CHUNK).enumerate() {
                    let sql = crate::audit::insert_entries(chunk.len());
                    let mut query = sqlx::query(&sql);
                    for (i, e) in chunk.iter().enumerate() {
                        let position =
                            crate::audit::position(chunk_index * crate::audit::CHUNK + i)?;
                        query = query
                            .bind(b.id)
                            .bind(position)
                            .bind($timestamp(e.at))
                            .bind(e.account.as_deref())
                            .bind(e.key_id.as_deref())
                            .bind(&e.method)
                            .bind(&e.route)
                            .bind(&e.target)
                            .bind(i32::from(e.status))
                            .bind(e.address.as_deref())
                            .bind(e.request_id.as_deref());
                    }
                    query
                        .execute(&mut *tx)
                        .await
                        .map_err(|err| crate::common::insert_error(err, |_| what(), what))?;
                }
                let leaf = $log::append_leaf(&mut tx, &sealed, b.recorded_at).await?;
                tx.commit().await?;
                Ok(leaf)
            }

            async fn audit_batch(
                &self,
                id: uuid::Uuid,
            ) -> Result<Option<yima_domain::AuditBatch>, crate::StoreError> {
                let recorded_at: Option<chrono::DateTime<chrono::Utc>> =
                    sqlx::query_scalar(crate::audit::BATCH)
                        .bind(id)
                        .fetch_optional(&self.$readers)
                        .await
                        .map_err(crate::rows::decode_error)?;
                let Some(recorded_at) = recorded_at else {
                    return Ok(None);
                };
                // The entries commit with their batch and are never removed: once the batch
                // is seen, all of them are.
                let rows: Vec<crate::audit::EntryRow> =
                    sqlx::query_as(crate::audit::ENTRIES_OF_BATCH)
                        .bind(id)
                        .fetch_all(&self.$readers)
                        .await
                        .map_err(crate::rows::decode_error)?;
                crate::audit::batch(id, recorded_at, rows).map(Some)
            }

            async fn audit_entries(
                &self,
                account: Option<&str>,
                before: Option<chrono::DateTime<chrono::Utc>>,
                limit: u32,
            ) -> Result<Vec<(uuid::Uuid, yima_domain::AuditEntry)>, crate::StoreError> {
                let limit = i64::from(limit.min(crate::audit::MAX_LISTED));
                let before = before.map(crate::audit::before_bound).map($timestamp);
                let rows: Vec<crate::audit::EntryRow> = match (account, before) {
                    (None, None) => {
                        sqlx::query_as(crate::audit::ENTRIES)
                            .bind(limit)
                            .fetch_all(&self.$readers)
                            .await
                    }
                    (None, Some(before)) => {
                        sqlx::query_as(crate::audit::ENTRIES_BEFORE)
                            .bind(before)
                            .bind(limit)
                            .fetch_all(&self.$readers)
                            .await
                    }
                    (Some(account), None) => {
                        sqlx::query_as(crate::audit::ENTRIES_OF)
                            .bind(account)
                            .bind(limit)
                            .fetch_all(&self.$readers)
                            .await
                    }
                    (Some(account), Some(before)) => {
                        sqlx::query_as(crate::audit::ENTRIES_OF_BEFORE)
                            .bind(account)
                            .bind(before)
                            .bind(limit)
                            .fetch_all(&self.$readers)
                            .await
                    }
                }
                .map_err(crate::rows::decode_error)?;
                rows.into_iter()
                    .map(|row| crate::audit::decode(row).map(|(batch, _, entry)| (batch, entry)))
                    .collect()
            }

            async fn insert_submission_key(
                &self,
                k: &yima_domain::SubmissionKey,
            ) -> Result<uuid::Uuid, crate::StoreError> {
                crate::submissions::check_key(k)?;
                let sealed = crate::log::seal(k)?;
                let mut tx = self.$writer.begin_with($write_begin).await?;
                let done = sqlx::query(crate::submissions::INSERT_KEY)
                    .bind(k.id)
                    .bind(k.enterprise.as_str())
                    .bind(&k.public_key[..])
                    .bind(&k.label)
                    .bind(&k.registered_by)
                    .bind($timestamp(k.registered_at))
                    .execute(&mut *tx)
                    .await;
                if let Err(err) = done {
                    let err = crate::common::insert_error(
                        err,
                        |c| crate::submissions::key_conflict(k, c),
                        String::new,
                    );
                    let crate::StoreError::MissingReference { .. } = err else {
                        return Err(err);
                    };
                    // Either reference may be the missing one, and neither engine's error
                    // says which as the other does: ask, once the transaction (which holds
                    // SQLite's one writer) is given up. Enterprises and accounts are never
                    // removed.
                    tx.rollback().await?;
                    let (enterprise, account): (bool, bool) =
                        sqlx::query_as(crate::submissions::KEY_REFERENCES)
                            .bind(k.enterprise.as_str())
                            .bind(&k.registered_by)
                            .fetch_one(&self.$writer)
                            .await?;
                    let what = if !enterprise {
                        format!("enterprise {}", k.enterprise)
                    } else if !account {
                        format!("account {}", k.registered_by)
                    } else {
                        format!("enterprise {} or account {}", k.enterprise, k.registered_by)
                    };
                    return Err(crate::StoreError::MissingReference { what });
                }
                let leaf = $log::append_leaf(&mut tx, &sealed, k.registered_at).await?;
                tx.commit().await?;
                Ok(leaf)
            }

            async fn submission_key(
                &self,
                id: uuid::Uuid,
            ) -> Result<
                Option<(
                    yima_domain::SubmissionKey,
                    Option<yima_domain::SubmissionKeyRevocation>,
                )>,
                crate::StoreError,
            > {
                sqlx::query_as::<_, crate::submissions::KeyRow>(crate::submissions::KEY)
                    .bind(id)
                    .fetch_optional(&self.$readers)
                    .await
                    .map_err(crate::rows::decode_error)?
                    .map(crate::submissions::decode_key)
                    .transpose()
            }

            async fn submission_keys_of(
                &self,
                enterprise: &yima_codes::enterprise::CreditCode,
            ) -> Result<
                Vec<(
                    yima_domain::SubmissionKey,
                    Option<yima_domain::SubmissionKeyRevocation>,
                )>,
                crate::StoreError,
            > {
                sqlx::query_as::<_, crate::submissions::KeyRow>(crate::submissions::KEYS_OF)
                    .bind(enterprise.as_str())
                    .fetch_all(&self.$readers)
                    .await
                    .map_err(crate::rows::decode_error)?
                    .into_iter()
                    .map(crate::submissions::decode_key)
                    .collect()
            }

            async fn insert_submission_key_revocation(
                &self,
                r: &yima_domain::SubmissionKeyRevocation,
            ) -> Result<uuid::Uuid, crate::StoreError> {
                crate::submissions::check_revocation(r)?;
                let sealed = crate::log::seal(r)?;
                let what = || format!("the revocation of submission key {}", r.key_id);
                // The key's row is held (on PostgreSQL FOR UPDATE, which waits for the
                // submissions that hold it FOR SHARE and makes later ones wait) until the
                // revocation commits; then the revocations are read, in a statement that
                // sees what committed before it.
                let mut tx = self.$writer.begin_with($write_begin).await?;
                let enterprise: Option<String> =
                    sqlx::query_scalar(concat!(crate::submissions::key_enterprise!(), $key_update))
                        .bind(r.key_id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(crate::rows::decode_error)?;
                let Some(enterprise) = enterprise else {
                    return Err(crate::StoreError::MissingReference {
                        what: format!("submission key {}", r.key_id),
                    });
                };
                crate::submissions::check_enterprise(
                    &what(),
                    r.key_id,
                    &enterprise,
                    &r.enterprise,
                )?;
                let revoked: Option<chrono::DateTime<chrono::Utc>> =
                    sqlx::query_scalar(crate::submissions::REVOKED_AT)
                        .bind(r.key_id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(crate::rows::decode_error)?;
                if revoked.is_some() {
                    return Err(crate::StoreError::Conflict { what: what() });
                }
                // No submission under the key may have been received at or after the
                // revocation's time: it would have been refused had the revocation come first.
                let received: Option<(uuid::Uuid, chrono::DateTime<chrono::Utc>)> =
                    sqlx::query_as(crate::submissions::RECEIVED_SINCE)
                        .bind(r.enterprise.as_str())
                        .bind($timestamp(r.revoked_at))
                        .bind(r.key_id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(crate::rows::decode_error)?;
                crate::submissions::check_not_backdated(r, received)?;
                sqlx::query(crate::submissions::INSERT_REVOCATION)
                    .bind(r.key_id)
                    .bind(r.enterprise.as_str())
                    .bind(&r.reason)
                    .bind(&r.revoked_by)
                    .bind($timestamp(r.revoked_at))
                    .execute(&mut *tx)
                    .await
                    .map_err(|err| {
                        // The key, with this enterprise, is there: the account is missing.
                        crate::common::insert_error(
                            err,
                            |_| what(),
                            || format!("account {}", r.revoked_by),
                        )
                    })?;
                let leaf = $log::append_leaf(&mut tx, &sealed, r.revoked_at).await?;
                tx.commit().await?;
                Ok(leaf)
            }

            async fn insert_signed_submission(
                &self,
                s: &yima_domain::SignedSubmission,
            ) -> Result<uuid::Uuid, crate::StoreError> {
                crate::submissions::check_submission(s)?;
                let sealed = crate::log::seal(s)?;
                let what = format!("signed submission {}", s.id);
                // The key's row is held (on PostgreSQL FOR SHARE: submissions under one key
                // do not wait for each other, only for a revocation, which holds it FOR
                // UPDATE) until the submission commits; then the revocation is read, in a
                // statement that sees what committed before it.
                let mut tx = self.$writer.begin_with($write_begin).await?;
                let enterprise: Option<String> =
                    sqlx::query_scalar(concat!(crate::submissions::key_enterprise!(), $key_share))
                        .bind(s.key_id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(crate::rows::decode_error)?;
                let Some(enterprise) = enterprise else {
                    return Err(crate::StoreError::MissingReference {
                        what: format!("submission key {}", s.key_id),
                    });
                };
                crate::submissions::check_enterprise(&what, s.key_id, &enterprise, &s.enterprise)?;
                let revoked_at: Option<chrono::DateTime<chrono::Utc>> =
                    sqlx::query_scalar(crate::submissions::REVOKED_AT)
                        .bind(s.key_id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(crate::rows::decode_error)?;
                crate::submissions::check_not_revoked(s, revoked_at)?;
                sqlx::query(crate::submissions::INSERT_SUBMISSION)
                    .bind(s.id)
                    .bind(s.key_id)
                    .bind(s.enterprise.as_str())
                    .bind(&s.method)
                    .bind(&s.target)
                    .bind($timestamp(s.signed_at))
                    .bind(&s.body[..])
                    .bind(&s.body_sha256()[..])
                    .bind(&s.signature[..])
                    .bind(s.request_id.as_deref())
                    .bind($timestamp(s.received_at))
                    .execute(&mut *tx)
                    .await
                    .map_err(|err| {
                        crate::common::insert_error(
                            err,
                            |_| what.clone(),
                            || format!("submission key {}", s.key_id),
                        )
                    })?;
                let leaf = $log::append_leaf(&mut tx, &sealed, s.received_at).await?;
                tx.commit().await?;
                Ok(leaf)
            }

            async fn signed_submission(
                &self,
                id: uuid::Uuid,
            ) -> Result<Option<yima_domain::SignedSubmission>, crate::StoreError> {
                sqlx::query_as::<_, crate::submissions::SubmissionRow>(
                    crate::submissions::SUBMISSION,
                )
                .bind(id)
                .fetch_optional(&self.$readers)
                .await
                .map_err(crate::rows::decode_error)?
                .map(crate::submissions::decode_submission)
                .transpose()
            }

            async fn signed_submissions_of(
                &self,
                enterprise: &yima_codes::enterprise::CreditCode,
                before: Option<chrono::DateTime<chrono::Utc>>,
                limit: u32,
            ) -> Result<Vec<yima_domain::SignedSubmission>, crate::StoreError> {
                let limit = i64::from(limit.min(crate::submissions::MAX_LISTED));
                let rows: Vec<crate::submissions::SubmissionRow> = match before {
                    None => {
                        sqlx::query_as(crate::submissions::SUBMISSIONS_OF)
                            .bind(enterprise.as_str())
                            .bind(limit)
                            .fetch_all(&self.$readers)
                            .await
                    }
                    Some(before) => {
                        sqlx::query_as(crate::submissions::SUBMISSIONS_OF_BEFORE)
                            .bind(enterprise.as_str())
                            .bind($timestamp(crate::audit::before_bound(before)))
                            .bind(limit)
                            .fetch_all(&self.$readers)
                            .await
                    }
                }
                .map_err(crate::rows::decode_error)?;
                rows.into_iter()
                    .map(crate::submissions::decode_submission)
                    .collect()
            }

            async fn open_recall(
                &self,
                n: &yima_domain::RecallNotice,
            ) -> Result<uuid::Uuid, crate::StoreError> {
                crate::recalls::check_notice(n)?;
                let sealed = crate::log::seal(n)?;
                let what = || format!("recall notice {}", n.id);
                let mut tx = self.$writer.begin().await?;
                sqlx::query(crate::recalls::INSERT_NOTICE)
                    .bind(n.id)
                    .bind(&n.reason)
                    .bind(&n.opened_by)
                    .bind($timestamp(n.opened_at))
                    .execute(&mut *tx)
                    .await
                    .map_err(|err| {
                        crate::common::insert_error(
                            err,
                            |_| what(),
                            || format!("account {}", n.opened_by),
                        )
                    })?;
                // Every batch in one statement (at most 100, four values each).
                let sql = crate::recalls::insert_batches(n.batches.len());
                let mut query = sqlx::query(&sql);
                for (i, b) in n.batches.iter().enumerate() {
                    query = query
                        .bind(n.id)
                        .bind(crate::recalls::position(i)?)
                        .bind(b.gtin.as_str())
                        .bind(&b.lot);
                }
                // The notice is there and its batches were checked distinct: a violation here
                // is the schema's, reported as such.
                query
                    .execute(&mut *tx)
                    .await
                    .map_err(|err| crate::common::insert_error(err, |_| what(), what))?;
                let leaf = $log::append_leaf(&mut tx, &sealed, n.opened_at).await?;
                tx.commit().await?;
                Ok(leaf)
            }

            async fn recall_notice(
                &self,
                id: uuid::Uuid,
            ) -> Result<Option<yima_domain::RecallNotice>, crate::StoreError> {
                let rows: Vec<crate::recalls::NoticeRow> = sqlx::query_as(crate::recalls::NOTICE)
                    .bind(id)
                    .fetch_all(&self.$readers)
                    .await
                    .map_err(crate::rows::decode_error)?;
                crate::recalls::decode_notice(rows)
            }

            async fn recall_notices(
                &self,
                after: Option<uuid::Uuid>,
                limit: u32,
            ) -> Result<Vec<yima_domain::RecallNotice>, crate::StoreError> {
                let limit = i64::from(limit.min(crate::recalls::MAX_LISTED));
                let rows: Vec<crate::recalls::NoticeRow> = match after {
                    None => {
                        sqlx::query_as(crate::recalls::NOTICES)
                            .bind(limit)
                            .fetch_all(&self.$readers)
                            .await
                    }
                    Some(after) => {
                        // The cursor's place in the order, by its primary key; the page is
                        // then a range of the (opened_at, id) index.
                        let opened_at: Option<chrono::DateTime<chrono::Utc>> =
                            sqlx::query_scalar(crate::recalls::OPENED_AT)
                                .bind(after)
                                .fetch_optional(&self.$readers)
                                .await
                                .map_err(crate::rows::decode_error)?;
                        let Some(opened_at) = opened_at else {
                            return Ok(Vec::new());
                        };
                        sqlx::query_as(crate::recalls::NOTICES_BEFORE)
                            .bind($timestamp(opened_at))
                            .bind(after)
                            .bind(limit)
                            .fetch_all(&self.$readers)
                            .await
                    }
                }
                .map_err(crate::rows::decode_error)?;
                crate::recalls::decode_notices(rows)
            }

            async fn recall_notices_for_batch(
                &self,
                gtin: &yima_codes::gs1::Gtin,
                lot: &str,
            ) -> Result<Vec<yima_domain::RecallNotice>, crate::StoreError> {
                let rows: Vec<crate::recalls::NoticeRow> =
                    sqlx::query_as(crate::recalls::NOTICES_OF_BATCH)
                        .bind(gtin.as_str())
                        .bind(lot)
                        .fetch_all(&self.$readers)
                        .await
                        .map_err(crate::rows::decode_error)?;
                crate::recalls::decode_notices(rows)
            }

            async fn acknowledge_recall(
                &self,
                a: &yima_domain::RecallAcknowledgement,
            ) -> Result<uuid::Uuid, crate::StoreError> {
                crate::recalls::check_acknowledgement(a)?;
                let sealed = crate::log::seal(a)?;
                // No row lock: a notice is never removed, and of two acknowledgements by one
                // enterprise racing, the primary key stores one and refuses the other.
                let mut tx = self.$writer.begin_with($write_begin).await?;
                let opened_at: Option<chrono::DateTime<chrono::Utc>> =
                    sqlx::query_scalar(crate::recalls::OPENED_AT)
                        .bind(a.recall)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(crate::rows::decode_error)?;
                let Some(opened_at) = opened_at else {
                    return Err(crate::StoreError::MissingReference {
                        what: format!("recall notice {}", a.recall),
                    });
                };
                crate::recalls::check_not_before(a, opened_at)?;
                let done = sqlx::query(crate::recalls::INSERT_ACKNOWLEDGEMENT)
                    .bind(a.recall)
                    .bind(a.enterprise.as_str())
                    .bind(&a.account)
                    .bind($timestamp(a.acknowledged_at))
                    .bind(a.note.as_deref())
                    .execute(&mut *tx)
                    .await;
                if let Err(err) = done {
                    let err = crate::common::insert_error(
                        err,
                        |_| crate::recalls::acknowledgement_conflict(a),
                        String::new,
                    );
                    let crate::StoreError::MissingReference { .. } = err else {
                        return Err(err);
                    };
                    // The notice is there: the enterprise or the account is missing, and
                    // neither engine's error says which as the other does. Ask, once the
                    // transaction (which holds SQLite's one writer) is given up; enterprises
                    // and accounts are never removed.
                    tx.rollback().await?;
                    let found: (bool, bool) =
                        sqlx::query_as(crate::recalls::ACKNOWLEDGEMENT_REFERENCES)
                            .bind(a.enterprise.as_str())
                            .bind(&a.account)
                            .fetch_one(&self.$writer)
                            .await?;
                    return Err(crate::StoreError::MissingReference {
                        what: crate::recalls::acknowledgement_missing(a, found),
                    });
                }
                let leaf = $log::append_leaf(&mut tx, &sealed, a.acknowledged_at).await?;
                tx.commit().await?;
                Ok(leaf)
            }

            async fn recall_acknowledgement(
                &self,
                recall: uuid::Uuid,
                enterprise: &yima_codes::enterprise::CreditCode,
            ) -> Result<Option<yima_domain::RecallAcknowledgement>, crate::StoreError> {
                sqlx::query_as::<_, crate::recalls::AcknowledgementRow>(
                    crate::recalls::ACKNOWLEDGEMENT,
                )
                .bind(recall)
                .bind(enterprise.as_str())
                .fetch_optional(&self.$readers)
                .await
                .map_err(crate::rows::decode_error)?
                .map(crate::recalls::decode_acknowledgement)
                .transpose()
            }

            async fn recalls_acknowledged_by(
                &self,
                enterprise: &yima_codes::enterprise::CreditCode,
                recalls: &[uuid::Uuid],
            ) -> Result<Vec<uuid::Uuid>, crate::StoreError> {
                let mut acknowledged = Vec::new();
                for chunk in recalls.chunks(1_000) {
                    let mut q = sqlx::QueryBuilder::new(
                        "SELECT recall FROM recall_acknowledgements WHERE enterprise = ",
                    );
                    q.push_bind(enterprise.as_str());
                    q.push(" AND recall IN (");
                    let mut list = q.separated(", ");
                    for recall in chunk {
                        list.push_bind(*recall);
                    }
                    q.push(")");
                    let rows: Vec<(uuid::Uuid,)> =
                        q.build_query_as().fetch_all(&self.$readers).await?;
                    acknowledged.extend(rows.into_iter().map(|(recall,)| recall));
                }
                Ok(acknowledged)
            }

            async fn recall_acknowledgements(
                &self,
                recall: uuid::Uuid,
            ) -> Result<Vec<yima_domain::RecallAcknowledgement>, crate::StoreError> {
                sqlx::query_as::<_, crate::recalls::AcknowledgementRow>(
                    crate::recalls::ACKNOWLEDGEMENTS,
                )
                .bind(recall)
                .fetch_all(&self.$readers)
                .await
                .map_err(crate::rows::decode_error)?
                .into_iter()
                .map(crate::recalls::decode_acknowledgement)
                .collect()
            }

            async fn insert_password(
                &self,
                p: &yima_domain::access::login::PasswordRecord,
            ) -> Result<(), crate::StoreError> {
                // A UUIDv7, increasing within the process: of two passwords set in the same
                // microsecond, the later one set is in force.
                let done = sqlx::query(crate::sql::INSERT_PASSWORD)
                    .bind(uuid::Uuid::now_v7())
                    .bind(&p.account)
                    .bind(&p.hash)
                    .bind($timestamp(p.set_at))
                    .bind(&p.set_by)
                    .execute(&self.$writer)
                    .await;
                let Err(err) = done else {
                    return Ok(());
                };
                let err = crate::common::insert_error(
                    err,
                    |_| format!("a password of account {}", p.account),
                    String::new,
                );
                let crate::StoreError::MissingReference { .. } = err else {
                    return Err(err);
                };
                // Either account may be the missing one, and neither engine's error says
                // which as the other does: ask. Accounts are never removed.
                let (account, set_by): (bool, bool) =
                    sqlx::query_as(crate::sql::PASSWORD_REFERENCES)
                        .bind(&p.account)
                        .bind(&p.set_by)
                        .fetch_one(&self.$writer)
                        .await?;
                let what = if !account {
                    format!("account {}", p.account)
                } else if !set_by {
                    format!("account {}", p.set_by)
                } else {
                    format!("account {} or account {}", p.account, p.set_by)
                };
                Err(crate::StoreError::MissingReference { what })
            }

            async fn current_password(
                &self,
                account: &str,
            ) -> Result<Option<yima_domain::access::login::PasswordRecord>, crate::StoreError> {
                Ok(
                    sqlx::query_as::<_, crate::rows::PasswordRow>(crate::sql::CURRENT_PASSWORD)
                        .bind(account)
                        .fetch_optional(&self.$readers)
                        .await
                        .map_err(crate::rows::decode_error)?
                        .map(crate::rows::PasswordRow::into_domain),
                )
            }

            async fn insert_session(
                &self,
                s: &yima_domain::access::login::Session,
            ) -> Result<(), crate::StoreError> {
                sqlx::query(crate::sql::INSERT_SESSION)
                    .bind(&s.secret_sha256)
                    .bind(&s.account)
                    .bind(&s.csrf_sha256)
                    .bind($timestamp(s.created_at))
                    .bind($timestamp(s.expires_at))
                    .execute(&self.$writer)
                    .await
                    .map_err(|err| {
                        crate::common::insert_error(
                            err,
                            |_| crate::common::session_conflict(),
                            || format!("account {}", s.account),
                        )
                    })?;
                Ok(())
            }

            async fn session(
                &self,
                secret_sha256: &str,
            ) -> Result<
                Option<(
                    yima_domain::access::login::Session,
                    yima_domain::Account,
                    Option<chrono::DateTime<chrono::Utc>>,
                )>,
                crate::StoreError,
            > {
                sqlx::query_as::<_, crate::rows::SessionRow>(crate::sql::SESSION)
                    .bind(secret_sha256)
                    .fetch_optional(&self.$readers)
                    .await
                    .map_err(crate::rows::decode_error)?
                    .map(crate::rows::SessionRow::into_domain)
                    .transpose()
            }

            async fn end_session(
                &self,
                secret_sha256: &str,
                at: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, crate::StoreError> {
                let done = sqlx::query(crate::sql::END_SESSION)
                    .bind(secret_sha256)
                    .bind($timestamp(at))
                    .execute(&self.$writer)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn insert_login_failure(
                &self,
                f: &yima_domain::access::login::LoginFailure,
            ) -> Result<(), crate::StoreError> {
                sqlx::query(crate::sql::INSERT_LOGIN_FAILURE)
                    .bind(&f.account)
                    .bind($timestamp(f.at))
                    .bind(f.address.as_deref())
                    .execute(&self.$writer)
                    .await
                    .map_err(|err| {
                        crate::common::insert_error(
                            err,
                            |_| "a failed login".to_owned(),
                            || "a referenced record".to_owned(),
                        )
                    })?;
                Ok(())
            }

            async fn login_failures_since(
                &self,
                account: &str,
                since: chrono::DateTime<chrono::Utc>,
            ) -> Result<Vec<chrono::DateTime<chrono::Utc>>, crate::StoreError> {
                sqlx::query_scalar(crate::sql::LOGIN_FAILURES_SINCE)
                    .bind(account)
                    .bind($timestamp(since))
                    .fetch_all(&self.$readers)
                    .await
                    .map_err(crate::rows::decode_error)
            }

            async fn insert_account(
                &self,
                a: &yima_domain::Account,
            ) -> Result<bool, crate::StoreError> {
                let columns = crate::rows::AccountColumns::of(a)?;
                let done = sqlx::query(crate::sql::INSERT_ACCOUNT)
                    .bind(&a.id)
                    .bind(columns.kind)
                    .bind(columns.enterprise)
                    .bind(columns.producer)
                    .bind(columns.seller)
                    .bind(columns.name)
                    .bind(columns.members)
                    .bind(columns.jurisdiction)
                    .bind(columns.categories)
                    .bind($timestamp(a.created_at))
                    .execute(&self.$writer)
                    .await
                    .map_err(|err| {
                        crate::common::insert_error(
                            err,
                            |_| format!("account {}", a.id),
                            || "a referenced record".to_owned(),
                        )
                    })?;
                Ok(done.rows_affected() == 1)
            }

            async fn account(
                &self,
                id: &str,
            ) -> Result<Option<yima_domain::Account>, crate::StoreError> {
                sqlx::query_as::<_, crate::rows::AccountRow>(crate::sql::ACCOUNT)
                    .bind(id)
                    .fetch_optional(&self.$readers)
                    .await
                    .map_err(crate::rows::decode_error)?
                    .map(crate::rows::AccountRow::into_domain)
                    .transpose()
            }

            async fn insert_api_key(
                &self,
                k: &yima_domain::ApiKey,
            ) -> Result<bool, crate::StoreError> {
                let done = sqlx::query(crate::sql::INSERT_API_KEY)
                    .bind(&k.id)
                    .bind(&k.account)
                    .bind(&k.secret_sha256)
                    .bind(k.scope.as_str())
                    .bind($timestamp(k.created_at))
                    .bind(k.expires_at.map($timestamp))
                    .execute(&self.$writer)
                    .await
                    .map_err(|err| {
                        crate::common::insert_error(
                            err,
                            |_| crate::common::key_conflict(),
                            || format!("account {}", k.account),
                        )
                    })?;
                Ok(done.rows_affected() == 1)
            }

            async fn key_grant(
                &self,
                secret_sha256: &str,
            ) -> Result<Option<yima_domain::KeyGrant>, crate::StoreError> {
                sqlx::query_as::<_, crate::rows::KeyGrantRow>(crate::sql::KEY_GRANT)
                    .bind(secret_sha256)
                    .fetch_optional(&self.$readers)
                    .await
                    .map_err(crate::rows::decode_error)?
                    .map(crate::rows::KeyGrantRow::into_domain)
                    .transpose()
            }

            async fn api_key(
                &self,
                id: &str,
            ) -> Result<
                Option<(yima_domain::ApiKey, Option<chrono::DateTime<chrono::Utc>>)>,
                crate::StoreError,
            > {
                sqlx::query_as::<_, crate::rows::RevocableKeyRow>(crate::sql::API_KEY)
                    .bind(id)
                    .fetch_optional(&self.$readers)
                    .await
                    .map_err(crate::rows::decode_error)?
                    .map(crate::rows::RevocableKeyRow::into_domain)
                    .transpose()
            }

            async fn api_keys_of(
                &self,
                account: &str,
            ) -> Result<
                Vec<(yima_domain::ApiKey, Option<chrono::DateTime<chrono::Utc>>)>,
                crate::StoreError,
            > {
                sqlx::query_as::<_, crate::rows::RevocableKeyRow>(crate::sql::API_KEYS_OF)
                    .bind(account)
                    .fetch_all(&self.$readers)
                    .await
                    .map_err(crate::rows::decode_error)?
                    .into_iter()
                    .map(crate::rows::RevocableKeyRow::into_domain)
                    .collect()
            }

            async fn revoke_api_key(
                &self,
                r: &yima_domain::KeyRevocation,
            ) -> Result<bool, crate::StoreError> {
                let done = sqlx::query(crate::sql::INSERT_KEY_REVOCATION)
                    .bind(&r.key_id)
                    .bind($timestamp(r.revoked_at))
                    .bind(&r.revoked_by)
                    .execute(&self.$writer)
                    .await;
                match done {
                    Ok(done) => Ok(done.rows_affected() == 1),
                    Err(err) => {
                        let err = crate::common::insert_error(
                            err,
                            |_| format!("the revocation of API key {}", r.key_id),
                            String::new,
                        );
                        let crate::StoreError::MissingReference { .. } = err else {
                            return Err(err);
                        };
                        // Either reference may be the missing one, and neither engine's
                        // error says which as the other does: ask. Keys and accounts are
                        // never removed, so one that exists now existed at the insert.
                        let (key, account): (bool, bool) =
                            sqlx::query_as(crate::sql::REVOCATION_REFERENCES)
                                .bind(&r.key_id)
                                .bind(&r.revoked_by)
                                .fetch_one(&self.$writer)
                                .await?;
                        let what = if !key {
                            format!("API key {}", r.key_id)
                        } else if !account {
                            format!("account {}", r.revoked_by)
                        } else {
                            format!("API key {} or account {}", r.key_id, r.revoked_by)
                        };
                        Err(crate::StoreError::MissingReference { what })
                    }
                }
            }

            async fn insert_correction(
                &self,
                c: &yima_domain::Correction,
            ) -> Result<uuid::Uuid, crate::StoreError> {
                let sealed = crate::log::seal(c)?;
                let changes = crate::corrections::changes_text(c)?;
                let mut tx = self.$writer.begin().await?;
                let (sql, key) = crate::corrections::subject_query(&c.subject)?;
                let exists: Option<i32> = match key {
                    crate::corrections::SubjectKey::Text(k) => {
                        sqlx::query_scalar(sql)
                            .bind(k)
                            .fetch_optional(&mut *tx)
                            .await?
                    }
                    crate::corrections::SubjectKey::Id(id) => {
                        sqlx::query_scalar(sql)
                            .bind(id)
                            .fetch_optional(&mut *tx)
                            .await?
                    }
                };
                if exists.is_none() {
                    return Err(crate::StoreError::MissingReference {
                        what: c.subject.to_string(),
                    });
                }
                sqlx::query(crate::corrections::INSERT)
                    .bind(c.id)
                    .bind(c.subject.to_string())
                    .bind(changes)
                    .bind(&c.reason)
                    .bind($timestamp(c.corrected_at))
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| {
                        crate::common::insert_error(
                            e,
                            |_| format!("correction {}", c.id),
                            || c.subject.to_string(),
                        )
                    })?;
                let leaf = $log::append_leaf(&mut tx, &sealed, c.corrected_at).await?;
                tx.commit().await?;
                Ok(leaf)
            }

            async fn corrections(
                &self,
                subject: &yima_domain::RecordRef,
            ) -> Result<Vec<yima_domain::Correction>, crate::StoreError> {
                let rows: Vec<crate::corrections::CorrectionRow> =
                    sqlx::query_as(crate::corrections::BY_SUBJECT)
                        .bind(subject.to_string())
                        .fetch_all(&self.$readers)
                        .await
                        .map_err(crate::rows::decode_error)?;
                rows.into_iter().map(crate::corrections::decode).collect()
            }

            async fn corrections_of(
                &self,
                subjects: &[yima_domain::RecordRef],
            ) -> Result<Vec<yima_domain::Correction>, crate::StoreError> {
                let refs: Vec<String> = subjects.iter().map(ToString::to_string).collect();
                let Some(first) = refs.first() else {
                    return Ok(Vec::new());
                };
                if refs.len() > 3 {
                    return Err(crate::StoreError::Invalid {
                        problem: format!("{} subjects asked for at once; at most 3", refs.len()),
                    });
                }
                let at = |i: usize| refs.get(i).unwrap_or(first);
                let rows: Vec<crate::corrections::CorrectionRow> =
                    sqlx::query_as(crate::corrections::BY_SUBJECTS)
                        .bind(first)
                        .bind(at(1))
                        .bind(at(2))
                        .fetch_all(&self.$readers)
                        .await
                        .map_err(crate::rows::decode_error)?;
                rows.into_iter().map(crate::corrections::decode).collect()
            }

            async fn correction(
                &self,
                id: uuid::Uuid,
            ) -> Result<Option<yima_domain::Correction>, crate::StoreError> {
                let row: Option<crate::corrections::CorrectionRow> =
                    sqlx::query_as(crate::corrections::BY_ID)
                        .bind(id)
                        .fetch_optional(&self.$readers)
                        .await
                        .map_err(crate::rows::decode_error)?;
                row.map(crate::corrections::decode).transpose()
            }

            async fn registration(
                &self,
                batch_id: uuid::Uuid,
                sequence: u64,
            ) -> Result<Option<yima_domain::UnitRegistration>, crate::StoreError> {
                let Ok(seq) = i64::try_from(sequence) else {
                    return Ok(None);
                };
                let row: Option<(i64, i64, chrono::DateTime<chrono::Utc>)> =
                    sqlx::query_as(crate::corrections::REGISTRATION)
                        .bind(batch_id)
                        .bind(seq)
                        .fetch_optional(&self.$readers)
                        .await
                        .map_err(crate::rows::decode_error)?;
                let Some((added, total, registered_at)) = row else {
                    return Ok(None);
                };
                let keys: Vec<String> = sqlx::query_scalar(crate::corrections::REGISTRATION_KEYS)
                    .bind(batch_id)
                    .bind(seq)
                    .fetch_all(&self.$readers)
                    .await?;
                Ok(Some(yima_domain::UnitRegistration {
                    batch_id,
                    sequence,
                    added: added.max(0) as u64,
                    total: total.max(0) as u64,
                    registered_at,
                    codes_root: yima_domain::codes_root(keys.iter().map(String::as_str)),
                }))
            }

            async fn register_log_verifier_key(
                &self,
                vkey: &str,
            ) -> Result<String, crate::StoreError> {
                sqlx::query(crate::log::sql::REGISTER_VERIFIER_KEY)
                    .bind(vkey)
                    .bind($timestamp(chrono::Utc::now()))
                    .execute(&self.$writer)
                    .await?;
                // Read through the writer: a reader might not see the row just written yet.
                Ok(sqlx::query_scalar(crate::log::sql::VERIFIER_KEY)
                    .fetch_one(&self.$writer)
                    .await?)
            }

            async fn take_sequencer_lease(
                &self,
                holder: uuid::Uuid,
                ttl: std::time::Duration,
            ) -> Result<bool, crate::StoreError> {
                $log::take_lease(&self.$writer, holder, ttl).await
            }

            async fn release_sequencer_lease(
                &self,
                holder: uuid::Uuid,
            ) -> Result<(), crate::StoreError> {
                $log::release_lease(&self.$writer, holder).await
            }

            async fn integrate(
                &self,
                holder: uuid::Uuid,
                max_leaves: usize,
            ) -> Result<Option<crate::TreeHead>, crate::StoreError> {
                $log::integrate(&self.$writer, &self.$readers, holder, max_leaves).await
            }

            async fn tree_head(&self) -> Result<crate::TreeHead, crate::StoreError> {
                let row: Option<(i64, Vec<u8>)> = sqlx::query_as(crate::log::sql::HEAD)
                    .fetch_optional(&self.$readers)
                    .await?;
                match row {
                    None => Ok(crate::TreeHead {
                        size: 0,
                        root: yima_ledger::empty_root(),
                    }),
                    Some((size, root)) => crate::log::rows::head(size, root),
                }
            }

            async fn queued_leaves(&self) -> Result<u64, crate::StoreError> {
                let n: i64 = sqlx::query_scalar(crate::log::sql::QUEUE_LENGTH)
                    .fetch_one(&self.$readers)
                    .await?;
                Ok(n.max(0) as u64)
            }

            async fn insert_checkpoint(
                &self,
                c: &crate::StoredCheckpoint,
            ) -> Result<(), crate::StoreError> {
                let size = crate::log::rows::to_i64(c.size)?;
                let done = sqlx::query(crate::log::sql::INSERT_CHECKPOINT)
                    .bind(size)
                    .bind(&c.root[..])
                    .bind(&c.note)
                    .bind($timestamp(chrono::Utc::now()))
                    .execute(&self.$writer)
                    .await?;
                if done.rows_affected() == 1 {
                    return Ok(());
                }
                match self.checkpoint(c.size).await? {
                    Some(stored) if stored.root == c.root => Ok(()),
                    Some(_) => Err(crate::StoreError::Conflict {
                        what: format!(
                            "a checkpoint of size {} with another root (a fork, refused)",
                            c.size
                        ),
                    }),
                    None => Err(crate::StoreError::MissingReference {
                        what: format!("a tree head of size {} with that root", c.size),
                    }),
                }
            }

            async fn latest_checkpoint(
                &self,
            ) -> Result<Option<crate::StoredCheckpoint>, crate::StoreError> {
                sqlx::query_as(crate::log::sql::LATEST_CHECKPOINT)
                    .fetch_optional(&self.$readers)
                    .await?
                    .map(crate::log::rows::checkpoint)
                    .transpose()
            }

            async fn checkpoint(
                &self,
                size: u64,
            ) -> Result<Option<crate::StoredCheckpoint>, crate::StoreError> {
                let Ok(size) = i64::try_from(size) else {
                    return Ok(None);
                };
                sqlx::query_as(crate::log::sql::CHECKPOINT)
                    .bind(size)
                    .fetch_optional(&self.$readers)
                    .await?
                    .map(crate::log::rows::checkpoint)
                    .transpose()
            }

            async fn log_tile(
                &self,
                level: u8,
                index: u64,
                width: u16,
            ) -> Result<Option<Vec<u8>>, crate::StoreError> {
                let (Ok(index), Ok(width)) = (i64::try_from(index), i16::try_from(width)) else {
                    return Ok(None);
                };
                Ok(sqlx::query_scalar(crate::log::sql::TILE)
                    .bind(i16::from(level))
                    .bind(index)
                    .bind(width)
                    .fetch_optional(&self.$readers)
                    .await?)
            }

            async fn log_tiles_at(
                &self,
                tiles: &[(u8, u64, u16)],
            ) -> Result<Vec<((u8, u64, u16), Vec<u8>)>, crate::StoreError> {
                // A tile beyond what the database can index is not there.
                let wanted: Vec<(i16, i64, i16)> = tiles
                    .iter()
                    .filter_map(|&(level, index, width)| {
                        Some((
                            i16::from(level),
                            i64::try_from(index).ok()?,
                            i16::try_from(width).ok()?,
                        ))
                    })
                    .collect();
                if wanted.is_empty() {
                    return Ok(Vec::new());
                }
                let sql = crate::log::sql::tiles_at(wanted.len());
                let mut query = sqlx::query_as::<_, (i16, i64, i16, Vec<u8>)>(&sql);
                for (level, index, width) in wanted {
                    query = query.bind(level).bind(index).bind(width);
                }
                let rows = query.fetch_all(&self.$readers).await?;
                rows.into_iter()
                    .map(|(level, index, width, hashes)| {
                        let corrupt = || crate::StoreError::Corrupt {
                            what: "log_tiles".to_owned(),
                            problem: format!("tile {level}/{index} of width {width}"),
                        };
                        let level = u8::try_from(level).map_err(|_| corrupt())?;
                        let width = u16::try_from(width).map_err(|_| corrupt())?;
                        let index = crate::log::rows::to_u64("log_tiles.idx", index)?;
                        Ok(((level, index, width), hashes))
                    })
                    .collect()
            }

            async fn log_tiles(
                &self,
                level: u8,
                start: u64,
                end: u64,
            ) -> Result<Vec<(u64, u16, Vec<u8>)>, crate::StoreError> {
                let (Ok(start), Ok(end)) = (i64::try_from(start), i64::try_from(end)) else {
                    return Ok(Vec::new());
                };
                let rows: Vec<(i64, i16, Vec<u8>)> = sqlx::query_as(crate::log::sql::TILES)
                    .bind(i16::from(level))
                    .bind(start)
                    .bind(end)
                    .fetch_all(&self.$readers)
                    .await?;
                rows.into_iter()
                    .map(|(index, width, hashes)| {
                        let width =
                            u16::try_from(width).map_err(|_| crate::StoreError::Corrupt {
                                what: "log_tiles.width".to_owned(),
                                problem: width.to_string(),
                            })?;
                        Ok((
                            crate::log::rows::to_u64("log_tiles.idx", index)?,
                            width,
                            hashes,
                        ))
                    })
                    .collect()
            }

            async fn log_bundle(
                &self,
                index: u64,
                width: u16,
            ) -> Result<Option<Vec<u8>>, crate::StoreError> {
                if width == 0 || width > yima_ledger::TILE_WIDTH {
                    return Ok(None);
                }
                let Some(start) = index.checked_mul(u64::from(yima_ledger::TILE_WIDTH)) else {
                    return Ok(None);
                };
                let bundles = self
                    .log_bundles(start, start.saturating_add(u64::from(width)))
                    .await?;
                Ok(bundles
                    .into_iter()
                    .find(|&(i, w, _)| i == index && w == width)
                    .map(|(_, _, bytes)| bytes))
            }

            async fn log_bundles(
                &self,
                start: u64,
                end: u64,
            ) -> Result<Vec<(u64, u16, Vec<u8>)>, crate::StoreError> {
                let (Ok(start), Ok(end)) = (i64::try_from(start), i64::try_from(end)) else {
                    return Ok(Vec::new());
                };
                let rows: Vec<(i64, i64, Vec<u8>)> = sqlx::query_as($log::BUNDLES)
                    .bind(start)
                    .bind(end)
                    .fetch_all(&self.$readers)
                    .await?;
                rows.into_iter()
                    .map(|(index, width, bytes)| {
                        let width =
                            u16::try_from(width).map_err(|_| crate::StoreError::Corrupt {
                                what: "log_leaves".to_owned(),
                                problem: format!("bundle {index} has {width} entries"),
                            })?;
                        Ok((
                            crate::log::rows::to_u64("bundle index", index)?,
                            width,
                            bytes,
                        ))
                    })
                    .collect()
            }

            async fn leaf_index(&self, leaf: uuid::Uuid) -> Result<Option<u64>, crate::StoreError> {
                let index: Option<i64> = sqlx::query_scalar(crate::log::sql::LEAF_INDEX)
                    .bind(leaf)
                    .fetch_optional(&self.$readers)
                    .await?;
                index
                    .map(|i| crate::log::rows::to_u64("log_index.idx", i))
                    .transpose()
            }

            async fn leaves(
                &self,
                from: u64,
                limit: u32,
            ) -> Result<Vec<crate::StoredLeaf>, crate::StoreError> {
                let Ok(from) = i64::try_from(from) else {
                    return Ok(Vec::new());
                };
                let rows: Vec<crate::log::rows::LeafRow> = sqlx::query_as($log::LEAVES)
                    .bind(from)
                    .bind(i64::from(limit))
                    .fetch_all(&self.$readers)
                    .await?;
                rows.into_iter()
                    .map(|r| crate::log::rows::leaf(r).map(|(_, leaf)| leaf))
                    .collect()
            }

            async fn leaf_by_ref(
                &self,
                record_ref: &str,
            ) -> Result<Option<(Option<u64>, crate::StoredLeaf)>, crate::StoreError> {
                let row: Option<crate::log::rows::LeafRow> =
                    sqlx::query_as(crate::log::sql::LEAF_BY_REF)
                        .bind(record_ref)
                        .fetch_optional(&self.$readers)
                        .await?;
                row.map(crate::log::rows::leaf).transpose()
            }

            async fn insert_cosignature(
                &self,
                c: &crate::StoredCosignature,
            ) -> Result<bool, crate::StoreError> {
                let done = sqlx::query(crate::log::sql::INSERT_COSIGNATURE)
                    .bind(crate::log::rows::to_i64(c.size)?)
                    .bind(&c.key_name)
                    .bind(&c.key_id)
                    .bind(&c.line)
                    .bind(crate::log::rows::to_i64(c.cosigned_at)?)
                    .execute(&self.$writer)
                    .await
                    .map_err(|e| {
                        crate::common::insert_error(
                            e,
                            |_| format!("a cosignature by {}", c.key_name),
                            || format!("the checkpoint of size {}", c.size),
                        )
                    })?;
                Ok(done.rows_affected() == 1)
            }

            async fn cosignatures(
                &self,
                size: u64,
            ) -> Result<Vec<crate::StoredCosignature>, crate::StoreError> {
                let Ok(size) = i64::try_from(size) else {
                    return Ok(Vec::new());
                };
                let rows: Vec<crate::log::rows::CosignatureRow> =
                    sqlx::query_as(crate::log::sql::COSIGNATURES)
                        .bind(size)
                        .fetch_all(&self.$readers)
                        .await?;
                rows.into_iter()
                    .map(crate::log::rows::cosignature)
                    .collect()
            }

            async fn insert_events(
                &self,
                events: &[yima_domain::epcis::CapturedEvent],
            ) -> Result<Vec<crate::EventOutcome>, crate::StoreError> {
                $events::store_events(&self.$writer, events).await
            }

            async fn event(
                &self,
                id: uuid::Uuid,
            ) -> Result<Option<crate::StoredEvent>, crate::StoreError> {
                $events::event(&self.$readers, id).await
            }

            async fn events_by_id(
                &self,
                ids: &[uuid::Uuid],
            ) -> Result<Vec<crate::StoredEvent>, crate::StoreError> {
                $events::events_by_id(&self.$readers, ids).await
            }

            async fn events(
                &self,
                selection: &crate::EventSelection,
            ) -> Result<Vec<crate::StoredEvent>, crate::StoreError> {
                $events::select_events(&self.$readers, selection).await
            }

            async fn events_naming(
                &self,
                keys: &[String],
            ) -> Result<Vec<crate::StoredEvent>, crate::StoreError> {
                $events::events_naming(&self.$readers, keys).await
            }

            async fn anomalies(
                &self,
                selection: &crate::AnomalySelection,
            ) -> Result<Vec<crate::StoredAnomaly>, crate::StoreError> {
                $events::anomalies(&self.$readers, selection).await
            }

            async fn insert_capture(
                &self,
                job: &yima_domain::epcis::CaptureJob,
            ) -> Result<(), crate::StoreError> {
                $events::insert_capture(&self.$writer, job).await
            }

            async fn complete_capture(
                &self,
                capture_id: uuid::Uuid,
                finished_at: chrono::DateTime<chrono::Utc>,
                faults: &[yima_domain::epcis::CaptureFault],
                events: &[yima_domain::epcis::CapturedEvent],
            ) -> Result<yima_domain::epcis::CaptureOutcome, crate::StoreError> {
                $events::complete_capture(&self.$writer, capture_id, finished_at, faults, events)
                    .await
            }

            async fn capture(
                &self,
                id: uuid::Uuid,
            ) -> Result<
                Option<(
                    yima_domain::epcis::CaptureJob,
                    Option<yima_domain::epcis::CaptureOutcome>,
                )>,
                crate::StoreError,
            > {
                $events::capture(&self.$readers, id).await
            }

            async fn trace_events(
                &self,
                request: &yima_domain::trace::TraceRequest,
                known: &std::collections::HashSet<uuid::Uuid>,
            ) -> Result<yima_domain::trace::TraceAnswer, crate::StoreError> {
                $trace::trace_events(&self.$readers, request, known).await
            }

            async fn batch_units(
                &self,
                batch_id: uuid::Uuid,
            ) -> Result<Vec<yima_domain::UnitCode>, crate::StoreError> {
                $trace::batch_units(&self.$readers, batch_id).await
            }

            async fn batches_produced(
                &self,
                product_id: uuid::Uuid,
                from: chrono::NaiveDate,
                to: chrono::NaiveDate,
            ) -> Result<Vec<yima_domain::Batch>, crate::StoreError> {
                $trace::batches_produced(&self.$readers, product_id, from, to).await
            }

            async fn enterprises_of(
                &self,
                codes: &[yima_codes::enterprise::CreditCode],
            ) -> Result<Vec<yima_domain::Enterprise>, crate::StoreError> {
                $trace::enterprises_of(&self.$readers, codes).await
            }

            async fn event_values(
                &self,
                field: crate::EventField,
                after: Option<&str>,
                limit: u32,
            ) -> Result<Vec<String>, crate::StoreError> {
                $events::event_values(&self.$readers, field, after, limit).await
            }

            async fn captures(
                &self,
                before: Option<(chrono::DateTime<chrono::Utc>, uuid::Uuid)>,
                limit: u32,
            ) -> Result<
                Vec<(
                    yima_domain::epcis::CaptureJob,
                    Option<yima_domain::epcis::CaptureOutcome>,
                )>,
                crate::StoreError,
            > {
                $events::captures(&self.$readers, before, limit).await
            }

            async fn insert_named_query(
                &self,
                query: &yima_domain::epcis::NamedQuery,
            ) -> Result<(), crate::StoreError> {
                $events::insert_named_query(&self.$writer, query).await
            }

            async fn named_query(
                &self,
                name: &str,
            ) -> Result<Option<yima_domain::epcis::NamedQuery>, crate::StoreError> {
                $events::named_query(&self.$readers, name).await
            }

            async fn named_queries(
                &self,
                after: Option<&str>,
                limit: u32,
            ) -> Result<Vec<yima_domain::epcis::NamedQuery>, crate::StoreError> {
                $events::named_queries(&self.$readers, after, limit).await
            }

            async fn remove_named_query(
                &self,
                name: &str,
                removed_at: chrono::DateTime<chrono::Utc>,
                submitter: Option<&str>,
            ) -> Result<bool, crate::StoreError> {
                $events::remove_named_query(&self.$writer, name, removed_at, submitter).await
            }

            async fn lot_units(
                &self,
                gtin: &yima_codes::gs1::Gtin,
                lot: &str,
            ) -> Result<Vec<String>, crate::StoreError> {
                $trace::lot_units(&self.$readers, gtin, lot).await
            }
        }
    };
}

pub(crate) use store_impl;

/// Defines the engine's `register(pool, batch, units)` and `issue(pool, batch, issuance)`:
/// each one transaction that reads (on PostgreSQL, locks) the batch, checks what it is asked
/// to add against the batch's quantity and latest registration tally, writes, appends the
/// next tally row, and commits. The engine supplies its database type, how the transaction
/// begins, the batch query, how timestamps are bound, and, in its own module, `CHUNK`,
/// `registered_keys(tx, units)` and `insert(tx, chunk)`.
macro_rules! register_fn {
    (
        $pool:ident: $pool_type:ty,
        database: $db:ty,
        begin: $begin:expr,
        batch_sql: $batch_sql:expr,
        timestamp: $timestamp:path,
        log: $log:ident $(,)?
    ) => {
        /// The batch as an admission of new codes sees it, inside the transaction.
        struct Admission {
            lot: String,
            unit_of_measure: String,
            quantity: i64,
            /// The latest registration's sequence number and the batch's total after it.
            sequence: i64,
            count: i64,
        }

        impl Admission {
            fn check(&self, adding: u64) -> Result<(), crate::StoreError> {
                crate::common::check_quantity(
                    &self.lot,
                    &self.unit_of_measure,
                    self.quantity,
                    self.count,
                    usize::try_from(adding).unwrap_or(usize::MAX),
                )
            }
        }

        async fn admit(
            tx: &mut sqlx::Transaction<'static, $db>,
            batch: &yima_domain::Batch,
        ) -> Result<Admission, crate::StoreError> {
            let stored: Option<(String, String, i64)> = sqlx::query_as($batch_sql)
                .bind(batch.id)
                .fetch_optional(&mut **tx)
                .await
                .map_err(crate::rows::decode_error)?;
            let Some((lot, unit_of_measure, quantity)) = stored else {
                return Err(crate::StoreError::MissingReference {
                    what: format!("batch {}", batch.id),
                });
            };
            let (sequence, count): (i64, i64) = sqlx::query_as(crate::sql::LATEST_REGISTRATION)
                .bind(batch.id)
                .fetch_optional(&mut **tx)
                .await?
                .unwrap_or((0, 0));
            Ok(Admission {
                lot,
                unit_of_measure,
                quantity,
                sequence,
                count,
            })
        }

        /// Appends the batch's next tally row; it commits with what it counts, so it always
        /// equals what the batch holds.
        async fn tally(
            tx: &mut sqlx::Transaction<'static, $db>,
            batch: &yima_domain::Batch,
            admission: &Admission,
            added: i64,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<(), crate::StoreError> {
            sqlx::query(crate::sql::INSERT_REGISTRATION)
                .bind(batch.id)
                .bind(admission.sequence + 1)
                .bind(added)
                .bind(admission.count + added)
                .bind($timestamp(at))
                .execute(&mut **tx)
                .await?;
            Ok(())
        }

        /// The registration as its ledger leaf commits to it.
        fn registration_record(
            batch: &yima_domain::Batch,
            admission: &Admission,
            units: &[yima_domain::UnitCode],
            at: chrono::DateTime<chrono::Utc>,
        ) -> yima_domain::UnitRegistration {
            let added = units.len() as u64;
            yima_domain::UnitRegistration {
                batch_id: batch.id,
                sequence: admission.sequence.max(0) as u64 + 1,
                added,
                total: admission.count.max(0) as u64 + added,
                registered_at: crate::common::micros(at),
                codes_root: yima_domain::codes_root(units.iter().map(|u| u.key.as_str())),
            }
        }

        pub(super) async fn register(
            $pool: &$pool_type,
            batch: &yima_domain::Batch,
            units: &[yima_domain::UnitCode],
        ) -> Result<Option<uuid::Uuid>, crate::StoreError> {
            crate::common::check_batch_ids(batch, units)?;
            // Dropping `tx` on any early return rolls back: nothing is half-written.
            let mut tx = $begin.await?;
            let admission = admit(&mut tx, batch).await?;
            if units.is_empty() {
                return Ok(None);
            }
            let registered = registered_keys(&mut tx, units).await?;
            if let Some(conflict) = crate::common::first_conflict(units, &registered) {
                return Err(conflict);
            }
            admission.check(units.len() as u64)?;
            let sequence = admission.sequence + 1;
            for chunk in units.chunks(CHUNK) {
                insert(&mut tx, chunk, sequence).await?;
            }
            let at = units
                .iter()
                .map(|u| u.registered_at)
                .max()
                .unwrap_or_default();
            let record = registration_record(batch, &admission, units, at);
            let sealed = crate::log::seal(&record)?;
            tally(&mut tx, batch, &admission, units.len() as i64, at).await?;
            let leaf = $log::append_leaf(&mut tx, &sealed, at).await?;
            tx.commit().await?;
            Ok(Some(leaf))
        }

        pub(super) async fn issue(
            $pool: &$pool_type,
            batch: &yima_domain::Batch,
            issuance: &yima_domain::Issuance,
        ) -> Result<uuid::Uuid, crate::StoreError> {
            let invalid = |problem: String| crate::StoreError::Invalid { problem };
            if issuance.batch_id != batch.id {
                return Err(invalid(format!(
                    "issuance for batch {} given with batch {}",
                    issuance.batch_id, batch.id
                )));
            }
            let number = i64::try_from(issuance.number).map_err(|_| {
                invalid(format!("issuance number {} is too large", issuance.number))
            })?;
            let count = i64::try_from(issuance.count)
                .map_err(|_| invalid(format!("issuance count {} is too large", issuance.count)))?;
            let mut tx = $begin.await?;
            let admission = admit(&mut tx, batch).await?;
            admission.check(issuance.count)?;
            sqlx::query(crate::sql::INSERT_ISSUANCE)
                .bind(i32::from(issuance.key_id))
                .bind(number)
                .bind(batch.id)
                .bind(count)
                .bind($timestamp(issuance.issued_at))
                .execute(&mut *tx)
                .await
                .map_err(|e| {
                    crate::common::insert_error(
                        e,
                        |_| format!("issuance {} of key {}", issuance.number, issuance.key_id),
                        || format!("batch {}", batch.id),
                    )
                })?;
            tally(&mut tx, batch, &admission, count, issuance.issued_at).await?;
            let sealed = crate::log::seal(issuance)?;
            let leaf = $log::append_leaf(&mut tx, &sealed, issuance.issued_at).await?;
            tx.commit().await?;
            Ok(leaf)
        }
    };
}

pub(crate) use register_fn;
