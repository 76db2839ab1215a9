//! The `sarif` format: SARIF 2.1.0 (OASIS), for GitHub code scanning and other SARIF viewers,
//! built with the `serde-sarif` types. One run; `tool.driver.rules` describes every rule and
//! engine check in a stable order (built-in packs, user rules, engine checks), so `ruleIndex`
//! and the ids are stable. A result's level follows severity (`critical`/`high` error, `medium`
//! warning, `low` note); its location is the file (a relative URI), the region in 1-based lines
//! and character columns (`columnKind: unicodeCodePoints`) with the source line as snippet.
//! Suppressed findings stay, with an `inSource` suppression. Files that could not be read are
//! tool execution notifications, and make `executionSuccessful` false.
//! `tests/cli.rs` validates the output against the official schema.

use super::{action_name, severity_name};
use crate::rules::spec::Severity;
use crate::rules::Ruleset;
use crate::scan::ScanReport;
use crate::verdict::ENGINE_CHECKS;
use serde_json::json;
use serde_sarif::sarif::{
    ArtifactContent, ArtifactLocation, Invocation, Location, Message, MultiformatMessageString,
    Notification, PhysicalLocation, PropertyBag, Region, ReportingConfiguration,
    ReportingDescriptor, Result as SarifResult, Run, Sarif, Suppression, Tool, ToolComponent,
};
use std::collections::BTreeMap;

pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

fn text(s: impl Into<String>) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(s.into()).build()
}

fn props(tags: Vec<String>, extra: BTreeMap<String, serde_json::Value>) -> PropertyBag {
    let mut bag = PropertyBag::builder().additional_properties(extra).build();
    bag.tags = (!tags.is_empty()).then_some(tags);
    bag
}

/// Every rule the run may report, with its index.
fn descriptors(rules: &Ruleset) -> (Vec<ReportingDescriptor>, BTreeMap<String, usize>) {
    let mut out = Vec::new();
    for r in rules.all() {
        let s = &r.spec;
        let mut extra = BTreeMap::new();
        extra.insert("severity".into(), json!(severity_name(s.severity)));
        extra.insert("action".into(), json!(action_name(s.action)));
        extra.insert("scope".into(), json!(r.scope()));
        out.push(
            ReportingDescriptor::builder()
                .id(s.id.clone())
                .short_description(text(s.title.clone()))
                .full_description(text(s.reason.trim()))
                .help(text(format!(
                    "{}\n\nSafer: {}\n\nSilence one line with `# brake: allow {}`.",
                    s.reason.trim(),
                    s.safer.trim(),
                    s.id
                )))
                .default_configuration(
                    ReportingConfiguration::builder()
                        .level(json!(level(s.severity)))
                        .build(),
                )
                .properties(props(vec![r.pack.clone()], extra))
                .build(),
        );
    }
    for c in ENGINE_CHECKS {
        let mut extra = BTreeMap::new();
        extra.insert("severity".into(), json!("high"));
        out.push(
            ReportingDescriptor::builder()
                .id(c.id)
                .short_description(text(c.title))
                .full_description(text(c.reason))
                .help(text(format!("{}\n\nSafer: {}", c.reason, c.safer)))
                .default_configuration(
                    ReportingConfiguration::builder()
                        .level(json!("error"))
                        .build(),
                )
                .properties(props(vec!["engine".into()], extra))
                .build(),
        );
    }
    let index = out
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.clone(), i))
        .collect();
    (out, index)
}

/// A path as a URI reference: `/`-separated, reserved characters percent-encoded; a relative
/// path stays relative (to where brake ran: the repository root in CI), an absolute one is a
/// `file://` URI.
fn uri(path: &str) -> String {
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn artifact(path: &str) -> ArtifactLocation {
    ArtifactLocation::builder().uri(uri(path)).build()
}

pub fn scan(r: &ScanReport, rules: &Ruleset) -> String {
    let (descriptors, index) = descriptors(rules);
    let results: Vec<SarifResult> = r
        .findings
        .iter()
        .map(|l| {
            let f = &l.finding;
            let region = Region::builder()
                .start_line(l.line as i64)
                .start_column(l.column as i64)
                .end_line(l.end_line as i64)
                .end_column(l.end_column as i64)
                .snippet(
                    ArtifactContent::builder()
                        .text(l.source_line.clone())
                        .build(),
                )
                .build();
            let location = Location::builder()
                .physical_location(
                    PhysicalLocation::builder()
                        .artifact_location(artifact(&l.path))
                        .region(region)
                        .build(),
                )
                .build();
            let mut extra = BTreeMap::new();
            extra.insert("severity".into(), json!(severity_name(f.severity)));
            extra.insert("action".into(), json!(action_name(f.action)));
            extra.insert("target".into(), json!(f.target));
            extra.insert("kind".into(), json!(l.kind.name()));
            extra.insert("context".into(), json!(l.context.name()));
            if let Some(label) = &l.label {
                extra.insert("in".into(), json!(label));
            }
            let message = format!(
                "{} `{}`: {}. {} Safer: {}",
                action_name(f.action),
                f.target,
                l.title,
                f.reason,
                f.safer
            );
            let mut result = SarifResult::builder()
                .rule_id(f.rule.clone())
                .level(
                    level(f.severity)
                        .parse::<serde_sarif::sarif::ResultLevel>()
                        .expect("a SARIF level"),
                )
                .message(Message::builder().text(message).build())
                .locations(vec![location])
                .properties(props(Vec::new(), extra))
                .build();
            result.rule_index = index.get(&f.rule).map(|&i| i as i64);
            if l.suppressed {
                result.suppressions = Some(vec![Suppression::builder()
                    .kind(json!("inSource"))
                    .justification("a `# brake: allow` comment".to_string())
                    .build()]);
            }
            result
        })
        .collect();
    let notifications: Vec<Notification> = r
        .errors
        .iter()
        .map(|e| {
            Notification::builder()
                .level(json!("error"))
                .message(Message::builder().text(e.message.clone()).build())
                .locations(vec![Location::builder()
                    .physical_location(
                        PhysicalLocation::builder()
                            .artifact_location(artifact(&e.path))
                            .build(),
                    )
                    .build()])
                .build()
        })
        .collect();
    let invocation = Invocation::builder()
        .execution_successful(r.errors.is_empty())
        .tool_execution_notifications(notifications)
        .build();
    let driver = ToolComponent::builder()
        .name("brake")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(descriptors)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .invocations(vec![invocation])
        .column_kind(json!("unicodeCodePoints"))
        .build();
    let log = Sarif::builder()
        .schema(SCHEMA)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build();
    serde_json::to_string_pretty(&log).expect("SARIF serialises") + "\n"
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("ci/my job#1.sh"), "ci/my%20job%231.sh");
        assert_eq!(uri("/w/ci.yml"), "file:///w/ci.yml");
    }
}
