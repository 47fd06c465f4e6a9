"""The `streetdash` command's commands, by group: cli.py holds the parser and main, and calls
the handler of the command asked for (each `command_<name>(engine, args) -> exit code`)."""
