"""`python -m assistant.cli ...`, as the `stock-assistant` command."""

import sys

from assistant.cli import main

sys.exit(main())
