"""Text as the tool reads it: files, paragraphs, sentences, scripts, romanisation and the matching engine."""
