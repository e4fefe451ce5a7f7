"""BibTeX of the site's publications: ``latex`` (LaTeX and Unicode, both ways)
and ``export`` (the site's BibTeX). Reading BibTeX is a source of the import
pipeline (``portfolio.importing.sources.bibtex``)."""

from .export import to_bibtex

__all__ = ["to_bibtex"]
