#!/usr/bin/env python
"""Django's command-line utility (the `brobygger` CLI wraps the common tasks); the same as
``python -m brobygger.config`` (brobygger/config/__main__.py)."""

import sys

from brobygger.config.__main__ import main

if __name__ == "__main__":
    main(sys.argv)
