//! The server secret (CSRF tokens, code hashes, URL signatures): configured
//! by `secret_key`, or generated at first start and kept in
//! `DATA_DIR/secret.key` (mode 0600). Several nodes must share it: configure
//! `MIANJING_SECRET_KEY` when scaling out.

use std::path::Path;

use anyhow::Context;
use rand::RngCore;
use secrecy::ExposeSecret;

use crate::config::Config;

/// Load or create the secret.
///
/// # Errors
/// A configured key shorter than 32 bytes, or an unreadable/unwritable file.
pub fn load(config: &Config) -> anyhow::Result<Vec<u8>> {
    if let Some(key) = &config.secret_key {
        let bytes = key.expose_secret().as_bytes().to_vec();
        anyhow::ensure!(bytes.len() >= 32, "secret_key must be at least 32 bytes");
        return Ok(bytes);
    }
    let path = config.data_dir.join("secret.key");
    if path.exists() {
        let hexed = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        return hex::decode(hexed.trim()).with_context(|| format!("{} is not hex", path.display()));
    }
    std::fs::create_dir_all(&config.data_dir).with_context(|| format!("cannot create {}", config.data_dir.display()))?;
    let mut bytes = vec![0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    write_private(&path, &hex::encode(&bytes))?;
    tracing::info!(path = %path.display(), "generated a new server secret");
    Ok(bytes)
}

fn write_private(path: &Path, contents: &str) -> anyhow::Result<()> {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    opts.mode(0o600);
    let mut f = opts.open(path).with_context(|| format!("cannot create {}", path.display()))?;
    f.write_all(contents.as_bytes())?;
    Ok(())
}
