"""guidegen: turn YAML certificate items into office guides, blank forms and commitment letters."""

__version__ = "0.4.0"
