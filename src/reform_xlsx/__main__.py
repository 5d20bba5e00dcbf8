"""``python -m reform_xlsx`` runs the command line."""

import sys

try:
    from reform_xlsx.cli import main
except KeyboardInterrupt:  # Ctrl-C before the command line is even loaded: the same one line
    sys.stderr.write("\nreform-xlsx: 中断しました（書きかけのファイルは残していません）。\n")
    sys.exit(130)

sys.exit(main())
