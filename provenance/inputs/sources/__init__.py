"""Sources as people have them: saved or fetched web pages, PDFs with pages, text files.

``provenance source add`` reads one of them (:mod:`.fetch`, :mod:`.pdf`, :mod:`.html`),
keeps the raw bytes as a capture (:mod:`.capture`) and writes the extracted text
as a source file whose front matter records where it came from (:mod:`.add`).
:mod:`.pages` reads that front matter back into page and outline divisions.
"""
