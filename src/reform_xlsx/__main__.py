"""``python -m reform_xlsx`` runs the command line."""

import sys

from reform_xlsx.cli import main

sys.exit(main())
