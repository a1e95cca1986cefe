"""Bibliography formats and outside systems: BibTeX files, later Zotero and exports."""
