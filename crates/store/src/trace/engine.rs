//! The trace's queries, written once for both engines. Each takes a whole set of keys or ids
//! as one parameter — a JSON array that SQLite unpacks with `json_each`, an array that
//! PostgreSQL compares with `= ANY` — so that a hop is a fixed number of statements however
//! many units it asks about, each an index lookup per key. The EPC rows a hop matches, tens
//! of thousands for a batch, come back one row per event with the rows aggregated in it (the
//! engine supplies `epc_hits`), since handing rows over costs more than finding them. An
//! event's own identifiers are indexed by identifier only (no index by event: capture writes
//! faster without one), so those of the aggregations and transformations a trace follows are
//! read from their documents, which the hop reads anyway.

macro_rules! trace_fns {
    (
        pool: $pool_type:ty,
        texts: $texts:path,
        ids: $ids:path,
        text_in: $text_in:literal,
        id_in: $id_in:literal,
        epc_hits: $epc_hits:path,
        hash_key: ($hash_key_open:literal, $hash_key_close:literal) $(,)?
    ) => {
        /// That no error declaration names event `e`: one lookup by the identity's index.
        macro_rules! not_declared_erroneous {
            () => {
                concat!(
                    "NOT EXISTS (SELECT 1 FROM epcis_events d WHERE ",
                    $hash_key_open,
                    "d.hash_id",
                    $hash_key_close,
                    " = ",
                    $hash_key_open,
                    "e.hash_id",
                    $hash_key_close,
                    " AND d.hash_id = e.hash_id AND d.declares_error = TRUE)"
                )
            };
        }
        /// The events naming any of the class keys.
        const CLASS_HITS: &str = concat!(
            "SELECT DISTINCT c.event FROM epcis_event_classes c WHERE c.class ",
            $text_in
        );
        /// The events of the ids, except error declarations and the events they declare
        /// erroneous: a corrected event is no evidence of a movement.
        const EVENTS: &str = concat!(
            "SELECT e.id, e.hash_id, e.event_type, e.action, e.event_time, e.biz_step, \
             e.disposition, e.read_point, e.biz_location, e.document \
             FROM epcis_events e WHERE e.declares_error = FALSE AND ",
            not_declared_erroneous!(),
            " AND e.id ",
            $id_in
        );
        const UNITS_OF_BATCH: &str = concat!(
            "SELECT ",
            crate::rows::unit_columns!(),
            " FROM unit_codes u WHERE u.batch_id = $1 ORDER BY u.key"
        );
        const BATCHES_PRODUCED: &str = concat!(
            "SELECT ",
            crate::rows::batch_columns!(),
            " FROM batches b WHERE b.product_id = $1 AND b.production_date >= $2 \
             AND b.production_date <= $3 ORDER BY b.production_date, b.lot"
        );
        /// Events naming units of a GTIN (the key range under its prefix) as objects or
        /// outputs: read from the index alone, no event looked up per row.
        const COMMISSIONING: &str = "SELECT DISTINCT x.event FROM epcis_event_epcs x \
             WHERE x.epc >= $1 AND x.epc < $2 AND x.role IN ('epc', 'output')";
        /// Those that commission (object events that ADD, transformations), with their
        /// documents; not events declared erroneous, nor the declarations.
        const DOCUMENTS: &str = concat!(
            "SELECT e.id, e.document FROM epcis_events e WHERE e.declares_error = FALSE \
             AND ((e.event_type = 'ObjectEvent' AND e.action = 'ADD') \
               OR e.event_type = 'TransformationEvent') \
             AND ",
            not_declared_erroneous!(),
            " AND e.id ",
            $id_in
        );
        const ENTERPRISES_OF: &str = concat!(
            "SELECT ",
            crate::rows::enterprise_columns!(),
            " FROM enterprises e WHERE e.credit_code ",
            $text_in,
            " ORDER BY e.credit_code"
        );

        /// One hop of a trace: the events naming what `request` asks about that `known`
        /// does not hold, aggregations and transformations with every EPC, other events with
        /// the rows that matched; and the matched rows of the events `known` holds.
        pub(crate) async fn trace_events(
            readers: &$pool_type,
            request: &yima_domain::trace::TraceRequest,
            known: &std::collections::HashSet<uuid::Uuid>,
        ) -> Result<yima_domain::trace::TraceAnswer, crate::StoreError> {
            use std::collections::{BTreeSet, HashMap};
            use yima_domain::epcis::EpcRole;

            let mut answer = yima_domain::trace::TraceAnswer::default();
            let mut matched: BTreeSet<uuid::Uuid> = BTreeSet::new();
            let mut hits: HashMap<uuid::Uuid, Vec<(EpcRole, String)>> = HashMap::new();
            if !request.epcs.is_empty() {
                let parts = crate::trace::parts(request.epcs.len());
                let found = futures_util::future::try_join_all(
                    request
                        .epcs
                        .chunks(parts)
                        .map(|keys| $epc_hits(readers, keys)),
                )
                .await?;
                let offsets = (0..).step_by(parts);
                let found = found.into_iter().zip(offsets).flat_map(|(hits, offset)| {
                    hits.into_iter().map(move |(event, rows)| {
                        (
                            event,
                            rows.into_iter().map(move |(at, role)| (offset + at, role)),
                        )
                    })
                });
                for (event, rows) in found {
                    matched.insert(event);
                    for (at, role) in rows {
                        let epc = request
                            .epcs
                            .get(at)
                            .ok_or_else(|| crate::StoreError::Corrupt {
                                what: "a trace query".into(),
                                problem: format!("key position {at} out of range"),
                            })?
                            .clone();
                        if known.contains(&event) {
                            answer.rows.push((event, role, epc));
                        } else {
                            hits.entry(event).or_default().push((role, epc));
                        }
                    }
                }
            }
            if !request.classes.is_empty() {
                let events: Vec<uuid::Uuid> = sqlx::query_scalar(CLASS_HITS)
                    .bind($texts(&request.classes)?)
                    .fetch_all(readers)
                    .await?;
                matched.extend(events);
            }
            let new: Vec<uuid::Uuid> = matched
                .iter()
                .filter(|id| !known.contains(id))
                .copied()
                .collect();
            answer.matched = matched.into_iter().collect();
            if new.is_empty() {
                return Ok(answer);
            }
            let parts = crate::trace::parts(new.len());
            let rows =
                futures_util::future::try_join_all(new.chunks(parts).map(|ids| async move {
                    sqlx::query_as::<_, crate::trace::TraceEventRow>(EVENTS)
                        .bind($ids(ids)?)
                        .fetch_all(readers)
                        .await
                        .map_err(crate::StoreError::from)
                }))
                .await?;
            for row in rows.into_iter().flatten() {
                let id = row.0;
                let listed = row.2 == "AggregationEvent" || row.2 == "TransformationEvent";
                let epcs = if listed {
                    crate::trace::listed_epcs(id, &row.9)?
                } else {
                    hits.remove(&id).unwrap_or_default()
                };
                answer.events.push(crate::trace::trace_event(row, epcs)?);
            }
            Ok(answer)
        }

        /// The EPC keys of units of `gtin` that events commissioned (or transformations
        /// made) with `lot` as their lot number in the ILMD.
        pub(crate) async fn lot_units(
            readers: &$pool_type,
            gtin: &yima_codes::gs1::Gtin,
            lot: &str,
        ) -> Result<Vec<String>, crate::StoreError> {
            let prefix = format!("https://id.gs1.org/01/{}/21/", gtin.as_str());
            let candidates: Vec<uuid::Uuid> = sqlx::query_scalar(COMMISSIONING)
                .bind(&prefix)
                .bind(crate::events::prefix_end(&prefix))
                .fetch_all(readers)
                .await?;
            if candidates.is_empty() {
                return Ok(Vec::new());
            }
            let documents: Vec<(uuid::Uuid, String)> = sqlx::query_as(DOCUMENTS)
                .bind($ids(&candidates)?)
                .fetch_all(readers)
                .await?;
            let mut units: Vec<String> = Vec::new();
            for (id, document) in documents {
                if crate::trace::lot_of(id, &document)?.as_deref() != Some(lot) {
                    continue;
                }
                units.extend(
                    crate::trace::listed_epcs(id, &document)?
                        .into_iter()
                        .filter(|(role, epc)| {
                            matches!(
                                role,
                                yima_domain::epcis::EpcRole::Epc
                                    | yima_domain::epcis::EpcRole::Output
                            ) && epc.starts_with(&prefix)
                        })
                        .map(|(_, epc)| epc),
                );
            }
            units.sort();
            units.dedup();
            Ok(units)
        }

        /// The unit codes registered to a batch.
        pub(crate) async fn batch_units(
            readers: &$pool_type,
            batch_id: uuid::Uuid,
        ) -> Result<Vec<yima_domain::UnitCode>, crate::StoreError> {
            sqlx::query_as::<_, crate::rows::UnitRow>(UNITS_OF_BATCH)
                .bind(batch_id)
                .fetch_all(readers)
                .await
                .map_err(crate::rows::decode_error)?
                .into_iter()
                .map(crate::rows::UnitRow::into_domain)
                .collect()
        }

        /// The batches of a product produced between two dates, both included.
        pub(crate) async fn batches_produced(
            readers: &$pool_type,
            product_id: uuid::Uuid,
            from: chrono::NaiveDate,
            to: chrono::NaiveDate,
        ) -> Result<Vec<yima_domain::Batch>, crate::StoreError> {
            sqlx::query_as::<_, crate::rows::BatchRow>(BATCHES_PRODUCED)
                .bind(product_id)
                .bind(from)
                .bind(to)
                .fetch_all(readers)
                .await
                .map_err(crate::rows::decode_error)?
                .into_iter()
                .map(crate::rows::BatchRow::into_domain)
                .collect()
        }

        /// The enterprises with any of these credit codes.
        pub(crate) async fn enterprises_of(
            readers: &$pool_type,
            codes: &[yima_codes::enterprise::CreditCode],
        ) -> Result<Vec<yima_domain::Enterprise>, crate::StoreError> {
            if codes.is_empty() {
                return Ok(Vec::new());
            }
            let codes: Vec<String> = codes.iter().map(|c| c.as_str().to_owned()).collect();
            sqlx::query_as::<_, crate::rows::EnterpriseRow>(ENTERPRISES_OF)
                .bind($texts(&codes)?)
                .fetch_all(readers)
                .await
                .map_err(crate::rows::decode_error)?
                .into_iter()
                .map(crate::rows::EnterpriseRow::into_domain)
                .collect()
        }
    };
}

pub(crate) use trace_fns;
