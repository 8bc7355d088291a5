"""The talk files as data: the schema and its field types, loading with source lines,
validation, the lint rules, drafts. Imports nothing from `site`, `search` or MkDocs."""
