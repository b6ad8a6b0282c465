"""Start nyhetsbot: ``python run_bot.py console|ask|eval|…`` (see ``--help``)."""

import sys

from bot.cli import main

if __name__ == "__main__":
    sys.exit(main())
