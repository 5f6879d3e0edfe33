//! Outgoing mail and SMS.
//!
//! Mail goes through lettre: SMTP when `MIANJING_SMTP_URL` is set, otherwise
//! each message is written as an RFC 5322 `.eml` file to `DATA_DIR/outbox/`
//! (and logged) so a zero-config install still shows what it would send.
//! SMS goes through the [`SmsProvider`] trait; the default provider writes
//! each message as a text file to the same outbox.

use std::path::PathBuf;

use anyhow::Context;
use async_trait::async_trait;
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::{ExposeSecret, SecretString};

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
        /// Pooled transport.
        transport: AsyncSmtpTransport<Tokio1Executor>,
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

impl Mailer {
    /// SMTP from a URL such as `smtp://user:pass@host:587?tls=required`
    /// (lettre's URL format), or the outbox when `url` is `None`.
    ///
    /// # Errors
    /// Bad URL or sender address.
    pub fn new(url: Option<&SecretString>, from: &str, outbox: PathBuf) -> anyhow::Result<Mailer> {
        let from: Mailbox = from.parse().with_context(|| format!("invalid mail_from {from:?}"))?;
        Ok(match url {
            Some(url) => Mailer::Smtp {
                transport: AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
                    .context("invalid smtp_url")?
                    .build(),
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

/// A text-message gateway. Implement this for a real SMS vendor.
#[async_trait]
pub trait SmsProvider: Send + Sync {
    /// Send `text` to `phone`.
    async fn send(&self, phone: &str, text: &str) -> anyhow::Result<()>;
}

/// Default SMS provider: writes `to: PHONE\n\nTEXT` files to the outbox.
pub struct OutboxSms {
    /// The outbox directory.
    pub dir: PathBuf,
}

#[async_trait]
impl SmsProvider for OutboxSms {
    async fn send(&self, phone: &str, text: &str) -> anyhow::Result<()> {
        let path = outbox_path(&self.dir, "sms", "txt").await?;
        tokio::fs::write(&path, format!("to: {phone}\n\n{text}\n")).await?;
        tracing::info!(path = %path.display(), "SMS written to outbox");
        Ok(())
    }
}
