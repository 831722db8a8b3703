"""stj-factsheet: YAML findings of Samenwerkend Toezicht Jeugd in, factsheets out.

The package is the pipeline, a folder per stage; data flows one way and each stage imports
only the ones before it (see docs/architecture.md):

    load      YAML files → Documents with the line and column of every value
    model     Documents → Pydantic models (or located problems); the kader; rich text
    rules     verdicts in one word, derived conclusions, progress, national figures (pure)
    validate  models → problems; the checked project (gemeenten with aanpakken and rounds)
    view      the typed view models every format shows
    render    view models → HTML, Markdown, PDF (Typst) and JSON
    publish   files on disk: atomic writes, the build manifest, worker processes
    commands  check, diff, new, vervolg, schema, serve, watch
    cli       the thin click layer (console: what it prints; nl: click's texts in Dutch)
"""

import os

__version__ = "0.1.0"

# Pydantic looks for plugins (the `pydantic` entry points of every installed distribution)
# when it builds the first model: some 40 ms at every start of stj, for plugins that none
# of our models is meant to use. Set here, before any stage builds a model (`compare/model`
# may do so before `model/` is imported). Set it to anything else beforehand to have them
# loaded.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
