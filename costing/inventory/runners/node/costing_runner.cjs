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
 * library, the project's @pulumi/pulumi (and the TypeScript compiler the SDK would use) and its siblings
 * (costing_pulumi_sdk.cjs, the SDK adapter; costing_answers.cjs, the shared answers table;
 * costing_ts_hooks.mjs, TypeScript for ES modules).
 *
 * The program is loaded as Pulumi's Node.js language host loads it (@pulumi/pulumi's cmd/run/run.ts): the
 * entry point from `main` in Pulumi.yaml, else package.json's `exports` or `main`, else the folder's index;
 * TypeScript through ts-node unless Pulumi.yaml says `typescript: false` (type-checked unless tsconfig's
 * `noCheck` or $PULUMI_NODEJS_TRANSPILE_ONLY say otherwise), as ES modules when package.json says
 * `"type": "module"`, else CommonJS; the module's exports, or the result of the function it exports, are
 * the stack's outputs.
 */

const childProcess = require("child_process");
const fs = require("fs");
const path = require("path");
const url = require("url");

const { Answers } = require("./costing_answers.cjs");
const sdkAdapter = require("./costing_pulumi_sdk.cjs");

const PROTOCOL = 1;
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"; // the engine's marker of a value unknown until the update
const SECRET = "[secret]"; // what a secret value becomes: its value never leaves the runner
const PROVIDER_PREFIX = "pulumi:providers:";
const DEFAULT_TSCONFIG = "tsconfig.json";
// The language host's own options on node's command line: with one of them, TypeScript ES modules are left to it.
const LOADER_OPTIONS = ["--loader", "--import", "--require"];

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

/** Every error nobody handled, in order: the language host fails the run on any of them. */
function watchUncaughtErrors() {
    const errors = [];
    const waiters = [];
    const record = (error) => {
        errors.push(error);
        waiters.splice(0).forEach((wake) => wake());
    };
    process.on("uncaughtException", record);
    process.on("unhandledRejection", record);
    return {
        errors,
        /** A promise rejected with the first uncaught error, once there is one. */
        failed: () => new Promise((resolve, reject) => {
            const check = () => (errors.length ? reject(errors[0]) : waiters.push(check));
            check();
        }),
    };
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
    const failed = Promise.race([uncaught.failed(), stalled()]);
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

// --- loading the program, as the language host does -------------------------------------------------

/** The program as the language host runs it: a function that loads it and returns its exports (or the
 * result of the function it exports), with TypeScript registered first. */
function entryPoint(request, sdk) {
    const options = request.options || {};
    let program = path.resolve(request.pwd, request.program);
    const packageRoot = packageRootOf(program);
    const packageObject = readJson(path.join(packageRoot, "package.json")) || {};
    if (request.program === ".") {
        program = packageEntry(packageRoot, packageObject, program);
    }
    if (options.typescript !== false) {
        registerTypeScript(packageObject, options, sdk);
    }
    return async () => {
        let programExport;
        if (packageObject.type === "module") {
            programExport = await import(url.pathToFileURL(esModuleFile(program)).href);
            if (Object.getOwnPropertyDescriptor(programExport, "default") !== undefined) {
                if (Object.keys(programExport).length !== 1) {
                    throw programError(`${shownFile(esModuleFile(program), request.root)}: expected the entry point ` +
                        "module to have either a default export or named exports but not both");
                }
                programExport = programExport.default;
            }
        } else {
            const entry = isDirectory(program) && !program.endsWith("/") ? program + "/" : program;
            programExport = loadCommonJs(entry, request.root, packageRoot, packageObject);
        }
        const result = programExport instanceof Function ? programExport() : programExport;
        return await result;
    };
}

/** The folder of the nearest package.json at or above the program, else the program's folder. */
function packageRootOf(program) {
    const start = isDirectory(program) ? program : path.dirname(program);
    for (let folder = start; ; folder = path.dirname(folder)) {
        if (fs.existsSync(path.join(folder, "package.json"))) {
            return folder;
        }
        if (path.dirname(folder) === folder) {
            return start;
        }
    }
}

/** Without `main` in Pulumi.yaml: package.json's `exports` (a string, or its "." entry), else its `main`. */
function packageEntry(packageRoot, packageObject, program) {
    const exported = packageObject.exports;
    let entry;
    if (typeof exported === "string") {
        entry = exported;
    } else if (exported && typeof exported === "object") {
        const main = exported["."];
        entry = typeof main === "string" ? main : main && (main.default || main.require || main.import);
    } else {
        entry = packageObject.main;
    }
    if (!entry) {
        return program;
    }
    const file = path.join(packageRoot, entry);
    if (fs.existsSync(file)) {
        return file;
    }
    console.error(`warning: Could not find entry point '${entry}' specified in package.json; using '${program}' instead`);
    return program;
}

/** ts-node for the program's TypeScript, with the options and compiler the language host would use. */
function registerTypeScript(packageObject, options, sdk) {
    const tsConfigPath = options.tsconfig || DEFAULT_TSCONFIG;
    const skipProject = !fs.existsSync(tsConfigPath);
    if (skipProject && tsConfigPath !== DEFAULT_TSCONFIG) {
        throw new sdk.pulumi.RunError(`tsconfig path was set to ${tsConfigPath} but the file was not found`);
    }
    const modules = sdk.typeScriptModules();
    const ts = require(modules.typescript);
    const compilerOptions = tsConfigCompilerOptions(ts, tsConfigPath);
    const transpileOnly = typeof options.transpileOnly === "boolean" ? options.transpileOnly : compilerOptions.noCheck;
    const tsOptions = { compiler: modules.typescript, transpileOnly, project: tsConfigPath, skipProject, compilerOptions: {} };
    const version = (ts.version || "0.0.0").split(".").map((part) => parseInt(part, 10) || 0);
    const esm = packageObject.type === "module" && compareVersions(version, [4, 7, 0]) > 0 &&
        !process.execArgv.some((arg) => LOADER_OPTIONS.includes(arg)) && resolves(sdk, "ts-node/esm");
    if (esm) {
        tsOptions.compilerOptions = {
            target: "ES2022", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...compilerOptions,
        };
        require("module").register("./costing_ts_hooks.mjs", url.pathToFileURL(__filename),
            { data: { tsnode: modules.tsnode, options: tsOptions } });
        return;
    }
    const nodeNext = compareVersions(version, [4, 7, 0]) >= 0;
    tsOptions.compilerOptions = {
        target: "ES2020", module: nodeNext ? "nodenext" : "commonjs", moduleResolution: nodeNext ? "nodenext" : "node",
        sourceMap: "true", ...compilerOptions,
    };
    require(modules.tsnode).register(tsOptions);
}

function tsConfigCompilerOptions(ts, tsConfigPath) {
    try {
        const config = ts.parseConfigFileTextToJson(tsConfigPath, fs.readFileSync(tsConfigPath, "utf8")).config;
        return (config && config.compilerOptions) || {};
    } catch {
        return {};
    }
}

/** An ES-module program's file: the program, or its folder's index.js, index.mjs, index.ts or index.mts. */
function esModuleFile(program) {
    const file = fs.realpathSync(program);
    if (!isDirectory(file)) {
        return file;
    }
    const index = ["index.js", "index.mjs", "index.ts", "index.mts"].find((name) => fs.existsSync(path.join(file, name)));
    if (index === undefined) {
        throw programError(`cannot find the program's entry point: no index.js, index.mjs, index.ts or index.mts in ${file}`);
    }
    return path.join(file, index);
}

/** require() of a CommonJS program; its entry point missing is said as the language host says it. */
function loadCommonJs(entry, root, packageRoot, packageObject) {
    try {
        return require(entry);
    } catch (error) {
        // The entry point itself: asked for by this file, or by no file (a folder whose package.json's main is missing).
        if (error && error.code === "MODULE_NOT_FOUND" && (!error.requireStack || error.requireStack[0] === __filename)) {
            throw missingEntryPoint(shownFile(path.resolve(entry), root), packageRoot, packageObject);
        }
        throw error;
    }
}

function missingEntryPoint(program, packageRoot, packageObject) {
    const scripts = packageObject.scripts || {};
    const dependencies = { ...packageObject.dependencies, ...packageObject.devDependencies };
    let why = "";
    if (scripts.build) {
        why = `; Pulumi does not run build scripts: run \`npm run build\` ('${scripts.build}') first`;
    } else if ("typescript" in dependencies) {
        why = "; it looks like a TypeScript program: compile it with `tsc` first";
    } else if (typeof packageObject.main === "string" && !fs.existsSync(path.join(packageRoot, packageObject.main))) {
        why = `; package.json's main ${packageObject.main} does not exist`;
    }
    return programError(`cannot find the program's entry point ${program}${why}`);
}

/** An error about the program as a whole (no line of it to blame): its message is said as it is. */
function programError(message) {
    const error = new Error(message);
    error.wholeProgram = true;
    return error;
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

// --- failures -----------------------------------------------------------------------------------------

function failure(kind, message, details = {}) {
    return { protocol: PROTOCOL, ok: false, error: { ...details, kind, message: String(message).split(/\s+/).filter(Boolean).join(" ") } };
}

/** Why the program stopped, on one line, with the place in the program it stopped at. */
function programFailure(error, request, sdk) {
    const root = request.root;
    const detail = stackOf(error);
    if (sdk.isConfigMissing(error)) {
        return failure("config_missing", `required config key '${error.key}' has no value`,
            { key: error.key, secret: Boolean(error.secret), detail });
    }
    if (sdk.isRunError(error)) {
        return failure("run_error", error.message, { detail });
    }
    if (error && error.wholeProgram) {
        return failure("program_error", error.message, { file: null, line: null, exception: "Error", detail });
    }
    if (error && error.name === "TSError") {
        return compileFailure(error, root, detail);
    }
    if (error && error.name === "SyntaxError") {
        const where = syntaxErrorPlace(error, root) || checkedSyntax(request);
        if (where) {
            return failure("syntax_error", `${where.file}:${where.line}: SyntaxError: ${error.message}`,
                { ...where, detail });
        }
    }
    const missing = missingModule(error, root);
    if (missing) {
        const place = missing.file ? `${missing.file}${missing.line ? `:${missing.line}` : ""}: ` : "";
        return failure("module_missing", `${place}Cannot find module '${missing.module}'`, { ...missing, detail });
    }
    const [file, line] = programFrame(error, root);
    const where = file ? `${file}:${line}: ` : "";
    const message = errorMessage(error);
    return failure("program_error", `${where}${errorName(error)}${message ? `: ${message}` : ""}`,
        { file, line, exception: errorName(error), detail });
}

/** TypeScript's first diagnostic: "<file>:<line>: error TS<code>: <text>"; a module TypeScript cannot find
 * is a missing module (its package is not installed). */
function compileFailure(error, root, detail) {
    const diagnostic = firstDiagnostic(error);
    if (!diagnostic) {
        return failure("compile_error", `TypeScript: ${error.message}`, { detail });
    }
    const file = diagnostic.file ? shownFile(path.resolve(diagnostic.file), root) : null;
    const where = file ? `${file}${diagnostic.line ? `:${diagnostic.line}` : ""}: ` : "";
    const message = `${where}error TS${diagnostic.code}: ${diagnostic.text}`;
    const details = { file, line: diagnostic.line, detail };
    const missing = diagnostic.code === 2307 && /Cannot find module '([^']+)'/.exec(diagnostic.text);
    if (missing) {
        return failure("module_missing", message, { ...details, module: missing[1] });
    }
    return failure("compile_error", message, details);
}

/** {file, line, code, text} of a TSError's first diagnostic: from ts-node's diagnostics, else parsed from its
 * text (plain, or `pretty` with colours). */
function firstDiagnostic(error) {
    const [diagnostic] = error.diagnostics || [];
    if (diagnostic) {
        let message = diagnostic.messageText;
        while (message && typeof message !== "string") {
            message = message.messageText;
        }
        const position = diagnostic.file && diagnostic.start !== undefined
            ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : null;
        return { file: diagnostic.file ? diagnostic.file.fileName : null, line: position ? position.line + 1 : null,
            code: diagnostic.code, text: String(message || "").split("\n")[0] };
    }
    const text = String(error.diagnosticText || error.message || "").replace(/\u001b\[[0-9;]*m/g, "");
    const found = /^(.*?)(?:\((\d+),\d+\)|:(\d+):\d+ -) error TS(\d+): (.*)$/m.exec(text);
    return found ? { file: found[1], line: Number(found[2] || found[3]), code: Number(found[4]), text: found[5] } : null;
}

/** Where node says a syntax error is: the first line of its stack, "<file>:<line>". */
function syntaxErrorPlace(error, root) {
    const found = /^(.+):(\d+)$/.exec(String(error.stack || "").split("\n")[0]);
    return found ? { file: shownFile(fromUrl(found[1]), root), line: Number(found[2]) } : null;
}

/** Where a syntax error is when node does not say (an ES module's, before node 22): the first of the
 * program's own JavaScript files that `node --check` rejects. */
function checkedSyntax(request) {
    for (const file of ownFiles(request.root, /\.(js|mjs|cjs)$/)) {
        const checked = childProcess.spawnSync(process.execPath, ["--check", file], { encoding: "utf8", cwd: request.pwd });
        if (checked.status !== 0) {
            const found = /^(.+):(\d+)$/.exec((checked.stderr || "").split("\n")[0]);
            if (found) {
                return { file: shownFile(fromUrl(found[1]), request.root), line: Number(found[2]) };
            }
        }
    }
    return null;
}

/** The program's own files under `root` whose names match `pattern`: not node_modules, not hidden folders. */
function ownFiles(root, pattern) {
    const found = [];
    const visit = (folder) => {
        for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            const file = path.join(folder, entry.name);
            if (entry.isDirectory() && entry.name !== "node_modules" && !entry.name.startsWith(".")) {
                visit(file);
            } else if (entry.isFile() && pattern.test(entry.name)) {
                found.push(file);
            }
        }
    };
    visit(root);
    return found;
}

/** A module require() or import could not find: its name, and the file that asked for it and where. */
function missingModule(error, root) {
    if (!error || (error.code !== "MODULE_NOT_FOUND" && error.code !== "ERR_MODULE_NOT_FOUND")) {
        return null;
    }
    const found = /Cannot find (?:module|package) '([^']+)'/.exec(error.message || "");
    if (!found) {
        return null;
    }
    const importer = (error.requireStack && error.requireStack[0]) || (/imported from (.+)$/m.exec(error.message) || [])[1];
    const file = importer ? fromUrl(importer) : null;
    const frame = file ? stackFrames(error).find(([frameFile]) => frameFile === file) : undefined;
    return { module: found[1], file: file && shownFile(file, root), line: frame ? frame[1] : null };
}

/** [file, line] of each frame of an error's stack, innermost first. */
function stackFrames(error) {
    const frames = [];
    for (const line of String((error && error.stack) || "").split("\n")) {
        const found = /^\s+at (?:.*? \()?(.+?):(\d+):\d+\)?$/.exec(line);
        if (found && !found[1].startsWith("node:") && found[1] !== "<anonymous>") {
            frames.push([fromUrl(found[1]), Number(found[2])]);
        }
    }
    return frames;
}

/** (file relative to the project, line) of the innermost frame of the program's own code (under the
 * project's folder, not in node_modules), else of the innermost frame; [null, null] without one. */
function programFrame(error, root) {
    const frames = stackFrames(error);
    const chosen = frames.find(([file]) => inside(file, root)) || frames[0];
    return chosen ? [shownFile(chosen[0], root), chosen[1]] : [null, null];
}

function inside(file, root) {
    const relative = path.relative(root, file);
    return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative) &&
        !relative.split(path.sep).includes("node_modules");
}

/** A file as a message names it: relative to the project's folder when inside it. */
function shownFile(file, root) {
    return inside(file, root) ? path.relative(root, file) : file;
}

function fromUrl(file) {
    return file.startsWith("file://") ? url.fileURLToPath(file) : file;
}

function errorName(error) {
    if (error instanceof Error) {
        return error.name && error.name !== "Error" ? error.name : (error.constructor && error.constructor.name) || "Error";
    }
    return typeof error;
}

function errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}

function stackOf(error) {
    return error instanceof Error ? String(error.stack || error.message) : String(error);
}

// --- small helpers ------------------------------------------------------------------------------------

function textValue(value) {
    return typeof value === "string" && value && value !== UNKNOWN && value !== SECRET ? value : null;
}

function readJson(file) {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8"));
    } catch {
        return null;
    }
}

function isDirectory(file) {
    try {
        return fs.statSync(file).isDirectory();
    } catch {
        return false;
    }
}

function resolves(sdk, name) {
    try {
        sdk.require.resolve(name);
        return true;
    } catch {
        return false;
    }
}

function compareVersions(version, other) {
    for (let index = 0; index < 3; index++) {
        if ((version[index] || 0) !== other[index]) {
            return (version[index] || 0) - other[index];
        }
    }
    return 0;
}

if (require.main === module) {
    Error.stackTraceLimit = 50; // the program's own frame may lie below the SDK's
    main(process.argv.slice(2)).catch((error) => {
        console.error(error);
        process.exit(70);
    });
}

module.exports = { respond, plain };
