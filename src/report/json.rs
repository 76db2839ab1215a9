//! The JSON format: one object per command checked (JSON Lines), in input order:
//! `{"command", "decision", "findings": [{"rule", "action", "target", "severity", "reason",
//! "safer", "span": [start, end]}]}`. This shape is a stable contract.

use crate::verdict::Verdict;

pub fn verdict_line(v: &Verdict) -> String {
    serde_json::to_string(v).expect("verdicts serialise")
}
