"""Commands kept in their own modules; `provenance.cli` registers every one in COMMANDS."""

from provenance.commands.library import export_group, import_command
from provenance.commands.report import report_command

COMMANDS = [export_group, import_command, report_command]
