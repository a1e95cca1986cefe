"""What a lint's result becomes: reports, the audit page, citations, trace, exports, fixes."""
