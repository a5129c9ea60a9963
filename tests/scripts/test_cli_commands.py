"""The `vetreg` group: every sub-command is found by its name, imported only when used."""

from __future__ import annotations

import subprocess
import sys

import click
from click.testing import CliRunner

from scripts.cli import main
from scripts.commands import COMMANDS


def test_every_command_loads_under_its_own_name() -> None:
    context = click.Context(main)
    for name in COMMANDS:
        command = main.get_command(context, name)
        assert isinstance(command, click.Command) and command.name == name
    assert main.get_command(context, "no-such-command") is None


def test_help_lists_every_command() -> None:
    shown = CliRunner().invoke(main, ["--help"])
    assert shown.exit_code == 0
    listed = shown.output.split("Commands:")[1]
    assert all(f"  {name} " in listed for name in COMMANDS)


def test_one_command_imports_no_other_commands_module() -> None:
    code = (
        "import sys; from click.testing import CliRunner; from scripts.cli import main;"
        "CliRunner().invoke(main, ['link', '--help']);"
        "print(' '.join(sys.modules))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    command_modules = {target.partition(":")[0] for target in COMMANDS.values()}
    assert command_modules & set(found.stdout.split()) == {"scripts.commands.link"}
