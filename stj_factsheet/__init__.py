"""stj-factsheet: YAML findings of Samenwerkend Toezicht Jeugd in, factsheets out.

The package is the pipeline, one module per stage:

    layout   where gemeenten and kaders are in a data root (paths only)
    source   YAML → plain data, every value's line and column kept
    glyphs   which characters the PDF fonts print; located problems for the others
    models   Pydantic models of the kader, the gemeente and its aanpakken
    textcheck refuses Markdown the rich-text model cannot hold, at its line and column
    kader    the toetsingskader (framework) as data, with its look-ups
    project  finds and loads a gemeente (or all), collecting every problem
    validate checks a loaded gemeente against its kader
    rules    summarised verdicts and derived conclusions (pure)
    view     the typed view model a template receives
    richtext the rich-text model: the typed tree every Markdown text is parsed into
    markup   a text parsed once (markup_parse, markup_locate), rendered per format
             from that one tree (markup_render); escaping of plain values
    render   the one Jinja2 environment and the renderers per format
    opendata the JSON form of a factsheet and its schema
    pdf      the PDF factsheets, typeset with Typst
    schemas  JSON Schemas generated from the models
    output   atomic, deterministic file writing
    manifest what the last build wrote, to skip gemeenten where nothing changed
    workers  independent work per gemeente on every core
    build    the build of one or more factsheets (the core of `stj build`)
    cli      the thin click layer
"""

__version__ = "0.1.0"
