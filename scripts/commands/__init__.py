"""Every `vetreg` sub-command, gathered for `scripts.cli`."""

import click

from scripts.commands.admin import init, serve, worker
from scripts.commands.demo import demo
from scripts.commands.demo_data import demo_data
from scripts.commands.intake import import_command, withdraw
from scripts.commands.link import evaluate, link
from scripts.commands.model import model
from scripts.commands.screen import screen
from scripts.commands.security import audit, token

COMMANDS: list[click.Command] = [init, serve, worker, import_command, withdraw]
COMMANDS += [link, evaluate]
COMMANDS += [demo_data, demo]
COMMANDS += [token, audit]
COMMANDS += [model]
COMMANDS += [screen]
