//! Typed configuration, loaded once at start-up.
//!
//! Layers, later wins: built-in defaults → optional TOML file (`--config` /
//! `MIANJING_CONFIG`) → `MIANJING_*` environment variables (plus the
//! conventional unprefixed `DATABASE_URL` and `REDIS_URL`) → command-line flags.
//! Every key is documented in the README's configuration reference; a bad value
//! stops start-up with a message naming the key (figment reports the key path).

use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

/// The whole configuration of one `mianjing` process.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Socket address `serve` listens on. Default `127.0.0.1:8080`.
    pub bind: String,
    /// Directory for the SQLite database, uploaded files, the mail outbox and
    /// generated secrets. Default `./data`.
    pub data_dir: PathBuf,
    /// `sqlite://…`, `postgres://…` or `mysql://…`; unset = `DATA_DIR/mianjing.db`.
    pub database_url: Option<String>,
    /// Upper bound of pooled database connections. Default 16.
    pub db_max_connections: u32,
    /// `redis://…`; when set, rate-limit counters, verification codes and the
    /// session cache are shared through Redis. Unset = in process.
    pub redis_url: Option<String>,
    /// Prefix of every Redis key, so deployments can share a server. Default `mianjing:`.
    pub redis_prefix: String,
    /// `smtp://user:pass@host:port` or `smtps://…`; unset = mails are written as
    /// `.eml` files to `DATA_DIR/outbox/`.
    #[serde(skip_serializing)]
    pub smtp_url: Option<SecretString>,
    /// Sender address of outgoing mail.
    pub mail_from: String,
    /// 32+ byte secret (any string) for cookie/CSRF/URL signing. Unset = a random
    /// key is generated at first start and kept in `DATA_DIR/secret.key`.
    #[serde(skip_serializing)]
    pub secret_key: Option<SecretString>,
    /// Log format: `pretty` (default on a terminal) or `json`.
    pub log_format: LogFormat,
    /// Mark the session cookies `Secure` and name them `__Host-mj_session` /
    /// `__Host-mj_csrf`. Unset = on exactly when `public_url` is `https://…`.
    pub cookie_secure: Option<bool>,
    /// Take the client address from `X-Forwarded-For`, walking it from the
    /// right past the hops in `trusted_proxies` (only behind a proxy).
    pub trust_proxy: bool,
    /// Absolute lifetime of a session without `keep_logged_in`, hours,
    /// counted from the login; `POST /api/token/refresh` rotates the token
    /// but keeps the deadline (ASVS 5.0 V7.3.2). Default 24.
    pub session_hours: i64,
    /// Absolute lifetime of a session with `keep_logged_in`, days (as
    /// `session_hours`). Default 30 (NIST SP 800-63B: re-authenticate at
    /// least every 30 days).
    pub session_keep_days: i64,
    /// Argon2id memory cost in KiB. Default 19456 (OWASP Password Storage Cheat Sheet, 2023: m=19 MiB, t=2, p=1).
    pub argon2_memory_kib: u32,
    /// Argon2id iterations. Default 2 (OWASP).
    pub argon2_iterations: u32,
    /// Argon2id lanes. Default 1 (OWASP).
    pub argon2_parallelism: u32,
    /// Failed logins for one account from clients without that account's
    /// device token, within `login_failure_memory_secs`, before such clients
    /// are locked out of it (escalating; the owner is mailed). Default 20.
    pub login_max_failures_per_account: u64,
    /// Failed logins from one client address (IPv6: its /64) without a device
    /// token, within `login_window_secs`, before such logins from it are
    /// locked out (escalating). Default 100.
    pub login_max_failures_per_ip: u64,
    /// Window of the per-address failed-login counter, seconds. Default 900.
    pub login_window_secs: u64,
    /// OpenAI-compatible endpoint for AI scoring, e.g. `https://api.openai.com/v1`;
    /// unset = the built-in scorer only.
    pub llm_base_url: Option<String>,
    /// API key sent as `Authorization: Bearer`.
    #[serde(skip_serializing)]
    pub llm_api_key: Option<SecretString>,
    /// Model name. Default `gpt-4o-mini`.
    pub llm_model: String,
    /// Timeout of one LLM request, seconds; on timeout the built-in scorer answers. Default 20.
    pub llm_timeout_secs: u64,
    /// OpenAI-compatible endpoint for speech to text (`POST {base}/audio/transcriptions`);
    /// unset = `llm_base_url`; both unset = answers are typed, no transcription.
    pub transcription_base_url: Option<String>,
    /// API key of the transcription endpoint; unset = `llm_api_key`.
    #[serde(skip_serializing)]
    pub transcription_api_key: Option<SecretString>,
    /// Speech-to-text model name. Default `whisper-1`.
    pub transcription_model: String,
    /// Timeout of one transcription request, seconds (a 50 MiB recording
    /// uploads for a while). Default 60.
    pub transcription_timeout_secs: u64,
    /// Answers one user may have scored per UTC day (mock-interview answers and
    /// the answers of posted interview records); over it, 429 `quota_exceeded`
    /// until the next UTC midnight. Default 200.
    pub quota_scored_answers_per_day: u64,
    /// LLM requests (scoring with its follow-up, transcription) one user may
    /// cause per UTC day; over it, scoring falls back to the built-in scorer and
    /// transcription answers 429 `quota_exceeded`. Default 50.
    pub quota_llm_calls_per_day: u64,
    /// S3 bucket for uploads; unset = local directory `DATA_DIR/files`.
    pub s3_bucket: Option<String>,
    /// S3 region. Default `us-east-1`.
    pub s3_region: String,
    /// S3-compatible endpoint URL (MinIO, R2, …); unset = AWS.
    pub s3_endpoint: Option<String>,
    /// S3 access key id (else taken from `AWS_ACCESS_KEY_ID`).
    pub s3_access_key_id: Option<String>,
    /// S3 secret key (else taken from `AWS_SECRET_ACCESS_KEY`).
    #[serde(skip_serializing)]
    pub s3_secret_access_key: Option<SecretString>,
    /// Allow a plain-HTTP S3 endpoint (test servers).
    pub s3_allow_http: bool,
    /// Serve `GET /api/_bench/fixed` (a constant 2 KiB JSON body, no database)
    /// so load tests can measure the machine's limit in the same binary. Off by
    /// default. Only in builds with the `bench` feature (the load harness's):
    /// elsewhere the key is unknown.
    #[cfg(feature = "bench")]
    pub bench_endpoints: bool,
    /// Memory for cached 面经 list pages and details, MiB (`crate::features::read_cache`).
    /// Default 32; 0 turns the cache off.
    pub read_cache_mib: u64,
    /// SQLite: how long a new 面经 may wait, ms, for more to index with it
    /// while no other post arrives (`crate::http::experiences::CreateQueue`).
    /// Searches never see the delay: they index what waits first.
    /// Default 20.
    pub search_index_delay_ms: u64,
    // issue 18: login protection
    /// Failed logins for one account from one client (its device token, else
    /// its address) before that client is locked out of that account. Default 5.
    pub login_max_failures_per_client: u64,
    /// First lockout after a failed-login limit is reached, seconds; each
    /// further failure doubles it. Default 60.
    pub login_lockout_secs: u64,
    /// Longest failed-login lockout, seconds. Default 3600.
    pub login_lockout_max_secs: u64,
    /// How long failed logins per account and per (account, client) are
    /// remembered, seconds from the first. Default 86400.
    pub login_failure_memory_secs: u64,
    /// Lifetime of the device token a successful login issues, days. Default 180.
    pub login_device_days: i64,
    /// Wrong passwords when re-authenticating (password change, account
    /// deletion) per account before 429, with the same escalating lockout. Default 5.
    pub reauth_max_failures: u64,
    // issue 18: fail fast
    /// Upper bound of one Redis call, milliseconds: a connection attempt, a
    /// wait for reconnection and the answer together. A Redis that refuses
    /// connections or never answers makes the request answer 503
    /// `unavailable` after about this long. Default 1000.
    pub redis_timeout_ms: u64,
    /// Upper bound of sending one mail over SMTP, seconds: connecting, TLS,
    /// login and every command until the server has taken the message. On
    /// timeout the request answers 503 `unavailable` (a verification code is
    /// then not kept). Default 10.
    pub smtp_timeout_secs: u64,
    /// Issue 19: at most this many notification mails per user per hour (to
    /// users who turned them on); the rest are only in the app. 0 = no
    /// notification mail at all. Default 10.
    pub notify_mail_per_hour: u32,
    // issue 18: hardened responses, security logs, cookies, proxy trust
    /// The address users reach the site at, e.g. `https://mianjing.example.com`.
    /// When it is `https://…`, cookies default to `Secure` with `__Host-` names
    /// and responses carry `Strict-Transport-Security`. Unset by default.
    pub public_url: Option<String>,
    /// Bearer token `/metrics` requires (`Authorization: Bearer <token>`).
    /// Unset = `/metrics` answers 404 on the main listener. Unset by default.
    #[serde(skip_serializing)]
    pub metrics_token: Option<SecretString>,
    /// A second listen address, e.g. `127.0.0.1:9090`, serving only
    /// `/metrics` (without a token unless `metrics_token` is set). Unset by default.
    pub metrics_bind: Option<String>,
    /// With `trust_proxy`: the proxies (IP addresses or CIDR ranges) whose
    /// `X-Forwarded-For` hops are believed; the client is the right-most
    /// address that is not one of them (MDN, "X-Forwarded-For: Selecting an
    /// IP address"). A list or a comma-separated string. Default loopback
    /// (`127.0.0.0/8`, `::1/128`): a proxy on the same host.
    #[serde(deserialize_with = "proxies::deserialize", serialize_with = "proxies::serialize")]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    // issue 18: sessions
    /// Idle timeout of a session logged in without `keep_logged_in`,
    /// minutes: a session with no request for this long ends (401
    /// `session_expired`), before its absolute lifetime `session_hours`.
    /// Measured to the minute (`last_seen_at` is written at most once a
    /// minute). Default 720 (12 h); 0 turns it off. ASVS 5.0 V7.3.1 leaves
    /// the value to a documented risk decision (README, "Sessions").
    pub session_idle_minutes: i64,
    /// Idle timeout of a `keep_logged_in` session, minutes (its absolute
    /// lifetime is `session_keep_days`). Default 10080 (7 days); 0 turns it off.
    pub session_keep_idle_minutes: i64,
    // issue 18: write limits
    /// Per-user and per-IP rate limits of every write ([`WriteLimits`], the
    /// `[limits]` table; environment `MIANJING_LIMITS__<ACTION>__<FIELD>`, e.g.
    /// `MIANJING_LIMITS__COMMENTS__USER_PER_MINUTE=20`). Defaults in the
    /// README's "Write limits".
    pub limits: WriteLimits,
    /// Total size of one user's uploads, MiB; an upload over it answers 413
    /// `storage_quota_exceeded`. Default 200; 0 = no quota.
    pub storage_quota_mib_per_user: u64,
    // issue 20: access log
    /// Write one access-log line per request (method, path, status, latency
    /// in ms, request id) at INFO on the target `tower_http::trace::on_response`
    /// (JSON with `log_format = "json"`). Default false: `/metrics` counts
    /// requests, and a formatted line per request costs throughput.
    pub access_log: bool,
    // issue 20: verification codes by SMS (crate::notify::sms)
    /// The SMS vendor verification codes to phones go through: `aliyun`
    /// (Aliyun SMS, dysmsapi `SendSms`) or `tencent` (Tencent Cloud SMS,
    /// `SendSms` of API 3.0). Unset = each SMS is a `.txt` file in
    /// `DATA_DIR/outbox/` (the default).
    pub sms_provider: Option<SmsVendor>,
    /// The vendor's access key id (Aliyun `AccessKeyId`, Tencent `SecretId`).
    pub sms_access_key_id: Option<String>,
    /// The vendor's access key secret (Aliyun `AccessKeySecret`, Tencent `SecretKey`).
    #[serde(skip_serializing)]
    pub sms_access_key_secret: Option<SecretString>,
    /// The approved SMS signature (签名), e.g. `面经社区`. Required for Aliyun;
    /// Tencent requires it for mainland numbers.
    pub sms_sign_name: Option<String>,
    /// The approved template: Aliyun `TemplateCode` (`SMS_…`), Tencent `TemplateId`.
    pub sms_template_code: Option<String>,
    /// Aliyun: the template variable the code fills (`${code}`). Default
    /// `code`. Tencent numbers its variables and always puts the code in `{1}`.
    pub sms_template_param: String,
    /// A template variable for the code's validity in minutes: Aliyun, its
    /// name (e.g. `minutes` for `${minutes}`); Tencent, any value puts the
    /// minutes into `{2}`. Unset (default) = the template has no such variable.
    pub sms_template_minutes_param: Option<String>,
    /// Tencent only: the `SmsSdkAppId` of the SMS application (`1400…`).
    pub sms_sdk_app_id: Option<String>,
    /// The vendor region: Aliyun `RegionId` (default `cn-hangzhou`), Tencent
    /// `X-TC-Region` (default `ap-guangzhou`).
    pub sms_region: Option<String>,
    /// The vendor's API address; unset = `https://dysmsapi.aliyuncs.com/` or
    /// `https://sms.tencentcloudapi.com/`. For a proxy or a test fake.
    pub sms_endpoint: Option<String>,
    /// Upper bound of one request to the SMS vendor, seconds (connect, TLS,
    /// answer). On timeout the request answers 503 `sms_unavailable` and the
    /// code is not kept. Default 10.
    pub sms_timeout_secs: u64,
}

/// An SMS vendor (`sms_provider`).
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SmsVendor {
    /// Aliyun SMS (阿里云短信服务), `dysmsapi.aliyuncs.com`.
    Aliyun,
    /// Tencent Cloud SMS (腾讯云短信), `sms.tencentcloudapi.com`.
    Tencent,
}

/// Log output format.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    Pretty,
    /// One JSON object per line.
    Json,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("./data"),
            database_url: None,
            db_max_connections: 16,
            redis_url: None,
            redis_prefix: "mianjing:".into(),
            smtp_url: None,
            mail_from: "mianjing <no-reply@mianjing.local>".into(),
            secret_key: None,
            log_format: LogFormat::Pretty,
            cookie_secure: None,
            trust_proxy: false,
            session_hours: 24,
            session_keep_days: 30,
            argon2_memory_kib: 19_456,
            argon2_iterations: 2,
            argon2_parallelism: 1,
            login_max_failures_per_account: 20,
            login_max_failures_per_ip: 100,
            login_window_secs: 900,
            #[cfg(feature = "bench")]
            bench_endpoints: false,
            read_cache_mib: 32,
            search_index_delay_ms: 20,
            llm_base_url: None,
            llm_api_key: None,
            llm_model: "gpt-4o-mini".into(),
            llm_timeout_secs: 20,
            transcription_base_url: None,
            transcription_api_key: None,
            transcription_model: "whisper-1".into(),
            transcription_timeout_secs: 60,
            quota_scored_answers_per_day: 200,
            quota_llm_calls_per_day: 50,
            s3_bucket: None,
            s3_region: "us-east-1".into(),
            s3_endpoint: None,
            s3_access_key_id: None,
            s3_secret_access_key: None,
            s3_allow_http: false,
            // issue 18: login protection
            login_max_failures_per_client: 5,
            login_lockout_secs: 60,
            login_lockout_max_secs: 3_600,
            login_failure_memory_secs: 86_400,
            login_device_days: 180,
            reauth_max_failures: 5,
            // issue 18: fail fast
            redis_timeout_ms: 1000,
            smtp_timeout_secs: 10,
            notify_mail_per_hour: 10,
            // issue 18: hardened responses, security logs, cookies, proxy trust
            public_url: None,
            metrics_token: None,
            metrics_bind: None,
            trusted_proxies: proxies::loopback(),
            // issue 18: sessions
            session_idle_minutes: 720,
            session_keep_idle_minutes: 10_080,
            // issue 18: write limits
            limits: WriteLimits::default(),
            storage_quota_mib_per_user: 200,
            // issue 20: access log
            access_log: false,
            // issue 20: verification codes by SMS
            sms_provider: None,
            sms_access_key_id: None,
            sms_access_key_secret: None,
            sms_sign_name: None,
            sms_template_code: None,
            sms_template_param: "code".into(),
            sms_template_minutes_param: None,
            sms_sdk_app_id: None,
            sms_region: None,
            sms_endpoint: None,
            sms_timeout_secs: 10,
        }
    }
}

impl Config {
    /// Load defaults → `file` (if any) → environment. Command-line flags are
    /// applied by the caller afterwards.
    ///
    /// # Errors
    /// A message naming the offending key when a value has the wrong type, or
    /// when the file cannot be read or parsed.
    pub fn load(file: Option<&Path>) -> Result<Self, Box<figment::Error>> {
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        if let Some(file) = file {
            if !file.exists() {
                return Err(Box::new(figment::Error::from(format!(
                    "config file {} does not exist",
                    file.display()
                ))));
            }
            fig = fig.merge(Toml::file(file));
        }
        // Only the keys of `Config`: other MIANJING_* variables (the CLI's
        // MIANJING_ADMIN_PASSWORD, test settings) are not configuration.
        let mut known: Vec<String> = match serde_json::to_value(Config::default()) {
            Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
            _ => Vec::new(),
        };
        // Nested tables (`limits`) come as `MIANJING_LIMITS__COMMENTS__…`.
        let nested = ["limits__"];
        known.extend(["smtp_url".to_owned(), "secret_key".to_owned(), "s3_secret_access_key".to_owned(), "llm_api_key".to_owned(), "transcription_api_key".to_owned(), "metrics_token".to_owned(), "sms_access_key_secret".to_owned()]);
        fig.merge(
            Env::prefixed("MIANJING_")
                .filter(move |k| {
                    let k = k.as_str().to_ascii_lowercase();
                    known.contains(&k) || nested.iter().any(|n| k.starts_with(n))
                })
                .split("__"),
        )
            .merge(Env::raw().only(&["DATABASE_URL", "REDIS_URL"]))
            .extract()
            .map_err(Box::new)
    }

    /// The effective database URL (SQLite file in the data dir when unset).
    pub fn effective_database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.clone(),
            _ => format!("sqlite://{}?mode=rwc", self.data_dir.join("mianjing.db").display()),
        }
    }

    /// Whether cookies are `Secure` (and `__Host-` named): `cookie_secure`
    /// when set, else whether `public_url` is `https://…`.
    pub fn cookies_secure(&self) -> bool {
        self.cookie_secure.unwrap_or_else(|| self.public_url.as_deref().is_some_and(|u| u.trim().to_ascii_lowercase().starts_with("https://")))
    }

    /// A configuration suited to tests: cheap argon2 parameters, a given data dir.
    pub fn for_tests(data_dir: PathBuf) -> Self {
        Self {
            data_dir,
            argon2_memory_kib: 1024,
            argon2_iterations: 1,
            // Suites create many objects from one address in a second.
            limits: WriteLimits { scale: 1000, ..WriteLimits::default() },
            ..Self::default()
        }
    }
}

/// `trusted_proxies` in the configuration: each entry an IP address (a
/// single host) or a CIDR range, given as a list or one comma-separated
/// string (the form an environment variable takes).
mod proxies {
    use std::net::IpAddr;

    use ipnet::IpNet;
    use serde::{Deserialize, Deserializer, Serializer};

    /// `127.0.0.0/8` and `::1/128`.
    pub fn loopback() -> Vec<IpNet> {
        ["127.0.0.0/8", "::1/128"].iter().filter_map(|n| n.parse().ok()).collect()
    }

    fn parse(s: &str) -> Result<IpNet, String> {
        let s = s.trim();
        s.parse::<IpNet>()
            .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
            .map_err(|_| format!("{s:?} is neither an IP address nor a CIDR range"))
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        List(Vec<String>),
        Text(String),
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<IpNet>, D::Error> {
        let items = match Raw::deserialize(d)? {
            Raw::List(v) => v,
            Raw::Text(t) => t.split(',').map(str::to_owned).collect(),
        };
        items.iter().filter(|s| !s.trim().is_empty()).map(|s| parse(s).map_err(serde::de::Error::custom)).collect()
    }

    pub fn serialize<S: Serializer>(nets: &[IpNet], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(nets.iter().map(ToString::to_string))
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn addresses_ranges_and_comma_lists_parse() {
            #[derive(serde::Deserialize)]
            struct T {
                #[serde(deserialize_with = "super::deserialize")]
                p: Vec<ipnet::IpNet>,
            }
            let t: T = serde_json::from_str(r#"{"p": "10.0.0.0/8, 192.0.2.7,::1"}"#).unwrap();
            assert_eq!(t.p.iter().map(ToString::to_string).collect::<Vec<_>>(), ["10.0.0.0/8", "192.0.2.7/32", "::1/128"]);
            let t: T = serde_json::from_str(r#"{"p": ["fd00::/8"]}"#).unwrap();
            assert_eq!(t.p.len(), 1);
            assert!(serde_json::from_str::<T>(r#"{"p": "10.0.0.300"}"#).is_err());
        }
    }
}

// issue 18: write limits

/// The write rate limits: one [`ActionLimits`] per kind of write, and a
/// factor on all of them. Enforced by `crate::features::write_limits`; the
/// defaults and their reasons are in the README's "Write limits".
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct WriteLimits {
    /// Multiplies every count below (a busy event, a test server); 0 counts
    /// as 1. Default 1.
    pub scale: u32,
    /// Creating an account: `POST /api/users/signup` and finishing a
    /// phone-first account (`POST /api/users/init`); per IP only.
    pub signups: ActionLimits,
    /// Sharing a 面经 (`POST /api/experiences`).
    pub experiences: ActionLimits,
    /// Comments and replies on 面经 and discussions.
    pub comments: ActionLimits,
    /// Starting a discussion.
    pub discussions: ActionLimits,
    /// Messages to the feedback board (留言板).
    pub feedback: ActionLimits,
    /// Adding or removing a favorite (收藏).
    pub favorites: ActionLimits,
    /// Casting or withdrawing a helpful (有帮助) vote on a 面经 or comment.
    pub helpful_votes: ActionLimits,
    /// File uploads (`POST /api/files`).
    pub uploads: ActionLimits,
    /// Starting a mock interview or storing an interview record.
    pub mock_interviews: ActionLimits,
    /// Answers submitted for scoring in a mock interview (the daily quota
    /// `quota_scored_answers_per_day` is the per-user sustained limit).
    pub scored_answers: ActionLimits,
    /// Exports of one's own data (`GET /api/users/me/export`), which read
    /// everything a user owns at once.
    pub exports: ActionLimits,
    /// Creating, editing or deleting a tracked job application
    /// (`/api/applications`, issue 19).
    pub applications: ActionLimits,
    /// Reports (举报) of 面经, discussions and comments (issue 19).
    pub reports: ActionLimits,
    /// Autosaves of drafts (`PUT /api/drafts/…`): the forms save at most
    /// once per 1.5 s of typing, 40 a minute, so the burst is above that.
    pub drafts: ActionLimits,
}

/// The limits of one kind of write: a short burst and a sustained rate, per
/// user and per client IP (IPv6 per /64). 0 turns that limit off.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct ActionLimits {
    /// Writes one user may make per minute.
    pub user_per_minute: u32,
    /// Writes one user may make per day (24 hours).
    pub user_per_day: u32,
    /// Writes from one client address per minute, all users together.
    pub ip_per_minute: u32,
    /// Writes from one client address per day, all users together.
    pub ip_per_day: u32,
}

impl ActionLimits {
    const fn new(user_per_minute: u32, user_per_day: u32, ip_per_minute: u32, ip_per_day: u32) -> Self {
        Self { user_per_minute, user_per_day, ip_per_minute, ip_per_day }
    }
}

impl Default for ActionLimits {
    /// Every limit off. Loaded configuration never falls back to this: it is
    /// merged over [`WriteLimits::default`], so a `[limits.<action>]` table
    /// that names some fields keeps the defaults of the others.
    fn default() -> Self {
        Self::new(0, 0, 0, 0)
    }
}

impl Default for WriteLimits {
    fn default() -> Self {
        Self {
            scale: 1,
            signups: ActionLimits::new(0, 0, 10, 100),
            experiences: ActionLimits::new(5, 30, 15, 150),
            comments: ActionLimits::new(10, 300, 30, 1500),
            discussions: ActionLimits::new(5, 50, 15, 250),
            feedback: ActionLimits::new(3, 20, 10, 100),
            favorites: ActionLimits::new(30, 1000, 90, 5000),
            helpful_votes: ActionLimits::new(30, 1000, 90, 5000),
            uploads: ActionLimits::new(10, 100, 30, 500),
            mock_interviews: ActionLimits::new(5, 50, 15, 250),
            scored_answers: ActionLimits::new(20, 0, 60, 1500),
            exports: ActionLimits::new(3, 20, 10, 100),
            applications: ActionLimits::new(30, 500, 90, 2500),
            reports: ActionLimits::new(5, 50, 15, 200),
            drafts: ActionLimits::new(60, 5000, 180, 20000),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Config;

    /// Every key of `Config` (secrets included, which are not serialized)
    /// has a row in the README's "Configuration" table (issue 20: "the
    /// README's configuration table is complete and current").
    #[test]
    fn the_readme_configuration_table_lists_every_key() {
        let readme = include_str!("../README.md");
        let section = readme.split("\n## Configuration").nth(1).and_then(|s| s.split("\n## ").next()).expect("a Configuration section");
        let rows: Vec<&str> = section.lines().filter(|l| l.starts_with("| `")).collect();
        let mut keys: Vec<String> = match serde_json::to_value(Config::default()) {
            Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
            other => panic!("{other:?}"),
        };
        keys.extend(["smtp_url", "secret_key", "s3_secret_access_key", "llm_api_key", "transcription_api_key", "metrics_token", "bench_endpoints"].map(String::from));
        let missing: Vec<&String> = keys
            .iter()
            .filter(|k| !rows.iter().any(|r| r.split('|').nth(1).is_some_and(|c| c.contains(&format!("`{k}`")) || c.contains(&format!("`{k}.")))))
            .collect();
        assert!(missing.is_empty(), "keys without a row in README \"Configuration\": {missing:?}");
    }

    #[test]
    #[allow(clippy::result_large_err)] // figment::Jail's closure returns figment's error
    fn access_log_is_off_by_default_and_turned_on_by_one_setting() {
        assert!(!Config::default().access_log);
        figment::Jail::expect_with(|jail| {
            jail.set_env("MIANJING_ACCESS_LOG", "true");
            assert!(Config::load(None).map_err(|e| e.to_string())?.access_log);
            jail.create_file("m.toml", "access_log = false")?;
            jail.set_env("MIANJING_ACCESS_LOG", "false");
            assert!(!Config::load(Some(std::path::Path::new("m.toml"))).map_err(|e| e.to_string())?.access_log);
            Ok(())
        });
    }
}
