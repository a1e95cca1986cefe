"""Commands kept in their own modules, each imported only when it runs or help lists it.

`provenance.cli.main` registers them by name from COMMANDS: a lint never pays
for the modules of the others (the PROV export's RDF library, the report's
templates, Zotero's client: about 90 ms measured on every start).
"""

#: Command name → "module:attribute" of its click command.
COMMANDS = {
    "cite": "provenance.cli.commands.cite:cite_command",
    "bibliography": "provenance.cli.commands.cite:bibliography_command",
    "export": "provenance.cli.commands.library:export_group",
    "import": "provenance.cli.commands.library:import_command",
    "report": "provenance.cli.commands.report:report_command",
    "zotero": "provenance.cli.commands.zotero:zotero_group",
    "source": "provenance.cli.commands.source:source_group",
}
