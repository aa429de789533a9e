"""``python -m app`` → the boot sequence; nothing else happens at import."""

from app.bootstrap import main

raise SystemExit(main())
