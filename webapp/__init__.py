"""The interfaces over the library: the ``policykb`` command line (cli.py)
and, later, the Flask web app and JSON API."""
