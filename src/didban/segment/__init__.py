"""Article structure: headline, lead, subheadings, captions, paragraphs, sentences, words; attribution; boilerplate."""
