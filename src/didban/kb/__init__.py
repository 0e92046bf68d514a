"""The knowledge base: countries, places, organisations, people with roles over time."""
