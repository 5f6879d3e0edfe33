//! Outgoing mail and SMS.
//!
//! Mail goes through lettre: SMTP when `MIANJING_SMTP_URL` is set, otherwise
//! each message is written as an RFC 5322 `.eml` file to `DATA_DIR/outbox/`
//! (and logged) so a zero-config install still shows what it would send.
//! SMS goes through the [`SmsProvider`] trait; the default provider writes
//! each message as a text file to the same outbox, and [`sms`] has the
//! vendors (Aliyun SMS, Tencent Cloud SMS) chosen by `sms_provider`.
//!
//! An SMTP send is bounded as a whole by `smtp_timeout_secs` ([`TimedSmtp`]):
//! lettre's asynchronous transport bounds only the TCP connect, so a server
//! that accepts and never answers held a request open indefinitely.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use async_trait::async_trait;
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::{ExposeSecret, SecretString};

pub mod sms;

/// One mail, with both a plain-text and an HTML body.
#[derive(Clone, Debug)]
pub struct Mail {
    /// Recipient address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// HTML body.
    pub html: String,
}

/// Where mail goes.
pub enum Mailer {
    /// Real SMTP through lettre.
    Smtp {
        /// Transport with a deadline per mail.
        transport: TimedSmtp,
        /// Sender.
        from: Mailbox,
    },
    /// `.eml` files in a directory.
    Outbox {
        /// The outbox directory.
        dir: PathBuf,
        /// Sender.
        from: Mailbox,
    },
}

/// An SMTP transport whose every send — connect, TLS, login, each command,
/// the data and `QUIT` — must finish within `timeout`, else it fails (and
/// the connection is dropped). Each mail has a connection of its own: lettre's
/// pool is not built in (Cargo feature `pool` off), because a send cut off
/// by the deadline would hand its half-used connection back to the pool,
/// and the pool's liveness check (`NOOP`) and close (`QUIT`) wait without a
/// deadline of their own.
pub struct TimedSmtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    timeout: Duration,
}

impl TimedSmtp {
    /// Send `message` within the deadline.
    ///
    /// # Errors
    /// SMTP failures, and a server that takes longer than the deadline.
    pub async fn send(&self, message: Message) -> anyhow::Result<lettre::transport::smtp::response::Response> {
        match tokio::time::timeout(self.timeout, self.transport.send(message)).await {
            Ok(sent) => Ok(sent?),
            Err(_) => anyhow::bail!("the SMTP server did not finish within {} s", self.timeout.as_secs_f32()),
        }
    }
}

impl Mailer {
    /// SMTP from a URL such as `smtp://user:pass@host:587?tls=required`
    /// (lettre's URL format), or the outbox when `url` is `None`. Each SMTP
    /// send must finish within `timeout` (`smtp_timeout_secs`).
    ///
    /// # Errors
    /// Bad URL or sender address.
    pub fn new(url: Option<&SecretString>, from: &str, outbox: PathBuf, timeout: Duration) -> anyhow::Result<Mailer> {
        let from: Mailbox = from.parse().with_context(|| format!("invalid mail_from {from:?}"))?;
        Ok(match url {
            Some(url) => Mailer::Smtp {
                transport: TimedSmtp {
                    transport: AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
                        .context("invalid smtp_url")?
                        .timeout(Some(timeout))
                        .build(),
                    timeout,
                },
                from,
            },
            None => Mailer::Outbox { dir: outbox, from },
        })
    }

    fn build(from: &Mailbox, mail: &Mail) -> anyhow::Result<Message> {
        Message::builder()
            .from(from.clone())
            .to(mail.to.parse().context("invalid recipient")?)
            .subject(&mail.subject)
            .multipart(
                MultiPart::alternative()
                    .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(mail.text.clone()))
                    .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(mail.html.clone())),
            )
            .context("cannot build mail")
    }

    /// Send (or write) one mail.
    ///
    /// # Errors
    /// SMTP failure or unwritable outbox.
    pub async fn send(&self, mail: &Mail) -> anyhow::Result<()> {
        match self {
            Mailer::Smtp { transport, from } => {
                transport.send(Self::build(from, mail)?).await.context("SMTP send failed")?;
                tracing::info!(subject = %mail.subject, "mail sent");
            }
            Mailer::Outbox { dir, from } => {
                let msg = Self::build(from, mail)?;
                let path = outbox_path(dir, "mail", "eml").await?;
                tokio::fs::write(&path, msg.formatted()).await?;
                tracing::info!(path = %path.display(), "mail written to outbox");
            }
        }
        Ok(())
    }
}

async fn outbox_path(dir: &PathBuf, kind: &str, ext: &str) -> anyhow::Result<PathBuf> {
    tokio::fs::create_dir_all(dir).await.with_context(|| format!("cannot create {}", dir.display()))?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.6fZ");
    Ok(dir.join(format!("{stamp}-{kind}-{}.{ext}", uuid::Uuid::new_v4().simple())))
}

/// A verification code to text to a phone.
#[derive(Clone, Copy, Debug)]
pub struct CodeSms<'a> {
    /// The normalised number (`crate::features::accounts::normalize_phone`):
    /// 11 digits for mainland China, else `+` and the country code.
    pub phone: &'a str,
    /// The six digits.
    pub code: &'a str,
    /// Minutes the code stays valid.
    pub minutes: u64,
    /// The whole message in the user's language. The outbox writes it; the
    /// vendors send their approved template with `code` (and `minutes`)
    /// instead, since Chinese carriers deliver only approved templates.
    pub text: &'a str,
}

/// A text-message gateway: the outbox ([`OutboxSms`]) or a vendor ([`sms`]).
#[async_trait]
pub trait SmsProvider: Send + Sync {
    /// Send one verification code.
    ///
    /// # Errors
    /// The vendor refused the message, failed or did not answer in time;
    /// the outbox could not be written. The message names no secret.
    async fn send_code(&self, sms: &CodeSms<'_>) -> anyhow::Result<()>;
}

/// Default SMS provider: writes `to: PHONE\n\nTEXT` files to the outbox.
pub struct OutboxSms {
    /// The outbox directory.
    pub dir: PathBuf,
}

#[async_trait]
impl SmsProvider for OutboxSms {
    async fn send_code(&self, sms: &CodeSms<'_>) -> anyhow::Result<()> {
        let path = outbox_path(&self.dir, "sms", "txt").await?;
        tokio::fs::write(&path, format!("to: {}\n\n{}\n", sms.phone, sms.text)).await?;
        tracing::info!(path = %path.display(), "SMS written to outbox");
        Ok(())
    }
}
