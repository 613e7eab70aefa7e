#!/usr/bin/env python3
"""Entry point: ``python build.py [build|fetch|sample|serve] [options]``."""

import sys

from insyn.cli import main

if __name__ == "__main__":
    sys.exit(main())
