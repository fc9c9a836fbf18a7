"""``python -m plugins.migrate wordpress EXPORT.xml``: the same as ``blog-import``."""

import sys

from .cli import main

sys.exit(main())
