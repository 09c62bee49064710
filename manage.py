#!/usr/bin/env python
"""Django's command-line utility; `masthead` (masthead.cli) wraps the same commands."""

import sys

from masthead.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
