//! The page's side of the analysis worker: the editor and the panels never
//! wait for an analysis.
//!
//! - One request runs at a time; while it runs, newer requests replace one
//!   another (only the latest is sent next), so a fast typist's text is
//!   analysed as often as the worker can, never in a growing queue.
//! - A watchdog stops a request that runs longer than [`WATCHDOG_MS`]: the
//!   worker is terminated and a new one started; the page is told
//!   ([`Outcome::Stopped`]) and keeps its text.
//! - A worker that dies (a crash, out of memory) is replaced the same way.
//! - Where no worker can start (no module workers, the script missing), or
//!   when workers keep dying before they start, requests are answered on the
//!   page's own thread by the same [`Server`]; on the host (tests) always.

use std::cell::RefCell;
use std::rc::Rc;

use crate::state::Stop;
#[cfg(feature = "two-modules")]
use crate::worker::NoAnalysis as Server;
#[cfg(not(feature = "two-modules"))]
use crate::worker::Server;

/// How long one analysis may run before the worker is stopped.
pub const WATCHDOG_MS: u32 = 2_000;

thread_local! {
    static STARTED: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    static ANSWERED_HERE: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Workers started so far, and requests answered on the page's own thread
/// (for the end-to-end tests: the analysis must run in a worker).
pub fn stats() -> (u32, u32) {
    (STARTED.with(|c| c.get()), ANSWERED_HERE.with(|c| c.get()))
}

/// Workers that die before they say they are ready, in a row, before the
/// page gives up on workers and analyses on its own thread.
#[cfg(target_arch = "wasm32")]
const MAX_FAILED_STARTS: u32 = 2;

thread_local! {
    static SABOTAGE: std::cell::Cell<Option<Sabotage>> = const { std::cell::Cell::new(None) };
}

/// What the next request does to the worker instead of being analysed, as
/// an input that kills or hangs it would (the end-to-end tests of a dying
/// and of a stuck worker; debug hooks, see `main.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sabotage {
    Crash,
    Hang,
}

/// The next request sent crashes or hangs the worker.
pub fn sabotage_next_request(how: Sabotage) {
    SABOTAGE.with(|c| c.set(Some(how)));
}

/// What comes back for a request.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The worker's reply (encoded, see `worker::to_wire`).
    Reply(Vec<u8>),
    /// The request numbered `seq` did not finish.
    Stopped { seq: u64, why: Stop },
}

/// A handle on the analysis worker (cheap to clone: all clones share it).
#[derive(Clone)]
pub struct Analyst {
    inner: Rc<RefCell<Inner>>,
}

impl PartialEq for Analyst {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

struct Inner {
    on_outcome: Rc<dyn Fn(Outcome)>,
    /// The latest request not sent yet: `(seq, JSON)`.
    next: Option<(u64, Vec<u8>)>,
    /// The request the worker is running.
    #[cfg(target_arch = "wasm32")]
    busy: Option<u64>,
    /// The worker (None: not started, or analysing on this thread).
    #[cfg(target_arch = "wasm32")]
    worker: Option<crate::bridge::WorkerHandle>,
    #[cfg(target_arch = "wasm32")]
    ready: bool,
    #[cfg(target_arch = "wasm32")]
    watchdog: Option<crate::bridge::Timer>,
    #[cfg(target_arch = "wasm32")]
    failed_starts: u32,
    /// A worker has started here before: workers work in this browser, so
    /// a failed start is retried (after a pause), never answered here.
    #[cfg(target_arch = "wasm32")]
    ever_ready: bool,
    /// The pause before the next start, after a failed one.
    #[cfg(target_arch = "wasm32")]
    retry: Option<crate::bridge::Timer>,
    /// Answers on this thread when there is no worker.
    local: Option<Server>,
    /// The package tables' long tail, once fetched: every worker started
    /// from then on is given it before any request.
    long_tail: Option<Rc<String>>,
}

impl Analyst {
    /// An analyst whose outcomes go to `on_outcome`; the worker starts now.
    pub fn new(on_outcome: impl Fn(Outcome) + 'static) -> Analyst {
        let a = Analyst {
            inner: Rc::new(RefCell::new(Inner {
                on_outcome: Rc::new(on_outcome),
                next: None,
                #[cfg(target_arch = "wasm32")]
                busy: None,
                #[cfg(target_arch = "wasm32")]
                worker: None,
                #[cfg(target_arch = "wasm32")]
                ready: false,
                #[cfg(target_arch = "wasm32")]
                watchdog: None,
                #[cfg(target_arch = "wasm32")]
                failed_starts: 0,
                #[cfg(target_arch = "wasm32")]
                ever_ready: false,
                #[cfg(target_arch = "wasm32")]
                retry: None,
                local: None,
                long_tail: None,
            })),
        };
        a.start();
        let weak = Rc::downgrade(&a.inner);
        crate::long_tail::subscribe(move |text| {
            if let Some(inner) = weak.upgrade() {
                Analyst { inner }.give_long_tail(text);
            }
        });
        a
    }

    /// The long tail has arrived: the worker (or this thread) loads it
    /// before its next request (whoever asked asks again:
    /// [`crate::long_tail::on_arrival`]).
    fn give_long_tail(&self, text: Rc<String>) {
        self.inner.borrow_mut().long_tail = Some(text);
        self.load_long_tail();
    }

    /// Hands the long tail (if fetched) to whoever answers: this thread's
    /// tables, or the worker as its next message (it reads messages in
    /// order, so every later request sees it).
    fn load_long_tail(&self) {
        let inner = self.inner.borrow();
        let Some(text) = inner.long_tail.clone() else {
            return;
        };
        if inner.local.is_some() {
            // Loading twice keeps the first: nothing to do the second time.
            #[cfg(not(feature = "two-modules"))]
            if !layerlab_catalog::long_tail_available() {
                let _ = layerlab_catalog::load_long_tail(text.to_string());
            }
            // Two modules: this thread has no tables to load it into.
            #[cfg(feature = "two-modules")]
            let _ = text;
            return;
        }
        #[cfg(target_arch = "wasm32")]
        if inner.ready {
            if let Some(w) = inner.worker.as_ref() {
                let request = crate::worker::Request::LongTail {
                    text: text.to_string(),
                };
                let _ = w.post(&crate::worker::to_wire(&request));
            }
        }
    }

    /// Asks for request `seq` (JSON, see `worker::Request`); it replaces a
    /// request not sent yet.
    pub fn submit(&self, seq: u64, request: Vec<u8>) {
        self.inner.borrow_mut().next = Some((seq, request));
        self.pump();
    }

    /// Whether requests are answered on the page's own thread.
    pub fn is_local(&self) -> bool {
        self.inner.borrow().local.is_some()
    }

    /// Sends the next request if the worker is free.
    fn pump(&self) {
        if self.is_local() {
            return self.answer_here();
        }
        #[cfg(target_arch = "wasm32")]
        self.send_next();
    }

    /// Answers the pending request on this thread.
    fn answer_here(&self) {
        let (request, on_outcome) = {
            let mut inner = self.inner.borrow_mut();
            let Some((_, request)) = inner.next.take() else {
                return;
            };
            (request, inner.on_outcome.clone())
        };
        let reply = {
            let mut inner = self.inner.borrow_mut();
            let server = inner.local.get_or_insert_with(Server::default);
            server.handle(&request)
        };
        ANSWERED_HERE.with(|c| c.set(c.get() + 1));
        on_outcome(Outcome::Reply(reply));
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn start(&self) {
        self.inner.borrow_mut().local = Some(Server::default());
    }
}

#[cfg(target_arch = "wasm32")]
impl Analyst {
    /// Starts a worker (or, when none can start, answers here from now on).
    fn start(&self) {
        let weak = Rc::downgrade(&self.inner);
        let on_message = {
            let weak = weak.clone();
            move |message: crate::bridge::WorkerMessage| {
                if let Some(inner) = weak.upgrade() {
                    Analyst { inner }.on_message(message);
                }
            }
        };
        let on_error = move || {
            if let Some(inner) = weak.upgrade() {
                Analyst { inner }.on_worker_died();
            }
        };
        let worker = crate::bridge::spawn_worker(on_message, on_error);
        let mut inner = self.inner.borrow_mut();
        inner.ready = false;
        inner.busy = None;
        inner.watchdog = None;
        match worker {
            Some(w) => {
                STARTED.with(|c| c.set(c.get() + 1));
                inner.worker = Some(w);
            }
            None => {
                inner.worker = None;
                inner.local = Some(Server::default());
                drop(inner);
                self.load_long_tail();
            }
        }
    }

    fn on_message(&self, message: crate::bridge::WorkerMessage) {
        use crate::worker::{reply_kind, ReplyKind};
        let bytes = match message {
            crate::bridge::WorkerMessage::Bytes(bytes) => bytes,
            // Text comes only from the loader, when the module did not start.
            crate::bridge::WorkerMessage::Text(_) => return self.on_worker_died(),
        };
        // Only the kind is read here: the reply itself is decoded once, by
        // whoever asked.
        let kind = reply_kind(&bytes);
        if kind == ReplyKind::Failed {
            return self.on_worker_died();
        }
        if kind == ReplyKind::LongTail {
            // Not an answer to the request the worker runs.
            return;
        }
        let is_ready = kind == ReplyKind::Ready;
        let on_outcome = {
            let mut inner = self.inner.borrow_mut();
            if is_ready {
                inner.ready = true;
                inner.failed_starts = 0;
                inner.ever_ready = true;
                None
            } else {
                inner.busy = None;
                inner.watchdog = None;
                Some(inner.on_outcome.clone())
            }
        };
        if is_ready {
            self.load_long_tail();
        }
        if let Some(f) = on_outcome {
            f(Outcome::Reply(bytes));
        }
        self.pump();
    }

    /// The worker died: say which request it took with it, start another.
    /// A worker that dies before it is ready counts as a failed start: the
    /// next start waits a little longer each time; where no worker has ever
    /// started, after [`MAX_FAILED_STARTS`] the page answers on its own
    /// thread (a browser without module workers).
    fn on_worker_died(&self) {
        let (busy, on_outcome, failed, give_up) = {
            let mut inner = self.inner.borrow_mut();
            let failed = !inner.ready;
            if failed {
                inner.failed_starts += 1;
            }
            inner.worker = None;
            (
                inner.busy.take(),
                inner.on_outcome.clone(),
                failed.then_some(inner.failed_starts),
                !inner.ever_ready && inner.failed_starts >= MAX_FAILED_STARTS,
            )
        };
        if let Some(seq) = busy {
            on_outcome(Outcome::Stopped {
                seq,
                why: Stop::Crashed,
            });
        }
        if give_up {
            self.inner.borrow_mut().local = Some(Server::default());
            self.load_long_tail();
            return self.pump();
        }
        match failed {
            Some(n) => {
                let weak = Rc::downgrade(&self.inner);
                let pause = (250 * n.min(8)) as i32;
                self.inner.borrow_mut().retry = crate::bridge::timer(pause, move || {
                    if let Some(inner) = weak.upgrade() {
                        let a = Analyst { inner };
                        a.start();
                        a.pump();
                    }
                });
            }
            None => {
                self.start();
                self.pump();
            }
        }
    }

    /// The watchdog fired: the request `seq` ran longer than `limit` ms.
    fn on_timeout(&self, seq: u64, limit: u32) {
        let on_outcome = {
            let mut inner = self.inner.borrow_mut();
            if inner.busy != Some(seq) {
                return;
            }
            inner.busy = None;
            inner.worker = None;
            inner.on_outcome.clone()
        };
        on_outcome(Outcome::Stopped {
            seq,
            why: Stop::Timeout(limit),
        });
        self.start();
        self.pump();
    }

    fn send_next(&self) {
        let mut inner = self.inner.borrow_mut();
        if !inner.ready || inner.busy.is_some() {
            return;
        }
        let Some((seq, request)) = inner.next.take() else {
            return;
        };
        // The end-to-end tests of a dying or stuck worker.
        let message = match SABOTAGE.with(|c| c.take()) {
            Some(Sabotage::Crash) => crate::worker::to_wire(&crate::worker::Request::Crash),
            Some(Sabotage::Hang) => crate::worker::to_wire(&crate::worker::Request::Hang),
            None => request.clone(),
        };
        let sent = inner.worker.as_ref().is_some_and(|w| w.post(&message));
        if !sent {
            inner.next = Some((seq, request));
            return;
        }
        inner.busy = Some(seq);
        let weak = Rc::downgrade(&self.inner);
        let limit = WATCHDOG_MS;
        inner.watchdog = crate::bridge::timer(limit as i32, move || {
            if let Some(inner) = weak.upgrade() {
                Analyst { inner }.on_timeout(seq, limit);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::Input;
    use crate::worker::{from_wire, to_wire, Request};

    #[test]
    fn on_the_host_requests_are_answered_at_once() {
        let got: Rc<RefCell<Vec<Outcome>>> = Rc::default();
        let sink = got.clone();
        let a = Analyst::new(move |o| sink.borrow_mut().push(o));
        assert!(a.is_local());
        let input = Input {
            text: "FROM alpine\n".into(),
            ..Input::default()
        };
        a.submit(
            3,
            to_wire(&Request::Page {
                seq: 3,
                input: Box::new(input),
            }),
        );
        let got = got.borrow();
        let [Outcome::Reply(bytes)] = got.as_slice() else {
            panic!("one reply, got {got:?}")
        };
        let reply = from_wire(bytes).unwrap();
        assert_eq!(reply.seq(), Some(3));
    }
}
