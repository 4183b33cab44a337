//! What `/metrics` shows, in Prometheus' text format: requests by route and
//! status, their latency, payouts by decision.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DecisionLabels {
    decision: String,
}

type Latencies = Family<RouteLabels, Histogram, fn() -> Histogram>;

/// The service's counters, shared by every request.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Latencies,
    payouts: Family<DecisionLabels, Counter>,
}

/// 0.25 ms to about 8 s, doubling: a check is well under a millisecond,
/// a payroll seconds.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.000_25, 2.0, 16))
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("payguard");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route and status",
            requests.clone(),
        );
        let latency: Latencies = Family::new_with_constructor(latency_histogram);
        registry.register(
            "http_request_duration_seconds",
            "Time from a request's headers to its answer's headers, by route",
            latency.clone(),
        );
        let payouts = Family::<DecisionLabels, Counter>::default();
        registry.register(
            "payouts",
            "Payouts answered, by decision (allow, review, block, rejected)",
            payouts.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            payouts,
        }
    }

    /// One request answered on `route` (its pattern, never its values).
    pub fn request(&self, route: &str, status: u16, seconds: f64) {
        self.requests
            .get_or_create(&RequestLabels {
                route: route.to_string(),
                status: status.to_string(),
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                route: route.to_string(),
            })
            .observe(seconds);
    }

    /// `count` more payouts with `decision`.
    pub fn payouts(&self, decision: &str, count: u64) {
        if count > 0 {
            self.payouts
                .get_or_create(&DecisionLabels {
                    decision: decision.to_string(),
                })
                .inc_by(count);
        }
    }

    /// Every metric, in the OpenMetrics text format.
    pub fn render(&self) -> String {
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)
            .expect("writing to a String cannot fail");
        text
    }
}
