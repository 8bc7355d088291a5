"""The site as pages: URLs, the groups (themes, conferences, names, tags), related talks,
the generated Markdown pages by kind, the feed and the statistics."""
