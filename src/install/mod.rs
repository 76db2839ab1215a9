//! At the edge, installers: wiring `brake hook AGENT` into an agent's own settings file, and
//! taking it out again. One file per agent says where its settings live and what its hook entry
//! looks like (a [`Layout`]); everything else is shared here: reading the file (order of keys
//! kept, indentation detected and reused), finding brake's entries, merging, a backup before every
//! write, and an atomic write that keeps the file's mode and follows a symlink to its target
//! (settings kept in a dotfiles repository stay there).
//!
//! Idempotent: installing twice changes nothing the second time. brake's entry is recognised by
//! its command (`<path to a brake> hook <agent>`), so a reinstall from another path updates the
//! entry in place, and uninstall removes exactly brake's entries — plus a matcher group, event
//! list, `hooks` object or whole file that held nothing else and is empty only because brake's
//! entry left. Everything else in the file is kept as it was. A file that is not plain JSON (for
//! example with comments) is never rewritten: the error shows the entry to add by hand.

pub mod claude;
pub mod codex;
pub mod copilot;
pub mod cursor;
pub mod gemini;

use crate::hooks::Agent;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// Where the hook goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The user's own settings: every project.
    User,
    /// The current project's settings (shared with whoever uses the project).
    Project,
}

impl Scope {
    pub fn name(self) -> &'static str {
        match self {
            Scope::User => "user",
            Scope::Project => "project",
        }
    }
}

/// The directories settings are found from. Read once from the environment, so tests can give a
/// temporary home.
#[derive(Clone, Debug)]
pub struct Places {
    pub home: PathBuf,
    pub project: PathBuf,
    /// `CLAUDE_CONFIG_DIR`, `CODEX_HOME`, `COPILOT_HOME` when set.
    pub claude_dir: Option<PathBuf>,
    pub codex_home: Option<PathBuf>,
    pub copilot_home: Option<PathBuf>,
}

impl Places {
    pub fn from_env() -> Result<Places, String> {
        let var = |k: &str| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        Ok(Places {
            home: var("HOME").ok_or("HOME is not set")?,
            project: std::env::current_dir()
                .map_err(|e| format!("cannot read the current directory: {e}"))?,
            claude_dir: var("CLAUDE_CONFIG_DIR"),
            codex_home: var("CODEX_HOME"),
            copilot_home: var("COPILOT_HOME"),
        })
    }
}

/// How one agent's settings hold a hook.
#[derive(Clone, Copy, Debug)]
pub enum Layout {
    /// `{"hooks": {EVENT: [{"matcher": M, "hooks": [HANDLER]}]}}` (Claude Code, Codex, Gemini).
    Nested {
        event: &'static str,
        matcher: &'static str,
        handler: fn(&str) -> Value,
    },
    /// `{"version": 1, "hooks": {EVENT: [HANDLER]}}` (Cursor, Copilot); the handler's command is
    /// under `command_key`.
    Flat {
        event: &'static str,
        command_key: &'static str,
        handler: fn(&str) -> Value,
    },
}

impl Layout {
    /// The hook event brake's entry is under.
    pub fn event(&self) -> &'static str {
        match self {
            Layout::Nested { event, .. } | Layout::Flat { event, .. } => event,
        }
    }
    fn command_key(&self) -> &'static str {
        match self {
            Layout::Nested { .. } => "command",
            Layout::Flat { command_key, .. } => command_key,
        }
    }
    fn handler(&self, command: &str) -> Value {
        match self {
            Layout::Nested { handler, .. } | Layout::Flat { handler, .. } => handler(command),
        }
    }
}

/// The settings files of `agent` for `scope`: the first is where install writes; the others are
/// also read by the agent (and by `brake doctor`).
pub fn paths(agent: Agent, scope: Scope, places: &Places) -> Vec<PathBuf> {
    match agent {
        Agent::Claude => claude::paths(scope, places),
        Agent::Codex => codex::paths(scope, places),
        Agent::Gemini => gemini::paths(scope, places),
        Agent::Cursor => cursor::paths(scope, places),
        Agent::Copilot => copilot::paths(scope, places),
    }
}

pub fn layout(agent: Agent) -> Layout {
    match agent {
        Agent::Claude => claude::LAYOUT,
        Agent::Codex => codex::LAYOUT,
        Agent::Gemini => gemini::LAYOUT,
        Agent::Cursor => cursor::LAYOUT,
        Agent::Copilot => copilot::LAYOUT,
    }
}

/// What a human should know after installing for `agent`.
pub fn notes(agent: Agent) -> &'static str {
    match agent {
        Agent::Claude => claude::NOTE,
        Agent::Codex => codex::NOTE,
        Agent::Gemini => gemini::NOTE,
        Agent::Cursor => cursor::NOTE,
        Agent::Copilot => copilot::NOTE,
    }
}

/// The hook's command line: `PATH hook AGENT`, the path quoted for a shell when it needs it.
pub fn hook_command(brake: &Path, agent: Agent) -> String {
    format!(
        "{} hook {}",
        shell_quote(&brake.to_string_lossy()),
        agent.name()
    )
}

pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._+-,:@%=".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Splits a simple shell command line into words (quotes and backslashes as a shell reads
/// them); `None` when it uses anything else (`$`, `;`, `|`, …), which is not brake's entry.
pub fn split_words(s: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        c => cur.push(c),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => cur.push(chars.next()?),
                        '$' | '`' => return None,
                        c => cur.push(c),
                    }
                }
            }
            '\\' => {
                in_word = true;
                cur.push(chars.next()?);
            }
            c if "$`;|&<>(){}*?[]~#\n".contains(c) => return None,
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Some(words)
}

/// The brake program of a hook command, when the command is `<a brake> hook <agent>`.
pub fn brake_program(command: &str, agent: Agent) -> Option<PathBuf> {
    let words = split_words(command)?;
    let [program, hook, name] = words.as_slice() else {
        return None;
    };
    let base = Path::new(program).file_name()?.to_string_lossy();
    (hook == "hook" && name == agent.name() && base.starts_with("brake"))
        .then(|| PathBuf::from(program))
}

/// brake's hook commands for `agent` found in a settings document.
pub fn find_commands(doc: &Value, agent: Agent) -> Vec<String> {
    let layout = layout(agent);
    let mut out = Vec::new();
    let Some(list) = doc
        .get("hooks")
        .and_then(|h| h.get(layout.event()))
        .and_then(Value::as_array)
    else {
        return out;
    };
    let mut consider = |h: &Value| {
        if let Some(c) = h.get(layout.command_key()).and_then(Value::as_str) {
            if brake_program(c, agent).is_some() {
                out.push(c.to_string());
            }
        }
    };
    for item in list {
        match layout {
            Layout::Nested { .. } => {
                for h in item
                    .get("hooks")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    consider(h);
                }
            }
            Layout::Flat { .. } => consider(item),
        }
    }
    out
}

/// A settings file as read: its document and how it was formatted.
pub struct SettingsFile {
    /// The path as named.
    pub path: PathBuf,
    /// Where writes go: the target of a symlink, or the path itself.
    pub real: PathBuf,
    pub exists: bool,
    pub original: Vec<u8>,
    pub doc: Value,
    indent: Vec<u8>,
    trailing_newline: bool,
}

impl SettingsFile {
    /// Reads `path`; a missing file is an empty document.
    pub fn read(path: &Path) -> Result<SettingsFile, String> {
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let original = match std::fs::read(&real) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(SettingsFile {
                    path: path.to_path_buf(),
                    real,
                    exists: false,
                    original: Vec::new(),
                    doc: Value::Object(Map::new()),
                    indent: b"  ".to_vec(),
                    trailing_newline: true,
                });
            }
            Err(e) => return Err(format!("{}: cannot read: {e}", path.display())),
        };
        let doc: Value = if original.iter().all(u8::is_ascii_whitespace) {
            Value::Object(Map::new())
        } else {
            serde_json::from_slice(&original).map_err(|e| {
                format!(
                    "{}: not plain JSON ({e}); brake does not rewrite it",
                    path.display()
                )
            })?
        };
        if !doc.is_object() {
            return Err(format!(
                "{}: the settings are not a JSON object; brake does not rewrite it",
                path.display()
            ));
        }
        Ok(SettingsFile {
            path: path.to_path_buf(),
            real,
            exists: true,
            indent: detect_indent(&original),
            trailing_newline: original.last() != Some(&b'}'),
            original,
            doc,
        })
    }

    /// The document as it would be written.
    pub fn render(&self) -> Vec<u8> {
        use serde::Serialize;
        let mut out = Vec::new();
        let fmt = serde_json::ser::PrettyFormatter::with_indent(&self.indent);
        let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
        self.doc.serialize(&mut ser).expect("JSON values serialise");
        if self.trailing_newline {
            out.push(b'\n');
        }
        out
    }

    /// Copies the current file next to itself (never over an older backup). `None` when there
    /// is no file yet.
    pub fn backup(&self) -> Result<Option<PathBuf>, String> {
        if !self.exists {
            return Ok(None);
        }
        let name = self
            .real
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = self.real.parent().unwrap_or(Path::new("."));
        let mut candidate = dir.join(format!("{name}.brake-backup"));
        let mut n = 1;
        while candidate.exists() {
            candidate = dir.join(format!("{name}.brake-backup.{n}"));
            n += 1;
        }
        std::fs::write(&candidate, &self.original)
            .map_err(|e| format!("{}: cannot write the backup: {e}", candidate.display()))?;
        if let Ok(meta) = std::fs::metadata(&self.real) {
            let _ = std::fs::set_permissions(&candidate, meta.permissions());
        }
        Ok(Some(candidate))
    }

    /// Writes `bytes` atomically (a temporary file, then a rename), keeping the file's mode.
    pub fn write(&self, bytes: &[u8]) -> Result<(), String> {
        let dir = self.real.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("{}: cannot create: {e}", dir.display()))?;
        let tmp = dir.join(format!(
            ".{}.brake-tmp-{}",
            self.real
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let result = (|| {
            std::fs::write(&tmp, bytes)?;
            if let Ok(meta) = std::fs::metadata(&self.real) {
                std::fs::set_permissions(&tmp, meta.permissions())?;
            }
            std::fs::rename(&tmp, &self.real)
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(format!("{}: cannot write: {e}", self.path.display()));
        }
        Ok(())
    }

    /// Removes the file (it held nothing but brake's hook).
    pub fn remove(&self) -> Result<(), String> {
        std::fs::remove_file(&self.real)
            .map_err(|e| format!("{}: cannot remove: {e}", self.path.display()))
    }
}

/// The indentation of the first indented line (two spaces when there is none).
fn detect_indent(bytes: &[u8]) -> Vec<u8> {
    for line in bytes.split(|b| *b == b'\n').skip(1) {
        let ws: Vec<u8> = line
            .iter()
            .take_while(|b| **b == b' ' || **b == b'\t')
            .copied()
            .collect();
        if !ws.is_empty() && ws.len() < line.len() {
            return ws;
        }
    }
    b"  ".to_vec()
}

/// What install or uninstall did to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// brake's hook was added: the entry added.
    Added(Value),
    /// brake's hook was there with another command or fields; now it is this entry.
    Updated { from: Vec<String>, to: Value },
    /// Already exactly so: nothing was written.
    Unchanged,
    /// brake's entries removed (their commands); `file_removed` when nothing else was left.
    Removed {
        commands: Vec<String>,
        file_removed: bool,
    },
    /// Nothing of brake's was there.
    NotInstalled,
}

/// The outcome for one file.
#[derive(Debug)]
pub struct Report {
    pub path: PathBuf,
    pub change: Change,
    pub backup: Option<PathBuf>,
}

fn object(v: &mut Value) -> &mut Map<String, Value> {
    if !v.is_object() {
        *v = Value::Object(Map::new());
    }
    v.as_object_mut().expect("just made an object")
}

/// Merges brake's hook for `agent` into a document; returns the change (without writing).
pub fn merge(doc: &mut Value, agent: Agent, command: &str) -> Result<Change, String> {
    let layout = layout(agent);
    let want = layout.handler(command);
    let key = layout.command_key();
    if let Layout::Flat { .. } = layout {
        let root = object(doc);
        if !root.contains_key("version") {
            // Cursor and Copilot files carry a format version; a new file starts with it.
            let mut with_version = Map::new();
            with_version.insert("version".into(), Value::from(1));
            with_version.extend(std::mem::take(root));
            *root = with_version;
        }
    }
    let hooks = object(doc)
        .entry("hooks")
        .or_insert_with(|| Value::Object(Map::new()));
    if !hooks.is_object() {
        return Err("its `hooks` setting is not a JSON object".into());
    }
    let list = object(hooks)
        .entry(layout.event())
        .or_insert_with(|| Value::Array(Vec::new()));
    let Some(list) = list.as_array_mut() else {
        return Err(format!(
            "its `hooks.{}` setting is not a list",
            layout.event()
        ));
    };
    let is_brake = |h: &Value| {
        h.get(key)
            .and_then(Value::as_str)
            .is_some_and(|c| brake_program(c, agent).is_some())
    };
    // Every brake handler, as (group index, handler index) for nested layouts.
    let mut found: Vec<(usize, Option<usize>)> = Vec::new();
    for (i, item) in list.iter().enumerate() {
        match layout {
            Layout::Nested { .. } => {
                for (j, h) in item
                    .get("hooks")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .enumerate()
                {
                    if is_brake(h) {
                        found.push((i, Some(j)));
                    }
                }
            }
            Layout::Flat { .. } => {
                if is_brake(item) {
                    found.push((i, None));
                }
            }
        }
    }
    let get = |list: &Vec<Value>, at: (usize, Option<usize>)| -> Value {
        match at.1 {
            Some(j) => list[at.0]["hooks"][j].clone(),
            None => list[at.0].clone(),
        }
    };
    if found.len() == 1 && get(list, found[0]) == want {
        return Ok(Change::Unchanged);
    }
    if found.is_empty() {
        let entry = match layout {
            Layout::Nested { matcher, .. } => {
                let mut g = Map::new();
                g.insert("matcher".into(), Value::from(matcher));
                g.insert("hooks".into(), Value::Array(vec![want.clone()]));
                Value::Object(g)
            }
            Layout::Flat { .. } => want.clone(),
        };
        list.push(entry.clone());
        return Ok(Change::Added(entry));
    }
    // Update the first entry in place; drop any duplicates.
    let from: Vec<String> = found
        .iter()
        .map(|at| {
            get(list, *at)
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    let first = found[0];
    match first.1 {
        Some(j) => list[first.0]["hooks"][j] = want.clone(),
        None => list[first.0] = want.clone(),
    }
    for at in found[1..].iter().rev() {
        remove_at(list, *at);
    }
    Ok(Change::Updated { from, to: want })
}

fn remove_at(list: &mut Vec<Value>, at: (usize, Option<usize>)) {
    match at.1 {
        Some(j) => {
            if let Some(hs) = list[at.0].get_mut("hooks").and_then(Value::as_array_mut) {
                hs.remove(j);
                if hs.is_empty() {
                    list.remove(at.0);
                }
            }
        }
        None => {
            list.remove(at.0);
        }
    }
}

/// Removes brake's hook for `agent` from a document, and any container it leaves empty.
/// Returns the removed commands and whether the document is now empty of anything but
/// a format version.
pub fn unmerge(doc: &mut Value, agent: Agent) -> (Vec<String>, bool) {
    let layout = layout(agent);
    let key = layout.command_key();
    let mut removed = Vec::new();
    let Some(hooks) = doc.get_mut("hooks").and_then(Value::as_object_mut) else {
        return (removed, false);
    };
    let Some(list) = hooks.get_mut(layout.event()).and_then(Value::as_array_mut) else {
        return (removed, false);
    };
    let mut take = |h: &Value| -> bool {
        match h.get(key).and_then(Value::as_str) {
            Some(c) if brake_program(c, agent).is_some() => {
                removed.push(c.to_string());
                true
            }
            _ => false,
        }
    };
    match layout {
        Layout::Nested { .. } => {
            list.retain_mut(|group| {
                let Some(hs) = group.get_mut("hooks").and_then(Value::as_array_mut) else {
                    return true;
                };
                let before = hs.len();
                hs.retain(|h| !take(h));
                // A group emptied by brake's removal goes too; one that was empty stays.
                !(hs.is_empty() && before > 0)
            });
        }
        Layout::Flat { .. } => list.retain(|h| !take(h)),
    }
    if removed.is_empty() {
        return (removed, false);
    }
    if list.is_empty() {
        hooks.remove(layout.event());
        if hooks.is_empty() {
            object(doc).remove("hooks");
        }
    }
    let root = object(doc);
    let empty = root.is_empty()
        || (matches!(layout, Layout::Flat { .. })
            && root.len() == 1
            && root.get("version") == Some(&Value::from(1)));
    (removed, empty)
}

/// Installs brake's hook for `agent` in `scope`.
pub fn install(
    agent: Agent,
    scope: Scope,
    places: &Places,
    brake: &Path,
) -> Result<Report, String> {
    let path = paths(agent, scope, places)
        .into_iter()
        .next()
        .expect("every agent has a settings file");
    let mut file = SettingsFile::read(&path)?;
    let command = hook_command(brake, agent);
    let change = merge(&mut file.doc, agent, &command)
        .map_err(|e| format!("{}: {e}; brake does not rewrite it", path.display()))?;
    let mut backup = None;
    if change != Change::Unchanged {
        let bytes = file.render();
        backup = file.backup()?;
        file.write(&bytes)?;
    }
    Ok(Report {
        path,
        change,
        backup,
    })
}

/// Removes brake's hook for `agent` from every settings file of `scope`.
pub fn uninstall(agent: Agent, scope: Scope, places: &Places) -> Result<Vec<Report>, String> {
    let mut out = Vec::new();
    for path in paths(agent, scope, places) {
        let mut file = SettingsFile::read(&path)?;
        let (commands, empty) = unmerge(&mut file.doc, agent);
        if commands.is_empty() {
            out.push(Report {
                path,
                change: Change::NotInstalled,
                backup: None,
            });
            continue;
        }
        let backup = file.backup()?;
        if empty {
            file.remove()?;
        } else {
            file.write(&file.render())?;
        }
        out.push(Report {
            path,
            change: Change::Removed {
                commands,
                file_removed: empty,
            },
            backup,
        });
    }
    Ok(out)
}

/// The entry to add by hand, for a file brake will not rewrite.
pub fn manual_entry(agent: Agent, brake: &Path) -> String {
    let mut doc = Value::Object(Map::new());
    let _ = merge(&mut doc, agent, &hook_command(brake, agent));
    serde_json::to_string_pretty(&doc).expect("JSON values serialise")
}

/// What `brake doctor` finds in one settings file.
#[derive(Debug)]
pub struct Wiring {
    pub path: PathBuf,
    /// `Err` when the file exists and cannot be read.
    pub commands: Result<Vec<String>, String>,
    pub exists: bool,
}

/// brake's hook commands in every settings file of `agent` and `scope`.
pub fn wiring(agent: Agent, scope: Scope, places: &Places) -> Vec<Wiring> {
    paths(agent, scope, places)
        .into_iter()
        .map(|path| match SettingsFile::read(&path) {
            Ok(f) => Wiring {
                exists: f.exists,
                commands: Ok(find_commands(&f.doc, agent)),
                path,
            },
            Err(e) => Wiring {
                exists: true,
                commands: Err(e),
                path,
            },
        })
        .collect()
}

/// Whether `program` is a working brake: it runs and `--version` names brake. Returns the
/// version line, or why not.
pub fn probe(program: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(program).map_err(|e| format!("{}: {e}", program.display()))?;
    if !meta.is_file() {
        return Err(format!("{} is not a file", program.display()));
    }
    let out = std::process::Command::new(program)
        .arg("--version")
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("{} does not run: {e}", program.display()))?;
    let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if out.status.success() && line.starts_with("brake ") {
        Ok(line)
    } else {
        Err(format!(
            "{} runs but is not brake (`--version` printed {:?})",
            program.display(),
            line
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn brake_commands_are_recognised_by_program_and_agent() {
        assert_eq!(
            brake_program("/usr/bin/brake hook claude", Agent::Claude),
            Some("/usr/bin/brake".into())
        );
        assert_eq!(
            brake_program("'/opt/my tools/brake' hook codex", Agent::Codex),
            Some("/opt/my tools/brake".into())
        );
        assert_eq!(
            brake_program("/usr/bin/brake hook claude", Agent::Codex),
            None
        );
        assert_eq!(brake_program("other hook claude", Agent::Claude), None);
        assert_eq!(
            brake_program("brake hook claude; rm x", Agent::Claude),
            None
        );
        let c = hook_command(Path::new("/opt/my tools/brake"), Agent::Gemini);
        assert_eq!(c, "'/opt/my tools/brake' hook gemini");
        assert!(brake_program(&c, Agent::Gemini).is_some());
    }

    #[test]
    fn merge_is_idempotent_and_unmerge_restores() {
        let original = json!({
            "model": "x",
            "hooks": {"PreToolUse": [{"matcher": "Edit", "hooks": [{"type": "command", "command": "fmt"}]}]}
        });
        let mut doc = original.clone();
        let c = "/b/brake hook claude";
        assert!(matches!(
            merge(&mut doc, Agent::Claude, c).unwrap(),
            Change::Added(_)
        ));
        assert_eq!(
            merge(&mut doc, Agent::Claude, c).unwrap(),
            Change::Unchanged
        );
        assert!(matches!(
            merge(&mut doc, Agent::Claude, "/new/brake hook claude").unwrap(),
            Change::Updated { .. }
        ));
        assert_eq!(
            find_commands(&doc, Agent::Claude),
            ["/new/brake hook claude"]
        );
        let (removed, empty) = unmerge(&mut doc, Agent::Claude);
        assert_eq!(removed, ["/new/brake hook claude"]);
        assert!(!empty);
        assert_eq!(doc, original);
    }

    #[test]
    fn a_file_that_held_only_brake_is_empty_after_unmerge() {
        let mut doc = json!({});
        merge(&mut doc, Agent::Cursor, "/b/brake hook cursor").unwrap();
        assert_eq!(doc["version"], 1);
        let (_, empty) = unmerge(&mut doc, Agent::Cursor);
        assert!(empty);
    }

    #[test]
    fn indentation_is_detected() {
        assert_eq!(detect_indent(b"{\n    \"a\": 1\n}"), b"    ");
        assert_eq!(detect_indent(b"{\n\t\"a\": 1\n}"), b"\t");
        assert_eq!(detect_indent(b"{\"a\":1}"), b"  ");
    }
}
