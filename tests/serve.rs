//! `payguard serve` end to end: the real binary on a free port, driven by a
//! real HTTP client (and raw sockets where a client would be too polite):
//! the CLI's exact NDJSON, tokens, limits, slow and hostile clients, a
//! trapping plugin, the history shared by /v1/score and /v1/check, TLS,
//! the OpenAPI document, metrics and the Java client.

mod support;

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::{ndjson, payguard, root, temp};

const TOKEN: &str = "serve-test-token-4f9c2a7e1b";

/// A running `payguard serve`, stopped when dropped. Its log lines are
/// kept, read as they come so the service never blocks on a full pipe.
struct Service {
    child: Child,
    addr: SocketAddr,
    logs: Arc<Mutex<Vec<String>>>,
    agent: ureq::Agent,
}

impl Service {
    /// Starts `payguard serve` with a private token file and `args`.
    fn start(name: &str, args: &[&str]) -> Service {
        let tokens = token_file(name);
        let mut command = Command::new(env!("CARGO_BIN_EXE_payguard"));
        command
            .args(["serve", "--listen", "127.0.0.1:0", "--token-file"])
            .arg(&tokens)
            .args(args)
            .current_dir(root())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("start payguard serve");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let mut seen = Vec::new();
        let addr = loop {
            let Some(Ok(line)) = lines.next() else {
                panic!("payguard serve ended before listening: {}", seen.join("\n"));
            };
            if let Some(at) = line
                .split("://")
                .nth(1)
                .filter(|_| line.contains("serving on"))
            {
                break at.trim().parse().expect("an address");
            }
            seen.push(line);
        };
        let logs = Arc::new(Mutex::new(seen));
        let kept = Arc::clone(&logs);
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                kept.lock().unwrap().push(line);
            }
        });
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        Service {
            child,
            addr,
            logs,
            agent,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// POSTs `body` as `content_type` with the token: (status, body).
    fn post(&self, path: &str, content_type: &str, body: &[u8]) -> (u16, String) {
        let response = self
            .agent
            .post(&self.url(path))
            .header("Authorization", &format!("Bearer {TOKEN}"))
            .header("Content-Type", content_type)
            .send(body)
            .expect("the service answers");
        answer(response)
    }

    /// GETs `path`, with the token or without.
    fn get(&self, path: &str, with_token: bool) -> (u16, String) {
        let mut request = self.agent.get(&self.url(path));
        if with_token {
            request = request.header("Authorization", &format!("Bearer {TOKEN}"));
        }
        answer(request.call().expect("the service answers"))
    }

    /// Scores the file at `path` (relative to the workspace) as CSV.
    fn score(&self, path: &str, query: &str) -> (u16, String) {
        let body = std::fs::read(root().join(path)).unwrap();
        self.post(&format!("/v1/score{query}"), "text/csv", &body)
    }

    /// Whether it still answers.
    fn alive(&self) -> bool {
        matches!(self.get("/healthz", false), (200, body) if body.contains("ok"))
    }

    fn logs(&self) -> String {
        self.logs.lock().unwrap().join("\n")
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn answer(mut response: ureq::http::Response<ureq::Body>) -> (u16, String) {
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .with_config()
        .limit(256 << 20)
        .read_to_string()
        .expect("a UTF-8 body");
    (status, body)
}

/// A token file of the test's own, readable by its owner only.
fn token_file(name: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = temp(&format!("{name}.tokens"));
    std::fs::write(&path, format!("# the tests' token\n{TOKEN}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    path
}

/// A fresh SQLite history path for one test.
fn fresh_history(name: &str) -> String {
    let path = temp(name);
    for suffix in ["", ".key", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    path.display().to_string()
}

/// What the CLI writes for `path` as NDJSON on `as_of`.
fn cli_ndjson(path: &str, as_of: &str) -> String {
    payguard(&[
        "score", path, "--format", "ndjson", "--as-of", as_of, "--quiet",
    ])
    .stdout
}

/// Sends `bytes` on a fresh connection and reads the answer until the
/// service closes it (or 10 s pass): what a raw client sees.
fn raw(addr: SocketAddr, bytes: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    // The service may answer (and close) before every byte is sent.
    let _ = stream.write_all(bytes);
    read_all(&mut stream)
}

fn read_all(stream: &mut TcpStream) -> String {
    let mut out = Vec::new();
    let mut buf = [0_u8; 8192];
    loop {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The status of a raw HTTP answer, 0 when there was none.
fn status_of(answer: &str) -> u16 {
    answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// One payout of the example as a JSON object, with a new id and employee.
fn example_payout(line: usize, payout_id: &str, employee_id: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(root().join("examples/payroll.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.nth(line).unwrap().split(',').collect();
    let mut object = serde_json::Map::new();
    for (key, value) in header.iter().zip(row) {
        if !value.is_empty() {
            object.insert(key.to_string(), Value::String(value.to_string()));
        }
    }
    object.insert("payout_id".into(), payout_id.into());
    object.insert("employee_id".into(), employee_id.into());
    serde_json::to_vec(&object).unwrap()
}

#[test]
fn scores_the_example_payroll_exactly_as_the_cli_does() {
    let service = Service::start("exact", &[]);
    let (status, body) = service.score("examples/payroll.csv", "?as_of=2026-12-01");
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, cli_ndjson("examples/payroll.csv", "2026-12-01"));
    // The same rows as a JSON array and as NDJSON.
    for (path, content_type) in [
        ("tests/fixtures/small.json", "application/json"),
        ("tests/fixtures/small.ndjson", "application/x-ndjson"),
    ] {
        let bytes = std::fs::read(root().join(path)).unwrap();
        let (status, body) = service.post("/v1/score?as_of=2026-12-01", content_type, &bytes);
        assert_eq!(status, 200, "{path}: {body}");
        assert_eq!(body, cli_ndjson(path, "2026-12-01"), "{path}");
    }
    // A flagged payout is a 200; a bad row is a rejected record in it.
    let (status, body) = service.score("tests/fixtures/bad_rows.csv", "?as_of=2026-12-01");
    assert_eq!(status, 200);
    assert!(ndjson(&body).iter().any(|r| r["decision"] == "rejected"));
    assert_eq!(
        body,
        cli_ndjson("tests/fixtures/bad_rows.csv", "2026-12-01")
    );
}

#[test]
fn a_payroll_in_the_charset_its_content_type_names_scores_as_in_utf8() {
    // Excel's "CSV (Comma delimited)" saves in the Windows code page.
    let service = Service::start("charset", &[]);
    let text = std::fs::read_to_string(root().join("examples/payroll.csv")).unwrap();
    let text = text.replace("Emma Johansson", "Emma Jönsson");
    let original = temp("charset-original.csv");
    std::fs::write(&original, &text).unwrap();
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    let expected = cli_ndjson(original.to_str().unwrap(), "2026-12-01");
    let query = "/v1/score?as_of=2026-12-01";
    let (status, body) = service.post(query, "text/csv; charset=windows-1252", &cp1252);
    assert_eq!((status, body.as_str()), (200, expected.as_str()));
    // UTF-8 named is read as written.
    let example = std::fs::read(&original).unwrap();
    let (status, body) = service.post(query, "text/csv; charset=UTF-8", &example);
    assert_eq!((status, body.as_str()), (200, expected.as_str()));
    // Unnamed, its row is rejected for it; an unknown one is refused.
    let (status, body) = service.post(query, "text/csv", &cp1252);
    assert_eq!(status, 200);
    let rejected: Vec<Value> = ndjson(&body)
        .into_iter()
        .filter(|r| r["decision"] == "rejected")
        .collect();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0]["error"]["field"], "employee_name");
    let (status, body) = service.post(query, "text/csv; charset=\"cp-nonesuch\"", &cp1252);
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("is not an encoding"), "{body}");
}

#[test]
fn check_sees_a_key_an_earlier_score_recorded_and_records_nothing() {
    let history = fresh_history("serve-check.db");
    let service = Service::start("check", &["--history", &history]);
    // Nothing recorded yet: E-006's wallet is one employee's.
    let payout = example_payout(5, "CHECK-1", "E-NEW");
    let (status, before) = service.post("/v1/check?as_of=2026-12-01", "application/json", &payout);
    assert_eq!(status, 200, "{before}");
    let before: Value = serde_json::from_str(&before).unwrap();
    assert_eq!(before["payout_id"], "CHECK-1");
    let rules = |record: &Value| -> Vec<String> {
        record["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(!rules(&before).contains(&"shared-destination".to_string()));

    let (status, _) = service.score("examples/payroll.csv", "?as_of=2026-12-01&payroll=acme");
    assert_eq!(status, 200);
    let (status, after) = service.post(
        "/v1/check?as_of=2026-12-01&payroll=acme",
        "application/json",
        &payout,
    );
    assert_eq!(status, 200, "{after}");
    let after: Value = serde_json::from_str(&after).unwrap();
    let shared = after["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "shared-destination")
        .unwrap_or_else(|| panic!("no shared-destination in {after}"));
    assert!(
        shared["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["key"] == "earlier" && e["value"].as_str().unwrap().contains("E-006 P-1006")),
        "{shared}"
    );
    // A check records nothing; record=false records nothing either.
    let (_, info) = service.get("/v1/info", true);
    let info: Value = serde_json::from_str(&info).unwrap();
    assert_eq!(info["history"]["runs"], 1, "{info}");
    assert_eq!(info["history"]["payouts"], 15, "{info}");
    let (status, _) = service.score("tests/fixtures/small.csv", "?record=false");
    assert_eq!(status, 200);
    let (_, info) = service.get("/v1/info", true);
    assert_eq!(
        serde_json::from_str::<Value>(&info).unwrap()["history"]["runs"],
        1
    );
}

#[test]
fn every_endpoint_but_health_and_metrics_needs_a_token() {
    let service = Service::start("tokens", &[]);
    for path in ["/v1/rules", "/v1/info", "/v1/openapi.json"] {
        assert_eq!(service.get(path, false).0, 401, "{path}");
        assert_eq!(service.get(path, true).0, 200, "{path}");
    }
    for (token, path) in [
        ("Bearer wrong-token-0000000000", "/v1/score"),
        ("Basic c2VydmU6dGVzdA==", "/v1/check"),
        (&format!("Bearer {TOKEN}x") as &str, "/v1/score"),
    ] {
        let response = service
            .agent
            .post(&service.url(path))
            .header("Authorization", token)
            .header("Content-Type", "application/json")
            .send("{}")
            .unwrap();
        let (status, body) = answer(response);
        assert_eq!(status, 401, "{token} {path}");
        assert!(body.contains("\"unauthorized\""), "{body}");
    }
    assert_eq!(service.get("/healthz", false).0, 200);
    assert_eq!(service.get("/metrics", false).0, 200);
    // The token is never logged.
    assert!(!service.logs().contains(TOKEN));
}

#[test]
fn refuses_a_token_file_others_can_read() {
    use std::os::unix::fs::PermissionsExt;
    let path = token_file("readable");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = payguard(&[
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--token-file",
        path.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("can be read by others (mode 644)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_body_over_the_limit_is_413_without_reading_the_rest() {
    let service = Service::start("limit", &["--max-body", "4000"]);
    // Declared too large: refused on the headers alone.
    let head = format!(
        "POST /v1/score HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: text/csv\r\nContent-Length: 10000000\r\n\r\n"
    );
    let answer = raw(service.addr, head.as_bytes());
    assert_eq!(status_of(&answer), 413, "{answer}");
    assert!(answer.contains("body-too-large"));
    // Chunked, and over the limit only once read.
    let chunk = "x".repeat(3000);
    let chunked = format!(
        "POST /v1/score HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\nbb8\r\n{chunk}\r\nbb8\r\n{chunk}\r\n0\r\n\r\n"
    );
    assert_eq!(status_of(&raw(service.addr, chunked.as_bytes())), 413);
    // Under the limit it is scored.
    assert_eq!(service.score("tests/fixtures/small.csv", "").0, 200);
    assert!(service.alive());
}

#[test]
fn what_is_not_a_payroll_or_a_payout_is_a_4xx_naming_the_fault() {
    let service = Service::start("not-a-payroll", &[]);
    let cases: &[(&str, &str, &[u8], u16, &str)] = &[
        (
            "/v1/score",
            "text/csv",
            b"employee,amount\nE-1,100\n",
            422,
            "no column reads as employee_id",
        ),
        ("/v1/score", "text/csv", b"", 422, "not-a-payroll"),
        (
            "/v1/score",
            "text/csv",
            b"\xff\xfe\x00p\x00a\x00y",
            422,
            "not-a-payroll",
        ),
        (
            "/v1/score",
            "application/json",
            b"{\"payout_id\": 1}",
            422,
            "not a JSON array",
        ),
        (
            "/v1/score",
            "application/json",
            b"[{\"payout_id\"",
            422,
            "not-a-payroll",
        ),
        (
            "/v1/score",
            "text/plain",
            b"a,b",
            415,
            "text/csv, application/x-ndjson or application/json",
        ),
        ("/v1/score?as_of=yesterday", "text/csv", b"a", 400, "as_of"),
        ("/v1/score?record=maybe", "text/csv", b"a", 400, "record"),
        (
            "/v1/score?bogus=1",
            "text/csv",
            b"a",
            400,
            "unknown field `bogus`",
        ),
        (
            "/v1/check",
            "application/json",
            b"{\"payout_id\": ",
            400,
            "bad-json",
        ),
        (
            "/v1/check",
            "application/json",
            b"[1, 2]",
            422,
            "not-a-payout",
        ),
        ("/v1/check", "text/csv", b"a,b", 415, "application/json"),
        // A header no media type grammar reads is named as written.
        (
            "/v1/check",
            "application json",
            b"{}",
            415,
            "`application json`",
        ),
        ("/v1/nothing", "text/csv", b"a,b", 404, "not-found"),
    ];
    for (path, content_type, body, status, says) in cases {
        let (got, text) = service.post(path, content_type, body);
        assert_eq!(got, *status, "{path} {content_type}: {text}");
        assert!(text.contains(says), "{path}: {text} lacks {says}");
        assert!(serde_json::from_str::<Value>(&text).unwrap()["error"]["message"].is_string());
    }
    // A payout object with a bad field is a rejected record, as a row is.
    let (status, text) = service.post(
        "/v1/check",
        "application/json",
        br#"{"payout_id": "X-1", "employee_id": "E-1", "employee_name": "Anna", "residence_country": "DE", "amount": "ten", "currency": "EUR", "iban": "DE89370400440532013000"}"#,
    );
    assert_eq!(status, 200, "{text}");
    let record: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(record["decision"], "rejected");
    assert_eq!(record["error"]["field"], "amount");
}

#[test]
fn a_slow_client_is_cut_off() {
    let service = Service::start("slow", &["--read-timeout", "1"]);
    // Headers that never end: the connection is closed.
    let mut stream = TcpStream::connect(service.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
        .write_all(b"POST /v1/score HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let start = Instant::now();
    let answer = read_all(&mut stream);
    assert!(start.elapsed() < Duration::from_secs(5), "{answer}");
    assert!(answer.is_empty() || status_of(&answer) == 408, "{answer}");
    // A body that stalls: 408.
    let mut stream = TcpStream::connect(service.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let head = format!(
        "POST /v1/score HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: text/csv\r\nContent-Length: 1000\r\n\r\npayout_id,"
    );
    stream.write_all(head.as_bytes()).unwrap();
    let start = Instant::now();
    let answer = read_all(&mut stream);
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(status_of(&answer), 408, "{answer}");
    assert!(answer.contains("too-slow"));
    assert!(service.alive());
}

#[test]
fn sixty_four_requests_sixteen_at_once_give_one_answer() {
    let service = Service::start("concurrent", &[]);
    let expected = cli_ndjson("examples/payroll.csv", "2026-12-01");
    let body = std::fs::read(root().join("examples/payroll.csv")).unwrap();
    let payout = example_payout(5, "CHECK-1", "E-NEW");
    let check = service.post("/v1/check?as_of=2026-12-01", "application/json", &payout);
    std::thread::scope(|scope| {
        for client in 0..16 {
            let (service, body, expected, payout, check) =
                (&service, &body, &expected, &payout, &check);
            scope.spawn(move || {
                for request in 0..4 {
                    // Payrolls and single payouts, interleaved.
                    if (client + request) % 2 == 0 {
                        let got = service.post("/v1/score?as_of=2026-12-01", "text/csv", body);
                        assert_eq!(
                            got,
                            (200, expected.clone()),
                            "client {client} request {request}"
                        );
                    } else {
                        let got =
                            service.post("/v1/check?as_of=2026-12-01", "application/json", payout);
                        assert_eq!(&got, check, "client {client} request {request}");
                    }
                }
            });
        }
    });
    let (_, metrics) = service.get("/metrics", false);
    assert!(
        metrics.contains(r#"payguard_http_requests_total{route="/v1/score",status="200"} 32"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"payguard_http_requests_total{route="/v1/check",status="200"} 33"#),
        "{metrics}"
    );
}

#[test]
fn past_the_concurrency_limit_a_request_waits_then_gets_503() {
    let service = Service::start("busy", &["--concurrent", "1", "--queue-timeout", "1"]);
    // One request holds the only turn while its body trickles in.
    let mut holder = TcpStream::connect(service.addr).unwrap();
    let head = format!(
        "POST /v1/score HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: text/csv\r\nContent-Length: 100\r\n\r\npay"
    );
    holder.write_all(head.as_bytes()).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let start = Instant::now();
    let (status, body) = service.score("tests/fixtures/small.csv", "");
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("\"busy\""));
    assert!(start.elapsed() >= Duration::from_millis(900));
    drop(holder);
    // The turn comes back once the holder is gone (its body fails).
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(service.score("tests/fixtures/small.csv", "").0, 200);
}

#[test]
fn a_trap_mid_request_rejects_that_payout_and_the_service_lives_on() {
    let hostile = payguard_test_artifacts::HOSTILE_PATH;
    let service = Service::start("trap", &["--plugin", hostile]);
    for _ in 0..2 {
        let (status, body) = service.score("tests/fixtures/trap.csv", "");
        assert_eq!(status, 200, "{body}");
        let rows = ndjson(&body);
        assert_eq!(rows[0]["decision"], "allow");
        assert_eq!(rows[1]["decision"], "rejected");
        assert!(
            rows[1]["error"]["message"]
                .as_str()
                .unwrap()
                .contains("it trapped"),
            "{body}"
        );
    }
    // A check that traps, then one that does not: the trapped sandbox is
    // not lent again.
    let trap = br#"{"payout_id": "trap", "employee_id": "E2", "employee_name": "Lucas Martin", "residence_country": "FR", "amount": "1", "currency": "EUR", "iban": "FR1420041010050500013M02606"}"#;
    let fine = br#"{"payout_id": "fine", "employee_id": "E1", "employee_name": "Anna Schmidt", "residence_country": "DE", "amount": "1", "currency": "EUR", "iban": "DE89370400440532013000"}"#;
    for _ in 0..3 {
        let (status, body) = service.post("/v1/check", "application/json", trap);
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("\"rejected\""), "{body}");
        let (status, body) = service.post("/v1/check", "application/json", fine);
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("\"allow\""), "{body}");
    }
    assert!(service.alive());
}

#[test]
fn hostile_input_gets_a_4xx_and_never_kills_the_service() {
    let service = Service::start("hostile-input", &[]);
    // Fuzzed JSON: a payout object with bytes flipped, dropped and added.
    let payout = example_payout(2, "FUZZ-1", "E-FUZZ");
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..300 {
        let mut body = payout.clone();
        for _ in 0..1 + next() % 4 {
            let at = (next() % body.len() as u64) as usize;
            match next() % 3 {
                0 => body[at] = (next() % 256) as u8,
                1 => {
                    body.remove(at);
                }
                _ => {
                    let special = b"{}[]\",:\\\x00\xff";
                    body.insert(at, special[(next() % special.len() as u64) as usize]);
                }
            }
        }
        let (status, text) = service.post("/v1/check", "application/json", &body);
        assert!(
            status == 200 || (400..500).contains(&status),
            "round {round}: {status} {text}"
        );
    }
    // Truncated bodies: the client declares more than it sends, then stops.
    for path in ["/v1/score", "/v1/check"] {
        let mut stream = TcpStream::connect(service.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{{\"payout_id\": \"T"
        );
        stream.write_all(head.as_bytes()).unwrap();
        stream.shutdown(std::net::Shutdown::Write).unwrap();
        let answer = read_all(&mut stream);
        let status = status_of(&answer);
        assert!(
            status == 0 || (400..500).contains(&status),
            "{path}: {answer}"
        );
    }
    // Wrong content types.
    for content_type in [
        "application/xml",
        "multipart/form-data; boundary=x",
        "",
        "text/csv/extra",
    ] {
        let (status, _) = service.post("/v1/score", content_type, b"payout_id\n1\n");
        assert!((400..500).contains(&status), "{content_type:?}: {status}");
    }
    // A head of 1 MiB: 431.
    let big = format!(
        "GET /v1/rules HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nX-Padding: {}\r\n\r\n",
        "a".repeat(1 << 20)
    );
    assert_eq!(status_of(&raw(service.addr, big.as_bytes())), 431);
    // Not HTTP at all.
    let _ = raw(
        service.addr,
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n",
    );
    assert!(service.alive());
    assert_eq!(service.score("tests/fixtures/small.csv", "").0, 200);
}

#[test]
fn logs_one_line_per_request_and_no_payout_data() {
    let service = Service::start("logs", &[]);
    let (status, _) = service.score("examples/payroll.csv", "?payroll=acme-secret-client");
    assert_eq!(status, 200);
    let payout = example_payout(5, "CHECK-LOG", "E-LOG");
    assert_eq!(
        service.post("/v1/check", "application/json", &payout).0,
        200
    );
    let (status, _) = service.post("/v1/score", "text/csv", b"employee,amount\nE-1,100\n");
    assert_eq!(status, 422);
    std::thread::sleep(Duration::from_millis(200));
    let logs = service.logs();
    let requests: Vec<Value> = logs
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|l| l["fields"]["message"] == "request")
        .collect();
    assert_eq!(requests.len(), 3, "{logs}");
    assert_eq!(requests[2]["fields"]["error"], "not-a-payroll");
    for secret in [
        "Anna Schmidt",
        "DE89",
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb",
        "E-LOG",
        "CHECK-LOG",
        "acme-secret-client",
        "P-1001",
    ] {
        assert!(!logs.contains(secret), "the log holds {secret}: {logs}");
    }
}

#[test]
fn the_openapi_document_describes_every_endpoint() {
    let service = Service::start("openapi", &[]);
    let (status, text) = service.get("/v1/openapi.json", true);
    assert_eq!(status, 200);
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    let paths: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for path in [
        "/v1/score",
        "/v1/check",
        "/v1/rules",
        "/v1/info",
        "/v1/openapi.json",
        "/healthz",
        "/metrics",
    ] {
        assert!(paths.contains(&path), "{path} missing from {paths:?}");
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    // Every reference resolves to a schema of the document.
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(refs.len() > 10);
    for r in refs {
        let name = r
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("{r}"));
        assert!(schemas.contains_key(name), "{r} does not resolve");
    }
    assert!(schemas.contains_key("Finding") && schemas.contains_key("Decision"));
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push(r.clone());
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

#[test]
fn metrics_count_payouts_by_decision() {
    let service = Service::start("metrics", &[]);
    let (_, body) = service.score("examples/payroll.csv", "?as_of=2026-12-01");
    let rows = ndjson(&body);
    let (_, metrics) = service.get("/metrics", false);
    for decision in ["allow", "review", "block"] {
        let count = rows.iter().filter(|r| r["decision"] == decision).count();
        let line = format!("payguard_payouts_total{{decision=\"{decision}\"}} {count}");
        assert!(metrics.contains(&line), "{line} not in {metrics}");
    }
    assert!(metrics.contains("payguard_http_request_duration_seconds_bucket"));
}

#[test]
fn serves_https_with_the_given_certificate() {
    let dir = temp("tls");
    std::fs::create_dir_all(&dir).unwrap();
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout",
        ])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("openssl makes the test's certificate");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let service = Service::start(
        "tls",
        &[
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ],
    );
    let curl = |path: &str| {
        Command::new("curl")
            .args(["-sS", "--cacert"])
            .arg(&cert)
            .args(["-H", &format!("Authorization: Bearer {TOKEN}")])
            .arg(format!("https://127.0.0.1:{}{path}", service.addr.port()))
            .output()
            .expect("curl")
    };
    let health = curl("/healthz");
    assert!(
        health.status.success(),
        "{}",
        String::from_utf8_lossy(&health.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&health.stdout),
        r#"{"status":"ok"}"#
    );
    assert!(String::from_utf8_lossy(&curl("/v1/rules").stdout).contains("crypto-destination"));
    // Plain HTTP to a TLS port gets no answer, and the service lives on.
    let _ = raw(service.addr, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(curl("/healthz").status.success());
}

#[test]
fn the_java_client_scores_the_example_payroll() {
    let service = Service::start("java", &[]);
    let tokens = token_file("java-client");
    let run = Command::new("java")
        .arg(root().join("examples/java/ScorePayroll.java"))
        .arg(service.url(""))
        .arg(&tokens)
        .arg(root().join("examples/payroll.csv"))
        .arg("2026-12-01")
        .output()
        .expect("java runs (scripts/test installs a JDK)");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // One line per payout: its id and decision, as the CLI decides.
    let cli = ndjson(&cli_ndjson("examples/payroll.csv", "2026-12-01"));
    let expected: Vec<String> = cli
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["payout_id"].as_str().unwrap(),
                r["decision"].as_str().unwrap()
            )
        })
        .collect();
    let lines: Vec<&str> = stdout.lines().filter(|l| l.starts_with("P-")).collect();
    let got: Vec<String> = lines
        .iter()
        .map(|l| l.split_whitespace().take(2).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(got, expected, "{stdout}");
    assert!(service.logs().contains("/v1/score"));
}

/// Twenty employees paid to one account: a crowded key, whose sightings
/// pooled look-ups keep between checks.
fn crowded_payroll() -> Vec<u8> {
    let mut csv = String::from(
        "payout_id,employee_id,employee_name,residence_country,amount,currency,iban,pay_date\n",
    );
    for i in 1..=20 {
        csv.push_str(&format!(
            "P-{i},E-{i},Worker Number{i},DE,100.00,EUR,DE89370400440532013000,2026-11-27\n"
        ));
    }
    csv.into_bytes()
}

/// The value of `key` in the evidence of `rule` in a check's record.
fn evidence(record: &str, rule: &str, key: &str) -> Option<String> {
    let record: Value = serde_json::from_str(record).unwrap();
    let finding = record["findings"]
        .as_array()?
        .iter()
        .find(|f| f["rule"] == rule)?;
    let item = finding["evidence"]
        .as_array()?
        .iter()
        .find(|e| e["key"] == key)?;
    Some(item["value"].as_str()?.to_string())
}

/// Checks a new employee paid to the crowded account four times (so the
/// pooled look-ups cache its sightings), then forgets an employee with the
/// CLI: the next checks count one employee fewer at once (the service
/// drops what it cached when the history changes).
fn forgotten_employees_leave_the_service_at_once(history: &[&str]) {
    let service = Service::start("forget", history);
    let (status, _) = service.post("/v1/score?payroll=acme", "text/csv", &crowded_payroll());
    assert_eq!(status, 200);
    let payout = br#"{"payout_id": "CHECK-F", "employee_id": "E-NEW", "employee_name": "New Hire", "residence_country": "DE", "amount": "100.00", "currency": "EUR", "iban": "DE89370400440532013000", "pay_date": "2026-11-27"}"#;
    let check = || {
        let (status, body) = service.post("/v1/check?payroll=acme", "application/json", payout);
        assert_eq!(status, 200, "{body}");
        evidence(&body, "shared-destination", "employees")
    };
    for _ in 0..4 {
        assert_eq!(check().as_deref(), Some("21"));
    }
    let mut forget = vec![
        "history",
        "forget",
        "--employee",
        "E-7",
        "--history",
        history[1],
    ];
    if let Some(at) = history.iter().position(|a| *a == "--history-secret") {
        forget.extend(["--history-secret", history[at + 1]]);
    }
    let run = payguard(&forget);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for _ in 0..4 {
        assert_eq!(check().as_deref(), Some("20"));
    }
}

#[test]
fn a_forgotten_employee_leaves_the_service_at_once() {
    let history = fresh_history("serve-forget.db");
    forgotten_employees_leave_the_service_at_once(&["--history", &history]);
}

#[test]
fn the_service_shares_a_postgresql_history() {
    let Ok(url) = std::env::var("PAYGUARD_TEST_POSTGRES") else {
        eprintln!(
            "PAYGUARD_TEST_POSTGRES is not set: PostgreSQL not tested here (scripts/test sets it)"
        );
        return;
    };
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).expect("the test database");
    admin
        .batch_execute("DROP SCHEMA IF EXISTS payguard CASCADE")
        .unwrap();
    let secret = temp("serve-pg.key");
    let _ = std::fs::remove_file(&secret);
    let secret = secret.display().to_string();
    forgotten_employees_leave_the_service_at_once(&[
        "--history",
        &url,
        "--history-secret",
        &secret,
    ]);
}
