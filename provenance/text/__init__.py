"""Text as the tool reads it: files, normalisation, scripts, romanisation and the matching engine."""
