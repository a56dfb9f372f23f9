//! # The lossbook workbook
//!
//! Coding exercises, one file per chapter of the book. Each exercise is a
//! function whose doc comment states the task and whose body is
//! `todo!("Exercise N.M: …")`. Replace the `todo!` with your code, then run
//!
//! ```text
//! cargo xtask exercises            # progress per chapter, and what to fix next
//! cargo test -p workbook --test regression   # one chapter's tests
//! ```
//!
//! The reference solutions live in `src/solutions/`, one file per chapter
//! with the same functions. The `solutions` feature compiles them in place
//! of the exercise files (`cargo xtask exercises --solutions`), which is how
//! CI checks that every test passes on the solutions and fails on the stubs.

/// Picks the exercise file, or with the `solutions` feature its solution.
macro_rules! chapter {
    ($name:ident, $solution:literal) => {
        #[cfg(not(feature = "solutions"))]
        pub mod $name;
        #[cfg(feature = "solutions")]
        #[path = $solution]
        pub mod $name;
    };
}

chapter!(regression, "solutions/regression.rs");
chapter!(classification, "solutions/classification.rs");
chapter!(information, "solutions/information.rs");
chapter!(other_losses, "solutions/other_losses.rs");
chapter!(gradient_descent, "solutions/gradient_descent.rs");
chapter!(momentum, "solutions/momentum.rs");
chapter!(comparison, "solutions/comparison.rs");
chapter!(schedules, "solutions/schedules.rs");
chapter!(faq, "solutions/faq.rs");
chapter!(performance, "solutions/performance.rs");
