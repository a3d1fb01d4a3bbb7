"use strict";
/**
 * costing's runner for Pulumi Node.js programs (TypeScript and JavaScript): run the program offline, as
 * `pulumi preview` would, and answer with the resources it registered, as plain data.
 *
 *     <node> [Pulumi.yaml's nodeargs] costing_runner.cjs RESPONSE_FD < request.json
 *
 * The protocol (the request, the response, the error kinds) is specified in
 * costing/inventory/runners/__init__.py; this runner answers exactly as python/costing_runner.py does. It
 * runs in the project's own node with the project's own node_modules: it loads only Node.js's standard
 * library, the project's @pulumi/pulumi (and the TypeScript compiler the SDK would use) and its siblings:
 * costing_program.cjs loads the program as Pulumi's language host does; costing_pulumi_sdk.cjs holds the
 * SDK's private names; costing_answers.cjs reads the shared answers table; costing_failures.cjs says why a
 * run failed; costing_ts_hooks.mjs compiles TypeScript ES modules.
 */

const fs = require("fs");

const { Answers } = require("./costing_answers.cjs");
const { PROTOCOL, errorMessage, errorName, failure, programError, programFailure, stackOf } = require("./costing_failures.cjs");
const { entryPoint } = require("./costing_program.cjs");
const sdkAdapter = require("./costing_pulumi_sdk.cjs");

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"; // the engine's marker of a value unknown until the update
const SECRET = "[secret]"; // what a secret value becomes: its value never leaves the runner
const PROVIDER_PREFIX = "pulumi:providers:";

/** Read the request on stdin, run the program, write the response to the descriptor argv[0]. */
async function main(argv) {
    const responseFd = Number(argv[0]);
    process.argv = process.argv.slice(0, 2); // the program sees node and a script, as under the language host
    let response;
    try {
        response = await respond(JSON.parse(fs.readFileSync(0, "utf8")));
    } catch (error) { // a bug of the runner, not of the program: said as such
        response = failure("internal", `costing's runner failed: ${errorName(error)}: ${errorMessage(error)}`,
            { detail: stackOf(error) });
    }
    const data = Buffer.from(JSON.stringify(response), "utf8");
    for (let written = 0; written < data.length;) {
        written += fs.writeSync(responseFd, data, written);
    }
    fs.closeSync(responseFd);
    // Nothing is left to do once the response is written: the program's timers and handles are not waited for.
    process.exit(0);
}

/** The response to one request (see the protocol): the program's resources, or why there are none. */
async function respond(request) {
    if (request.protocol !== PROTOCOL) {
        return failure("bad_request", `this runner speaks protocol ${PROTOCOL}, not ${JSON.stringify(request.protocol)}`);
    }
    const root = sdkAdapter.resolve(request.pwd);
    if (root === null) {
        return failure("no_pulumi", `cannot find @pulumi/pulumi from ${request.pwd} (no node_modules/@pulumi/pulumi ` +
            "there or in a folder above it)", { interpreter: process.execPath });
    }
    process.chdir(request.pwd);
    setEnvironment(request); // before the SDK loads: every copy of it reads its settings from the environment
    const sdk = sdkAdapter.load(root);
    const answers = Answers.load(request.answers);
    const monitor = newMonitor(request, answers, sdk);
    const uncaught = watchUncaughtErrors();
    try {
        await runProgram(request, monitor, sdk, uncaught);
    } catch (error) {
        const response = programFailure(error, request, sdk);
        response.error.unanswered_invokes = [...monitor.unanswered].sort();
        return response;
    }
    return {
        protocol: PROTOCOL, ok: true, resources: monitor.rows, outputs: monitor.stackOutputs,
        unexpanded_components: monitor.unexpanded, unanswered_invokes: [...monitor.unanswered].sort(),
    };
}

/** The environment the language host gives the program: its config, project, stack and a preview. */
function setEnvironment(request) {
    Object.assign(process.env, {
        PULUMI_CONFIG: JSON.stringify(request.config),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(request.secret_keys || []),
        PULUMI_NODEJS_ORGANIZATION: request.organization || "organization",
        PULUMI_NODEJS_PROJECT: request.project,
        PULUMI_NODEJS_STACK: request.stack,
        PULUMI_NODEJS_ROOT_DIRECTORY: request.root,
        PULUMI_NODEJS_DRY_RUN: "true",
    });
    for (const name of ["PULUMI_NODEJS_MONITOR", "PULUMI_NODEJS_ENGINE", "PULUMI_NODEJS_SYNC"]) {
        delete process.env[name]; // a real engine's address (costing run inside `pulumi`): the mocks answer instead
    }
}

/** Every error nobody handled, in order (the language host fails the run on any of them), and a promise
 * rejected with the first. */
function watchUncaughtErrors() {
    const errors = [];
    let fail;
    const failed = new Promise((resolve, reject) => {
        fail = reject;
    });
    failed.catch(() => undefined);
    const record = (error) => {
        errors.push(error);
        fail(errors[0]);
    };
    process.on("uncaughtException", record);
    process.on("unhandledRejection", record);
    return { errors, failed };
}

/** A promise rejected when node has nothing left to run before the program has finished: it waits for
 * what never comes, as a program that awaits the apply of a value AWS assigns does in a preview. */
function stalled() {
    return new Promise((resolve, reject) => process.once("beforeExit", () => reject(programError(
        "the program stopped, waiting for a value that stays unknown in a preview (an apply of an output AWS " +
        "assigns at creation, such as an id or an ARN, runs only in `pulumi up`); nothing else was left to run"))));
}

/** Run the program in a new root stack under the mocks until every registration has finished. */
async function runProgram(request, monitor, sdk, uncaught) {
    await sdk.configure(monitor.mocks, monitor, {
        project: request.project, stack: request.stack, organization: request.organization || "organization",
    });
    const program = entryPoint(request, sdk);
    const failed = Promise.race([uncaught.failed, stalled()]);
    failed.catch(() => undefined);
    await Promise.race([sdk.runInStack(program), failed]);
    for (let started = -1; started !== monitor.started;) { // registrations made in callbacks start later
        started = monitor.started;
        await Promise.race([sdk.waitForRPCs(), failed]);
        await new Promise((resolve) => setImmediate(resolve));
    }
    if (uncaught.errors.length) {
        throw uncaught.errors[0];
    }
}

// --- the engine's side: mocks with preview semantics, and a monitor that records ---------------------

/** The mock engine that records a run: preview semantics with the table's answers. */
function newMonitor(request, answers, sdk) {
    const RecordingMonitor = recordingMonitor(sdk);
    return new RecordingMonitor(new PreviewMocks(answers, request.region, sdk), answers);
}

/**
 * The engine's side of a preview: a new custom resource's outputs are its inputs (what the provider plans)
 * plus what the table says a preview knows (auto-names), its id unknown; a component's are unknown; an
 * invoke is answered from the table in its provider's region.
 */
class PreviewMocks {
    constructor(answers, region, sdk) {
        this.answers = answers;
        this.region = region;
        this.sdk = sdk;
        this.providerInputs = () => ({});
    }

    newResource(args) {
        if (!args.custom) { // a component's outputs are its own (registerOutputs), or its plugin's: unknown
            return { id: "", state: {} };
        }
        return { id: "", state: { ...this.answers.outputs(args.type, args.name, this.region), ...args.inputs } };
    }

    call(args) {
        const provider = this.providerInputs(args.provider);
        const region = textValue(args.inputs.region) || textValue(provider.region) || this.region;
        return this.answers.invoke(args.token, plain(args.inputs, this.sdk), region, provider) || {};
    }
}

function recordingMonitor(sdk) {
    /** The mock engine: the URNs the real engine builds, and every registration recorded as a row. */
    return class RecordingMonitor extends sdk.MockMonitor {
        constructor(mocks, answers) {
            super(mocks);
            this.answers = answers;
            this.rows = [];
            this.stackUrn = null;
            this.stackOutputs = {};
            this.unexpanded = [];
            this.unanswered = new Set();
            this.providers = new Map();
            this.started = 0; // requests received: registrations made later (in callbacks) are waited for
            mocks.providerInputs = (reference) => this.providerInputs(reference);
        }

        newUrn(parent, type, name) {
            if (parent && parent !== this.stackUrn) {
                type = parent.split("::")[2] + "$" + type;
            }
            return "urn:pulumi:" + [sdk.getStack(), sdk.getProject(), type, name].join("::");
        }

        /** The inputs of the provider a reference (`<urn>::<id>`) names; {} for a default provider. */
        providerInputs(reference) {
            const urn = (reference || "").split("::").slice(0, -1).join("::");
            return this.providers.get(urn) || {};
        }

        registerResource(request, callback) {
            this.started++;
            return super.registerResource(request, (error, response) => {
                if (!error) {
                    this.record(request, response);
                }
                callback(error, response);
            });
        }

        record(request, response) {
            const urn = response.getUrn();
            const type = request.getType();
            if (type === sdk.STACK_TYPE) {
                this.stackUrn = urn;
                return;
            }
            const inputs = plain(sdk.deserialize(request.getObject()), sdk);
            if (type.startsWith(PROVIDER_PREFIX)) {
                this.providers.set(urn, inputs);
            }
            if (request.getRemote()) {
                this.unexpanded.push(urn);
            }
            const parent = request.getParent();
            const propertyDependencies = {};
            request.getPropertydependenciesMap().forEach((dependencies, key) => {
                propertyDependencies[key] = dependencies.getUrnsList();
            });
            this.rows.push({
                urn, type, name: request.getName(), custom: Boolean(request.getCustom()),
                remote: Boolean(request.getRemote()), parent: parent && parent !== this.stackUrn ? parent : null,
                provider: request.getProvider() || null, id: response.getId() || null, inputs,
                dependencies: request.getDependenciesList(), propertyDependencies,
            });
        }

        registerResourceOutputs(request, callback) {
            this.started++;
            if (request.getUrn() === this.stackUrn) {
                this.stackOutputs = plain(sdk.deserialize(request.getOutputs()), sdk);
            }
            return super.registerResourceOutputs(request, callback);
        }

        invoke(request, callback) {
            this.started++;
            const token = request.getTok();
            if (token !== sdk.GET_RESOURCE && !this.answers.answersInvoke(token)) {
                this.unanswered.add(token);
                callback(null, sdk.unknownInvokeResponse());
                return undefined;
            }
            return super.invoke(request, callback);
        }
    };
}

/**
 * A JSON copy of a value the SDK recorded: every secret SECRET, every unknown UNKNOWN, anything else that is
 * not JSON (an asset, an archive, a resource reference) its type's name in angle brackets.
 */
function plain(value, sdk) {
    if (value === null || value === undefined) {
        return null;
    }
    const type = typeof value;
    if (type === "string" || type === "number" || type === "boolean") {
        return value;
    }
    if (Array.isArray(value)) {
        return value.map((item) => plain(item, sdk));
    }
    if (sdk.isUnknown(value)) {
        return UNKNOWN;
    }
    if (sdk.isSecret(value)) {
        return SECRET;
    }
    const prototype = Object.getPrototypeOf(value);
    if (prototype === Object.prototype || prototype === null) {
        const copy = {};
        for (const [key, item] of Object.entries(value)) {
            copy[key] = plain(item, sdk);
        }
        return copy;
    }
    return `<${(value.constructor && value.constructor.name) || type}>`;
}

function textValue(value) {
    return typeof value === "string" && value && value !== UNKNOWN && value !== SECRET ? value : null;
}

if (require.main === module) {
    Error.stackTraceLimit = 50; // the program's own frame may lie below the SDK's
    main(process.argv.slice(2)).catch((error) => {
        console.error(error);
        process.exit(70);
    });
}

module.exports = { respond, plain };
