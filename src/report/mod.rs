//! Stage 5, reports: one renderer per output format. Renderers only format; they never decide
//! exit codes.

pub mod explain;
pub mod github;
pub mod json;
pub mod sarif;
pub mod text;

/// ANSI styling, applied only when colour is on.
#[derive(Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    pub fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    pub fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    pub fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
    pub fn red(&self, s: &str) -> String {
        self.paint("1;31", s)
    }
    pub fn yellow(&self, s: &str) -> String {
        self.paint("33", s)
    }
    pub fn green(&self, s: &str) -> String {
        self.paint("32", s)
    }
    pub fn severity(&self, sev: crate::rules::spec::Severity) -> String {
        use crate::rules::spec::Severity::*;
        let name = severity_name(sev);
        match sev {
            Critical => self.paint("1;41;97", name),
            High => self.red(name),
            Medium => self.yellow(name),
            Low => self.dim(name),
        }
    }
}

pub fn severity_name(s: crate::rules::spec::Severity) -> &'static str {
    use crate::rules::spec::Severity::*;
    match s {
        Low => "low",
        Medium => "medium",
        High => "high",
        Critical => "critical",
    }
}

pub fn action_name(a: crate::rules::spec::Action) -> &'static str {
    use crate::rules::spec::Action::*;
    match a {
        Delete => "delete",
        Destroy => "destroy",
        Drop => "drop",
        Terminate => "terminate",
        Wipe => "wipe",
        Overwrite => "overwrite",
        Recreate => "recreate",
        Stop => "stop",
    }
}
