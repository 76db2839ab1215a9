# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_brake_global_optspecs
    string join \n h/help V/version
end

function __fish_brake_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_brake_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_brake_using_subcommand
    set -l cmd (__fish_brake_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c brake -n "__fish_brake_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c brake -n "__fish_brake_needs_command" -s V -l version -d 'Print version'
complete -c brake -n "__fish_brake_needs_command" -f -a "check" -d 'Check command lines without running them (the dry run)'
complete -c brake -n "__fish_brake_needs_command" -f -a "explain" -d 'Show how brake reads a command line: parse, invocations, wrappers and matching rules'
complete -c brake -n "__fish_brake_needs_command" -f -a "rules" -d 'List, show and test the rules'
complete -c brake -n "__fish_brake_needs_command" -f -a "config" -d 'Print the effective configuration and where each part came from'
complete -c brake -n "__fish_brake_needs_command" -f -a "trust" -d 'Trust the exact content of a project\'s `.brake.yaml` so it may also loosen (asks on the terminal)'
complete -c brake -n "__fish_brake_needs_command" -f -a "approve" -d 'Let one held command run: shows it, asks, and approves its next run (in your own terminal)'
complete -c brake -n "__fish_brake_needs_command" -f -a "approvals" -d 'List held commands waiting for approval, and approvals not yet used'
complete -c brake -n "__fish_brake_needs_command" -f -a "log" -d 'Show the audit log of held commands, or verify its hash chain'
complete -c brake -n "__fish_brake_needs_command" -f -a "hook" -d 'Answer an agent\'s pre-tool hook: reads its JSON on stdin, answers in its protocol'
complete -c brake -n "__fish_brake_needs_command" -f -a "install" -d 'Wire brake\'s hook into an agent\'s settings (idempotent; keeps every other setting; backs up)'
complete -c brake -n "__fish_brake_needs_command" -f -a "uninstall" -d 'Remove exactly what `brake install` added to an agent\'s settings'
complete -c brake -n "__fish_brake_needs_command" -f -a "doctor" -d 'Check, per agent, whether brake is wired in and still works; show the shell-mode routes'
complete -c brake -n "__fish_brake_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c brake -n "__fish_brake_using_subcommand check" -s c -l command -d 'Check this one command line' -r
complete -c brake -n "__fish_brake_using_subcommand check" -l lines -d 'Check one command per line of FILE (`-` for standard input)' -r -F
complete -c brake -n "__fish_brake_using_subcommand check" -l fail-on -d 'Exit 1 only for unsuppressed findings of this severity or higher (scans)' -r -f -a "low\t''
medium\t''
high\t''
critical\t''"
complete -c brake -n "__fish_brake_using_subcommand check" -l format -d 'Output format' -r -f -a "text\t'For people; for scans gcc-style `file:line:col: severity [rule] message` and the line'
json\t'JSON Lines for -c/--lines; one versioned document for scans'
sarif\t'SARIF 2.1.0, for code scanning (scans only)'
github\t'GitHub Actions workflow commands that annotate the diff (scans only)'"
complete -c brake -n "__fish_brake_using_subcommand check" -l color -d 'When to use colour in text output (NO_COLOR is honoured with `auto`)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c brake -n "__fish_brake_using_subcommand check" -l rules -d 'Load extra rules from a YAML file (the format of `rules/README.md`). Repeatable' -r -F
complete -c brake -n "__fish_brake_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c brake -n "__fish_brake_using_subcommand explain" -l rules -d 'Load extra rules from a YAML file (the format of `rules/README.md`). Repeatable' -r -F
complete -c brake -n "__fish_brake_using_subcommand explain" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c brake -n "__fish_brake_using_subcommand explain" -s h -l help -d 'Print help'
complete -c brake -n "__fish_brake_using_subcommand rules; and not __fish_seen_subcommand_from list show test help" -l rules -d 'Load extra rules from a YAML file (the format of `rules/README.md`). Repeatable' -r -F
complete -c brake -n "__fish_brake_using_subcommand rules; and not __fish_seen_subcommand_from list show test help" -s h -l help -d 'Print help'
complete -c brake -n "__fish_brake_using_subcommand rules; and not __fish_seen_subcommand_from list show test help" -f -a "list" -d 'List every rule: id, severity, action, title'
complete -c brake -n "__fish_brake_using_subcommand rules; and not __fish_seen_subcommand_from list show test help" -f -a "show" -d 'Show one rule: what it holds, why, examples and the safer alternative'
complete -c brake -n "__fish_brake_using_subcommand rules; and not __fish_seen_subcommand_from list show test help" -f -a "test" -d 'Run every rule\'s hold and pass examples; non-zero exit on any failure'
complete -c brake -n "__fish_brake_using_subcommand rules; and not __fish_seen_subcommand_from list show test help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c brake -n "__fish_brake_using_subcommand rules; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c brake -n "__fish_brake_using_subcommand rules; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c brake -n "__fish_brake_using_subcommand rules; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help'
complete -c brake -n "__fish_brake_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "list" -d 'List every rule: id, severity, action, title'
complete -c brake -n "__fish_brake_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one rule: what it holds, why, examples and the safer alternative'
complete -c brake -n "__fish_brake_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "test" -d 'Run every rule\'s hold and pass examples; non-zero exit on any failure'
complete -c brake -n "__fish_brake_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c brake -n "__fish_brake_using_subcommand config" -s h -l help -d 'Print help'
complete -c brake -n "__fish_brake_using_subcommand trust" -s h -l help -d 'Print help'
complete -c brake -n "__fish_brake_using_subcommand approve" -s h -l help -d 'Print help'
complete -c brake -n "__fish_brake_using_subcommand approvals" -s h -l help -d 'Print help'
complete -c brake -n "__fish_brake_using_subcommand log; and not __fish_seen_subcommand_from verify help" -s n -d 'Show only the last N records' -r
complete -c brake -n "__fish_brake_using_subcommand log; and not __fish_seen_subcommand_from verify help" -l json -d 'Print the records as JSON Lines, exactly as stored'
complete -c brake -n "__fish_brake_using_subcommand log; and not __fish_seen_subcommand_from verify help" -s h -l help -d 'Print help'
complete -c brake -n "__fish_brake_using_subcommand log; and not __fish_seen_subcommand_from verify help" -f -a "verify" -d 'Check the hash chain; name the line where a record was edited, inserted or deleted'
complete -c brake -n "__fish_brake_using_subcommand log; and not __fish_seen_subcommand_from verify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c brake -n "__fish_brake_using_subcommand log; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c brake -n "__fish_brake_using_subcommand log; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check the hash chain; name the line where a record was edited, inserted or deleted'
complete -c brake -n "__fish_brake_using_subcommand log; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c brake -n "__fish_brake_using_subcommand hook" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c brake -n "__fish_brake_using_subcommand install" -l project -d 'The current project\'s settings (shared with everyone who uses the project)'
complete -c brake -n "__fish_brake_using_subcommand install" -l user -d 'Your own settings, for every project (the default)'
complete -c brake -n "__fish_brake_using_subcommand install" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c brake -n "__fish_brake_using_subcommand uninstall" -l project -d 'The current project\'s settings (shared with everyone who uses the project)'
complete -c brake -n "__fish_brake_using_subcommand uninstall" -l user -d 'Your own settings, for every project (the default)'
complete -c brake -n "__fish_brake_using_subcommand uninstall" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c brake -n "__fish_brake_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c brake -n "__fish_brake_using_subcommand help; and not __fish_seen_subcommand_from check explain rules config trust approve approvals log hook install uninstall doctor help" -f -a "check" -d 'Check command lines without running them (the dry run)'
complete -c brake -n "__fish_brake_using_subcommand help; and not __fish_seen_subcommand_from check explain rules config trust approve approvals log hook install uninstall doctor help" -f -a "explain" -d 'Show how brake reads a command line: parse, invocations, wrappers and matching rules'
complete -c brake -n "__fish_brake_using_subcommand help; and not __fish_seen_subcommand_from check explain rules config trust approve approvals log hook install uninstall doctor help" -f -a "rules" -d 'List, show and test the rules'
complete -c brake -n "__fish_brake_using_subcommand help; and not __fish_seen_subcommand_from check explain rules config trust approve approvals log hook install uninstall doctor help" -f -a "config" -d 'Print the effective configuration and where each part came from'
complete -c brake -n "__fish_brake_using_subcommand help; and not __fish_seen_subcommand_from check explain rules config trust approve approvals log hook install uninstall doctor help" -f -a "trust" -d 'Trust the exact content of a project\'s `.brake.yaml` so it may also loosen (asks on the terminal)'
complete -c brake -n "__fish_brake_using_subcommand help; and not __fish_seen_subcommand_from check explain rules config trust approve approvals log hook install uninstall doctor help" -f -a "approve" -d 'Let one held command run: shows it, asks, and approves its next run (in your own terminal)'
complete -c brake -n "__fish_brake_using_subcommand help; and not __fish_seen_subcommand_from check explain rules config trust approve approvals log hook install uninstall doctor help" -f -a "approvals" -d 'List held commands waiting for approval, and approvals not yet used'
complete -c brake -n "__fish_brake_using_subcommand help; and not __fish_seen_subcommand_from check explain rules config trust approve approvals log hook install uninstall doctor help" -f -a "log" -d 'Show the audit log of held commands, or verify its hash chain'
complete -c brake -n "__fish_brake_using_subcommand help; and not __fish_seen_subcommand_from check explain rules config trust approve approvals log hook install uninstall doctor help" -f -a "hook" -d 'Answer an agent\'s pre-tool hook: reads its JSON on stdin, answers in its protocol'
complete -c brake -n "__fish_brake_using_subcommand help; and not __fish_seen_subcommand_from check explain rules config trust approve approvals log hook install uninstall doctor help" -f -a "install" -d 'Wire brake\'s hook into an agent\'s settings (idempotent; keeps every other setting; backs up)'
complete -c brake -n "__fish_brake_using_subcommand help; and not __fish_seen_subcommand_from check explain rules config trust approve approvals log hook install uninstall doctor help" -f -a "uninstall" -d 'Remove exactly what `brake install` added to an agent\'s settings'
complete -c brake -n "__fish_brake_using_subcommand help; and not __fish_seen_subcommand_from check explain rules config trust approve approvals log hook install uninstall doctor help" -f -a "doctor" -d 'Check, per agent, whether brake is wired in and still works; show the shell-mode routes'
complete -c brake -n "__fish_brake_using_subcommand help; and not __fish_seen_subcommand_from check explain rules config trust approve approvals log hook install uninstall doctor help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c brake -n "__fish_brake_using_subcommand help; and __fish_seen_subcommand_from rules" -f -a "list" -d 'List every rule: id, severity, action, title'
complete -c brake -n "__fish_brake_using_subcommand help; and __fish_seen_subcommand_from rules" -f -a "show" -d 'Show one rule: what it holds, why, examples and the safer alternative'
complete -c brake -n "__fish_brake_using_subcommand help; and __fish_seen_subcommand_from rules" -f -a "test" -d 'Run every rule\'s hold and pass examples; non-zero exit on any failure'
complete -c brake -n "__fish_brake_using_subcommand help; and __fish_seen_subcommand_from log" -f -a "verify" -d 'Check the hash chain; name the line where a record was edited, inserted or deleted'
