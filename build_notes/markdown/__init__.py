"""Markdown as the notes write it: the block scanner every rule reads, and the allowlist
that judges the HTML a note renders to."""
