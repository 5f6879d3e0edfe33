//! `mianjing` binary: see [`mianjing::cli`].

#[tokio::main]
async fn main() {
    if let Err(err) = mianjing::cli::run().await {
        eprintln!("error: {err:#}");
        std::process::exit(1);
    }
}
