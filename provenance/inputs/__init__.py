"""Reading a project's inputs: config, bibliography, sources, manuscripts, Zotero; cached in the store."""
