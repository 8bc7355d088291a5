"""The site's own markup: every class its pages write, and the elements and attributes of its
listing pages beyond what notes may render.

The writers (the page kinds of site/, site/stats.py, search/page_text.py) write these names, and
the allowlist (markdown/safety.py) grants exactly the ones it judges, so it grants nothing the site
does not write. tests/site/test_site_markup.py holds this module to the pages of a built site, both
ways. It lives outside site/ because the validator's allowlist reads it, and content/ (which
validates) never imports site/.
"""

from __future__ import annotations

# --- Classes of the page content the allowlist judges ------------------------------------------

# A talk's page (talk_page.py): the facts line, the rating's stars, a timestamp into the
# video, the metadata list, the related talks, the previous/next talk of its conference.
FACTS = "tn-facts"
RATING = "tn-rating"
TIMESTAMP = "tn-timestamp"
META = "tn-meta"
RELATED = "tn-related"
SEQUENCE = "tn-sequence"
# In lists of talks: a talk's details after its title, tags as chips, a date not recorded.
DETAILS = "tn-details"
TAG = "tn-tag"
MUTED = "tn-muted"
# Listing pages (listings.py, index_pages.py, explore.py): the pager of a long listing, the
# tags page's letters and index, the home page's counts, the Explore table, its note for
# readers without JavaScript, the search page and the names of its filter values (page_text.py).
PAGER = "tn-pager"
LETTERS = "tn-letters"
INDEX = "tn-index"
COUNTS = "tn-counts"
COUNT = "tn-count"
EXPLORE = "tn-explore"
NOSCRIPT_NOTE = "tn-noscript-note"
SEARCH_PAGE = "tn-search-page"
SEARCH_LABELS = "tn-search-labels"
# The stats page's bar charts (stats.py).
CHART = "tn-chart"
BARS = "tn-bars"
BAR_ROW = "tn-bar-row"
BAR_LABEL = "tn-bar-label"
BAR_VALUE = "tn-bar-value"
BAR = "tn-bar"

SITE_CLASSES = frozenset({
    FACTS, RATING, TIMESTAMP, META, RELATED, SEQUENCE, DETAILS, TAG, MUTED, PAGER, LETTERS,
    INDEX, COUNTS, COUNT, EXPLORE, NOSCRIPT_NOTE, SEARCH_PAGE, SEARCH_LABELS, CHART, BARS,
    BAR_ROW, BAR_LABEL, BAR_VALUE, BAR})

# --- Classes added after the allowlist's check, by code, where no note reaches ---------------

# A talk page's hidden metadata for the search, and the header's search box (page_text.py); the
# 404 page's search form and list of themes (index_pages.py, through templates/404.html).
SEARCH_META = "tn-search-meta"
HEADER_SEARCH = "tn-hsearch"
HEADER_SEARCH_INPUT = "tn-hsearch__input"
HEADER_SEARCH_RESULTS = "tn-hsearch__results"
NOT_FOUND_SEARCH = "tn-notfound-search"
NOT_FOUND_THEMES = "tn-notfound-themes"

UNJUDGED_CLASSES = frozenset({SEARCH_META, HEADER_SEARCH, HEADER_SEARCH_INPUT,
                              HEADER_SEARCH_RESULTS, NOT_FOUND_SEARCH, NOT_FOUND_THEMES})

# --- Elements and attributes of listing pages ------------------------------------------------

# Only pages that no note reaches get them (plugin.py); notes never do. Besides the classes
# above and the attributes every element may carry (safety._GLOBAL).
LISTING_ELEMENTS: dict[str, frozenset[str]] = {
    # The stats page's charts (stats.py): a figure labelled by its caption, a bar an SVG rect.
    "figure": frozenset({"aria-labelledby"}), "figcaption": frozenset(),
    "svg": frozenset({"width", "height", "focusable"}),
    "rect": frozenset({"width", "height", "rx"}),
    # explore.js finds the site's root, its data file and the count of talks on the table's
    # wrapper; search.js its page, and the names of filter values in a hidden list (page_text.py).
    "div": frozenset({"data-root", "data-script", "data-total", "data-tn-search-page"}),
    "ul": frozenset({"hidden"}), "li": frozenset({"data-filter", "data-value"}),
    "noscript": frozenset(),
}
