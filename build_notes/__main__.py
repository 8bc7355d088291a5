"""`python -m build_notes` runs the `build-notes` command line."""

import sys

from build_notes.cli.main import main

sys.exit(main())
