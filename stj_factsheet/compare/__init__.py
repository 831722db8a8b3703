"""Compare: the data of two git revisions in, and out what a reader of the publication sees
change (`stj diff`): each side's gemeenten as their pages show them, compared and worded.
"""
