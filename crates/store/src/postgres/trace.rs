//! Trace queries on PostgreSQL: sets of keys and ids travel as one array parameter; the EPC
//! rows of each event come back as arrays (`array_agg`).

use sqlx::PgPool;
use uuid::Uuid;
use yima_domain::epcis::EpcRole;

use crate::StoreError;
use crate::trace::decode_role;

fn texts(values: &[String]) -> Result<Vec<String>, StoreError> {
    Ok(values.to_vec())
}

fn ids(values: &[Uuid]) -> Result<Vec<Uuid>, StoreError> {
    Ok(values.to_vec())
}

/// The events naming any of `keys`, each with the positions in `keys` it names and roles.
async fn epc_hits(
    readers: &PgPool,
    keys: &[String],
) -> Result<Vec<(Uuid, Vec<(usize, EpcRole)>)>, StoreError> {
    let rows: Vec<(Uuid, Vec<i64>, Vec<String>)> = sqlx::query_as(
        "SELECT x.event, array_agg(j.at - 1 ORDER BY j.at, x.role), \
                array_agg(x.role ORDER BY j.at, x.role) \
         FROM unnest($1::text[]) WITH ORDINALITY AS j(value, at) \
         JOIN epcis_event_epcs x ON x.epc = j.value GROUP BY x.event",
    )
    .bind(keys)
    .fetch_all(readers)
    .await?;
    rows.into_iter()
        .map(|(event, positions, roles)| {
            let hits = positions
                .into_iter()
                .zip(&roles)
                .map(|(at, role)| {
                    let at = usize::try_from(at).map_err(|_| StoreError::Corrupt {
                        what: "a trace query's rows".into(),
                        problem: format!("position {at}"),
                    })?;
                    Ok((at, decode_role(role)?))
                })
                .collect::<Result<_, StoreError>>()?;
            Ok((event, hits))
        })
        .collect()
}

crate::trace::engine::trace_fns!(
    pool: PgPool,
    texts: texts,
    ids: ids,
    text_in: "= ANY($1)",
    id_in: "= ANY($1)",
    epc_hits: epc_hits,
    hash_key: ("", ""),
);
