"""Release files (text, HTML, JSON Lines manifests) to :class:`kg.model.Release` objects."""

from kg.ingest.boilerplate import Rules, load_rules
from kg.ingest.reader import read_release
from kg.ingest.sources import Problem, Source, expand

__all__ = ["Problem", "Rules", "Source", "expand", "load_rules", "read_release"]
