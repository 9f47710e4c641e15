import sys

from tm.cli import main

sys.exit(main())
