"""The stack's building blocks, each a ComponentResource with typed, documented args (webstack:index:<Name>)."""
