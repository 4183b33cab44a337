//! Listening: TCP (or TLS) connections served over HTTP/1.1 with the
//! service's limits on slow and large heads, and a graceful stop.

use crate::config::{Config, ServiceLimits, TlsFiles};
use crate::routes;
use crate::state::AppState;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio_io_timeout::TimeoutStream;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls;

/// How long a stop waits for the requests in flight.
const GRACE: Duration = Duration::from_secs(30);

/// A bound service, ready to run.
pub struct Server {
    listener: TcpListener,
    router: Router,
    tls: Option<TlsAcceptor>,
    limits: ServiceLimits,
}

impl Server {
    /// Loads the service's state (the plugin's catalogue, the history,
    /// the TLS files) and binds its address.
    pub async fn bind(config: Config) -> Result<Server, String> {
        let tls = config.tls.as_ref().map(acceptor).transpose()?;
        let (listen, limits) = (config.listen, config.limits);
        let state = tokio::task::spawn_blocking(move || AppState::new(config))
            .await
            .map_err(|e| e.to_string())??;
        let listener = TcpListener::bind(listen)
            .await
            .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
        Ok(Server {
            listener,
            router: routes::router(Arc::new(state)),
            tls,
            limits,
        })
    }

    /// The address it listens on (the port picked, for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Whether it speaks TLS.
    pub fn is_tls(&self) -> bool {
        self.tls.is_some()
    }

    /// Serves until `stop` completes, then lets the requests in flight end
    /// (for up to 30 s).
    pub async fn run(self, stop: impl std::future::Future<Output = ()>) -> Result<(), String> {
        let graceful = GracefulShutdown::new();
        let mut stop = std::pin::pin!(stop);
        loop {
            tokio::select! {
                accepted = self.listener.accept() => {
                    let stream = match accepted {
                        Ok((stream, _)) => stream,
                        Err(e) => {
                            // Out of file descriptors and the like: wait a
                            // moment rather than spin.
                            tracing::warn!(error = %e, "accept failed");
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            continue;
                        }
                    };
                    let _ = stream.set_nodelay(true);
                    let mut io = TimeoutStream::new(stream);
                    io.set_write_timeout(Some(self.limits.write_timeout));
                    let connection = Connection {
                        router: self.router.clone(),
                        limits: self.limits,
                        watcher: graceful.watcher(),
                    };
                    match &self.tls {
                        None => connection.serve(Box::pin(io)),
                        Some(tls) => connection.serve_tls(tls.clone(), Box::pin(io)),
                    }
                }
                () = &mut stop => break,
            }
        }
        drop(self.listener);
        tokio::select! {
            () = graceful.shutdown() => {}
            () = tokio::time::sleep(GRACE) => {
                tracing::warn!("stopped with requests still in flight");
            }
        }
        Ok(())
    }
}

/// One accepted connection.
struct Connection {
    router: Router,
    limits: ServiceLimits,
    watcher: hyper_util::server::graceful::Watcher,
}

impl Connection {
    fn serve<I>(self, io: I)
    where
        I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new())
            // A client that sends its head slowly is cut off.
            .header_read_timeout(self.limits.read_timeout)
            .max_buf_size(self.limits.max_head.max(8192));
        let service = TowerToHyperService::new(self.router);
        let connection = http.serve_connection(TokioIo::new(io), service);
        let watched = self.watcher.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = watched.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }

    fn serve_tls<I>(self, tls: TlsAcceptor, io: I)
    where
        I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let handshake_time = self.limits.read_timeout;
        tokio::spawn(async move {
            match tokio::time::timeout(handshake_time, tls.accept(io)).await {
                Ok(Ok(stream)) => self.serve(stream),
                Ok(Err(e)) => tracing::debug!(error = %e, "TLS handshake failed"),
                Err(_) => tracing::debug!("TLS handshake timed out"),
            }
        });
    }
}

/// The TLS acceptor for a PEM certificate chain and key.
fn acceptor(files: &TlsFiles) -> Result<TlsAcceptor, String> {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::{CertificateDer, PrivateKeyDer};
    let certs = CertificateDer::pem_file_iter(&files.cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| format!("{}: not a PEM certificate chain: {e}", files.cert.display()))?;
    if certs.is_empty() {
        return Err(format!("{}: holds no certificate", files.cert.display()));
    }
    let key = PrivateKeyDer::from_pem_file(&files.key)
        .map_err(|e| format!("{}: not a PEM private key: {e}", files.key.display()))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| format!("{}: {e}", files.cert.display()))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(config)))
}
