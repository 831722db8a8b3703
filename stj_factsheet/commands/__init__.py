"""Commands: a verb's request in, its result out: one core function per verb beside the build
(check, diff, new and vervolg in scaffold, schema, serve and watch).
"""
