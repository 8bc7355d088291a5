"""`build-notes`: the command line over the same stages."""
