"""`python -m kbpp …` is the same as the `kbpp` command."""

import sys

from kbpp.cli.main import main

sys.exit(main())
