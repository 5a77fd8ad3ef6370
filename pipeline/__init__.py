"""kashgar-budgets: unit budget disclosures (单位预算公开) as exact, checked Polars frames."""
