"""`/kudos` and its subcommands after the ack: `router` picks the subcommand, one module each
(values, roles, stats, limits, schedules, export); `call` is what every one of them gets."""
