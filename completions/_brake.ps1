
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'brake' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'brake'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'brake' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check command lines without running them (the dry run)')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Show how brake reads a command line: parse, invocations, wrappers and matching rules')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List, show and test the rules')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Print the effective configuration and where each part came from')
            [CompletionResult]::new('trust', 'trust', [CompletionResultType]::ParameterValue, 'Trust the exact content of a project''s `.brake.yaml` so it may also loosen (asks on the terminal)')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Let one held command run: shows it, asks, and approves its next run (in your own terminal)')
            [CompletionResult]::new('approvals', 'approvals', [CompletionResultType]::ParameterValue, 'List held commands waiting for approval, and approvals not yet used')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Show the audit log of held commands, or verify its hash chain')
            [CompletionResult]::new('hook', 'hook', [CompletionResultType]::ParameterValue, 'Answer an agent''s pre-tool hook: reads its JSON on stdin, answers in its protocol')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Wire brake''s hook into an agent''s settings (idempotent; keeps every other setting; backs up)')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Remove exactly what `brake install` added to an agent''s settings')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check, per agent, whether brake is wired in and still works; show the shell-mode routes')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'brake;check' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Check this one command line')
            [CompletionResult]::new('--command', '--command', [CompletionResultType]::ParameterName, 'Check this one command line')
            [CompletionResult]::new('--lines', '--lines', [CompletionResultType]::ParameterName, 'Check one command per line of FILE (`-` for standard input)')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit 1 only for unsuppressed findings of this severity or higher (scans)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour in text output (NO_COLOR is honoured with `auto`)')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Load extra rules from a YAML file (the format of `rules/README.md`). Repeatable')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'brake;explain' {
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Load extra rules from a YAML file (the format of `rules/README.md`). Repeatable')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'brake;rules' {
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Load extra rules from a YAML file (the format of `rules/README.md`). Repeatable')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every rule: id, severity, action, title')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one rule: what it holds, why, examples and the safer alternative')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run every rule''s hold and pass examples; non-zero exit on any failure')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'brake;rules;list' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'brake;rules;show' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'brake;rules;test' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'brake;rules;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every rule: id, severity, action, title')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one rule: what it holds, why, examples and the safer alternative')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run every rule''s hold and pass examples; non-zero exit on any failure')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'brake;rules;help;list' {
            break
        }
        'brake;rules;help;show' {
            break
        }
        'brake;rules;help;test' {
            break
        }
        'brake;rules;help;help' {
            break
        }
        'brake;config' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'brake;trust' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'brake;approve' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'brake;approvals' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'brake;log' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Show only the last N records')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the records as JSON Lines, exactly as stored')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the hash chain; name the line where a record was edited, inserted or deleted')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'brake;log;verify' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'brake;log;help' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the hash chain; name the line where a record was edited, inserted or deleted')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'brake;log;help;verify' {
            break
        }
        'brake;log;help;help' {
            break
        }
        'brake;hook' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'brake;install' {
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The current project''s settings (shared with everyone who uses the project)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Your own settings, for every project (the default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'brake;uninstall' {
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The current project''s settings (shared with everyone who uses the project)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Your own settings, for every project (the default)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'brake;doctor' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'brake;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check command lines without running them (the dry run)')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Show how brake reads a command line: parse, invocations, wrappers and matching rules')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List, show and test the rules')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Print the effective configuration and where each part came from')
            [CompletionResult]::new('trust', 'trust', [CompletionResultType]::ParameterValue, 'Trust the exact content of a project''s `.brake.yaml` so it may also loosen (asks on the terminal)')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Let one held command run: shows it, asks, and approves its next run (in your own terminal)')
            [CompletionResult]::new('approvals', 'approvals', [CompletionResultType]::ParameterValue, 'List held commands waiting for approval, and approvals not yet used')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Show the audit log of held commands, or verify its hash chain')
            [CompletionResult]::new('hook', 'hook', [CompletionResultType]::ParameterValue, 'Answer an agent''s pre-tool hook: reads its JSON on stdin, answers in its protocol')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Wire brake''s hook into an agent''s settings (idempotent; keeps every other setting; backs up)')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Remove exactly what `brake install` added to an agent''s settings')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check, per agent, whether brake is wired in and still works; show the shell-mode routes')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'brake;help;check' {
            break
        }
        'brake;help;explain' {
            break
        }
        'brake;help;rules' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every rule: id, severity, action, title')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one rule: what it holds, why, examples and the safer alternative')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run every rule''s hold and pass examples; non-zero exit on any failure')
            break
        }
        'brake;help;rules;list' {
            break
        }
        'brake;help;rules;show' {
            break
        }
        'brake;help;rules;test' {
            break
        }
        'brake;help;config' {
            break
        }
        'brake;help;trust' {
            break
        }
        'brake;help;approve' {
            break
        }
        'brake;help;approvals' {
            break
        }
        'brake;help;log' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the hash chain; name the line where a record was edited, inserted or deleted')
            break
        }
        'brake;help;log;verify' {
            break
        }
        'brake;help;hook' {
            break
        }
        'brake;help;install' {
            break
        }
        'brake;help;uninstall' {
            break
        }
        'brake;help;doctor' {
            break
        }
        'brake;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
