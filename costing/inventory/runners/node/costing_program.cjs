"use strict";
/**
 * A Pulumi Node.js program loaded as Pulumi's Node.js language host loads it (@pulumi/pulumi's
 * cmd/run/run.ts), for costing_runner.cjs: the entry point from `main` in Pulumi.yaml, else package.json's
 * `exports` or `main`, else the folder's index; TypeScript through ts-node unless Pulumi.yaml says
 * `typescript: false` (the project's typescript and ts-node, else those @pulumi/pulumi vendors; type-checked
 * unless tsconfig's `noCheck` or $PULUMI_NODEJS_TRANSPILE_ONLY say otherwise); as ES modules when
 * package.json says `"type": "module"`, else CommonJS; the module's exports, or the result of the function
 * it exports, are the stack's outputs.
 */

const fs = require("fs");
const path = require("path");
const url = require("url");

const { programError, shownFile } = require("./costing_failures.cjs");

const DEFAULT_TSCONFIG = "tsconfig.json";
// The language host's own options on node's command line: with one of them, TypeScript ES modules are left to it.
const LOADER_OPTIONS = ["--loader", "--import", "--require"];

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

module.exports = { entryPoint };
