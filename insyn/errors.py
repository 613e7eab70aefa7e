"""The one base of the errors that are the user's to fix.

Bad input, a failed check, a refused publish: the CLI prints the error's one line
(naming the file, key, URL or id) and exits 1, never a traceback. Each module
raises its own subclass; cli.py catches this base only, so that a new error class
cannot be forgotten in a registry of names (issue 15: a bare ``ValueError`` from
``pages.check_slugs`` once reached the user as a traceback).
"""


class UserError(Exception):
    """An error whose message is the whole story for the user."""
