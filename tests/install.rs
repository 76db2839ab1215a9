//! `brake install`, `brake uninstall` and `brake doctor` on a temporary HOME and project that
//! already hold settings of their own: other settings are kept byte for byte, a second install
//! changes nothing, uninstall gives back the original file, a backup precedes every write.

use crate::common::world::World;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Pre-existing settings for each agent, as a user might have them.
fn existing(agent: &str) -> (&'static str, &'static str) {
    match agent {
        "claude" => (
            "home/.claude/settings.json",
            r#"{
  "model": "opus",
  "permissions": {
    "allow": [
      "Bash(npm test:*)"
    ],
    "deny": []
  },
  "hooks": {
    "PreToolUse": [
      {
        "matcher": "Edit|Write",
        "hooks": [
          {
            "type": "command",
            "command": "prettier --check"
          }
        ]
      }
    ],
    "Stop": [
      {
        "hooks": [
          {
            "type": "command",
            "command": "notify-send done"
          }
        ]
      }
    ]
  },
  "env": {
    "FOO": "bar"
  }
}
"#,
        ),
        "codex" => (
            "home/.codex/hooks.json",
            r#"{
  "hooks": {
    "SessionStart": [
      {
        "matcher": "startup",
        "hooks": [
          {
            "type": "command",
            "command": "~/.codex/hooks/startup.sh",
            "statusMessage": "Recording session start"
          }
        ]
      }
    ]
  }
}
"#,
        ),
        "gemini" => (
            "home/.gemini/settings.json",
            r#"{
    "theme": "GitHub",
    "general": {
        "vimMode": true
    },
    "hooks": {
        "BeforeTool": [
            {
                "matcher": "write_file",
                "hooks": [
                    {
                        "type": "command",
                        "command": "./lint.sh"
                    }
                ]
            }
        ]
    }
}
"#,
        ),
        "cursor" => (
            "home/.cursor/hooks.json",
            r#"{
  "version": 1,
  "hooks": {
    "afterFileEdit": [
      {
        "command": "./format.sh"
      }
    ],
    "beforeShellExecution": [
      {
        "command": "./audit.sh"
      }
    ]
  }
}
"#,
        ),
        _ => (
            "home/.copilot/hooks/brake.json",
            r#"{
  "version": 1,
  "hooks": {
    "sessionEnd": [
      {
        "type": "command",
        "bash": "echo bye",
        "timeoutSec": 5
      }
    ]
  }
}
"#,
        ),
    }
}

const AGENTS: [&str; 5] = ["claude", "codex", "gemini", "cursor", "copilot"];

fn brake_path() -> PathBuf {
    std::fs::canonicalize(env!("CARGO_BIN_EXE_brake")).unwrap()
}

fn hook_command(agent: &str) -> String {
    format!("{} hook {agent}", brake_path().display())
}

fn backups(path: &Path) -> Vec<PathBuf> {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let mut v: Vec<PathBuf> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("{name}.brake-backup"))
        })
        .collect();
    v.sort();
    v
}

fn out(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The brake commands in a settings document, wherever they are.
fn commands_in(v: &Value, found: &mut Vec<String>) {
    match v {
        Value::String(s) if s.contains(" hook ") => found.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| commands_in(x, found)),
        Value::Object(o) => o.values().for_each(|x| commands_in(x, found)),
        _ => {}
    }
}

#[test]
fn install_merges_keeps_everything_else_is_idempotent_and_uninstall_restores() {
    for agent in AGENTS {
        let world = World::new("install");
        let (rel, original) = existing(agent);
        let path = world.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, original).unwrap();

        let o = world.run(&["install", agent], b"");
        assert!(o.status.success(), "{agent}: {}", out(&o));
        let said = out(&o);
        assert!(said.contains("added"), "{agent}: {said}");
        assert!(
            said.contains(&path.display().to_string()),
            "{agent}: {said}"
        );
        assert!(said.contains(&hook_command(agent)), "{agent}: {said}");

        let after = std::fs::read_to_string(&path).unwrap();
        let doc: Value = serde_json::from_str(&after).unwrap();
        let mut found = Vec::new();
        commands_in(&doc, &mut found);
        assert_eq!(found, [hook_command(agent)], "{agent}: {after}");
        // Every other setting is still there, in its place.
        let orig_doc: Value = serde_json::from_str(original).unwrap();
        for (k, v) in orig_doc.as_object().unwrap() {
            if k != "hooks" {
                assert_eq!(&doc[k], v, "{agent}: {k} changed");
            }
        }
        for (event, list) in orig_doc["hooks"].as_object().unwrap() {
            for item in list.as_array().unwrap() {
                assert!(
                    doc["hooks"][event].as_array().unwrap().contains(item),
                    "{agent}: lost {item} under {event}"
                );
            }
        }
        // Keys keep their order; the indentation is the file's own.
        let keys: Vec<_> = doc.as_object().unwrap().keys().collect();
        let orig_keys: Vec<_> = orig_doc.as_object().unwrap().keys().collect();
        assert_eq!(&keys[..orig_keys.len()], &orig_keys[..], "{agent}");
        let indent = if agent == "gemini" {
            "\n    \""
        } else {
            "\n  \""
        };
        assert!(
            after.contains(indent),
            "{agent}: indentation changed:\n{after}"
        );
        let b = backups(&path);
        assert_eq!(b.len(), 1, "{agent}: {b:?}");
        assert_eq!(std::fs::read_to_string(&b[0]).unwrap(), original);

        // Twice: nothing changes, no new backup.
        let o = world.run(&["install", agent, "--user"], b"");
        assert!(o.status.success());
        assert!(out(&o).contains("nothing changed"), "{agent}: {}", out(&o));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), after);
        assert_eq!(backups(&path).len(), 1);

        // Uninstall gives back the original bytes.
        let o = world.run(&["uninstall", agent], b"");
        assert!(o.status.success(), "{agent}: {}", out(&o));
        assert!(out(&o).contains("removed"), "{agent}: {}", out(&o));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            original,
            "{agent}: uninstall did not restore the file"
        );
        assert_eq!(backups(&path).len(), 2, "uninstall backs up too");
        let o = world.run(&["uninstall", agent], b"");
        assert!(out(&o).contains("not there"), "{agent}: {}", out(&o));
    }
}

#[test]
fn project_install_creates_the_file_and_uninstall_removes_it() {
    for (agent, rel) in [
        ("claude", ".claude/settings.json"),
        ("codex", ".codex/hooks.json"),
        ("gemini", ".gemini/settings.json"),
        ("cursor", ".cursor/hooks.json"),
        ("copilot", ".github/hooks/brake.json"),
    ] {
        let world = World::new("project");
        let path = world.project().join(rel);
        let o = world.run(&["install", agent, "--project"], b"");
        assert!(o.status.success(), "{agent}: {}", out(&o));
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut found = Vec::new();
        commands_in(&doc, &mut found);
        assert_eq!(found, [hook_command(agent)], "{agent}");
        if matches!(agent, "cursor" | "copilot") {
            assert_eq!(doc["version"], 1, "{agent}");
        }
        assert!(backups(&path).is_empty(), "no file, no backup");
        // The user's settings are not touched by a project install.
        assert!(std::fs::read_dir(world.home()).unwrap().next().is_none());
        let o = world.run(&["uninstall", agent, "--project"], b"");
        assert!(o.status.success(), "{agent}: {}", out(&o));
        assert!(!path.exists(), "{agent}: the file held only brake");
    }
}

#[test]
fn the_exact_entries_written() {
    let world = World::new("entries");
    let b = brake_path().display().to_string();
    for (agent, rel, expected) in [
        (
            "claude",
            ".claude/settings.json",
            format!(
                r#"{{"hooks":{{"PreToolUse":[{{"matcher":"Bash","hooks":[{{"type":"command","command":"{b} hook claude","timeout":30}}]}}]}}}}"#
            ),
        ),
        (
            "codex",
            ".codex/hooks.json",
            format!(
                r#"{{"hooks":{{"PreToolUse":[{{"matcher":"Bash","hooks":[{{"type":"command","command":"{b} hook codex","timeout":30}}]}}]}}}}"#
            ),
        ),
        (
            "gemini",
            ".gemini/settings.json",
            format!(
                r#"{{"hooks":{{"BeforeTool":[{{"matcher":"run_shell_command","hooks":[{{"type":"command","command":"{b} hook gemini","name":"brake","timeout":60000}}]}}]}}}}"#
            ),
        ),
        (
            "cursor",
            ".cursor/hooks.json",
            format!(
                r#"{{"version":1,"hooks":{{"beforeShellExecution":[{{"command":"{b} hook cursor","failClosed":true}}]}}}}"#
            ),
        ),
        (
            "copilot",
            ".copilot/hooks/brake.json",
            format!(
                r#"{{"version":1,"hooks":{{"preToolUse":[{{"type":"command","bash":"{b} hook copilot","timeoutSec":30}}]}}}}"#
            ),
        ),
    ] {
        let o = world.run(&["install", agent], b"");
        assert!(o.status.success(), "{agent}: {}", out(&o));
        let text = std::fs::read_to_string(world.home().join(rel)).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc.to_string(), expected, "{agent}");
    }
}

#[test]
fn a_file_with_comments_is_never_rewritten() {
    let world = World::new("jsonc");
    let path = world.home().join(".gemini/settings.json");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let text = "{\n  // my theme\n  \"theme\": \"GitHub\"\n}\n";
    std::fs::write(&path, text).unwrap();
    let o = world.run(&["install", "gemini"], b"");
    assert_eq!(o.status.code(), Some(2));
    let said = out(&o);
    assert!(said.contains("not plain JSON"), "{said}");
    assert!(said.contains("by hand"), "{said}");
    assert!(said.contains("run_shell_command"), "{said}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    assert!(backups(&path).is_empty());
}

#[test]
fn a_symlinked_settings_file_is_written_through() {
    let world = World::new("symlink");
    let real = world.root.join("dotfiles/settings.json");
    std::fs::create_dir_all(real.parent().unwrap()).unwrap();
    std::fs::write(&real, "{\n  \"model\": \"opus\"\n}\n").unwrap();
    let link = world.home().join(".claude/settings.json");
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let o = world.run(&["install", "claude"], b"");
    assert!(o.status.success(), "{}", out(&o));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&real)
        .unwrap()
        .contains("hook claude"));
}

#[test]
fn a_reinstall_from_another_path_updates_the_entry_in_place() {
    let world = World::new("moved");
    let path = world.home().join(".claude/settings.json");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        &path,
        r#"{"hooks":{"PreToolUse":[{"matcher":"Bash","hooks":[{"type":"command","command":"/old/place/brake hook claude","timeout":30}]}]}}"#,
    )
    .unwrap();
    let o = world.run(&["install", "claude"], b"");
    assert!(out(&o).contains("updated"), "{}", out(&o));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut found = Vec::new();
    commands_in(&doc, &mut found);
    assert_eq!(found, [hook_command("claude")]);
}

#[test]
fn doctor_reports_wiring_broken_paths_and_shell_routes() {
    let world = World::new("doctor");
    let o = world.run(&["doctor"], b"");
    assert!(o.status.success(), "{}", out(&o));
    assert!(out(&o).contains("not wired into any agent"), "{}", out(&o));

    let o = world.run(&["install", "codex"], b"");
    assert!(o.status.success());
    let o = world.run(&["doctor"], b"");
    let said = world.unfill(&out(&o));
    assert!(o.status.success(), "{said}");
    assert!(
        said.contains("wired in: `") && said.contains("hook codex` works (brake "),
        "{said}"
    );
    assert!(
        said.contains("CLAUDE_CODE_SHELL_PREFIX (Claude Code): not set"),
        "{said}"
    );
    assert!(said.contains("SHELL (aider"), "{said}");

    // The brake the hook names is gone: doctor says so and fails.
    let path = world.home().join(".codex/hooks.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(&brake_path().display().to_string(), "/nowhere/brake"),
    )
    .unwrap();
    let o = world.run(&["doctor"], b"");
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains("BROKEN"), "{}", out(&o));

    // A shell-mode route through brake.
    let o = world
        .brake_in(&world.project())
        .arg("doctor")
        .env("AMAZON_Q_CHAT_SHELL", brake_path())
        .output()
        .unwrap();
    assert!(out(&o).contains("commands go through brake"), "{}", out(&o));
}
