//! The log's writes, written once for both engines (as `crate::shared` does for the
//! registry): appending a record's leaf inside the record's transaction, and the sequencer's
//! integration. The engine supplies its database and pool types, how a write transaction
//! begins, how the lease row is read for update, how timestamps are bound, and, in its own
//! module, `queued(conn, after, max)` (the waiting leaves), `enqueue(tx, id)`,
//! `insert_index(tx, first, ids)` and `dequeue(tx, ids)` (the last three no-ops on SQLite,
//! whose leaves are numbered as they commit).

macro_rules! log_fns {
    (
        $pool:ident: $pool_type:ty,
        database: $db:ty,
        begin: $begin:expr,
        lease_sql: $lease_sql:expr,
        timestamp: $timestamp:path $(,)?
    ) => {
        /// Writes `sealed`'s leaf and queues it, inside the record's transaction `tx`.
        pub(crate) async fn append_leaf(
            tx: &mut sqlx::Transaction<'static, $db>,
            sealed: &yima_domain::ledger::Sealed,
            at: chrono::DateTime<chrono::Utc>,
        ) -> Result<uuid::Uuid, crate::StoreError> {
            let id = uuid::Uuid::now_v7();
            sqlx::query(crate::log::sql::INSERT_LEAF)
                .bind(id)
                .bind(i16::from(sealed.kind.code()))
                .bind(&sealed.record_ref)
                .bind(&sealed.salt[..])
                .bind(&sealed.entry[..])
                .bind($timestamp(at))
                .execute(&mut **tx)
                .await
                .map_err(|e| {
                    crate::common::insert_error(
                        e,
                        |_| format!("the ledger leaf of {}", sealed.record_ref),
                        || "a referenced record".to_owned(),
                    )
                })?;
            enqueue(tx, id).await?;
            Ok(id)
        }

        /// The statements that write many records' leaves, as `ids`, `LEAVES_PER_INSERT` a
        /// statement, each with the ids it writes. They are built before the records'
        /// transaction begins, so that the writer runs them back to back
        /// (`run_leaf_inserts`).
        pub(crate) fn leaf_inserts<'q>(
            leaves: &'q [(
                &'q yima_domain::ledger::Sealed,
                chrono::DateTime<chrono::Utc>,
            )],
            ids: &'q [uuid::Uuid],
        ) -> Vec<(sqlx::QueryBuilder<'q, $db>, &'q [uuid::Uuid])> {
            /// Six binds a row, 6,000 in all: within both engines' bind limits.
            const LEAVES_PER_INSERT: usize = 1_000;
            leaves
                .chunks(LEAVES_PER_INSERT)
                .zip(ids.chunks(LEAVES_PER_INSERT))
                .map(|(chunk, chunk_ids)| {
                    let mut insert = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO log_leaves (id, kind, record_ref, salt, entry, created_at) ",
                    );
                    insert.push_values(
                        chunk.iter().zip(chunk_ids),
                        |mut row, ((sealed, at), id)| {
                            row.push_bind(*id)
                                .push_bind(i16::from(sealed.kind.code()))
                                .push_bind(sealed.record_ref.as_str())
                                .push_bind(&sealed.salt[..])
                                .push_bind(&sealed.entry[..])
                                .push_bind($timestamp(*at));
                        },
                    );
                    (insert, chunk_ids)
                })
                .collect()
        }

        /// Runs `leaf_inserts`' statements inside the records' transaction `tx`, queueing
        /// each statement's leaves.
        pub(crate) async fn run_leaf_inserts(
            tx: &mut sqlx::Transaction<'static, $db>,
            inserts: &mut [(sqlx::QueryBuilder<'_, $db>, &[uuid::Uuid])],
        ) -> Result<(), crate::StoreError> {
            for (insert, ids) in inserts {
                insert.build().execute(&mut **tx).await?;
                enqueue_many(tx, ids).await?;
            }
            Ok(())
        }

        /// Takes or renews the sequencer lease for `ttl`; `false` if another holds it.
        pub(crate) async fn take_lease(
            $pool: &$pool_type,
            holder: uuid::Uuid,
            ttl: std::time::Duration,
        ) -> Result<bool, crate::StoreError> {
            let now = chrono::Utc::now();
            let ttl = chrono::TimeDelta::from_std(ttl).unwrap_or(chrono::TimeDelta::MAX);
            let done = sqlx::query(crate::log::sql::TAKE_LEASE)
                .bind(crate::log::SEQUENCER_LEASE)
                .bind(holder)
                .bind($timestamp(now + ttl))
                .bind($timestamp(now))
                .execute($pool)
                .await?;
            Ok(done.rows_affected() == 1)
        }

        pub(crate) async fn release_lease(
            $pool: &$pool_type,
            holder: uuid::Uuid,
        ) -> Result<(), crate::StoreError> {
            sqlx::query(crate::log::sql::RELEASE_LEASE)
                .bind(crate::log::SEQUENCER_LEASE)
                .bind(holder)
                .bind($timestamp(chrono::Utc::now()))
                .execute($pool)
                .await?;
            Ok(())
        }

        /// The latest tree head, read on `conn`.
        async fn head_on(
            conn: &mut <$db as sqlx::Database>::Connection,
        ) -> Result<crate::log::TreeHead, crate::StoreError> {
            let row: Option<(i64, Vec<u8>)> = sqlx::query_as(crate::log::sql::HEAD)
                .fetch_optional(&mut *conn)
                .await?;
            match row {
                None => Ok(crate::log::TreeHead {
                    size: 0,
                    root: yima_ledger::empty_root(),
                }),
                Some((size, root)) => crate::log::rows::head(size, root),
            }
        }

        /// Integrates up to `max` queued leaves, if `holder` holds the lease: gives them the
        /// next indexes, writes the tiles that change and the new tree head, and dequeues them.
        /// `None` if nothing was queued or the lease is not (or no longer) the caller's.
        ///
        /// The reading and hashing are done on `readers`, outside the write transaction, so
        /// that on SQLite, whose one writer the records' writes share, the write lock is held
        /// only to write the tiles and the head. That transaction checks that the tree head is
        /// still the one the tiles were computed from (a compare-and-swap): if another
        /// sequencer integrated meanwhile (its lease had been taken over), it writes nothing
        /// and answers `Conflict`.
        pub(crate) async fn integrate(
            $pool: &$pool_type,
            readers: &$pool_type,
            holder: uuid::Uuid,
            max: usize,
        ) -> Result<Option<crate::log::TreeHead>, crate::StoreError> {
            let Some(computed) = compute_integration(readers, max).await? else {
                return Ok(None);
            };
            let mut tx = $begin.await?;
            let lease: Option<(uuid::Uuid, chrono::DateTime<chrono::Utc>)> =
                sqlx::query_as($lease_sql)
                    .bind(crate::log::SEQUENCER_LEASE)
                    .fetch_optional(&mut *tx)
                    .await?;
            match lease {
                Some((h, until)) if h == holder && until > chrono::Utc::now() => {}
                _ => return Ok(None),
            }
            if head_on(&mut tx).await? != computed.old {
                return Err(crate::StoreError::Conflict {
                    what: "the tree head, which another sequencer moved".to_owned(),
                });
            }
            insert_index(&mut tx, computed.old.size, &computed.ids).await?;
            dequeue(&mut tx, &computed.ids).await?;
            for (id, hashes) in computed.tiles {
                sqlx::query(crate::log::sql::INSERT_TILE)
                    .bind(i16::from(crate::log::rows::tile_level(&id)?))
                    .bind(crate::log::rows::to_i64(id.index())?)
                    .bind(id.width() as i16)
                    .bind(hashes.concat())
                    .execute(&mut *tx)
                    .await
                    .map_err(crate::log::rows::raced)?;
            }
            let head = computed.new;
            sqlx::query(crate::log::sql::INSERT_HEAD)
                .bind(crate::log::rows::to_i64(head.size)?)
                .bind(&head.root[..])
                .bind($timestamp(chrono::Utc::now()))
                .execute(&mut *tx)
                .await
                .map_err(crate::log::rows::raced)?;
            tx.commit().await?;
            Ok(Some(head))
        }

        /// Reads the tree head, its right edge (the partial tiles) and up to `max` queued
        /// leaves, and computes the tiles and head that integrating them makes. Tiles once
        /// written never change, so the edge read after the head belongs to that head.
        async fn compute_integration(
            readers: &$pool_type,
            max: usize,
        ) -> Result<Option<crate::log::Integration>, crate::StoreError> {
            let mut conn = readers.acquire().await?;
            // The head first: the leaves that follow it are read relative to it.
            let old = head_on(&mut conn).await?;
            let queued = queued(&mut conn, old.size, max).await?;
            if queued.leaf_hashes.is_empty() {
                return Ok(None);
            }
            let mut tiles = yima_ledger::TileMap::default();
            for (level, index, width) in crate::log::partial_tiles(old.size) {
                let hashes = tile_on(&mut conn, level, index, width).await?;
                tiles.insert(level, index, width, hashes);
            }
            drop(conn);
            crate::log::Integration::compute(old, &tiles, queued).map(Some)
        }
        async fn tile_on(
            conn: &mut <$db as sqlx::Database>::Connection,
            level: u8,
            index: u64,
            width: u16,
        ) -> Result<Vec<yima_ledger::Hash>, crate::StoreError> {
            let bytes: Option<Vec<u8>> = sqlx::query_scalar(crate::log::sql::TILE)
                .bind(i16::from(level))
                .bind(crate::log::rows::to_i64(index)?)
                .bind(width as i16)
                .fetch_optional(&mut *conn)
                .await?;
            let bytes = bytes.ok_or_else(|| crate::StoreError::Corrupt {
                what: "log_tiles".to_owned(),
                problem: format!("tile {level}/{index} of width {width} is missing"),
            })?;
            crate::log::rows::hashes(&bytes, width)
        }
    };
}

pub(crate) use log_fns;
