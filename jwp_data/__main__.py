import sys

from jwp_data.cli import main

sys.exit(main())
