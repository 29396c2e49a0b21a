//! The storage API on SQLite: writes through the one writer, reads through the readers.

use async_trait::async_trait;
use uuid::Uuid;
use yima_codes::TraceCode;
use yima_codes::enterprise::CreditCode;
use yima_codes::gs1::Gtin;
use yima_codes::scan::CodeLevel;
use yima_domain::{ApiToken, Batch, Enterprise, Found, Product, UnitCode};

use super::{SqliteStore, timestamp, units};
use crate::common::{batch_conflict, insert_error, product_conflict, quantity, token_conflict};
use crate::rows::{
    BatchRow, EnterpriseRow, ProductProducerRow, ProductRow, TokenRow, UnitRow, UnitTreeRow,
    decode_error,
};
use crate::{Counts, Engine, Store, StoreError, sql};

impl SqliteStore {
    async fn product_with_producer(
        &self,
        gtin: &Gtin,
    ) -> Result<Option<(Product, Enterprise)>, StoreError> {
        sqlx::query_as::<_, ProductProducerRow>(sql::PRODUCT_PRODUCER_BY_GTIN)
            .bind(gtin.as_str())
            .fetch_optional(&self.readers)
            .await
            .map_err(decode_error)?
            .map(ProductProducerRow::into_domain)
            .transpose()
    }
}

#[async_trait]
impl Store for SqliteStore {
    fn engine(&self) -> Engine {
        Engine::Sqlite
    }

    async fn insert_enterprise(&self, e: &Enterprise) -> Result<(), StoreError> {
        sqlx::query(sql::INSERT_ENTERPRISE)
            .bind(e.credit_code.as_str())
            .bind(&e.name)
            .bind(&e.address)
            .bind(e.region.as_str())
            .bind(e.roles.producer)
            .bind(e.roles.seller)
            .bind(timestamp(e.registered_at))
            .execute(&self.writer)
            .await
            .map_err(|err| {
                insert_error(
                    err,
                    |_| format!("enterprise {}", e.credit_code),
                    || "a referenced record".to_owned(),
                )
            })?;
        Ok(())
    }

    async fn enterprise(&self, code: &CreditCode) -> Result<Option<Enterprise>, StoreError> {
        sqlx::query_as::<_, EnterpriseRow>(sql::ENTERPRISE)
            .bind(code.as_str())
            .fetch_optional(&self.readers)
            .await
            .map_err(decode_error)?
            .map(EnterpriseRow::into_domain)
            .transpose()
    }

    async fn enterprises(
        &self,
        after: Option<&CreditCode>,
        limit: u32,
    ) -> Result<Vec<Enterprise>, StoreError> {
        let rows = match after {
            None => {
                sqlx::query_as::<_, EnterpriseRow>(sql::ENTERPRISES_FIRST)
                    .bind(i64::from(limit))
                    .fetch_all(&self.readers)
                    .await
            }
            Some(after) => {
                sqlx::query_as::<_, EnterpriseRow>(sql::ENTERPRISES_AFTER)
                    .bind(after.as_str())
                    .bind(i64::from(limit))
                    .fetch_all(&self.readers)
                    .await
            }
        }
        .map_err(decode_error)?;
        rows.into_iter().map(EnterpriseRow::into_domain).collect()
    }

    async fn insert_product(&self, p: &Product) -> Result<(), StoreError> {
        let a = &p.approval;
        sqlx::query(sql::INSERT_PRODUCT)
            .bind(p.id)
            .bind(p.producer.as_str())
            .bind(&p.name)
            .bind(&p.model)
            .bind(&p.category)
            .bind(&p.standard)
            .bind(p.gtin.as_ref().map(Gtin::as_str))
            .bind(a.regime().as_str())
            .bind(a.number())
            .bind(a.status().as_str())
            .bind(timestamp(a.checked_at()))
            .bind(timestamp(p.registered_at))
            .execute(&self.writer)
            .await
            .map_err(|err| {
                insert_error(
                    err,
                    |c| product_conflict(p, c),
                    || format!("enterprise {}", p.producer),
                )
            })?;
        Ok(())
    }

    async fn product(&self, id: Uuid) -> Result<Option<Product>, StoreError> {
        sqlx::query_as::<_, ProductRow>(sql::PRODUCT)
            .bind(id)
            .fetch_optional(&self.readers)
            .await
            .map_err(decode_error)?
            .map(ProductRow::into_domain)
            .transpose()
    }

    async fn product_by_gtin(&self, gtin: &Gtin) -> Result<Option<Product>, StoreError> {
        sqlx::query_as::<_, ProductRow>(sql::PRODUCT_BY_GTIN)
            .bind(gtin.as_str())
            .fetch_optional(&self.readers)
            .await
            .map_err(decode_error)?
            .map(ProductRow::into_domain)
            .transpose()
    }

    async fn insert_batch(&self, b: &Batch) -> Result<(), StoreError> {
        let i = &b.inspection;
        sqlx::query(sql::INSERT_BATCH)
            .bind(b.id)
            .bind(b.product_id)
            .bind(&b.lot)
            .bind(b.production_date)
            .bind(quantity(b)?)
            .bind(&b.unit_of_measure)
            .bind(&i.certificate_number)
            .bind(&i.issuer)
            .bind(i.date)
            .bind(i.result.as_str())
            .bind(i.document_sha256.as_deref())
            .bind(timestamp(b.registered_at))
            .execute(&self.writer)
            .await
            .map_err(|err| {
                insert_error(
                    err,
                    |c| batch_conflict(b, c),
                    || format!("product {}", b.product_id),
                )
            })?;
        Ok(())
    }

    async fn batch(&self, id: Uuid) -> Result<Option<Batch>, StoreError> {
        sqlx::query_as::<_, BatchRow>(sql::BATCH)
            .bind(id)
            .fetch_optional(&self.readers)
            .await
            .map_err(decode_error)?
            .map(BatchRow::into_domain)
            .transpose()
    }

    async fn batch_by_lot(&self, product_id: Uuid, lot: &str) -> Result<Option<Batch>, StoreError> {
        sqlx::query_as::<_, BatchRow>(sql::BATCH_BY_LOT)
            .bind(product_id)
            .bind(lot)
            .fetch_optional(&self.readers)
            .await
            .map_err(decode_error)?
            .map(BatchRow::into_domain)
            .transpose()
    }

    async fn register_units(&self, batch: &Batch, units: &[UnitCode]) -> Result<(), StoreError> {
        units::register(&self.writer, batch, units).await
    }

    async fn unit(&self, key: &str) -> Result<Option<UnitCode>, StoreError> {
        sqlx::query_as::<_, UnitRow>(sql::UNIT)
            .bind(key)
            .fetch_optional(&self.readers)
            .await
            .map_err(decode_error)?
            .map(UnitRow::into_domain)
            .transpose()
    }

    async fn unit_count(&self, batch_id: Uuid) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar(sql::UNIT_COUNT)
            .bind(batch_id)
            .fetch_one(&self.readers)
            .await?;
        Ok(n.max(0) as u64)
    }

    async fn lookup(&self, code: &TraceCode) -> Result<Found, StoreError> {
        let TraceCode::Gs1(gs1) = code;
        if code.level() == CodeLevel::Unit {
            let tree = sqlx::query_as::<_, UnitTreeRow>(sql::UNIT_TREE)
                .bind(code.key())
                .fetch_optional(&self.readers)
                .await
                .map_err(decode_error)?;
            if let Some(tree) = tree {
                return tree.into_found();
            }
        }
        let Some((product, producer)) = self.product_with_producer(&gs1.gtin).await? else {
            return Ok(Found::default());
        };
        let batch = match (code.level(), &gs1.lot) {
            (CodeLevel::Batch, Some(lot)) => self.batch_by_lot(product.id, lot).await?,
            _ => None,
        };
        Ok(Found {
            unit: None,
            batch,
            product: Some(product),
            producer: Some(producer),
        })
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query(sql::PING).execute(&self.readers).await?;
        Ok(())
    }

    async fn counts(&self) -> Result<Counts, StoreError> {
        let (e, p, b, u): (i64, i64, i64, i64) =
            sqlx::query_as(sql::COUNTS).fetch_one(&self.readers).await?;
        Ok(Counts {
            enterprises: e.max(0) as u64,
            products: p.max(0) as u64,
            batches: b.max(0) as u64,
            unit_codes: u.max(0) as u64,
        })
    }

    async fn insert_token(&self, t: &ApiToken) -> Result<bool, StoreError> {
        let done = sqlx::query(sql::INSERT_TOKEN)
            .bind(&t.id)
            .bind(&t.secret_sha256)
            .bind(t.role.as_str())
            .bind(timestamp(t.created_at))
            .execute(&self.writer)
            .await
            .map_err(|err| {
                insert_error(
                    err,
                    |_| token_conflict(),
                    || "a referenced record".to_owned(),
                )
            })?;
        Ok(done.rows_affected() == 1)
    }

    async fn token_by_secret_sha256(&self, digest: &str) -> Result<Option<ApiToken>, StoreError> {
        sqlx::query_as::<_, TokenRow>(sql::TOKEN_BY_SECRET)
            .bind(digest)
            .fetch_optional(&self.readers)
            .await
            .map_err(decode_error)?
            .map(TokenRow::into_domain)
            .transpose()
    }
}
