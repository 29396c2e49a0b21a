//! Storing and selecting EPCIS events, written once for both engines (as `crate::log::engine`
//! does for the log). The engine supplies its database and pool types, how timestamps are
//! bound, and its log module for the leaves.

macro_rules! events_fns {
    (
        pool: $pool_type:ty,
        database: $db:ty,
        timestamp: $timestamp:path,
        log: $log:ident,
        hash_key: ($hash_key_open:literal, $hash_key_close:literal) $(,)?
    ) => {
        /// Events per multi-row insert: 16 binds each, 16,000 in all, within both engines'
        /// bind limits (SQLite 32,766, PostgreSQL 65,535); fewer, larger statements cost less.
        const EVENTS_PER_INSERT: usize = 1_000;
        /// An event's identity, matched by the key the engine indexes it by (`hash_key`)
        /// and then by the whole hash ID.
        const EXISTING_EVENT: &str = concat!(
            "SELECT id FROM epcis_events WHERE ",
            $hash_key_open, "hash_id", $hash_key_close, " = ", $hash_key_open, "$1", $hash_key_close,
            " AND hash_id = $1 AND declares_error = $2"
        );
        const EVENT_COLUMNS: &str =
            "SELECT e.id, e.hash_id, e.record_time, e.submitter, e.capture_id, e.document \
             FROM epcis_events e";

        /// Rows per multi-row insert of index rows: at most six binds a row (a class's),
        /// 30,000 in all, within both engines' bind limits. A document's ten thousand EPC rows
        /// go in two statements: each statement is a round trip to the writer's thread, which
        /// waits for the next while the runtime is busy.
        const INDEX_ROWS_PER_INSERT: usize = 5_000;

        /// Appends `hash_key(column) IN (hash_key(?), …)` for `hashes`: the condition the
        /// engine's index on an event's identity answers (the whole hash ID is compared after).
        fn push_hash_keys<'q>(
            q: &mut sqlx::QueryBuilder<'q, $db>,
            column: &str,
            hashes: impl Iterator<Item = &'q str>,
        ) {
            q.push($hash_key_open);
            q.push(column);
            q.push(concat!($hash_key_close, " IN ("));
            for (i, hash) in hashes.enumerate() {
                q.push(if i == 0 { $hash_key_open } else { concat!(", ", $hash_key_open) });
                q.push_bind(hash);
                q.push($hash_key_close);
            }
            q.push(")");
        }

        /// Stores `events` in one transaction, each with its leaf, skipping any stored
        /// before (or earlier in `events`).
        pub(crate) async fn store_events(
            writer: &$pool_type,
            events: &[yima_domain::epcis::CapturedEvent],
        ) -> Result<Vec<crate::events::EventOutcome>, crate::StoreError> {
            let prepared = crate::events::prepare(events)?;
            let (tx, outcomes) = write_events(writer, &prepared).await?;
            tx.commit().await?;
            Ok(outcomes)
        }

        /// The first event of each identity in `prepared`, and that identity's first event id:
        /// a later event with the same identity is its duplicate.
        fn firsts<'p>(
            prepared: &'p [crate::events::PreparedEvent<'p>],
        ) -> (
            Vec<&'p crate::events::PreparedEvent<'p>>,
            std::collections::HashMap<(&'p str, bool), uuid::Uuid>,
        ) {
            let mut first = std::collections::HashMap::with_capacity(prepared.len());
            let mut fresh = Vec::with_capacity(prepared.len());
            for p in prepared {
                let identity = (p.captured.hash_id.as_str(), p.declares_error);
                if let std::collections::hash_map::Entry::Vacant(slot) = first.entry(identity) {
                    slot.insert(p.captured.id);
                    fresh.push(p);
                }
            }
            (fresh, first)
        }

        /// New leaf ids for `stored`, and the rows their leaves are written from.
        fn leaves_of<'p>(
            stored: &[&'p crate::events::PreparedEvent<'p>],
        ) -> (
            Vec<uuid::Uuid>,
            Vec<(&'p yima_domain::ledger::Sealed, chrono::DateTime<chrono::Utc>)>,
        ) {
            stored
                .iter()
                .map(|p| (uuid::Uuid::now_v7(), (&p.sealed, p.captured.recorded_at)))
                .unzip()
        }

        /// Each of `stored`'s event ids with the id of its leaf.
        fn leaf_of(
            stored: &[&crate::events::PreparedEvent<'_>],
            leaf_ids: &[uuid::Uuid],
        ) -> std::collections::HashMap<uuid::Uuid, uuid::Uuid> {
            stored
                .iter()
                .map(|p| p.captured.id)
                .zip(leaf_ids.iter().copied())
                .collect()
        }

        /// Writes prepared events, their leaves and index rows in a transaction it begins and
        /// returns open, for the caller's own rows. Every statement is built before the writer
        /// is taken, on the assumption that none of the events is stored yet (a capture of new
        /// events makes it true), so the writer runs them back to back rather than waiting
        /// while each is built. If an event turns out to be stored already, the transaction is
        /// rolled back and the events written the general way (`insert_events_in`).
        async fn write_events(
            writer: &$pool_type,
            prepared: &[crate::events::PreparedEvent<'_>],
        ) -> Result<
            (sqlx::Transaction<'static, $db>, Vec<crate::events::EventOutcome>),
            crate::StoreError,
        > {
            use crate::events::EventOutcome;
            let (fresh, first) = firsts(prepared);
            let (leaf_ids, leaf_rows) = leaves_of(&fresh);
            let mut event_inserts = event_inserts(&fresh);
            let mut leaf_inserts = $log::leaf_inserts(&leaf_rows, &leaf_ids);
            let mut index_inserts = index_inserts(&fresh);
            let mut tx = writer.begin().await?;
            let mut inserted = 0;
            for insert in &mut event_inserts {
                let ids: Vec<(uuid::Uuid,)> =
                    insert.build_query_as().fetch_all(&mut *tx).await?;
                inserted += ids.len();
            }
            if inserted == fresh.len() {
                $log::run_leaf_inserts(&mut tx, &mut leaf_inserts).await?;
                for insert in &mut index_inserts {
                    insert.build().execute(&mut *tx).await?;
                }
                let leaf_of = leaf_of(&fresh, &leaf_ids);
                let outcomes = prepared
                    .iter()
                    .map(|p| match leaf_of.get(&p.captured.id) {
                        Some(leaf) => EventOutcome::Stored {
                            id: p.captured.id,
                            leaf: *leaf,
                        },
                        None => EventOutcome::Duplicate {
                            id: first
                                .get(&(p.captured.hash_id.as_str(), p.declares_error))
                                .copied()
                                .unwrap_or(p.captured.id),
                        },
                    })
                    .collect();
                return Ok((tx, outcomes));
            }
            tx.rollback().await?;
            let mut tx = writer.begin().await?;
            let outcomes = insert_events_in(&mut tx, prepared).await?;
            Ok((tx, outcomes))
        }

        /// The statements that insert `fresh`'s event rows, `EVENTS_PER_INSERT` a statement,
        /// each returning the ids it stored: `ON CONFLICT DO NOTHING` leaves out an event
        /// stored before (the one uniqueness an event row can break is its identity's).
        fn event_inserts<'p>(
            fresh: &[&'p crate::events::PreparedEvent<'p>],
        ) -> Vec<sqlx::QueryBuilder<'p, $db>> {
            fresh
                .chunks(EVENTS_PER_INSERT)
                .map(|chunk| {
                    let mut insert = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO epcis_events (id, hash_id, declares_error, event_id, event_type, \
                         action, event_time, record_time, biz_step, disposition, read_point, \
                         biz_location, transformation_id, submitter, capture_id, document) ",
                    );
                    insert.push_values(chunk, |mut row, p| {
                        let (c, e) = (p.captured, &p.captured.event);
                        row.push_bind(c.id)
                            .push_bind(c.hash_id.as_str())
                            .push_bind(p.declares_error)
                            .push_bind(e.event_id.as_deref())
                            .push_bind(e.event_type.name())
                            .push_bind(e.action.map(|a| a.name()))
                            .push_bind($timestamp(e.event_time.utc()))
                            .push_bind($timestamp(c.recorded_at))
                            .push_bind(p.biz_step.as_deref())
                            .push_bind(p.disposition.as_deref())
                            .push_bind(p.read_point.as_deref())
                            .push_bind(p.biz_location.as_deref())
                            .push_bind(e.transformation_id.as_deref())
                            .push_bind(c.submitter.as_deref())
                            .push_bind(c.capture_id)
                            .push_bind(p.document.as_str());
                    });
                    insert.push(" ON CONFLICT DO NOTHING RETURNING id");
                    insert
                })
                .collect()
        }

        /// Writes prepared events the general way, which finds events stored before: their
        /// rows are inserted (`ON CONFLICT DO NOTHING` leaves out those stored before, even by
        /// a concurrent writer), the ids of those left out looked up, then the stored ones'
        /// leaves and index rows written.
        async fn insert_events_in(
            tx: &mut sqlx::Transaction<'static, $db>,
            prepared: &[crate::events::PreparedEvent<'_>],
        ) -> Result<Vec<crate::events::EventOutcome>, crate::StoreError> {
            use crate::events::EventOutcome;
            let (fresh, first) = firsts(prepared);
            let mut existing: std::collections::HashMap<(String, bool), uuid::Uuid> = first
                .into_iter()
                .map(|((hash, declares), id)| ((hash.to_owned(), declares), id))
                .collect();
            let mut inserted: std::collections::HashSet<uuid::Uuid> = Default::default();
            for mut insert in event_inserts(&fresh) {
                let ids: Vec<(uuid::Uuid,)> = insert.build_query_as().fetch_all(&mut **tx).await?;
                inserted.extend(ids.into_iter().map(|(id,)| id));
            }
            let (stored, before): (Vec<_>, Vec<_>) = fresh
                .into_iter()
                .partition(|p| inserted.contains(&p.captured.id));
            // Those stored before this capture: their stored ids, a chunk at a time.
            for chunk in before.chunks(INDEX_ROWS_PER_INSERT) {
                let mut q = sqlx::QueryBuilder::<$db>::new(
                    "SELECT hash_id, declares_error, id FROM epcis_events WHERE ",
                );
                push_hash_keys(&mut q, "hash_id", chunk.iter().map(|p| p.captured.hash_id.as_str()));
                let found: Vec<(String, bool, uuid::Uuid)> =
                    q.build_query_as().fetch_all(&mut **tx).await?;
                existing.extend(found.into_iter().map(|(h, d, id)| ((h, d), id)));
            }
            let (leaf_ids, leaf_rows) = leaves_of(&stored);
            $log::run_leaf_inserts(tx, &mut $log::leaf_inserts(&leaf_rows, &leaf_ids)).await?;
            let leaf_of = leaf_of(&stored, &leaf_ids);
            for mut insert in index_inserts(&stored) {
                insert.build().execute(&mut **tx).await?;
            }
            // A duplicate a concurrent writer stored first: found now, in this transaction.
            let mut outcomes = Vec::with_capacity(prepared.len());
            for p in prepared {
                let identity = (p.captured.hash_id.clone(), p.declares_error);
                outcomes.push(match leaf_of.get(&p.captured.id) {
                    Some(leaf) => EventOutcome::Stored {
                        id: p.captured.id,
                        leaf: *leaf,
                    },
                    None => match existing.get(&identity) {
                        Some(id) if *id != p.captured.id => EventOutcome::Duplicate { id: *id },
                        _ => EventOutcome::Duplicate {
                            id: sqlx::query_scalar(EXISTING_EVENT)
                                .bind(&p.captured.hash_id)
                                .bind(p.declares_error)
                                .fetch_one(&mut **tx)
                                .await?,
                        },
                    },
                });
            }
            Ok(outcomes)
        }

        /// Records a capture job as received.
        pub(crate) async fn insert_capture(
            writer: &$pool_type,
            job: &yima_domain::epcis::CaptureJob,
        ) -> Result<(), crate::StoreError> {
            sqlx::query(
                "INSERT INTO epcis_captures (id, received_at, submitter, error_behaviour, \
                 document_bytes, document_sha256) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(job.id)
            .bind($timestamp(job.received_at))
            .bind(job.submitter.as_deref())
            .bind(job.error_behaviour.name())
            .bind(i64::try_from(job.document_bytes).unwrap_or(i64::MAX))
            .bind(&job.document_sha256)
            .execute(writer)
            .await
            .map_err(|e| {
                crate::common::insert_error(
                    e,
                    |_| format!("capture {}", job.id),
                    || "a referenced record".to_owned(),
                )
            })?;
            Ok(())
        }

        /// Stores a capture's events and its outcome in one transaction.
        pub(crate) async fn complete_capture(
            writer: &$pool_type,
            capture_id: uuid::Uuid,
            finished_at: chrono::DateTime<chrono::Utc>,
            faults: &[yima_domain::epcis::CaptureFault],
            events: &[yima_domain::epcis::CapturedEvent],
        ) -> Result<yima_domain::epcis::CaptureOutcome, crate::StoreError> {
            let prepared = crate::events::prepare(events)?;
            let (mut tx, outcomes) = write_events(writer, &prepared).await?;
            let stored = outcomes
                .iter()
                .filter(|o| matches!(o, crate::events::EventOutcome::Stored { .. }))
                .count() as u64;
            let outcome = yima_domain::epcis::CaptureOutcome {
                capture_id,
                finished_at,
                success: faults.is_empty(),
                stored,
                duplicates: outcomes.len() as u64 - stored,
                faults: faults.to_vec(),
            };
            let faults_text = serde_json::to_string(&outcome.faults).map_err(|e| {
                crate::StoreError::Invalid {
                    problem: format!("capture faults: {e}"),
                }
            })?;
            sqlx::query(
                "INSERT INTO epcis_capture_outcomes (capture_id, finished_at, success, stored, \
                 duplicates, faults) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(capture_id)
            .bind($timestamp(finished_at))
            .bind(outcome.success)
            .bind(i64::try_from(outcome.stored).unwrap_or(i64::MAX))
            .bind(i64::try_from(outcome.duplicates).unwrap_or(i64::MAX))
            .bind(faults_text)
            .execute(&mut *tx)
            .await
            .map_err(|e| {
                crate::common::insert_error(
                    e,
                    |_| format!("the outcome of capture {capture_id}"),
                    || format!("capture {capture_id}"),
                )
            })?;
            tx.commit().await?;
            Ok(outcome)
        }

        /// A capture job and its outcome, if it has one.
        pub(crate) async fn capture(
            readers: &$pool_type,
            id: uuid::Uuid,
        ) -> Result<
            Option<(yima_domain::epcis::CaptureJob, Option<yima_domain::epcis::CaptureOutcome>)>,
            crate::StoreError,
        > {
            let sql = format!("{} WHERE c.id = $1", crate::events::CAPTURE_SELECT);
            let row: Option<crate::events::CaptureRow> = sqlx::query_as(&sql)
                .bind(id)
                .fetch_optional(readers)
                .await?;
            row.map(crate::events::decode_capture).transpose()
        }

        /// The statements that insert `stored`'s index rows, `INDEX_ROWS_PER_INSERT` a
        /// statement.
        fn index_inserts<'p>(
            stored: &[&'p crate::events::PreparedEvent<'p>],
        ) -> Vec<sqlx::QueryBuilder<'p, $db>> {
            let mut inserts = Vec::new();
            // In key order, so that a document's rows go into the index page by page rather
            // than each to a page of its own (EPCs of a document lie all over the index).
            let mut epcs: Vec<_> = stored
                .iter()
                .flat_map(|p| p.index.epcs.iter().map(move |(epc, role)| (p.captured.id, epc, *role)))
                .collect();
            epcs.sort_unstable_by(|a, b| (a.1, a.0, a.2).cmp(&(b.1, b.0, b.2)));
            for chunk in epcs.chunks(INDEX_ROWS_PER_INSERT) {
                let mut insert = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO epcis_event_epcs (event, epc, role) ",
                );
                insert.push_values(chunk, |mut row, (id, epc, role)| {
                    row.push_bind(*id).push_bind(epc.as_str()).push_bind(*role);
                });
                inserts.push(insert);
            }
            let classes: Vec<_> = stored
                .iter()
                .flat_map(|p| p.index.classes.iter().map(move |c| (p.captured.id, c)))
                .collect();
            for chunk in classes.chunks(INDEX_ROWS_PER_INSERT) {
                let mut insert = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO epcis_event_classes (event, class, role, position, quantity, uom) ",
                );
                insert.push_values(chunk, |mut row, (id, (class, role, position, quantity, uom))| {
                    row.push_bind(*id)
                        .push_bind(class.as_str())
                        .push_bind(*role)
                        .push_bind(*position)
                        .push_bind(*quantity)
                        .push_bind(uom.as_deref());
                });
                inserts.push(insert);
            }
            let mut links: Vec<_> = stored
                .iter()
                .flat_map(|p| p.index.links.iter().map(move |l| (p.captured.id, l)))
                .collect();
            links.sort_unstable_by(|a, b| (a.1, a.0).cmp(&(b.1, b.0)));
            for chunk in links.chunks(INDEX_ROWS_PER_INSERT) {
                let mut insert = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO epcis_event_links (event, kind, type, value) ",
                );
                insert.push_values(chunk, |mut row, (id, (kind, kind_type, value))| {
                    row.push_bind(*id)
                        .push_bind(*kind)
                        .push_bind(kind_type.as_str())
                        .push_bind(value.as_str());
                });
                inserts.push(insert);
            }
            let anomalies: Vec<_> = stored
                .iter()
                .flat_map(|p| {
                    p.index.anomalies.iter().enumerate().map(move |(i, a)| (p.captured.id, i, a))
                })
                .collect();
            for chunk in anomalies.chunks(INDEX_ROWS_PER_INSERT) {
                let mut insert = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO epcis_anomalies (event, position, kind, epc, detail) ",
                );
                insert.push_values(chunk, |mut row, (id, position, anomaly)| {
                    row.push_bind(*id)
                        .push_bind(i32::try_from(*position).unwrap_or(i32::MAX))
                        .push_bind(anomaly.kind.name())
                        .push_bind(anomaly.epc.as_str())
                        .push_bind(anomaly.detail.as_str());
                });
                inserts.push(insert);
            }
            inserts
        }

        /// Reads the anomalies of `events` and attaches them.
        async fn with_anomalies(
            readers: &$pool_type,
            mut events: Vec<crate::events::StoredEvent>,
        ) -> Result<Vec<crate::events::StoredEvent>, crate::StoreError> {
            for chunk in events.chunks(INDEX_ROWS_PER_INSERT).map(|c| c.iter().map(|e| e.captured.id).collect::<Vec<_>>()).collect::<Vec<_>>() {
                let mut q = sqlx::QueryBuilder::<$db>::new(
                    "SELECT event, position, kind, epc, detail FROM epcis_anomalies WHERE event IN (",
                );
                let mut list = q.separated(", ");
                for id in &chunk {
                    list.push_bind(*id);
                }
                q.push(") ORDER BY event, position");
                let rows: Vec<crate::events::AnomalyRow> =
                    q.build_query_as().fetch_all(readers).await?;
                crate::events::attach_anomalies(&mut events, rows)?;
            }
            Ok(events)
        }

        /// Anomalies as `selection` asks, in the order of their events' ids (UUIDv7, so of
        /// capture) and positions.
        pub(crate) async fn anomalies(
            readers: &$pool_type,
            selection: &crate::events::AnomalySelection,
        ) -> Result<Vec<crate::events::StoredAnomaly>, crate::StoreError> {
            let mut q = sqlx::QueryBuilder::<$db>::new(
                "SELECT a.event, a.position, a.kind, a.epc, a.detail, e.hash_id, e.record_time, \
                 e.submitter, e.capture_id FROM epcis_anomalies a \
                 JOIN epcis_events e ON e.id = a.event WHERE 1 = 1",
            );
            if let Some(kind) = selection.kind {
                q.push(" AND a.kind = ");
                q.push_bind(kind.name());
            }
            if let Some(capture) = selection.capture_id {
                q.push(" AND e.capture_id = ");
                q.push_bind(capture);
            }
            if let Some((event, position)) = selection.after {
                q.push(" AND (a.event > ");
                q.push_bind(event);
                q.push(" OR (a.event = ");
                q.push_bind(event);
                q.push(" AND a.position > ");
                q.push_bind(i32::try_from(position).unwrap_or(i32::MAX));
                q.push("))");
            }
            q.push(" ORDER BY a.event, a.position LIMIT ");
            q.push_bind(i64::from(selection.limit));
            let rows: Vec<crate::events::StoredAnomalyRow> =
                q.build_query_as().fetch_all(readers).await?;
            rows.into_iter().map(crate::events::decode_anomaly).collect()
        }

        type EventRow = (
            uuid::Uuid,
            String,
            chrono::DateTime<chrono::Utc>,
            Option<String>,
            Option<uuid::Uuid>,
            String,
        );

        fn decode(row: EventRow) -> Result<crate::events::StoredEvent, crate::StoreError> {
            let (id, hash_id, recorded_at, submitter, capture_id, document) = row;
            crate::events::decode_event(id, hash_id, recorded_at, submitter, capture_id, document)
        }

        /// The event stored as `id`.
        pub(crate) async fn event(
            readers: &$pool_type,
            id: uuid::Uuid,
        ) -> Result<Option<crate::events::StoredEvent>, crate::StoreError> {
            let sql = format!("{EVENT_COLUMNS} WHERE e.id = $1");
            let found = sqlx::query_as::<_, EventRow>(&sql)
                .bind(id)
                .fetch_optional(readers)
                .await?
                .map(decode)
                .transpose()?;
            Ok(with_anomalies(readers, found.into_iter().collect())
                .await?
                .pop())
        }

        /// Every event naming one of `keys` (in any role), in record order: the history the
        /// anomaly checks read.
        pub(crate) async fn events_naming(
            readers: &$pool_type,
            keys: &[String],
        ) -> Result<Vec<crate::events::StoredEvent>, crate::StoreError> {
            let mut ids: Vec<uuid::Uuid> = Vec::new();
            for chunk in keys.chunks(INDEX_ROWS_PER_INSERT) {
                let mut q = sqlx::QueryBuilder::<$db>::new(
                    "SELECT DISTINCT event FROM epcis_event_epcs WHERE epc IN (",
                );
                let mut list = q.separated(", ");
                for key in chunk {
                    list.push_bind(key.as_str());
                }
                q.push(")");
                let found: Vec<(uuid::Uuid,)> = q.build_query_as().fetch_all(readers).await?;
                ids.extend(found.into_iter().map(|(id,)| id));
            }
            // The checks read the events' fields, not the anomalies found in them.
            let mut events = events_without_anomalies(readers, &ids).await?;
            events.sort_by_key(|e: &crate::events::StoredEvent| (e.captured.recorded_at, e.captured.id));
            Ok(events)
        }

        /// The events stored under `ids`, in id order, with their anomalies; an id not stored
        /// is left out.
        pub(crate) async fn events_by_id(
            readers: &$pool_type,
            ids: &[uuid::Uuid],
        ) -> Result<Vec<crate::events::StoredEvent>, crate::StoreError> {
            let events = events_without_anomalies(readers, ids).await?;
            with_anomalies(readers, events).await
        }

        /// The events stored under `ids`, in id order, their anomalies not read.
        async fn events_without_anomalies(
            readers: &$pool_type,
            ids: &[uuid::Uuid],
        ) -> Result<Vec<crate::events::StoredEvent>, crate::StoreError> {
            let mut ids = ids.to_vec();
            ids.sort_unstable();
            ids.dedup();
            let mut events = Vec::with_capacity(ids.len());
            for chunk in ids.chunks(INDEX_ROWS_PER_INSERT) {
                let mut q = sqlx::QueryBuilder::<$db>::new(EVENT_COLUMNS);
                q.push(" WHERE e.id IN (");
                let mut list = q.separated(", ");
                for id in chunk {
                    list.push_bind(*id);
                }
                q.push(")");
                let rows: Vec<EventRow> = q.build_query_as().fetch_all(readers).await?;
                for row in rows {
                    events.push(decode(row)?);
                }
            }
            events.sort_by_key(|e: &crate::events::StoredEvent| e.captured.id);
            Ok(events)
        }

        /// The events `selection` selects, in its order, at most its limit.
        pub(crate) async fn select_events(
            readers: &$pool_type,
            selection: &crate::events::EventSelection,
        ) -> Result<Vec<crate::events::StoredEvent>, crate::StoreError> {
            let mut q = sqlx::QueryBuilder::<$db>::new(EVENT_COLUMNS);
            q.push(" WHERE 1 = 1");
            let any_of = |q: &mut sqlx::QueryBuilder<'_, $db>, column: &str, values: &[String]| {
                if values.is_empty() {
                    return;
                }
                q.push(format_args!(" AND {column} IN ("));
                let mut list = q.separated(", ");
                for v in values {
                    list.push_bind(v.clone());
                }
                q.push(")");
            };
            any_of(&mut q, "e.event_type", &selection.event_types);
            any_of(&mut q, "e.action", &selection.actions);
            any_of(&mut q, "e.biz_step", &selection.biz_steps);
            any_of(&mut q, "e.disposition", &selection.dispositions);
            any_of(&mut q, "e.read_point", &selection.read_points);
            any_of(&mut q, "e.biz_location", &selection.biz_locations);
            any_of(&mut q, "e.transformation_id", &selection.transformation_ids);
            any_of(&mut q, "e.event_id", &selection.event_ids);
            if !selection.hash_ids.is_empty() {
                q.push(" AND ");
                push_hash_keys(&mut q, "e.hash_id", selection.hash_ids.iter().map(String::as_str));
            }
            any_of(&mut q, "e.hash_id", &selection.hash_ids);
            for (column, op, bound) in [
                ("e.event_time", ">=", selection.event_time_ge),
                ("e.event_time", "<", selection.event_time_lt),
                ("e.record_time", ">=", selection.record_time_ge),
                ("e.record_time", "<", selection.record_time_lt),
            ] {
                if let Some(t) = bound {
                    q.push(format_args!(" AND {column} {op} "));
                    q.push_bind($timestamp(t));
                }
            }
            if let Some(declared) = selection.error_declared {
                q.push(" AND e.declares_error = ");
                q.push_bind(declared);
            }
            for (table, column, conditions) in [
                ("epcis_event_epcs", "epc", &selection.epcs),
                ("epcis_event_classes", "class", &selection.classes),
            ] {
                for (roles, matches) in conditions {
                    q.push(format_args!(" AND e.id IN (SELECT x.event FROM {table} x WHERE x.role IN ("));
                    let mut list = q.separated(", ");
                    for role in *roles {
                        list.push_bind(*role);
                    }
                    q.push(") AND (1 = 0");
                    for m in matches {
                        match m {
                            crate::events::IdMatch::Exact(key) => {
                                q.push(format_args!(" OR x.{column} = "));
                                q.push_bind(key.clone());
                            }
                            crate::events::IdMatch::Prefix(prefix) => {
                                q.push(format_args!(" OR (x.{column} >= "));
                                q.push_bind(prefix.clone());
                                q.push(format_args!(" AND x.{column} < "));
                                q.push_bind(crate::events::prefix_end(prefix));
                                q.push(")");
                            }
                        }
                    }
                    q.push("))");
                }
            }
            for bound in &selection.quantities {
                q.push(format_args!(
                    " AND e.id IN (SELECT c.event FROM epcis_event_classes c WHERE c.quantity {} ",
                    bound.operator
                ));
                q.push_bind(bound.value);
                q.push(")");
            }
            for (kind, link_type, values) in &selection.links {
                q.push(" AND e.id IN (SELECT l.event FROM epcis_event_links l WHERE l.kind = ");
                q.push_bind(*kind);
                q.push(" AND l.type = ");
                q.push_bind(link_type.clone());
                q.push(" AND l.value IN (");
                let mut list = q.separated(", ");
                for v in values {
                    list.push_bind(v.clone());
                }
                q.push("))");
            }
            let column = selection.order.column();
            let (compare, direction) = if selection.order.descending() {
                ("<", "DESC")
            } else {
                (">", "ASC")
            };
            if let Some(after) = selection.after {
                q.push(format_args!(" AND (e.{column} {compare} "));
                q.push_bind($timestamp(after.time));
                q.push(format_args!(" OR (e.{column} = "));
                q.push_bind($timestamp(after.time));
                q.push(format_args!(" AND e.id {compare} "));
                q.push_bind(after.id);
                q.push("))");
            }
            q.push(format_args!(
                " ORDER BY e.{column} {direction}, e.id {direction} LIMIT "
            ));
            q.push_bind(i64::from(selection.limit));
            let events = q
                .build_query_as::<EventRow>()
                .fetch_all(readers)
                .await?
                .into_iter()
                .map(decode)
                .collect::<Result<Vec<_>, _>>()?;
            with_anomalies(readers, events).await
        }
    };
}

pub(crate) use events_fns;
