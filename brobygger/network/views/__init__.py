"""Network pages, one module per audience: member organisations and moderators."""
