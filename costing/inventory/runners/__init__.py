"""Runners: small programs that run a Pulumi program offline in the *project's* own interpreter (python
with its virtualenv; node with its node_modules) and hand its resources back to costing as plain data.

costing (the parent, client.py) starts a runner, writes one request to its stdin, and reads one response
from the file descriptor it names; whatever the program prints goes to the runner's stdout and stderr,
which the parent keeps apart (and shows on stderr when the run succeeds). The runner imports nothing of
costing's: only its language's standard library, the Pulumi SDK and files beside it. One protocol for
every language; this docstring is its specification.

Runners (paths relative to this folder):
- python/costing_runner.py, run as `<python> costing_runner.py RESPONSE_FD`; python/costing_pulumi_sdk.py
  holds the SDK's private names; python/costing_answers.py reads the answers table.
- node/costing_runner.cjs (TypeScript and JavaScript), run as `<node> [nodeargs] costing_runner.cjs
  RESPONSE_FD`, with the project's own node_modules; node/costing_program.cjs loads the program as
  Pulumi's Node.js language host does (node/costing_ts_hooks.mjs compiles TypeScript ES modules);
  node/costing_pulumi_sdk.cjs holds the SDK's private names; node/costing_answers.cjs reads the answers
  table; node/costing_failures.cjs says why a run failed.
- answers.json: the answers table every runner reads (below).

## Request (JSON object on stdin, UTF-8)

    protocol      1
    project       the project's name (Pulumi.yaml `name`)
    stack         the stack's name (the last part of org/project/stack)
    organization  "organization" (what the CLI says for a local backend)
    root          absolute folder of Pulumi.yaml
    pwd           absolute working directory of the program: `main`'s folder (or main's parent folder
                  when main names a file), else root; the runner chdirs there
    program       what to run, relative to pwd: "." (the folder's entry point: __main__.py for Python;
                  package.json's exports or main, else index.* for Node) or a file name
    config        the stack's config in engine form: full keys ("proj:key", "aws:region") to strings,
                  lists and maps JSON-encoded; a secure value is the UNKNOWN marker (never decrypted)
    secret_keys   the config keys whose values are secret
    region        the AWS region invokes are answered for when neither the invoke's `region` argument
                  nor its provider's `region` input names one
    answers       absolute path of answers.json
    options       what the runner reads of Pulumi.yaml's `runtime.options`, as the language host reads it:
                  {} for Python; for Node.js {"typescript": bool (compile TypeScript with ts-node),
                  "tsconfig": path relative to pwd or null (tsconfig.json), "transpileOnly": bool, or null
                  for tsconfig's `noCheck` ($PULUMI_NODEJS_TRANSPILE_ONLY)}

## Response (one JSON object written to RESPONSE_FD, which the runner then closes)

At most 512 MiB (client.MAX_RESPONSE_BYTES, the limit of a preview file): the parent kills a runner that
writes more.

    {"protocol": 1, "ok": true,
     "resources": [row, ...],            in registration order; the stack itself is not a row
     "outputs": {name: value},           the stack's exports
     "unexpanded_components": [urn],     multi-language components (registered with remote=true) whose
                                         children a provider plugin would build: they cannot expand offline
     "unanswered_invokes": [token]}      invokes the table has no answer for (sorted): their results were unknown

    row = {"urn", "type", "name",
           "custom": bool (false for components), "remote": bool (a multi-language component),
           "parent": parent URN or null (null right under the stack),
           "provider": provider reference "<provider urn>::<provider id>" or null (a default provider),
           "id": the resource's id or null (unknown in a preview),
           "inputs": camelCase inputs as the engine receives them,
           "dependencies": [urn], "propertyDependencies": {input name: [urn]}}

URNs are the engine's: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`, where a child's
qualified type is its parent's followed by `$<type>` (the stack does not count as a parent).
In inputs and outputs every secret is the string SECRET ("[secret]") and every value unknown until the
update the string UNKNOWN ("04da6b54-80e4-46f7-96ec-b56ff0331ba9", the engine's own marker); anything
that is not JSON (an asset, an archive) is "<TypeName>".

Or a failure: {"protocol": 1, "ok": false, "error": {"kind", "message", ...}}, `message` one line:

    no_pulumi         the interpreter cannot import the Pulumi SDK (Node: no @pulumi/pulumi in the
                      node_modules of pwd or a folder above it)                + interpreter
    config_missing    the program required a config key with no value        + key, secret
    run_error         the program raised pulumi.RunError: message is its text, complete
    syntax_error      "<file>:<line>: SyntaxError: <msg>"                     + file, line
    compile_error     TypeScript's first error: "<file>:<line>: error TS<code>: <msg>"  + file, line
    module_missing    "<file>:<line>: No module named 'x'" (Node: "Cannot find module 'x'", or TypeScript's
                      error TS2307)                                            + module, file, line
    program_error     "<file>:<line>: <Exception>: <text>", the innermost frame of the program's own code
                      (files under root, outside installed packages and node_modules), relative to root
                      + file, line, exception
    bad_request       a request this runner cannot serve (another protocol)
    internal          a bug of the runner itself
Any failure may carry `detail` (a traceback) for debugging; the parent shows `message` only. A runner
that ends without writing a response has crashed: the parent reports its exit code and last line of output.

## Semantics: a preview, offline

The program runs as under `pulumi preview`: a new resource's outputs are its inputs plus what the table's
`outputs` say a preview knows at plan time (auto-names); everything else AWS assigns at creation (ids,
ARNs, DNS names) is unknown, so the program's callbacks on those values do not run, and links between
resources are kept as per-property dependencies. Invokes are answered from the table's `invokes` for the
invoke's region; an invoke the table lacks is unknown (the engine's `unknown` invoke response; a plain
Python invoke then returns its result type with every field None; a plain Node.js invoke, an empty
object). Resources of every provider are recorded alike; a multi-language component is recorded as a
component and listed as unexpanded. The runner answers once the program and every registration it
started (in callbacks too) have finished.

## The answers table (answers.json)

    account     the account id every answer uses
    partitions  [{prefix, partition, dns_suffix}]: the first whose prefix starts the region applies
    regions     region -> {zones: the letters of its availability zones, zone_id_prefix: "use1"};
                "default" for regions not listed
    invokes     invoke token -> template of the whole answer
    outputs     resource type token -> {property: template} known at plan time (auto-names); a
                property the inputs set keeps the input's value

Templates are JSON rendered recursively:
- a string: each `{...}` replaced: {region} {account} {partition} {dns_suffix} {first_zone}
  {zone_id_prefix}; {name} (outputs: the resource's name); {zone} {zone_id} {index} (inside
  $each_zone; zone_id is "<zone_id_prefix>-az<index+1>"); {arg.KEY} (invokes: the argument KEY as
  text: a string as it is, "" when absent, anything else as compact JSON); {hash:N:LABEL} /
  {HASH:N:LABEL}: the first N hexadecimal digits (upper case for HASH) of sha256(LABEL + "/" + region),
  where `$VAR` in LABEL is replaced by the variable VAR (`$arg.KEY` by the argument) first;
- {"$arg": KEY, "default": TEMPLATE}: the argument KEY as given (any JSON), else the rendered default
  (null when there is none);
- {"$provider": "A.B", "default": TEMPLATE}: the input A (then its key B...) of the provider the invoke
  goes through, JSON text decoded on the way (providers receive object inputs JSON-encoded), else the
  rendered default;
- {"$each_zone": TEMPLATE}: a list, TEMPLATE rendered once per availability zone of the region;
- {"$builtin": "iam_policy_document", "minified": bool}: aws.iam.getPolicyDocument's `json`: the
  arguments `sourcePolicyDocuments` (their statements first), `statements` (camelCase: sid, effect
  (default Allow), actions, notActions, resources, notResources, principals and notPrincipals
  [{type, identifiers}], conditions [{test, variable, values}]) and `overridePolicyDocuments` (replacing
  statements of the same Sid, else appended), as {"Version": version or "2012-10-17", "Id": policyId
  (when given), "Statement": [...]} with IAM's keys (Sid, Effect, Action, NotAction, Resource,
  NotResource, Principal, NotPrincipal, Condition in that order; empty ones left out), a one-element
  list as its element, principals as {type: identifiers} ("*" for type "*" with identifiers ["*"]),
  conditions as {test: {variable: values}}; JSON with 2-space indentation, or without any whitespace
  when minified (JavaScript's JSON.stringify layouts);
- any other object or list: rendered member by member; numbers, booleans and null as they are.
"""

from pathlib import Path

from costing.schema import SECRET, UNKNOWN

PROTOCOL = 1
RUNNERS = Path(__file__).resolve().parent
ANSWERS = RUNNERS / "answers.json"
PYTHON_RUNNER = RUNNERS / "python" / "costing_runner.py"
NODE_RUNNER = RUNNERS / "node" / "costing_runner.cjs"
# The files of the runners: a change to any of them changes what a run records (the inventory cache's key).
RUNNER_FILES = (ANSWERS, *sorted((RUNNERS / "python").glob("costing_*.py")),
                *sorted((RUNNERS / "node").glob("costing_*")))

__all__ = ["ANSWERS", "NODE_RUNNER", "PROTOCOL", "PYTHON_RUNNER", "RUNNERS", "RUNNER_FILES", "SECRET", "UNKNOWN"]
