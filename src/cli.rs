//! Command line (clap): `serve`, `migrate`, `admin …`, `import …`, `eval scorer`, `export user`,
//! `health`, `backup`, `restore`, `migrate-to`.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use crate::config::{Config, LogFormat};
use crate::entity::enums::UserStatus;
use crate::features::accounts::admin::{self as accounts_admin, UserChange};
use crate::features::accounts::{self, NewUser};

/// mianjing — 面经 community and interview practice platform.
#[derive(Debug, Parser)]
#[command(name = "mianjing", version, about)]
pub struct Cli {
    /// Optional TOML configuration file.
    #[arg(long, global = true, env = "MIANJING_CONFIG")]
    pub config: Option<PathBuf>,
    /// Data directory (SQLite database, files, outbox, secrets).
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
    /// Log format.
    #[arg(long, global = true, value_enum)]
    pub log_format: Option<LogFormat>,
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and the web UI.
    Serve {
        /// Listen address, e.g. 127.0.0.1:8080 (env MIANJING_BIND).
        #[arg(long)]
        bind: Option<String>,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage administrators and accounts.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Import public data from JSONL files (idempotent; bad lines are reported and skipped).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Measurements that are not tests (see BENCHMARKS.md).
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Export data (the same JSON as `GET /api/users/me/export`).
    #[command(subcommand)]
    Export(ExportCommand),
    /// Ask a running server whether it answers (a container's HEALTHCHECK;
    /// the image has no curl): exit 0 on a 2xx answer, else 1 with the reason.
    Health(HealthArgs),
    /// Back the whole database up into FILE while the server keeps serving
    /// (SQLite: a copy of the database file; PostgreSQL/MySQL: the portable
    /// gzip'd JSON lines export, README "Backup and moving up").
    Backup {
        /// The new backup file (must not exist).
        file: PathBuf,
        /// On SQLite too, write the portable export instead of a database file.
        #[arg(long)]
        portable: bool,
    },
    /// Restore a backup FILE (either form) into the configured database,
    /// which must hold no accounts yet.
    Restore {
        /// The backup file.
        file: PathBuf,
        /// Replace everything in a database that already holds accounts.
        #[arg(long)]
        force: bool,
    },
    /// Copy the whole install into another database (e.g. SQLite to
    /// PostgreSQL or MySQL, and back), migrated to the same schema first.
    MigrateTo {
        /// The target, e.g. postgres://user@host/db, mysql://user@host/db, sqlite:///path/mianjing.db?mode=rwc.
        database_url: String,
        /// Replace everything in a target that already holds accounts.
        #[arg(long)]
        force: bool,
    },
}

/// Arguments of `mianjing health`.
#[derive(Debug, Args)]
pub struct HealthArgs {
    /// URL to GET; `/api/health` answers as long as the process serves,
    /// `/api/ready` only while the database (and Redis) answer too.
    #[arg(long, env = "MIANJING_HEALTH_URL", default_value = "http://127.0.0.1:8080/api/health")]
    pub url: String,
    /// Give up after this many seconds (connecting and the answer together).
    #[arg(long, default_value_t = 5)]
    pub timeout_secs: u64,
}

/// `mianjing health`: GET `args.url` once.
///
/// # Errors
/// The server cannot be reached within the timeout, or answers other than 2xx.
pub async fn health_check(args: &HealthArgs) -> anyhow::Result<()> {
    // The same TLS stack as the server (an https URL behind a proxy).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(args.timeout_secs.max(1))).build()?;
    let resp = client.get(&args.url).send().await.with_context(|| format!("{} does not answer", args.url))?;
    let status = resp.status();
    anyhow::ensure!(status.is_success(), "{} answered {status}", args.url);
    println!("{} answered {status}", args.url);
    Ok(())
}


/// A progress bar of rows copied (drawn only on a terminal).
fn row_progress(what: &'static str) -> indicatif::ProgressBar {
    let pb = indicatif::ProgressBar::new(0);
    pb.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} rows ({per_sec}, eta {eta})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    pb.set_message(what);
    pb
}

fn report_line(verb: &str, r: &crate::features::backup::Report, started: std::time::Instant) -> String {
    format!("{verb}: {} tables, {} rows in {:.1} s", r.tables, r.rows, started.elapsed().as_secs_f64())
}

/// `mianjing export …`.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Everything one account owns, as JSON (an operator answering a data
    /// access request; no write limit applies).
    User {
        /// Account name, email or phone.
        account: String,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

/// `mianjing eval …`.
#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Score answer variants of the shared questions with the built-in scorer and check the targets of issue 17.
    Scorer(crate::eval::ScorerArgs),
}

/// `mianjing import …`.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// 面经 in the schema of shared/data/experiences.jsonl.
    Experiences {
        /// The JSONL file.
        file: PathBuf,
    },
    /// Questions in the schema of shared/data/questions.jsonl.
    Questions {
        /// The JSONL file.
        file: PathBuf,
    },
}

/// `mianjing admin …`. Changes apply to a running server's very next
/// request: with Redis the command deletes the server's cached auth state
/// (run it with the server's `redis_url` and `redis_prefix`); without, the
/// server does not cache it across requests
/// (`crate::features::accounts::session`).
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an administrator account (password from --password, or asked on stdin).
    Create(CreateAdmin),
    /// Make an existing account an administrator.
    Grant {
        /// Account name, email or phone.
        account: String,
    },
    /// Take administrator rights away from an account.
    Revoke {
        /// Account name, email or phone.
        account: String,
    },
    /// Disable an account and revoke its sessions.
    Disable {
        /// Account name, email or phone.
        account: String,
    },
    /// Re-enable a disabled account.
    Enable {
        /// Account name, email or phone.
        account: String,
    },
    /// End every session of an account (it stays enabled).
    Logout {
        /// Account name, email or phone.
        account: String,
    },
}

/// Arguments of `admin create`.
#[derive(Debug, Args)]
pub struct CreateAdmin {
    /// Account name (4–20 of A-Z a-z 0-9 _).
    pub account: String,
    /// Email address.
    #[arg(long)]
    pub email: String,
    /// Display name (defaults to the account).
    #[arg(long)]
    pub name: Option<String>,
    /// Password; prefer the stdin prompt or MIANJING_ADMIN_PASSWORD (flags show in `ps`).
    #[arg(long, env = "MIANJING_ADMIN_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn"));
    // Colour codes only on a terminal: a log redirected to a file (a service
    // manager's, the benchmark's) stays plain text for grep and log shippers.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(ansi);
    let _ = match format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Pretty => builder.try_init(),
    };
}

/// Parse the command line and run it.
///
/// # Errors
/// Whatever the subcommand fails with; `main` prints it and exits 1.
pub async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Command::Eval(EvalCommand::Scorer(args)) = &cli.command {
        // Needs neither configuration nor a database.
        return crate::eval::run_scorer(args);
    }
    if let Command::Health(args) = &cli.command {
        // Needs neither configuration nor a database: the server's address only.
        return health_check(args).await;
    }
    let mut config = Config::load(cli.config.as_deref()).map_err(|e| anyhow::anyhow!("configuration error: {e}"))?;
    if let Some(dir) = cli.data_dir {
        config.data_dir = dir;
    }
    if let Some(f) = cli.log_format {
        config.log_format = f;
    }
    init_logging(config.log_format);
    match cli.command {
        Command::Serve { bind } => {
            if let Some(bind) = bind {
                config.bind = bind;
            }
            let bind = config.bind.clone();
            let app = crate::build(config).await?;
            if let Some(token) = accounts_admin::ensure_claim_token(&app.state).await? {
                tracing::warn!("no administrator exists yet");
                eprintln!(
                    "\n  No administrator yet. Sign up, then claim admin rights once with this token\n  (web UI: 个人资料 → 管理员认领, or POST /api/admin/claim {{\"token\": \"…\"}}):\n\n      {token}\n\n  or run: mianjing admin grant <account>\n"
                );
            }
            let listener = tokio::net::TcpListener::bind(&bind).await.with_context(|| format!("cannot listen on {bind}"))?;
            tracing::info!(address = %listener.local_addr()?, "mianjing is listening");
            crate::serve(app, listener).await
        }
        Command::Migrate => {
            let db = crate::store::Db::connect(&config).await?;
            let applied = db.migrate(&config).await?;
            println!("applied {} migration(s){}", applied.len(), if applied.is_empty() { "" } else { ":" });
            for m in applied {
                println!("  {m}");
            }
            Ok(())
        }
        Command::Admin(cmd) => admin(config, cmd).await,
        Command::Export(ExportCommand::User { account, output }) => {
            let app = crate::build(config).await?;
            let doc = crate::features::export::export_account(&app.state, &account)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))
                .with_context(|| format!("cannot export {account:?} (no such live account?)"))?;
            let mut json = serde_json::to_vec_pretty(&doc)?;
            json.push(b'\n');
            match output {
                Some(path) => {
                    std::fs::write(&path, &json).with_context(|| format!("cannot write {}", path.display()))?;
                    eprintln!("wrote {} ({} bytes)", path.display(), json.len());
                }
                None => std::io::Write::write_all(&mut std::io::stdout(), &json)?,
            }
            Ok(())
        }
        Command::Eval(EvalCommand::Scorer(args)) => crate::eval::run_scorer(&args),
        Command::Health(args) => health_check(&args).await,
        Command::Backup { file, portable } => {
            let db = crate::store::Db::connect(&config).await?;
            let (pb, started) = (row_progress("backing up"), std::time::Instant::now());
            let set = |done: u64, total: u64| {
                pb.set_length(total);
                pb.set_position(done);
            };
            let r = crate::features::backup::backup(&db, &file, portable, &set).await?;
            pb.finish_and_clear();
            if r.sqlite_copy {
                println!("wrote {} (a copy of the SQLite database) in {:.1} s", file.display(), started.elapsed().as_secs_f64());
            } else {
                println!("{}", report_line(&format!("wrote {}", file.display()), &r, started));
            }
            Ok(())
        }
        Command::Restore { file, force } => {
            let (pb, started) = (row_progress("restoring"), std::time::Instant::now());
            let set = |done: u64, total: u64| {
                pb.set_length(total);
                pb.set_position(done);
            };
            let r = crate::features::backup::restore(&config, &file, force, &set).await?;
            pb.finish_and_clear();
            println!("{}", report_line(&format!("restored {}", file.display()), &r, started));
            Ok(())
        }
        Command::MigrateTo { database_url, force } => {
            let (pb, started) = (row_progress("copying"), std::time::Instant::now());
            let set = |done: u64, total: u64| {
                pb.set_length(total);
                pb.set_position(done);
            };
            let r = crate::features::backup::migrate_to(&config, &database_url, force, &set).await?;
            pb.finish_and_clear();
            println!("{}", report_line("copied", &r, started));
            Ok(())
        }
        Command::Import(cmd) => {
            let app = crate::build(config).await?;
            let started = std::time::Instant::now();
            let (file, report) = match cmd {
                ImportCommand::Experiences { file } => {
                    let r = crate::import::experiences(&app.state, &file, true).await?;
                    (file, r)
                }
                ImportCommand::Questions { file } => {
                    let r = crate::import::questions(&app.state, &file, true).await?;
                    (file, r)
                }
            };
            println!(
                "{}: {} lines, {} imported, {} already present, {} rejected, in {:.1} s",
                file.display(),
                report.lines,
                report.inserted,
                report.skipped,
                report.errors.len(),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
    }
}

async fn admin(config: Config, cmd: AdminCommand) -> anyhow::Result<()> {
    let app = crate::build(config).await?;
    let state = &app.state;
    let find = |account: String| async move {
        accounts::find_by_identifier(state, &account)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .with_context(|| format!("no account {account:?}"))
    };
    let change = |id: i64, change: UserChange| async move {
        accounts_admin::update_user(state, None, id, change).await.map_err(|e| anyhow::anyhow!("{e}"))
    };
    match cmd {
        AdminCommand::Create(c) => {
            anyhow::ensure!(accounts::is_account(&c.account), "account must be 4–20 of A-Z a-z 0-9 _");
            anyhow::ensure!(accounts::is_email(&c.email), "invalid email {:?}", c.email);
            let password = match c.password {
                Some(p) => p,
                None => {
                    eprint!("password for {}: ", c.account);
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let name = c.name.unwrap_or_else(|| c.account.clone());
            accounts::password::check_policy(&password, &[&c.account, &c.email])
                .map_err(|e| anyhow::anyhow!("password rejected: {}", crate::i18n::tr(crate::i18n::Lang::En, &format!("validation.{}", e.code), &e.params)))?;
            let new = NewUser {
                account: c.account,
                name,
                email: Some(c.email),
                password: Some(password),
                is_admin: true,
                initialized: true,
                ..NewUser::default()
            };
            let u = accounts::create_user(state, new)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))
                .context("cannot create the account (account or email taken?)")?;
            accounts_admin::ensure_claim_token(state).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            crate::http::security::log_admin_cli("create", u.id);
            println!("created administrator {} (id {})", u.account, u.id);
        }
        AdminCommand::Grant { account } => {
            let u = find(account).await?;
            change(u.id, UserChange { is_admin: Some(true), ..UserChange::default() }).await?;
            accounts_admin::ensure_claim_token(state).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            crate::http::security::log_admin_cli("grant", u.id);
            println!("{} is now an administrator", u.account);
        }
        AdminCommand::Revoke { account } => {
            let u = find(account).await?;
            change(u.id, UserChange { is_admin: Some(false), ..UserChange::default() }).await?;
            crate::http::security::log_admin_cli("revoke", u.id);
            println!("{} is no longer an administrator", u.account);
        }
        AdminCommand::Disable { account } => {
            let u = find(account).await?;
            change(u.id, UserChange { status: Some(UserStatus::Disabled), ..UserChange::default() }).await?;
            crate::http::security::log_admin_cli("disable", u.id);
            println!("{} is disabled and logged out everywhere", u.account);
        }
        AdminCommand::Enable { account } => {
            let u = find(account).await?;
            change(u.id, UserChange { status: Some(UserStatus::Active), ..UserChange::default() }).await?;
            crate::http::security::log_admin_cli("enable", u.id);
            println!("{} is enabled", u.account);
        }
        AdminCommand::Logout { account } => {
            let u = find(account).await?;
            accounts_admin::end_sessions(state, None, u.id).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("{} is logged out everywhere", u.account);
        }
    }
    Ok(())
}
