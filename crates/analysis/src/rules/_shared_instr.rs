//! Helpers shared by the instruction-level rules (hadolint/BuildKit parity).
