//! `mianjing` binary: see [`mianjing::cli`].

/// mimalloc instead of glibc's allocator: glibc gives each thread that
/// allocates concurrently its own arena (up to 8 × cores) and keeps freed
/// memory there; argon2 allocates 19 MiB per hash on blocking-pool threads,
/// so 64 concurrent logins left about 1 GB resident (bench/run.sh `login`,
/// measured). mimalloc returns freed pages to the kernel.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    if let Err(err) = mianjing::cli::run().await {
        eprintln!("error: {err:#}");
        std::process::exit(1);
    }
}
