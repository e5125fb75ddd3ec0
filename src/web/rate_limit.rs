//! How many API calls one caller may make per minute: per key on the establishments' API, per
//! client address on the public `/api/v1` routes. A fixed window per caller, in memory (each
//! instance counts its own callers, which bounds what one instance serves), with a bounded
//! number of callers remembered.
//!
//! Windows are measured on the application's clock ([`crate::domain::calendar::Clock`]), so
//! that tests move time instead of waiting.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use time::{Duration, OffsetDateTime};

use super::auth::Visitor;
use super::{ApiError, AppState, Error};

/// Calls per minute one API key may make: far above what an HR system's synchronisation needs,
/// low enough that a key in a runaway loop does not slow the platform for everyone.
pub const KEY_PER_MINUTE: u32 = 120;

/// Calls per minute one client address may make to the public `/api/v1` routes by default
/// (`MSP_API_PUBLIC_PER_MINUTE`, 0 = no limit): a place field's suggestions call it at every
/// few keystrokes, a scraper all the time.
pub const PUBLIC_PER_MINUTE: u32 = 300;

/// Wrong or malformed API keys one client address may present per minute: a system with a
/// revoked key retries a few times; beyond, the address is answered 429 without a lookup, so
/// guessing keys costs the platform no query.
pub const WRONG_KEYS_PER_MINUTE: u32 = 30;

/// The most callers each limiter remembers: beyond, windows already ended are forgotten first,
/// then every window (one extra minute of calls at worst, never unbounded memory).
pub const MAX_CALLERS: usize = 10_000;

const WINDOW: Duration = Duration::minutes(1);

/// One limiter: for each caller, when its window started and how many calls it made in it.
#[derive(Default)]
pub struct Limiter {
    windows: Mutex<HashMap<String, (OffsetDateTime, u32)>>,
}

impl Limiter {
    /// Counts a call; `Err(seconds)` to wait when the caller already made `per_minute` in its
    /// window. `per_minute` 0 means no limit.
    pub fn check(&self, caller: &str, per_minute: u32, now: OffsetDateTime) -> Result<(), u64> {
        if per_minute == 0 {
            return Ok(());
        }
        let mut windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if windows.len() >= MAX_CALLERS && !windows.contains_key(caller) {
            windows.retain(|_, (start, _)| now - *start < WINDOW);
            if windows.len() >= MAX_CALLERS {
                windows.clear();
            }
        }
        let window = windows.entry(caller.to_string()).or_insert((now, 0));
        if now - window.0 >= WINDOW || now < window.0 {
            *window = (now, 0);
        }
        if window.1 >= per_minute {
            let left = WINDOW - (now - window.0);
            return Err(u64::try_from(left.whole_seconds()).unwrap_or(0).max(1));
        }
        window.1 += 1;
        Ok(())
    }

    /// Whether the caller already made `per_minute` calls in its window (`Some(seconds)` to
    /// wait), without counting one.
    pub fn spent(&self, caller: &str, per_minute: u32, now: OffsetDateTime) -> Option<u64> {
        if per_minute == 0 {
            return None;
        }
        let windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let (start, calls) = *windows.get(caller)?;
        let elapsed = now - start;
        (elapsed < WINDOW && elapsed >= Duration::ZERO && calls >= per_minute)
            .then(|| u64::try_from((WINDOW - elapsed).whole_seconds()).unwrap_or(0).max(1))
    }

    pub fn callers(&self) -> usize {
        self.windows.lock().map_or(0, |w| w.len())
    }
}

/// The two limits of the API and what they count; the limits may be changed while serving (the
/// tests lower them).
pub struct ApiLimits {
    pub per_key: AtomicU32,
    pub public: AtomicU32,
    pub wrong_keys: AtomicU32,
    keys: Limiter,
    clients: Limiter,
    guesses: Limiter,
}

impl ApiLimits {
    pub fn new(per_key: u32, public: u32) -> ApiLimits {
        ApiLimits {
            per_key: AtomicU32::new(per_key),
            public: AtomicU32::new(public),
            wrong_keys: AtomicU32::new(WRONG_KEYS_PER_MINUTE),
            keys: Limiter::default(),
            clients: Limiter::default(),
            guesses: Limiter::default(),
        }
    }

    /// Counts a call made with the key of this public id.
    pub fn check_key(&self, public_id: &str, now: OffsetDateTime) -> Result<(), Error> {
        self.keys
            .check(public_id, self.per_key.load(Ordering::Relaxed), now)
            .map_err(|seconds| Error::RateLimited { retry_after: seconds })
    }

    /// Counts a public call from this client address.
    pub fn check_client(&self, ip: &str, now: OffsetDateTime) -> Result<(), Error> {
        self.clients
            .check(ip, self.public.load(Ordering::Relaxed), now)
            .map_err(|seconds| Error::RateLimited { retry_after: seconds })
    }
}

impl ApiLimits {
    /// Refuses, before any lookup, an address that presented too many wrong keys this minute.
    pub fn check_guesses(&self, ip: &str, now: OffsetDateTime) -> Result<(), Error> {
        match self.guesses.spent(ip, self.wrong_keys.load(Ordering::Relaxed), now) {
            Some(seconds) => Err(Error::RateLimited { retry_after: seconds }),
            None => Ok(()),
        }
    }

    /// Counts a wrong or malformed key presented from this address.
    pub fn count_wrong_key(&self, ip: &str, now: OffsetDateTime) {
        // Past the limit the count stops growing; `check_guesses` refuses meanwhile.
        let _ = self.guesses.check(ip, self.wrong_keys.load(Ordering::Relaxed), now);
    }
}

impl Default for ApiLimits {
    fn default() -> Self {
        ApiLimits::new(KEY_PER_MINUTE, PUBLIC_PER_MINUTE)
    }
}

/// A public API call counted against its client address: the handler runs only within the
/// limit, otherwise the caller gets 429 with `Retry-After`.
pub struct PublicQuota;

impl FromRequestParts<AppState> for PublicQuota {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let visitor = Visitor::from_request_parts(parts, state).await?;
        state.api_limits.check_client(&visitor.ip, state.clock.now())?;
        Ok(PublicQuota)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caller_is_refused_past_the_limit_until_its_minute_ends() {
        let limiter = Limiter::default();
        let start = OffsetDateTime::UNIX_EPOCH;
        assert_eq!(limiter.check("a", 2, start), Ok(()));
        assert_eq!(limiter.check("a", 2, start + Duration::seconds(10)), Ok(()));
        assert_eq!(limiter.check("a", 2, start + Duration::seconds(15)), Err(45));
        // Another caller has its own window.
        assert_eq!(limiter.check("b", 2, start + Duration::seconds(15)), Ok(()));
        assert_eq!(limiter.check("a", 2, start + Duration::seconds(60)), Ok(()));
    }

    #[test]
    fn spent_tells_without_counting() {
        let limiter = Limiter::default();
        let now = OffsetDateTime::UNIX_EPOCH;
        assert_eq!(limiter.spent("a", 2, now), None);
        limiter.check("a", 2, now).unwrap();
        assert_eq!(limiter.spent("a", 2, now), None);
        limiter.check("a", 2, now).unwrap();
        assert_eq!(limiter.spent("a", 2, now + Duration::seconds(15)), Some(45));
        assert_eq!(limiter.spent("a", 2, now + Duration::minutes(1)), None);
        assert_eq!(limiter.spent("a", 0, now), None);
    }

    #[test]
    fn zero_means_no_limit() {
        let limiter = Limiter::default();
        for _ in 0..1000 {
            assert_eq!(limiter.check("a", 0, OffsetDateTime::UNIX_EPOCH), Ok(()));
        }
        assert_eq!(limiter.callers(), 0);
    }

    #[test]
    fn memory_stays_bounded_by_the_number_of_callers() {
        let limiter = Limiter::default();
        let now = OffsetDateTime::UNIX_EPOCH;
        for i in 0..MAX_CALLERS + 10 {
            let _ = limiter.check(&i.to_string(), 5, now);
        }
        assert!(limiter.callers() <= MAX_CALLERS);
    }
}
