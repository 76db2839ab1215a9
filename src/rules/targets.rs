//! Target classes: what a path (or other target) is, after the working directory left by an
//! earlier `cd` is applied. The classes are named in rule files (`rules/README.md` lists them)
//! and carry the policy's exceptions: rebuildable directories, fresh temporary paths, secrets.

use crate::model::{Cwd, Word};

/// A set of target classes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Classes(u32);

const NAMES: &[&str] = crate::rules::spec::TARGET_CLASSES;

impl Classes {
    fn bit(name: &str) -> u32 {
        let i = NAMES
            .iter()
            .position(|n| *n == name)
            .expect("known class name");
        1 << i
    }

    pub fn add(&mut self, name: &str) {
        self.0 |= Self::bit(name);
    }

    pub fn has(&self, name: &str) -> bool {
        NAMES
            .iter()
            .position(|n| *n == name)
            .is_some_and(|i| self.0 & (1 << i) != 0)
    }

    pub fn any_of(&self, names: &[String]) -> bool {
        names.iter().any(|n| self.has(n))
    }

    pub fn names(&self) -> Vec<&'static str> {
        NAMES
            .iter()
            .enumerate()
            .filter(|(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, n)| *n)
            .collect()
    }
}

const REBUILDABLE: &[&str] = &[
    "node_modules",
    "target",
    "dist",
    "build",
    "out",
    "coverage",
    ".cache",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".next",
    ".nuxt",
    ".turbo",
    ".parcel-cache",
    ".tox",
    ".nox",
    ".gradle",
    ".venv",
    "venv",
    ".terraform",
];

const SYSTEM: &[&str] = &[
    "/etc",
    "/usr",
    "/bin",
    "/sbin",
    "/lib",
    "/lib32",
    "/lib64",
    "/libx32",
    "/boot",
    "/var",
    "/opt",
    "/srv",
    "/sys",
    "/proc",
    "/snap",
    "/System",
    "/Library",
    "/Applications",
];

const HARMLESS_DEVICES: &[&str] = &[
    "/dev/null",
    "/dev/zero",
    "/dev/stdout",
    "/dev/stderr",
    "/dev/stdin",
    "/dev/tty",
    "/dev/random",
    "/dev/urandom",
    "/dev/full",
];

fn under(path: &str, dir: &str) -> bool {
    path == dir || path.strip_prefix(dir).is_some_and(|r| r.starts_with('/'))
}

fn is_sensitive(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let template = [".example", ".sample", ".template", ".dist", ".txt", ".md"]
        .iter()
        .any(|s| n.ends_with(s));
    n == ".env"
        || n.starts_with(".env.") && !template
        || n.starts_with("id_") && !n.contains('/')
        || [
            ".pem",
            ".key",
            ".tfstate",
            ".tfstate.backup",
            ".db",
            ".sqlite",
            ".sqlite3",
            ".p12",
            ".pfx",
            ".kdbx",
        ]
        .iter()
        .any(|s| n.ends_with(s))
}

/// Normalises a relative path: `./a/../b/` -> `b`; `None` when it climbs out with `..`.
fn normalise(rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Classifies one target word run from `cwd`.
pub fn classify(w: &Word, cwd: &Cwd) -> Classes {
    let mut c = Classes::default();
    if w.many {
        c.add("many");
    }
    if w.glob {
        c.add("glob");
    }
    if w.temp {
        if w.text.split('/').any(|s| s == "..") {
            c.add("dynamic");
        } else {
            c.add("temp");
        }
        return c;
    }
    if w.tilde || w.home_var {
        c.add("home");
        c.add("outside-project");
        let rest = w
            .text
            .trim_start_matches("~")
            .trim_start_matches("${HOME}")
            .trim_start_matches("$HOME");
        if rest.trim_matches('/').is_empty() || rest.trim_matches('/') == "*" {
            c.add("root");
        }
        if w.dynamic && !w.home_var {
            c.add("dynamic");
        }
        if is_sensitive(w.text.rsplit('/').next().unwrap_or("")) {
            c.add("sensitive");
        }
        return c;
    }
    if w.dynamic {
        c.add("dynamic");
        return c;
    }
    let t = w.text.as_str();
    if t.starts_with('/') {
        classify_absolute(t, &mut c);
        return c;
    }
    let base = match cwd {
        Cwd::Project(p) => p.clone(),
        Cwd::Outside(p) => {
            c.add("outside-project");
            if p.starts_with('/') {
                classify_absolute(&format!("{}/{}", p.trim_end_matches('/'), t), &mut c);
            } else if p.starts_with('~') {
                c.add("home");
            }
            return c;
        }
        Cwd::Temp => {
            if normalise(t).is_some() {
                c.add("temp");
            } else {
                c.add("dynamic");
            }
            return c;
        }
        Cwd::Unknown => {
            c.add("dynamic");
            return c;
        }
    };
    let joined = if base.is_empty() {
        t.to_string()
    } else {
        format!("{base}/{t}")
    };
    let Some(path) = normalise(&joined) else {
        c.add("outside-project");
        return c;
    };
    c.add("inside-project");
    let file = path.rsplit('/').next().unwrap_or("");
    if is_sensitive(file) {
        c.add("sensitive");
    }
    let segs: Vec<&str> = path.split('/').collect();
    let rebuildable_dir = segs.iter().any(|s| REBUILDABLE.contains(s));
    let pyc = file.ends_with(".pyc") || file.ends_with(".pyo");
    if (rebuildable_dir || pyc) && !c.has("sensitive") {
        c.add("rebuildable");
    }
    c
}

fn classify_absolute(t: &str, c: &mut Classes) {
    c.add("outside-project");
    let path = normalise(t)
        .map(|p| format!("/{p}"))
        .unwrap_or_else(|| "/".into());
    if path == "/" || t.trim_end_matches('/') == "/*" || path == "/*" {
        c.add("root");
    }
    if HARMLESS_DEVICES.contains(&path.as_str())
        || path.starts_with("/dev/fd/")
        || path.starts_with("/proc/self/fd/")
    {
        c.add("null-device");
    } else if under(&path, "/dev") {
        c.add("device");
    }
    if under(&path, "/var/log") {
        c.add("log");
    }
    if SYSTEM.iter().any(|d| under(&path, d)) {
        c.add("system");
    }
    if under(&path, "/home") || under(&path, "/root") || under(&path, "/Users") {
        c.add("home");
    }
    if under(&path, "/tmp") || under(&path, "/var/tmp") {
        // temporary, but not fresh: still outside the project
    }
    if is_sensitive(path.rsplit('/').next().unwrap_or("")) {
        c.add("sensitive");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(t: &str, cwd: &Cwd) -> Vec<&'static str> {
        let mut w = Word::literal(t, (0, 0));
        w.glob = t.contains('*');
        w.tilde = t.starts_with('~');
        classify(&w, cwd).names()
    }

    #[test]
    fn rebuildable_only_inside_the_project() {
        let root = Cwd::Project(String::new());
        assert!(classes("node_modules", &root).contains(&"rebuildable"));
        assert!(classes("./build/*", &root).contains(&"rebuildable"));
        assert!(classes("web/.next", &root).contains(&"rebuildable"));
        assert!(classes("src/x.pyc", &root).contains(&"rebuildable"));
        assert!(!classes("../node_modules", &root).contains(&"rebuildable"));
        assert!(!classes("/node_modules", &root).contains(&"rebuildable"));
        assert!(!classes("~/p/node_modules", &root).contains(&"rebuildable"));
        assert!(!classes("node_modules", &Cwd::Outside("/".into())).contains(&"rebuildable"));
        assert!(classes("*", &Cwd::Project("build".into())).contains(&"rebuildable"));
    }

    #[test]
    fn system_home_devices_and_secrets() {
        let root = Cwd::Project(String::new());
        assert!(classes("/etc/passwd", &root).contains(&"system"));
        assert!(classes("/var/log/syslog", &root).contains(&"log"));
        assert!(classes("/dev/sda", &root).contains(&"device"));
        assert!(classes("/dev/null", &root).contains(&"null-device"));
        assert!(classes("~", &root).contains(&"root"));
        assert!(classes("/", &root).contains(&"root"));
        assert!(classes(".env", &root).contains(&"sensitive"));
        assert!(classes("keys/id_rsa", &root).contains(&"sensitive"));
        assert!(classes("terraform.tfstate", &root).contains(&"sensitive"));
        assert!(!classes("notes.txt", &root).contains(&"sensitive"));
    }
}
