//! The analysis worker's side: requests in, replies out, both in borsh
//! ([`to_wire`]): the page decodes every analysis it shows, and borsh's
//! derived decoders are a fraction of the size of serde_json's in the module.
//!
//! The page starts the same module in a dedicated worker
//! (static/analysis-worker.js); its `main` sees no window and calls
//! [`start`], which answers each [`Request`] with a [`Reply`]. [`Server`]
//! is the pure part (tested natively); the page also uses it on its own
//! thread when no worker can start.

use crate::delta::Patch;
use crate::view::{self, Cache, Compared, Input};

/// What the page asks the worker.
#[derive(Debug, borsh::BorshSerialize, borsh::BorshDeserialize)]
pub enum Request {
    /// Analyse the page's inputs numbered `seq`.
    Page { seq: u64, input: Box<Input> },
    /// Analyse both sides of the compare view and compare them.
    Compare {
        seq: u64,
        a: Box<Input>,
        b: Box<Input>,
    },
    /// Load the package tables' long tail (the file `long-tail.txt`, see
    /// `crate::long_tail`): from now on the analyses use it.
    LongTail { text: String },
    /// Crash on purpose (the end-to-end test of a worker that dies).
    Crash,
    /// Never answer (the end-to-end test of the watchdog).
    Hang,
}

/// What the worker answers. Sent as borsh ([`to_wire`]): [`reply_kind`]
/// reads the variant from the first byte, so the order of the variants is
/// part of the protocol.
#[derive(Debug, borsh::BorshSerialize, borsh::BorshDeserialize)]
pub enum Reply {
    /// The worker has started and takes requests.
    Ready,
    /// The page's view: whole, or what changed since the previous reply.
    /// `wants_long_tail`: the analysis looked up a package this module's
    /// tables lack and the long tail is not loaded (the page fetches it).
    Page {
        seq: u64,
        view: Patch,
        wants_long_tail: bool,
    },
    Compare {
        seq: u64,
        compared: Box<Compared>,
        wants_long_tail: bool,
    },
    /// The long tail was loaded, or why not.
    LongTail { error: Option<String> },
    /// A request that does not decode (never sent by this page's version).
    Unreadable { error: String },
    /// The worker could not start (sent by static/analysis-worker.js).
    Failed { error: String },
}

impl Reply {
    /// The `seq` of the request this replies to.
    pub fn seq(&self) -> Option<u64> {
        match self {
            Reply::Page { seq, .. } | Reply::Compare { seq, .. } => Some(*seq),
            Reply::Ready
            | Reply::LongTail { .. }
            | Reply::Unreadable { .. }
            | Reply::Failed { .. } => None,
        }
    }
}

/// A reply's kind, read from its first byte without decoding it all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplyKind {
    Ready,
    Failed,
    /// The answer to [`Request::LongTail`] (not a request the analyst waits for).
    LongTail,
    /// An answer to a request (or an unreadable request).
    Answer,
}

/// The kind of the reply `bytes` (as [`to_wire`] writes a [`Reply`]: borsh
/// writes an enum's variant index, in declaration order, as its first byte).
pub fn reply_kind(bytes: &[u8]) -> ReplyKind {
    match bytes.first() {
        Some(0) if bytes.len() == 1 => ReplyKind::Ready,
        Some(3) => ReplyKind::LongTail,
        Some(5) => ReplyKind::Failed,
        _ => ReplyKind::Answer,
    }
}

/// A request or a reply as it crosses between the page and the worker.
pub fn to_wire<T: borsh::BorshSerialize>(message: &T) -> Vec<u8> {
    borsh::to_vec(message).expect("a message encodes (no NaN in it)")
}

/// A reply the worker sent (None: bytes that are not one).
pub fn from_wire(bytes: &[u8]) -> Option<Reply> {
    borsh::from_slice(bytes).ok()
}

/// Answers requests; keeps the last page analysis and its view (a new
/// file-tree stage is answered without analysing again; the next view is
/// sent as what changed since that one).
#[derive(Default)]
pub struct Server {
    cache: Cache,
}

impl Server {
    /// The reply to one request, encoded ([`to_wire`]).
    pub fn handle(&mut self, request: &[u8]) -> Vec<u8> {
        let reply = match borsh::from_slice::<Request>(request) {
            Ok(Request::Page { seq, input }) => {
                let (sent, view) = self.cache.next(&input);
                let patch = Patch::between(sent.as_ref(), view);
                Reply::Page {
                    seq,
                    view: patch,
                    wants_long_tail: layerlab_catalog::long_tail_wanted(),
                }
            }
            Ok(Request::Compare { seq, a, b }) => Reply::Compare {
                seq,
                compared: Box::new(view::compare(&a, &b)),
                wants_long_tail: layerlab_catalog::long_tail_wanted(),
            },
            Ok(Request::LongTail { text }) => {
                let error = layerlab_catalog::load_long_tail(text).err();
                if error.is_none() {
                    // Analyses from now on differ: the next view is sent whole.
                    self.cache = Cache::default();
                }
                Reply::LongTail {
                    error: error.map(|e| e.to_string()),
                }
            }
            Ok(Request::Crash) => panic!("asked to crash (Request::Crash)"),
            Ok(Request::Hang) => loop {
                std::hint::spin_loop();
            },
            Err(e) => Reply::Unreadable {
                error: e.to_string(),
            },
        };
        to_wire(&reply)
    }
}

/// The two-module build's stand-in for [`Server`] on the page's thread,
/// which has no analysis: where no worker can start, every request is
/// answered as unreadable.
#[cfg(feature = "two-modules")]
#[derive(Default)]
pub struct NoAnalysis;

#[cfg(feature = "two-modules")]
impl NoAnalysis {
    pub fn handle(&mut self, _request: &[u8]) -> Vec<u8> {
        to_wire(&Reply::Unreadable {
            error: "no analysis worker could start".into(),
        })
    }
}

/// In the worker: serve requests until the page terminates the worker.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    let mut server = Server::default();
    crate::bridge::serve_requests(move |request| server.handle(request));
    crate::bridge::post_to_page(&to_wire(&Reply::Ready));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(server: &mut Server, r: &Request) -> Reply {
        from_wire(&server.handle(&to_wire(r))).unwrap()
    }

    #[test]
    fn a_page_request_round_trips_its_view() {
        let mut s = Server::default();
        let input = Input {
            text: "FROM python:3.12-slim\nRUN pip install flask\n".into(),
            ..Input::default()
        };
        let Reply::Page {
            seq, view: patch, ..
        } = ask(
            &mut s,
            &Request::Page {
                seq: 7,
                input: Box::new(input.clone()),
            },
        )
        else {
            panic!("a page reply")
        };
        assert_eq!(seq, 7);
        let view = patch.apply(None).expect("a first reply is whole");
        // What arrives is what the analysis said, field for field.
        let direct = view::analyse(&input);
        assert_eq!(to_wire(&view.findings), to_wire(&direct.findings));
        assert_eq!(to_wire(&view.stages), to_wire(&direct.stages));
        assert!(view.findings.iter().any(|f| f.rule == "pip-no-cache-dir"));
    }

    #[test]
    fn reply_kinds_are_read_from_the_first_byte() {
        let kind = |r: &Reply| reply_kind(&to_wire(r));
        assert_eq!(kind(&Reply::Ready), ReplyKind::Ready);
        assert_eq!(
            kind(&Reply::Failed { error: "x".into() }),
            ReplyKind::Failed
        );
        assert_eq!(kind(&Reply::LongTail { error: None }), ReplyKind::LongTail);
        let long = "e".repeat(300);
        assert_eq!(
            kind(&Reply::LongTail { error: Some(long) }),
            ReplyKind::LongTail
        );
        for answer in [
            Reply::Page {
                seq: 0,
                view: Patch::Whole(Box::default()),
                wants_long_tail: false,
            },
            Reply::Compare {
                seq: 5,
                compared: Box::new(view::compare(&Input::default(), &Input::default())),
                wants_long_tail: true,
            },
            Reply::Unreadable {
                error: String::new(),
            },
        ] {
            assert_eq!(kind(&answer), ReplyKind::Answer, "{answer:?}");
        }
        assert_eq!(reply_kind(&[]), ReplyKind::Answer);
        assert!(from_wire(&[9, 9]).is_none(), "bytes that are no reply");
    }

    #[test]
    fn garbage_is_answered_not_fatal() {
        let mut s = Server::default();
        let r = from_wire(&s.handle(b"{not a request")).unwrap();
        assert!(matches!(r, Reply::Unreadable { .. }));
    }
}
