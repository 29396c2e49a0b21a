//! Trace queries on SQLite: sets of keys and ids travel as one JSON array, unpacked by
//! `json_each` (ids as hex, turned back into the BLOBs they are stored as by `unhex`); the
//! EPC rows of each event come back concatenated by `group_concat` (keys hold no spaces:
//! they are URIs). `CROSS JOIN` keeps the array as the outer loop, one primary-key lookup a
//! key, whatever the planner would make of `GROUP BY event`.

use sqlx::SqlitePool;
use uuid::Uuid;
use yima_domain::epcis::EpcRole;

use crate::StoreError;
use crate::trace::decode_role;

fn texts(values: &[String]) -> Result<String, StoreError> {
    serde_json::to_string(values).map_err(|e| StoreError::Invalid {
        problem: format!("a list of keys: {e}"),
    })
}

fn ids(values: &[Uuid]) -> Result<String, StoreError> {
    let hex: Vec<String> = values.iter().map(|id| id.simple().to_string()).collect();
    texts(&hex)
}

fn corrupt(problem: String) -> StoreError {
    StoreError::Corrupt {
        what: "a trace query's rows".into(),
        problem,
    }
}

/// The events naming any of `keys`, each with the positions in `keys` it names and roles.
async fn epc_hits(
    readers: &SqlitePool,
    keys: &[String],
) -> Result<Vec<(Uuid, Vec<(usize, EpcRole)>)>, StoreError> {
    let rows: Vec<(Uuid, String, String)> = sqlx::query_as(
        "SELECT x.event, group_concat(j.key, ' '), group_concat(x.role, ' ') \
         FROM json_each($1) j CROSS JOIN epcis_event_epcs x ON x.epc = j.value \
         GROUP BY x.event",
    )
    .bind(texts(keys)?)
    .fetch_all(readers)
    .await?;
    rows.into_iter()
        .map(|(event, positions, roles)| {
            let hits = positions
                .split(' ')
                .zip(roles.split(' '))
                .map(|(at, role)| {
                    let at = at
                        .parse()
                        .map_err(|_| corrupt(format!("position '{at}'")))?;
                    Ok((at, decode_role(role)?))
                })
                .collect::<Result<_, StoreError>>()?;
            Ok((event, hits))
        })
        .collect()
}

crate::trace::engine::trace_fns!(
    pool: SqlitePool,
    texts: texts,
    ids: ids,
    text_in: "IN (SELECT value FROM json_each($1))",
    id_in: "IN (SELECT unhex(value) FROM json_each($1))",
    epc_hits: epc_hits,
    hash_key: ("unhex(substr(", ", 15, 64))"),
);
