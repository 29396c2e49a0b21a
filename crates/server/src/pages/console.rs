//! The enterprise console: what a producer or a shop needs without an SDK — recording
//! receipts, shipments and sales by typing, a USB scanner or the phone's camera; registering
//! products and batches and issuing codes; seeing anomalies and recall notices; managing keys.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use yima_codes::enterprise::CreditCode;
use yima_domain::Principal;

use super::chrome::{Chrome, Reader};
use super::messages::Text;
use crate::api::anomalies::{self, AnomalyView};
use crate::api::{accounts, stock, submissions};
use crate::problem::{ApiError, ApiPath};
use crate::state::AppState;
use crate::wire::accounts::KeyView;
use crate::wire::recalls::RecallNoticeView;
use crate::wire::registry::ProductView;
use crate::wire::stock::StockView;
use crate::wire::submissions::SubmissionKeyView;

/// How many anomalies the console's start page lists.
const ANOMALIES_SHOWN: u32 = 50;
/// How many recall notices the console's start page lists.
const RECALLS_SHOWN: u32 = 20;

/// Why a console page is not shown.
enum Refused {
    /// The reader's account is not an enterprise's (an administrator's, say): it is sent to
    /// its own start page.
    NotAnEnterprise,
    Api(ApiError),
}

impl From<ApiError> for Refused {
    fn from(e: ApiError) -> Self {
        Refused::Api(e)
    }
}

impl From<yima_store::StoreError> for Refused {
    fn from(e: yima_store::StoreError) -> Self {
        Refused::Api(e.into())
    }
}

/// Sends `page`, or what its refusal calls for.
fn answer(reader: &Reader, page: Result<impl Template, Refused>) -> Response {
    match page {
        Ok(page) => reader.page(&page),
        Err(Refused::NotAnEnterprise) => Redirect::to("/start").into_response(),
        Err(Refused::Api(e)) => reader.error(e),
    }
}

/// The enterprise whose console is read, and the reader's account.
struct Owner {
    account: String,
    credit_code: CreditCode,
    name: String,
    producer: bool,
}

async fn owner(state: &AppState, reader: &Reader) -> Result<Owner, Refused> {
    let account = reader
        .caller
        .account()
        .ok_or_else(|| ApiError::unauthorized("log in to use the console"))?;
    let Principal::Enterprise {
        credit_code,
        rights,
    } = &account.principal
    else {
        return Err(Refused::NotAnEnterprise);
    };
    let name = state
        .store
        .enterprise(credit_code)
        .await?
        .map(|e| e.name)
        .unwrap_or_default();
    Ok(Owner {
        account: account.id.clone(),
        credit_code: credit_code.clone(),
        name,
        producer: rights.producer,
    })
}

#[derive(Template)]
#[template(path = "console.html")]
struct ConsolePage {
    t: Text,
    chrome: Chrome,
    owner: Owner,
    recalls: Vec<(RecallNoticeView, bool)>,
    anomalies: Vec<AnomalyView>,
    stock: StockView,
}

/// `GET /console`: the enterprise's recall notices and anomalies, and the way to its work.
pub async fn home(State(state): State<AppState>, reader: Reader) -> Response {
    let page = async {
        let owner = owner(&state, &reader).await?;
        let recalls =
            crate::api::recall_notices::for_holder(&state, &owner.credit_code, RECALLS_SHOWN)
                .await?;
        let anomalies = anomalies::first(&state, &reader.caller, ANOMALIES_SHOWN).await?;
        let stock = stock::stock(
            State(state.clone()),
            reader.caller.clone(),
            ApiPath(owner.credit_code.to_string()),
        )
        .await?
        .0;
        Ok::<_, Refused>(ConsolePage {
            t: reader.t,
            chrome: reader.chrome(true),
            owner,
            recalls,
            anomalies,
            stock,
        })
    };
    answer(&reader, page.await)
}

#[derive(Template)]
#[template(path = "flows.html")]
struct FlowsPage {
    t: Text,
    chrome: Chrome,
    owner: Owner,
}

/// `GET /console/flows`: the form for receipts, shipments and sales.
pub async fn flows(State(state): State<AppState>, reader: Reader) -> Response {
    let page = owner(&state, &reader).await.map(|owner| FlowsPage {
        t: reader.t,
        chrome: reader.chrome(true),
        owner,
    });
    answer(&reader, page)
}

#[derive(Template)]
#[template(path = "registry.html")]
struct RegistryPage {
    t: Text,
    chrome: Chrome,
    owner: Owner,
    /// (id, name in the page's language)
    categories: Vec<(String, String)>,
    products: Vec<ProductView>,
}

/// `GET /console/registry`: products, batches, and platform codes with their label sheets.
pub async fn registry(State(state): State<AppState>, reader: Reader) -> Response {
    let page = async {
        let owner = owner(&state, &reader).await?;
        let products = state
            .store
            .products_of(&owner.credit_code)
            .await?
            .iter()
            .map(ProductView::from)
            .collect();
        let categories = state
            .catalogue
            .categories()
            .iter()
            .map(|c| {
                (
                    c.id.clone(),
                    reader.t.either(&c.name_zh, &c.name_en).to_owned(),
                )
            })
            .collect();
        Ok::<_, Refused>(RegistryPage {
            t: reader.t,
            chrome: reader.chrome(true),
            owner,
            categories,
            products,
        })
    };
    answer(&reader, page.await)
}

#[derive(Template)]
#[template(path = "keys.html")]
struct KeysPage {
    t: Text,
    chrome: Chrome,
    owner: Owner,
    keys: Vec<KeyView>,
    signing_keys: Vec<SubmissionKeyView>,
}

/// `GET /console/keys`: the account's API keys and the enterprise's signing keys.
pub async fn keys(State(state): State<AppState>, reader: Reader) -> Response {
    let page = async {
        let owner = owner(&state, &reader).await?;
        let keys = accounts::list_keys(
            State(state.clone()),
            reader.caller.clone(),
            ApiPath(owner.account.clone()),
        )
        .await?
        .0;
        let signing_keys =
            submissions::list(State(state.clone()), ApiPath(owner.credit_code.to_string()))
                .await?
                .0;
        Ok::<_, Refused>(KeysPage {
            t: reader.t,
            chrome: reader.chrome(true),
            owner,
            keys,
            signing_keys,
        })
    };
    answer(&reader, page.await)
}
