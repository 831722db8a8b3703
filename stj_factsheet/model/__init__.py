"""Model: `Document`s in, typed Pydantic models out (or located problems); the kader and its index.
"""

import os

# Pydantic looks for plugins (the `pydantic` entry points of every installed distribution)
# when it builds the first model: some 40 ms at every start of stj, for plugins that none
# of our models is meant to use. Set to anything else beforehand to have them loaded.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
