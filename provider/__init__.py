"""The webstack Pulumi package: Network, Database and WebTier for every Pulumi language (see __main__.py)."""
