"use strict";
/**
 * The shared answers table (../answers.json) read by the Node.js runner: invoke answers and the outputs a
 * preview knows at plan time, rendered for one region. The template language is specified in
 * costing/inventory/runners/__init__.py; python/costing_answers.py implements the same, and
 * tests/test_runners.py checks that both render every answer alike.
 *
 * Node.js's standard library only: this module runs in the program's node, beside @pulumi/pulumi.
 */

const crypto = require("crypto");
const fs = require("fs");

const PLACEHOLDER = /\{([^{}]+)\}/g;
const LABEL_VARIABLE = /\$([A-Za-z_][A-Za-z0-9_.]*)/g;
const STATEMENT_KEYS = [["sid", "Sid"], ["effect", "Effect"], ["actions", "Action"], ["notActions", "NotAction"],
    ["resources", "Resource"], ["notResources", "NotResource"]];

/** A template of the table that cannot be rendered (a placeholder it does not define). */
class TemplateError extends Error {
    constructor(message) {
        super(message);
        this.name = "TemplateError";
    }
}

/** The table of one file; `invoke` and `outputs` render its templates for a region. */
class Answers {
    constructor(table) {
        this.table = table;
    }

    static load(path) {
        return new Answers(JSON.parse(fs.readFileSync(path, "utf8")));
    }

    answersInvoke(token) {
        return has(this.table.invokes, token);
    }

    /** The answer to invoke `token` with (plain) `args` in `region`, through a provider with the inputs
     * `provider` (undefined: the default provider); null when the table has none. */
    invoke(token, args, region, provider) {
        if (!this.answersInvoke(token)) {
            return null;
        }
        return render(this.table.invokes[token], this.variables(region), args, provider || {});
    }

    /** The outputs of a new resource that a preview knows at plan time (auto-names), by property. */
    outputs(typeToken, name, region) {
        const template = has(this.table.outputs, typeToken) ? this.table.outputs[typeToken] : {};
        return render(template, { ...this.variables(region), name }, {}, {});
    }

    /** The availability zones an account sees in `region`. */
    zones(region) {
        return [...this.region(region).zones].map((letter) => region + letter);
    }

    region(region) {
        const regions = this.table.regions;
        return has(regions, region) ? regions[region] : regions.default;
    }

    variables(region) {
        const partition = this.table.partitions.find((entry) => region.startsWith(entry.prefix));
        const zones = this.zones(region);
        const prefix = this.region(region).zone_id_prefix;
        return {
            region, account: this.table.account, partition: partition.partition, dns_suffix: partition.dns_suffix,
            first_zone: zones.length ? zones[0] : region, zones,
            zone_id_prefix: prefix === undefined ? region.replace(/-/g, "") : prefix,
        };
    }
}

function render(template, variables, args, provider) {
    if (typeof template === "string") {
        return text(template, variables, args);
    }
    if (Array.isArray(template)) {
        return template.map((item) => render(item, variables, args, provider));
    }
    if (template === null || typeof template !== "object") {
        return template;
    }
    if ("$arg" in template || "$provider" in template) {
        const value = "$arg" in template ? args[template.$arg] : at(provider, template.$provider);
        return value !== undefined && value !== null ? value : render(template.default ?? null, variables, args, provider);
    }
    if ("$each_zone" in template) {
        return variables.zones.map((zone, index) => render(template.$each_zone, {
            ...variables, zone, index, zone_id: `${variables.zone_id_prefix}-az${index + 1}`,
        }, args, provider));
    }
    if ("$builtin" in template) {
        if (template.$builtin !== "iam_policy_document") {
            throw new TemplateError(`unknown builtin '${template.$builtin}'`);
        }
        return iamPolicyDocument(args, Boolean(template.minified));
    }
    const rendered = {};
    for (const [key, value] of Object.entries(template)) {
        rendered[key] = render(value, variables, args, provider);
    }
    return rendered;
}

/** `value` followed along a dotted path of keys, JSON text decoded on the way (a provider's object inputs
 * arrive JSON-encoded); undefined where one is missing. */
function at(value, path) {
    for (const key of path.split(".")) {
        if (typeof value === "string") {
            try {
                value = JSON.parse(value);
            } catch {
                return undefined;
            }
        }
        value = isObject(value) && has(value, key) ? value[key] : undefined;
    }
    return value;
}

function text(template, variables, args) {
    const lookup = (name) => {
        if (name.startsWith("arg.")) {
            return asText(args[name.slice("arg.".length)]);
        }
        if (!has(variables, name) || Array.isArray(variables[name])) {
            throw new TemplateError(`unknown placeholder {${name}} in '${template}'`);
        }
        return String(variables[name]);
    };
    return template.replace(PLACEHOLDER, (match, field) => {
        if (field.startsWith("hash:") || field.startsWith("HASH:")) {
            const [kind, width, ...rest] = field.split(":");
            const label = rest.join(":").replace(LABEL_VARIABLE, (whole, name) => lookup(name));
            const digest = crypto.createHash("sha256").update(`${label}/${variables.region}`, "utf8").digest("hex")
                .slice(0, Number(width));
            return kind === "HASH" ? digest.toUpperCase() : digest;
        }
        return lookup(field);
    });
}

/** An argument as a placeholder shows it: a string as it is, nothing as "", anything else as JSON. */
function asText(value) {
    if (value === undefined || value === null) {
        return "";
    }
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** aws.iam.getPolicyDocument's `json` (or `minifiedJson`): the statements as IAM policy JSON, a
 * one-element list as its element, as the provider renders them. */
function iamPolicyDocument(args, minified) {
    const statements = [];
    for (const source of args.sourcePolicyDocuments || []) {
        statements.push(...(JSON.parse(source).Statement || []));
    }
    for (const statement of args.statements || []) {
        statements.push(renderStatement(statement));
    }
    for (const override of args.overridePolicyDocuments || []) {
        for (const statement of JSON.parse(override).Statement || []) {
            const same = statements.findIndex((known) => statement.Sid && known.Sid === statement.Sid);
            if (same >= 0) {
                statements[same] = statement;
            } else {
                statements.push(statement);
            }
        }
    }
    const document = { Version: args.version || "2012-10-17" };
    if (args.policyId) {
        document.Id = args.policyId;
    }
    document.Statement = statements;
    return minified ? JSON.stringify(document) : JSON.stringify(document, null, 2);
}

function renderStatement(statement) {
    const rendered = {};
    for (const [key, field] of STATEMENT_KEYS) {
        const value = key === "effect" ? (statement.effect || "Allow") : statement[key];
        if (value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && value.length === 0)) {
            rendered[field] = oneOrMany(value);
        }
    }
    for (const [key, field] of [["principals", "Principal"], ["notPrincipals", "NotPrincipal"]]) {
        const principals = statement[key] || [];
        if (principals.length) {
            rendered[field] = renderPrincipals(principals);
        }
    }
    const conditions = statement.conditions || [];
    if (conditions.length) {
        rendered.Condition = {};
        for (const condition of conditions) {
            rendered.Condition[condition.test] = rendered.Condition[condition.test] || {};
            rendered.Condition[condition.test][condition.variable] = oneOrMany(condition.values || []);
        }
    }
    return rendered;
}

function renderPrincipals(principals) {
    const [first] = principals;
    if (principals.length === 1 && first.type === "*" && JSON.stringify(first.identifiers) === '["*"]') {
        return "*";
    }
    const rendered = {};
    for (const principal of principals) {
        rendered[principal.type] = oneOrMany(principal.identifiers || []);
    }
    return rendered;
}

function oneOrMany(value) {
    return Array.isArray(value) && value.length === 1 ? value[0] : value;
}

function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
}

module.exports = { Answers, TemplateError, iamPolicyDocument };
