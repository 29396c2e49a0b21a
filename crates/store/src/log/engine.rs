//! The log's writes, written once for both engines (as `crate::shared` does for the
//! registry): appending a record's leaf inside the record's transaction, and the sequencer's
//! integration. The engine supplies its database and pool types, how a write transaction
//! begins, how the lease row is read for update, how timestamps are bound, and, in its own
//! module, the `QUEUED` statement and `enqueue(tx, id)`, `insert_index(tx, first, ids)` and
//! `dequeue(tx, ids)` (which SQLite, whose leaves are numbered as they commit, has no need
//! of).

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

        /// The latest tree head inside `tx`.
        async fn head_in(
            tx: &mut sqlx::Transaction<'static, $db>,
        ) -> Result<crate::log::TreeHead, crate::StoreError> {
            let row: Option<(i64, Vec<u8>)> = sqlx::query_as(crate::log::sql::HEAD)
                .fetch_optional(&mut **tx)
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
        /// next indexes, writes the tiles and bundles that change and the new tree head, and
        /// dequeues them, all in one transaction. `None` if nothing was queued or the lease is
        /// not (or no longer) the caller's.
        pub(crate) async fn integrate(
            $pool: &$pool_type,
            holder: uuid::Uuid,
            max: usize,
        ) -> Result<Option<crate::log::TreeHead>, crate::StoreError> {
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
            let queued: Vec<(uuid::Uuid, Vec<u8>)> = sqlx::query_as(QUEUED)
                .bind(i64::try_from(max).unwrap_or(i64::MAX))
                .fetch_all(&mut *tx)
                .await?;
            if queued.is_empty() {
                return Ok(None);
            }
            let old = head_in(&mut tx).await?;
            // The right edge of the tree as it stands: its partial tiles, and the entries of
            // its partial bundle, which the new bundles continue.
            let mut tiles = yima_ledger::TileMap::default();
            for (level, index, width) in crate::log::partial_tiles(old.size) {
                let hashes = tile_in(&mut tx, level, index, width).await?;
                tiles.insert(level, index, width, hashes);
            }
            let mut edge = yima_ledger::TreeEdge::load(old.size, &tiles)
                .map_err(crate::log::rows::corrupt_log)?;
            let partial_width = (old.size % u64::from(yima_ledger::TILE_WIDTH)) as u16;
            let partial = if partial_width == 0 {
                Vec::new()
            } else {
                let index = old.size / u64::from(yima_ledger::TILE_WIDTH);
                bundle_in(&mut tx, index, partial_width).await?
            };
            let mut bundles = crate::log::Bundles::new(old.size, partial);
            let mut leaf_hashes = Vec::with_capacity(queued.len());
            let mut ids = Vec::with_capacity(queued.len());
            for (id, entry) in queued {
                leaf_hashes.push(yima_ledger::leaf_hash(&entry));
                bundles.push(entry);
                ids.push(id);
            }
            let new_tiles = edge
                .append(&leaf_hashes)
                .map_err(crate::log::rows::corrupt_log)?;
            let head = crate::log::TreeHead {
                size: edge.size(),
                root: edge.root(),
            };
            insert_index(&mut tx, old.size, &ids).await?;
            dequeue(&mut tx, &ids).await?;
            for (id, hashes) in new_tiles {
                sqlx::query(crate::log::sql::INSERT_TILE)
                    .bind(i16::from(crate::log::rows::tile_level(&id)?))
                    .bind(crate::log::rows::to_i64(id.index())?)
                    .bind(id.width() as i16)
                    .bind(hashes.concat())
                    .execute(&mut *tx)
                    .await
                    .map_err(crate::log::rows::raced)?;
            }
            let encoded = bundles.encode().map_err(crate::log::rows::corrupt_log)?;
            for (index, width, entries) in encoded {
                sqlx::query(crate::log::sql::INSERT_BUNDLE)
                    .bind(crate::log::rows::to_i64(index)?)
                    .bind(width as i16)
                    .bind(entries)
                    .execute(&mut *tx)
                    .await
                    .map_err(crate::log::rows::raced)?;
            }
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

        async fn tile_in(
            tx: &mut sqlx::Transaction<'static, $db>,
            level: u8,
            index: u64,
            width: u16,
        ) -> Result<Vec<yima_ledger::Hash>, crate::StoreError> {
            let bytes: Option<Vec<u8>> = sqlx::query_scalar(crate::log::sql::TILE)
                .bind(i16::from(level))
                .bind(crate::log::rows::to_i64(index)?)
                .bind(width as i16)
                .fetch_optional(&mut **tx)
                .await?;
            let bytes = bytes.ok_or_else(|| crate::StoreError::Corrupt {
                what: "log_tiles".to_owned(),
                problem: format!("tile {level}/{index} of width {width} is missing"),
            })?;
            crate::log::rows::hashes(&bytes, width)
        }

        async fn bundle_in(
            tx: &mut sqlx::Transaction<'static, $db>,
            index: u64,
            width: u16,
        ) -> Result<Vec<Vec<u8>>, crate::StoreError> {
            let bytes: Option<Vec<u8>> = sqlx::query_scalar(crate::log::sql::BUNDLE)
                .bind(crate::log::rows::to_i64(index)?)
                .bind(width as i16)
                .fetch_optional(&mut **tx)
                .await?;
            let bytes = bytes.ok_or_else(|| crate::StoreError::Corrupt {
                what: "log_bundles".to_owned(),
                problem: format!("bundle {index} of width {width} is missing"),
            })?;
            let entries =
                yima_ledger::parse_bundle(&bytes).map_err(crate::log::rows::corrupt_log)?;
            if entries.len() != usize::from(width) {
                return Err(crate::StoreError::Corrupt {
                    what: "log_bundles".to_owned(),
                    problem: format!(
                        "bundle {index} holds {} entries, not {width}",
                        entries.len()
                    ),
                });
            }
            Ok(entries.into_iter().map(<[u8]>::to_vec).collect())
        }
    };
}

pub(crate) use log_fns;
