//! Turning mdBook's log output into a pass/fail signal.
//!
//! mdBook reports many real problems only as `tracing` events and then carries
//! on: a `{{#include}}` of a missing file is an `error!` that leaves the
//! directive in the page, broken inline HTML (for example malformed MathML) is
//! a `warn!` about an HTML parse error. `cargo xtask book` therefore records
//! every WARN and ERROR event while the book builds and fails if there was any.

use std::fmt::{self, Write as _};
use std::sync::{Arc, Mutex, PoisonError};

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt as _};

/// WARN and ERROR events seen so far, formatted one per entry.
#[derive(Clone, Default)]
pub struct Problems(Arc<Mutex<Vec<String>>>);

impl Problems {
    /// Everything recorded so far.
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl<S: Subscriber> Layer<S> for Problems {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let meta = event.metadata();
        // `Level` orders by verbosity: ERROR < WARN < INFO.
        if *meta.level() > Level::WARN {
            return;
        }
        let mut text = MessageText::default();
        event.record(&mut text);
        let entry = format!("{} [{}] {}", meta.level(), meta.target(), text.0);
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(entry);
    }
}

/// Collects an event's message and any extra fields into one line of text.
#[derive(Default)]
struct MessageText(String);

impl Visit for MessageText {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.0, "{value:?}");
        } else {
            let _ = write!(self.0, " {}={value:?}", field.name());
        }
    }
}

/// Run `f` with mdBook's INFO and louder events printed to stderr, and return
/// its result together with every WARN/ERROR event it logged.
///
/// The subscriber is installed for the current thread only (mdBook builds on
/// the calling thread), so tests can build several books in parallel.
pub fn capture<T>(f: impl FnOnce() -> T) -> (T, Vec<String>) {
    let problems = Problems::default();
    let printer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .without_time()
        .with_target(false)
        .with_filter(LevelFilter::INFO);
    let subscriber = tracing_subscriber::registry()
        .with(printer)
        .with(problems.clone().with_filter(LevelFilter::WARN));
    let result = tracing::subscriber::with_default(subscriber, f);
    (result, problems.take())
}

#[cfg(test)]
mod tests {
    #[test]
    fn warnings_and_errors_are_recorded_info_is_not() {
        let ((), problems) = super::capture(|| {
            tracing::info!("just progress");
            tracing::warn!("html parse error in `{}`", "x.md");
            tracing::error!(code = 3, "missing file");
        });
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("WARN"), "{problems:?}");
        assert!(problems[0].contains("html parse error in `x.md`"));
        assert!(problems[1].contains("missing file code=3"), "{problems:?}");
    }
}
