"""kg: a knowledge graph of diplomatic relations built from foreign-ministry press releases."""

__version__ = "0.1.0"
