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

__version__ = "0.1.0"
