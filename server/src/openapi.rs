//! The OpenAPI 3.1 document, generated from the handlers' annotations and
//! the result types' derives: it cannot drift from the code.

use crate::errors::{ErrorBody, ErrorDetail};
use crate::routes::{catalog, check, ops, score};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "payguard",
        description = "Payout-risk scoring for payroll payouts: crypto wallets, e-money accounts, banks abroad, shared and third-party accounts. Every /v1 endpoint needs a bearer token.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    paths(
        score::score,
        check::check,
        catalog::rules,
        catalog::info,
        catalog::openapi,
        ops::healthz,
        ops::metrics,
    ),
    components(schemas(ErrorBody, ErrorDetail, payguard::output::json::Record, catalog::Info)),
    modifiers(&Bearer),
)]
struct Doc;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// The service's OpenAPI document as JSON.
pub fn document() -> String {
    let mut doc = Doc::openapi();
    doc.info.version = env!("CARGO_PKG_VERSION").to_string();
    doc.to_pretty_json()
        .expect("the OpenAPI document serialises")
}
