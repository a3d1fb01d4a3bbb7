/**
 * TypeScript for an ES-module program ("type": "module" in package.json): the module hooks that Pulumi's
 * language host registers in that case (@pulumi/pulumi's cmd/run/hooks.ts), ts-node's ESM hooks over the
 * options costing_runner.cjs chose. node runs them on a thread of their own (module.register).
 */

import { createRequire } from "node:module";

let hooks = null;

export async function initialize({ tsnode, options }) {
    const tsn = createRequire(import.meta.url)(tsnode);
    hooks = tsn.createEsmHooks(tsn.register(options));
}

export async function resolve(specifier, context, nextResolve) {
    return hooks.resolve(specifier, context, nextResolve);
}

export async function load(url, context, nextLoad) {
    return hooks.load(url, context, nextLoad);
}
