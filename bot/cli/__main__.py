"""`python -m bot.cli`: the same as `kudos-bot`."""

from bot.cli.main import main

raise SystemExit(main())
