"""The site's own pages (the shell every audience shares)."""
