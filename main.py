"""Start KBPP: `python main.py [--db PATH | --demo]` opens the desktop application.

The frozen build has two programs made from this file: KBPP.exe (windowed) and kbpp-cli.exe
(console), which runs the `kbpp` command line. `--self-test` works for both.
"""

import sys
from pathlib import Path


def _wants_command_line(argv: list[str]) -> bool:
    return Path(sys.executable if getattr(sys, "frozen", False) else argv[0]).stem.lower() == (
        "kbpp-cli"
    ) or argv[1:2] == ["--self-test"]


if __name__ == "__main__":
    if _wants_command_line(sys.argv):
        from kbpp.cli.main import main as cli_main

        args = ["self-test"] if sys.argv[1:2] == ["--self-test"] else sys.argv[1:]
        sys.exit(cli_main(args))
    from kbpp.ui.app import main

    sys.exit(main())
