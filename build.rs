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
    // Scripts and stylesheets are embedded only as their .br/.gz copies
    // (src/web.rs): a build from before vite-plugin-compression2 would serve
    // none of them.
    if let Ok(entries) = std::fs::read_dir(dist.join("assets")) {
        let names: Vec<String> = entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        let bare = names.iter().filter(|n| n.ends_with(".js") || n.ends_with(".css")).filter(|n| !names.contains(&format!("{n}.br")) || !names.contains(&format!("{n}.gz"))).count();
        if bare > 0 {
            println!("cargo:warning=web/dist has {bare} scripts/stylesheets without .br/.gz copies, which the binary will not serve: rebuild the UI (cd web && npm run build)");
        }
    }
    println!("cargo:rerun-if-changed=web/dist");
    println!("cargo:rerun-if-changed=locales");
}
