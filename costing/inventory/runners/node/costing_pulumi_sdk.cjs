"use strict";
/**
 * Every name of the Pulumi Node.js SDK (@pulumi/pulumi) that the runner uses beyond its documented mocks
 * API, in one place: the SDK is the project's own copy (resolved from the program's folder, as Pulumi's
 * language host resolves it), and an SDK release that moves one of these names breaks this module alone.
 * Checked against @pulumi/pulumi 3.248 and 3.276.
 */

const path = require("path");
const { createRequire } = require("module");

const STACK_TYPE = "pulumi:pulumi:Stack";
const GET_RESOURCE = "pulumi:pulumi:getResource";

/**
 * The project's SDK, found from `pwd` as `require.resolve` in the program's folder finds it; null when the
 * project has none (its dependencies are not installed).
 */
function resolve(pwd) {
    const fromProgram = createRequire(path.join(pwd, "costing-runner.cjs"));
    try {
        return path.dirname(fromProgram.resolve("@pulumi/pulumi/package.json"));
    } catch (error) {
        if (error && error.code === "MODULE_NOT_FOUND") {
            return null;
        }
        throw error;
    }
}

/** The SDK in folder `root`, loaded: what the runner uses of it. */
function load(root) {
    const sdkRequire = createRequire(path.join(root, "package.json"));
    const pulumi = sdkRequire("./index.js");
    const runtime = pulumi.runtime;
    const { MockMonitor } = sdkRequire("./runtime/mocks.js");
    const { isUnknown } = sdkRequire("./output.js");
    // The invoke response's message: ResourceInvokeResponse since 3.2xx, the provider's InvokeResponse before.
    const InvokeResponse = sdkRequire("./proto/resource_pb.js").ResourceInvokeResponse ||
        sdkRequire("./proto/provider_pb.js").InvokeResponse;
    const { Struct } = sdkRequire("google-protobuf/google/protobuf/struct_pb");

    return {
        root,
        version: sdkRequire("./package.json").version,
        pulumi,
        MockMonitor,
        STACK_TYPE,
        GET_RESOURCE,
        require: sdkRequire,

        getProject: () => pulumi.getProject(),
        getStack: () => pulumi.getStack(),

        /**
         * Point the runtime at `monitor` (a MockMonitor recording what `mocks` answer), in preview, as
         * `pulumi.runtime.setMocks` does with a monitor of its own.
         */
        async configure(mocks, monitor, { project, stack, organization }) {
            await runtime.setMocks(mocks, project, stack, true, organization);
            runtime.setMockOptions(monitor, project, stack, true, organization);
        },

        /** Run `program` in a new root stack, as the language host does; its exports become the stack's outputs. */
        runInStack: (program) => runtime.runInPulumiStack(program),

        /** Wait until every outstanding registration, invoke and output registration has finished. */
        waitForRPCs: () => runtime.waitForRPCs(),

        /** A request's protobuf Struct as JavaScript values: secrets wrapped, unknowns the SDK's `unknown`. */
        deserialize: (struct) => runtime.deserializeProperties(struct),

        /** A value the SDK wraps as secret. */
        isSecret: (value) => runtime.isRpcSecret(value),

        /** A value that is unknown until the update runs. */
        isUnknown: (value) => isUnknown(value),

        /** What the engine answers for an invoke it cannot serve during a preview: the result is unknown (an
         * SDK too old to know that answer, before 3.250, gets an empty result). */
        unknownInvokeResponse() {
            const response = new InvokeResponse();
            if (typeof response.setUnknown === "function") {
                response.setUnknown(true);
            } else {
                response.setReturn(Struct.fromJavaScript({}));
            }
            return response;
        },

        /** The program required a config key with no value (the SDK's ConfigMissingError, not exported). */
        isConfigMissing: (error) => pulumi.RunError.isInstance(error) && typeof error.key === "string" &&
            error.constructor && error.constructor.name === "ConfigMissingError",

        isRunError: (error) => pulumi.RunError.isInstance(error),

        /** `typescript` and `ts-node` as the SDK finds them (its tsutils): the project's, else those it vendors. */
        typeScriptModules() {
            const found = (name, vendored) => {
                try {
                    return sdkRequire.resolve(name);
                } catch {
                    return path.join(root, "vendor", vendored);
                }
            };
            return {
                typescript: found("typescript", path.join("typescript@3.8.3", "typescript.js")),
                tsnode: found("ts-node", "ts-node@7.0.1"),
            };
        },
    };
}

module.exports = { resolve, load };
