//! Exercise goals: what a Dockerfile should achieve, checked against its
//! [`Analysis`].
//!
//! A teacher writes goals as comments at the top of the file, before the
//! first instruction:
//!
//! ```text
//! # goal: size < 150MB
//! # goal: no errors
//! # goal: user != root
//! FROM python:3.12-slim
//! ```
//!
//! or as a separate text, one goal a line ([`parse_text`]; the web page
//! carries it in the share link). In a separate text the `# goal:` prefix is
//! optional, blank lines are skipped, and other `#` lines are comments.
//!
//! # Grammar
//!
//! One goal a line; words are case-insensitive; spaces around operators are
//! optional (`size<150MB` is fine).
//!
//! | goal | met when |
//! |---|---|
//! | `size < 150MB` (`<`, `<=`, `>`, `>=`) | the final image's estimated size compares so |
//! | `no errors` | no finding of error severity |
//! | `no warnings` | no finding of warning or error severity |
//! | `no findings` | no finding at all (info included) |
//! | `no finding <rule-id>` | no finding of that rule |
//! | `finding <rule-id>` | at least one finding of that rule |
//! | `stages >= 2` (`<`, `<=`, `>`, `>=`, `=`, `!=`) | the number of stages built for the final image (unused stages do not count) |
//! | `layers <= 5` (same operators) | the number of layers the Dockerfile adds to the final image (RUN, COPY, ADD, WORKDIR of the final stage and the stages it is built `FROM`; the base image's own layers do not count) |
//! | `user != root`, `user = app` | the final stage's effective user (its last `USER`, else the base image's default); `root` and `0` are the same user, and `app:app` matches `app` |
//! | `base = python:3.12-slim`, `base != python:3.7` | the image the final stage is built on (through `FROM <stage>` chains); `docker.io/library/` is implied and a missing tag means `latest` |
//!
//! Sizes take a unit: `B`, `KB`, `MB`, `GB` (powers of 1000, as `docker
//! images` prints them) or `KiB`, `MiB`, `GiB` (powers of 1024); decimals are
//! allowed (`1.5GB`).
//!
//! Rule ids are those of `layerlab rules` plus the parser's and the
//! simulation's own codes; an unknown id is an error that suggests the
//! nearest known one.
//!
//! # Evaluation
//!
//! Each goal evaluates to [`Status::Met`], [`Status::Unmet`] or
//! [`Status::Unknown`], with the [`Actual`] value it was judged on.
//!
//! - Size goals compare the estimate's best value (`size_bytes`), not its
//!   range: the range is shown with the result. When part of the size is
//!   unknown (an image not in the tables, a context file not given), the
//!   estimate is a lower bound, and a goal is decided only when the lower
//!   bound already decides it (`size < 150MB` with a lower bound of 200 MB is
//!   unmet); otherwise it is unknown, never met.
//! - Finding goals are unknown when ignore comments or the configuration
//!   hid findings (the hidden ones might be the ones the goal is about).
//! - `user` is unknown when the final image's default user is not in the
//!   tables and no `USER` sets it; `base` is unknown when the final stage's
//!   `FROM` cannot be resolved. A file without a stage leaves image goals
//!   unknown.
//!
//! Malformed goals are [`GoalError`]s with a position (1-based line and
//! column, byte offsets into the text they were read from); nothing here
//! panics.

mod evaluate;
mod grammar;
mod parse;

pub use evaluate::{evaluate, evaluate_all, normalize_image, Actual, Evaluation, Status, Unknown};
pub use grammar::{
    known_finding_ids, Goal, GoalError, GoalErrorKind, GoalKind, Goals, Op, Origin, Pos,
};
pub use parse::{goals_of, parse_dockerfile, parse_text};
