"""Entry point of the webstack Pulumi package (see PulumiPlugin.yaml beside it).

`pulumi package add <repository>.git/provider@<version>` clones the whole repository and runs this file:
the engine asks it for the schema, then asks it to construct Network, Database and WebTier for programs
in TypeScript, Go, C#, Java or YAML. The components live in the repository's `components` package, one
level up, so that level goes on the import path first.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pulumi.provider import main  # noqa: E402 (needs the import path above)

from provider.package import webstack_provider  # noqa: E402

if __name__ == "__main__":
    # component_provider_host() does exactly this with the SDK's own ComponentProvider; WebstackProvider is
    # that provider with integer inputs fixed (see provider/package.py).
    main(webstack_provider(), sys.argv[1:])
