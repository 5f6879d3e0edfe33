//! The application state shared by every handler.

use std::ops::Deref;
use std::sync::Arc;

use metrics_exporter_prometheus::PrometheusHandle;

use crate::features::accounts::password::PasswordHasher;
use crate::config::Config;
use crate::store::Db;
use crate::store::kv::Kv;
use crate::notify::{Mailer, SmsProvider};
use crate::store::views::ViewCounter;

/// Everything a request may need; one per process, cheap to clone.
#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

/// The contents of [`AppState`].
pub struct Inner {
    /// Effective configuration.
    pub config: Config,
    /// Database pools.
    pub db: Db,
    /// Counters, codes and session cache (in process or Redis).
    pub kv: Kv,
    /// Outgoing mail.
    pub mailer: Mailer,
    /// Outgoing SMS.
    pub sms: Box<dyn SmsProvider>,
    /// argon2id hasher.
    pub passwords: PasswordHasher,
    /// Server secret for CSRF tokens and URL signatures (≥ 32 bytes).
    pub secret: Vec<u8>,
    /// Prometheus exposition of the process's metrics.
    pub metrics: PrometheusHandle,
    /// Uploaded files (local directory or S3).
    pub storage: std::sync::Arc<dyn object_store::ObjectStore>,
    /// The LLM scorer, when configured.
    pub llm: Option<crate::features::scoring::Llm>,
    /// The speech-to-text endpoint, when configured
    /// (`transcription_base_url`, else `llm_base_url`).
    pub transcriber: Option<crate::features::transcription::client::Transcriber>,
    /// Buffered view counts (see [`crate::views`]).
    pub views: ViewCounter,
    /// Cached 面经 lists and details (see [`crate::features::experiences::read`]);
    /// dropped by [`crate::features::experiences::changed`].
    pub experience_reads: crate::features::experiences::read::Reads,
    /// 面经 in the database, new ones through the group-commit writer.
    pub experiences: crate::store::experiences::ExperienceStore,
    /// In-process write rate limiters (used when Redis is not configured).
    pub write_limits: crate::features::write_limits::limiter::WriteLimiter,
}

impl AppState {
    /// Flush buffered view counts ([`ViewCounter::flush`]) and drop the
    /// cached details whose count changed. Returns how many rows changed.
    ///
    /// # Errors
    /// Database failures (the counts stay pending).
    pub async fn flush_views(&self) -> Result<usize, crate::store::StoreError> {
        let flushed = self.views.flush(&self.db.write).await?;
        for (kind, id) in &flushed {
            if *kind == crate::store::views::Viewed::Experience {
                self.experience_reads.forget_detail(*id).await;
            }
        }
        Ok(flushed.len())
    }
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
