"""Design-based survey statistics for the loneliness analysis. Never imports Django."""
