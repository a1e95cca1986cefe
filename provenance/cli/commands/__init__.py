"""Commands kept in their own modules; `provenance.cli.main` registers every one in COMMANDS."""

from provenance.cli.commands.cite import bibliography_command, cite_command
from provenance.cli.commands.library import export_group, import_command
from provenance.cli.commands.prov import export_prov
from provenance.cli.commands.report import report_command
from provenance.cli.commands.source import source_group
from provenance.cli.commands.zotero import zotero_group

COMMANDS = [
    cite_command,
    bibliography_command,
    export_group,
    import_command,
    report_command,
    zotero_group,
    source_group,
]

export_group.add_command(export_prov)
