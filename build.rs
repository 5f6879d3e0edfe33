//! Makes sure `web/dist` exists so the binary always compiles; without a
//! Vite build it embeds a page saying how to build the UI.
use std::path::Path;

fn main() {
    let dist = Path::new("web/dist");
    if !dist.join("index.html").exists() {
        std::fs::create_dir_all(dist).expect("create web/dist");
        std::fs::write(
            dist.join("index.html"),
            "<!doctype html><meta charset=utf-8><title>mianjing</title><p>界面尚未构建。请运行 <code>scripts/run.sh</code>（会先执行 <code>npm ci &amp;&amp; npm run build</code>）。</p><p>The web UI is not built: run <code>scripts/run.sh</code>.</p>",
        )
        .expect("write placeholder index.html");
    }
    println!("cargo:rerun-if-changed=web/dist");
    println!("cargo:rerun-if-changed=locales");
}
