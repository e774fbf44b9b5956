//! Helpers shared by the simulation-based rules.
