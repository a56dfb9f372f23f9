fn main() {
    eprintln!("xtask: not yet implemented");
    std::process::exit(1);
}
