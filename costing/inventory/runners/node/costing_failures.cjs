"use strict";
/**
 * Why a Pulumi Node.js program's run failed, on one line, as the runner protocol's error kinds say it
 * (costing/inventory/runners/__init__.py), with the place in the program's own code it failed at: a file
 * relative to the project's folder and a line (TypeScript's through its source maps).
 */

const childProcess = require("child_process");
const path = require("path");
const fs = require("fs");
const url = require("url");

const PROTOCOL = 1;

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

/** An error about the program as a whole (no line of it to blame): its message is said as it is. */
function programError(message) {
    const error = new Error(message);
    error.wholeProgram = true;
    return error;
}

module.exports = { PROTOCOL, errorMessage, errorName, failure, programError, programFailure, shownFile, stackOf };
