"""The webstack policy pack: budget and security policies for `pulumi preview --policy-pack policy`."""
