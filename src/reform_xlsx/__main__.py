"""``python -m reform_xlsx`` runs the command line."""

import sys

try:
    from reform_xlsx.cli import main
except KeyboardInterrupt:  # Ctrl-C before the command line is even loaded: the same one line, and exit code 130
    import os

    sys.stderr.write("\nreform-xlsx: 中断しました（書きかけのファイルは残していません）。\n")
    sys.stderr.flush()
    os._exit(130)  # (not by the signal: see reform_xlsx.cli.end_interrupted)

sys.exit(main())
