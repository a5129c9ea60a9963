"""Every `vetreg` sub-command, by name, as "module:attribute" for `scripts.cli`.

A command's module is imported only when that command runs (or `--help` lists them
all): importing every module costs over a second (alembic, the intake rules, the demo
data generator), which `vetreg link` or `vetreg screen` would otherwise pay each time.
"""

COMMANDS: dict[str, str] = {
    "init": "scripts.commands.admin:init",
    "serve": "scripts.commands.admin:serve",
    "worker": "scripts.commands.admin:worker",
    "import": "scripts.commands.intake:import_command",
    "withdraw": "scripts.commands.intake:withdraw",
    "link": "scripts.commands.link:link",
    "evaluate": "scripts.commands.link:evaluate",
    "demo-data": "scripts.commands.demo_data:demo_data",
    "demo": "scripts.commands.demo:demo",
    "token": "scripts.commands.security:token",
    "audit": "scripts.commands.security:audit",
    "model": "scripts.commands.model:model",
    "screen": "scripts.commands.screen:screen",
}
