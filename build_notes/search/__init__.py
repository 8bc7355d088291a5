"""The site's search: what a page says (page text), the word index, the first view and the
facets, written as static files that assets/search.js reads."""
