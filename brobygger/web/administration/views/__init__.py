"""The administration's pages, one module per subject: users (with the overview and the
history), arenas and organisations."""
