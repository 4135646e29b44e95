"""Who said what: sources, documents, citations, counts over time, and the feeds."""
