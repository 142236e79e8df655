"""Block Kit builders, pure: one module per surface (kudos, Home, form, digest, stats, values,
export, delivery notes) and the shared pieces (`pieces`, `safe_text`).

May import: bot.domain.
"""
