"""Release events, the people freed in them, the border crossings after, and the counts."""
