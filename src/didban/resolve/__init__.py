"""Resolution: each mention to one knowledge-base entity, correctly for the article's date."""
