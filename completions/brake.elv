
use builtin;
use str;

set edit:completion:arg-completer[brake] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'brake'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'brake'= {
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Check command lines without running them (the dry run)'
            cand explain 'Show how brake reads a command line: parse, invocations, wrappers and matching rules'
            cand rules 'List, show and test the rules'
            cand config 'Print the effective configuration and where each part came from'
            cand trust 'Trust the exact content of a project''s `.brake.yaml` so it may also loosen (asks on the terminal)'
            cand approve 'Let one held command run: shows it, asks, and approves its next run (in your own terminal)'
            cand approvals 'List held commands waiting for approval, and approvals not yet used'
            cand log 'Show the audit log of held commands, or verify its hash chain'
            cand hook 'Answer an agent''s pre-tool hook: reads its JSON on stdin, answers in its protocol'
            cand install 'Wire brake''s hook into an agent''s settings (idempotent; keeps every other setting; backs up)'
            cand uninstall 'Remove exactly what `brake install` added to an agent''s settings'
            cand doctor 'Check, per agent, whether brake is wired in and still works; show the shell-mode routes'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'brake;check'= {
            cand -c 'Check this one command line'
            cand --command 'Check this one command line'
            cand --lines 'Check one command per line of FILE (`-` for standard input)'
            cand --fail-on 'Exit 1 only for unsuppressed findings of this severity or higher (scans)'
            cand --format 'Output format'
            cand --color 'When to use colour in text output (NO_COLOR is honoured with `auto`)'
            cand --rules 'Load extra rules from a YAML file (the format of `rules/README.md`). Repeatable'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'brake;explain'= {
            cand --rules 'Load extra rules from a YAML file (the format of `rules/README.md`). Repeatable'
            cand --color 'When to use colour'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'brake;rules'= {
            cand --rules 'Load extra rules from a YAML file (the format of `rules/README.md`). Repeatable'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'List every rule: id, severity, action, title'
            cand show 'Show one rule: what it holds, why, examples and the safer alternative'
            cand test 'Run every rule''s hold and pass examples; non-zero exit on any failure'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'brake;rules;list'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'brake;rules;show'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'brake;rules;test'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'brake;rules;help'= {
            cand list 'List every rule: id, severity, action, title'
            cand show 'Show one rule: what it holds, why, examples and the safer alternative'
            cand test 'Run every rule''s hold and pass examples; non-zero exit on any failure'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'brake;rules;help;list'= {
        }
        &'brake;rules;help;show'= {
        }
        &'brake;rules;help;test'= {
        }
        &'brake;rules;help;help'= {
        }
        &'brake;config'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'brake;trust'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'brake;approve'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'brake;approvals'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'brake;log'= {
            cand -n 'Show only the last N records'
            cand --json 'Print the records as JSON Lines, exactly as stored'
            cand -h 'Print help'
            cand --help 'Print help'
            cand verify 'Check the hash chain; name the line where a record was edited, inserted or deleted'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'brake;log;verify'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'brake;log;help'= {
            cand verify 'Check the hash chain; name the line where a record was edited, inserted or deleted'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'brake;log;help;verify'= {
        }
        &'brake;log;help;help'= {
        }
        &'brake;hook'= {
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'brake;install'= {
            cand --project 'The current project''s settings (shared with everyone who uses the project)'
            cand --user 'Your own settings, for every project (the default)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'brake;uninstall'= {
            cand --project 'The current project''s settings (shared with everyone who uses the project)'
            cand --user 'Your own settings, for every project (the default)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'brake;doctor'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'brake;help'= {
            cand check 'Check command lines without running them (the dry run)'
            cand explain 'Show how brake reads a command line: parse, invocations, wrappers and matching rules'
            cand rules 'List, show and test the rules'
            cand config 'Print the effective configuration and where each part came from'
            cand trust 'Trust the exact content of a project''s `.brake.yaml` so it may also loosen (asks on the terminal)'
            cand approve 'Let one held command run: shows it, asks, and approves its next run (in your own terminal)'
            cand approvals 'List held commands waiting for approval, and approvals not yet used'
            cand log 'Show the audit log of held commands, or verify its hash chain'
            cand hook 'Answer an agent''s pre-tool hook: reads its JSON on stdin, answers in its protocol'
            cand install 'Wire brake''s hook into an agent''s settings (idempotent; keeps every other setting; backs up)'
            cand uninstall 'Remove exactly what `brake install` added to an agent''s settings'
            cand doctor 'Check, per agent, whether brake is wired in and still works; show the shell-mode routes'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'brake;help;check'= {
        }
        &'brake;help;explain'= {
        }
        &'brake;help;rules'= {
            cand list 'List every rule: id, severity, action, title'
            cand show 'Show one rule: what it holds, why, examples and the safer alternative'
            cand test 'Run every rule''s hold and pass examples; non-zero exit on any failure'
        }
        &'brake;help;rules;list'= {
        }
        &'brake;help;rules;show'= {
        }
        &'brake;help;rules;test'= {
        }
        &'brake;help;config'= {
        }
        &'brake;help;trust'= {
        }
        &'brake;help;approve'= {
        }
        &'brake;help;approvals'= {
        }
        &'brake;help;log'= {
            cand verify 'Check the hash chain; name the line where a record was edited, inserted or deleted'
        }
        &'brake;help;log;verify'= {
        }
        &'brake;help;hook'= {
        }
        &'brake;help;install'= {
        }
        &'brake;help;uninstall'= {
        }
        &'brake;help;doctor'= {
        }
        &'brake;help;help'= {
        }
    ]
    $completions[$command]
}
