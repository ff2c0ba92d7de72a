"""Directory pages, one module per audience: everyone who searches, editors, and moderators."""
