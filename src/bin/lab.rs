//! The lab: race the library's optimizers on its problems (see [`lossbook::lab`]).
//!
//! ```text
//! cargo run --release --bin lab -- race --problem quadratic --kappa 100 \
//!     --optimizers sgd,momentum,adam --lr 0.01,0.01,0.1 --steps 200
//! cargo run --release --bin lab -- list
//! ```

fn main() {
    std::process::exit(lossbook::lab::main(std::env::args_os()));
}
