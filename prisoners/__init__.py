"""People held for political reasons: their names, detentions, sentences and charges."""
