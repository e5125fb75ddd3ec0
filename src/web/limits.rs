//! What keeps a few slow or greedy clients from starving everyone else: a deadline and a
//! minimum pace on every request body, and a bounded number of uploads, per address too.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use futures_util::StreamExt;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::{Duration, Instant, timeout_at};

use super::Error;

/// The whole body must have arrived by then, whatever its size (20 MB at 1 Mbit/s take under
/// three minutes).
const BODY_DEADLINE: Duration = Duration::from_secs(300);
/// Every window of this length must bring at least [`MIN_BYTES_PER_WINDOW`]: a client that
/// trickles a byte a second is cut off after one window, not after the deadline.
const WINDOW: Duration = Duration::from_secs(10);
const MIN_BYTES_PER_WINDOW: usize = 32 * 1024;

/// Middleware on every request: its body is read against [`BODY_DEADLINE`] and a minimum pace.
/// A body that is too slow ends in an error, which the extractors turn into a 400.
pub async fn body_pace(request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let body = paced(body, Instant::now());
    next.run(Request::from_parts(parts, body)).await
}

struct Pace {
    stream: axum::body::BodyDataStream,
    deadline: Instant,
    window_end: Instant,
    window_bytes: usize,
    done: bool,
}

fn paced(body: Body, start: Instant) -> Body {
    let pace = Pace {
        stream: body.into_data_stream(),
        deadline: start + BODY_DEADLINE,
        window_end: start + WINDOW,
        window_bytes: 0,
        done: false,
    };
    let stream = futures_util::stream::unfold(pace, |mut pace| async move {
        if pace.done {
            return None;
        }
        loop {
            let wait_until = pace.window_end.min(pace.deadline);
            match timeout_at(wait_until, pace.stream.next()).await {
                Ok(Some(Ok(chunk))) => {
                    pace.window_bytes += chunk.len();
                    let now = Instant::now();
                    if now >= pace.window_end {
                        if pace.window_bytes < MIN_BYTES_PER_WINDOW {
                            return too_slow(pace);
                        }
                        pace.window_end = now + WINDOW;
                        pace.window_bytes = 0;
                    }
                    return Some((Ok::<Bytes, axum::Error>(chunk), pace));
                }
                Ok(Some(Err(error))) => {
                    pace.done = true;
                    return Some((Err(error), pace));
                }
                Ok(None) => return None,
                // Nothing came before the window closed: slow unless the window was already
                // full enough, in which case a new one starts.
                Err(_) if Instant::now() < pace.deadline && pace.window_bytes >= MIN_BYTES_PER_WINDOW => {
                    pace.window_end = Instant::now() + WINDOW;
                    pace.window_bytes = 0;
                }
                Err(_) => return too_slow(pace),
            }
        }
    });
    Body::from_stream(stream)
}

fn too_slow(mut pace: Pace) -> Option<(Result<Bytes, axum::Error>, Pace)> {
    pace.done = true;
    tracing::info!("request body too slow: cut off");
    Some((Err(axum::Error::new("request body too slow")), pace))
}

/// Uploads being received and sealed: a few at once in all (each holds up to 20 MB in memory
/// and its share of the CPU), and fewer from one address, so that one client with many slow
/// connections cannot hold every slot.
pub struct UploadSlots {
    slots: Arc<Semaphore>,
    per_address: Mutex<HashMap<String, usize>>,
    per_address_limit: usize,
}

/// One upload's place; freed when dropped.
pub struct UploadSlot {
    _permit: Option<OwnedSemaphorePermit>,
    owner: Arc<UploadSlots>,
    address: String,
}

impl UploadSlots {
    pub fn new(total: usize, per_address: usize) -> Arc<UploadSlots> {
        Arc::new(UploadSlots {
            slots: Arc::new(Semaphore::new(total)),
            per_address: Mutex::new(HashMap::new()),
            per_address_limit: per_address,
        })
    }

    /// Waits for a free slot, or refuses at once when this address already uses its share.
    pub async fn take(self: &Arc<Self>, address: &str) -> Result<UploadSlot, Error> {
        {
            let mut counts = self.per_address.lock().expect("upload counts");
            let count = counts.entry(address.to_string()).or_default();
            if *count >= self.per_address_limit {
                return Err(Error::TooManyRequests);
            }
            *count += 1;
        }
        // From here the address's count is the slot's: its drop gives it back, even if the
        // request is dropped while it waits.
        let mut slot = UploadSlot {
            _permit: None,
            owner: self.clone(),
            address: address.to_string(),
        };
        let permit = self
            .slots
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| Error::Internal("envois fermés"))?;
        slot._permit = Some(permit);
        Ok(slot)
    }

    fn release(&self, address: &str) {
        let mut counts = self.per_address.lock().expect("upload counts");
        if let Some(count) = counts.get_mut(address) {
            *count -= 1;
            if *count == 0 {
                counts.remove(address);
            }
        }
    }
}

impl Drop for UploadSlot {
    fn drop(&mut self) {
        self.owner.release(&self.address);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_address_cannot_take_every_slot() {
        let slots = UploadSlots::new(4, 2);
        let a = slots.take("10.0.0.1").await.unwrap();
        let _b = slots.take("10.0.0.1").await.unwrap();
        assert!(matches!(slots.take("10.0.0.1").await, Err(Error::TooManyRequests)));
        let _c = slots.take("10.0.0.2").await.unwrap();
        drop(a);
        let _d = slots.take("10.0.0.1").await.unwrap();
    }

    #[tokio::test]
    async fn a_dropped_wait_gives_its_count_back() {
        let slots = UploadSlots::new(1, 1);
        let held = slots.take("a").await.unwrap();
        let waiting = tokio::time::timeout(Duration::from_millis(10), slots.take("b")).await;
        assert!(waiting.is_err(), "no slot is free");
        drop(held);
        let _again = slots.take("b").await.unwrap();
    }
}
