"""Finding mentions: gazetteer matching, role phrases, quoted names and a learned tagger."""
